"""The mock's optional test-control interface ({base}/_control), when a target has one."""
from __future__ import annotations

from .client import OctoClient
from .checks import ok
from .failures import RuleViolation


def has_control(client: OctoClient) -> bool:
    """Whether the target answers GET /_control/clock like the mock does."""
    try:
        reply = client.get("/_control/clock")
        return reply.status == 200 and "utcNow" in (reply.json() or {})
    except (RuleViolation, TypeError):
        return False


def mint_sandbox(client: OctoClient) -> str:
    """A new API key with an empty sandbox of its own."""
    return ok(client.post("/_control/sandboxes", {}))["apiKey"]


def advance_clock(client: OctoClient, minutes: float) -> str:
    """Move the client's sandbox clock forward; returns the sandbox's new utcNow."""
    return ok(client.post("/_control/clock", {"advanceMinutes": minutes}))["utcNow"]
