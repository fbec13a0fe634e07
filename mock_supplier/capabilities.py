"""The capabilities this supplier implements and the Octo-Capabilities header."""
from __future__ import annotations

PRICING = "octo/pricing"
REDEMPTION = "octo/redemption"
GIFTS = "octo/gifts"

# id -> (revision, dependencies, docs); the order is the order echoed back.
SUPPORTED: dict[str, tuple[int, tuple[str, ...], str]] = {
    PRICING: (1, (), "https://docs.octo.travel/octo-api-core/pricing"),
    REDEMPTION: (1, (), "https://docs.ventrata.com/octo/redemption"),
    GIFTS: (1, (PRICING,), "https://docs.ventrata.com/octo/gifts"),  # a gift pays a price
}


def parse_header(value: str | None) -> tuple[str, ...]:
    """Capabilities requested and supported, in a stable order; unknown ids are ignored, and so is
    a capability whose dependencies were not requested with it."""
    requested = {part.strip() for part in (value or "").split(",") if part.strip()}
    return tuple(cap for cap, (_, deps, _) in SUPPORTED.items() if cap in requested and set(deps) <= requested)


def capability_list() -> list[dict]:
    """The body of GET /capabilities."""
    return [
        {"id": cap, "revision": rev, "required": False, "dependencies": list(deps), "docs": docs}
        for cap, (rev, deps, docs) in SUPPORTED.items()
    ]
