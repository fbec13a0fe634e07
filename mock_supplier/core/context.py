"""What every rule needs to know about the request it serves, without Flask."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..capabilities import PRICING
from ..catalogue import Catalogue
from ..clock import utc_iso
from ..store import Sandbox


@dataclass
class Context:
    """The caller's sandbox (inside its transaction), its clock, capabilities and our URL."""

    catalogue: Catalogue
    box: Sandbox
    now: datetime
    capabilities: tuple[str, ...]
    base_url: str  # where OCTO is served, e.g. "http://127.0.0.1:8080/octo"

    @property
    def pricing(self) -> bool:
        return PRICING in self.capabilities

    @property
    def utc_now(self) -> str:
        return utc_iso(self.now)
