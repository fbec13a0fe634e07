"""One run against one target: who it is, which key and capabilities, whether it has the
control interface, and the state shared by every rule (products, supplier references)."""
from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field

import requests

from . import embedded
from .client import OctoClient
from .control import has_control, mint_sandbox
from .discovery import Pins
from .exchanges import Exchange
from .failures import RuleViolation, TargetUnreachable
from .settings import Settings

# Capabilities the suites have rules for; a run requests those the target declares.
KNOWN_CAPABILITIES = ("octo/pricing",)


@dataclass
class Run:
    """Everything the fixtures share for the length of a session."""

    settings: Settings
    base_url: str
    api_key: str | None
    capabilities: tuple[str, ...]
    control: bool
    session: requests.Session
    mock: embedded.EmbeddedMock | None = None
    run_id: str = field(default_factory=lambda: secrets.token_hex(3).upper())
    references: dict[str, str] = field(default_factory=dict)
    reference_counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    products: list[dict] | None = None
    unreachable: Exchange | None = None  # the first request found no usable answer at all

    @property
    def pins(self) -> Pins:
        s = self.settings
        return Pins(s.product, s.option, s.unit, s.date)

    def client(self, log: list) -> OctoClient:
        """A client for this run that records into `log`."""
        return OctoClient(self.session, self.base_url, self.api_key, self.capabilities,
                          self.settings.headers, self.settings.timeout, log)

    def close(self) -> None:
        self.session.close()
        if self.mock is not None:
            self.mock.stop()


def start(settings: Settings) -> Run:
    """Connect to the target (starting the embedded mock when there is no base URL)."""
    mock = None if settings.base_url else embedded.start()
    base_url = settings.base_url or mock.base_url
    api_key = settings.api_key or (mock.api_key if mock else None)
    session = requests.Session()
    log: list[Exchange] = []
    probe = OctoClient(session, base_url, api_key, (), settings.headers, settings.timeout, log)
    try:
        probe.get("/supplier")
    except TargetUnreachable:
        # Nothing answers: every rule fails at once with this proof, instead of each
        # waiting out its own timeouts.
        return Run(settings, base_url, api_key, (), False, session, mock, unreachable=log[-1])
    control = has_control(probe)
    if control:
        # A sandbox of our own: the run starts clean and never touches the key's other bookings.
        api_key = mint_sandbox(probe)
        probe = probe.with_key(api_key)
    capabilities = settings.capabilities if settings.capabilities is not None else _declared(probe)
    return Run(settings, base_url, api_key, capabilities, control, session, mock)


def _declared(client: OctoClient) -> tuple[str, ...]:
    try:
        reply = client.get("/capabilities")
        ids = {item.get("id") for item in reply.json() if isinstance(item, dict)} if reply.status == 200 else set()
    except (RuleViolation, TypeError, AttributeError):
        ids = set()
    return tuple(cap for cap in KNOWN_CAPABILITIES if cap in ids)
