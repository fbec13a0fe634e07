"""What every rule needs to know about the request it serves, without Flask."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ..catalogue import Catalogue
from .clock import utc_iso
from .operations import Call

if TYPE_CHECKING:
    from .plugins import Capability, Plugins
    from .store import Sandbox


@dataclass
class Context:
    """The caller's sandbox (inside its transaction, or None for an operation that reads no state),
    its clock, the capabilities applied to this request, and the mock serving it."""

    catalogue: Catalogue
    box: "Sandbox | None"
    now: datetime
    capabilities: tuple[str, ...]  # applied: requested, known, with their dependencies
    base_url: str  # where OCTO is served, e.g. "http://127.0.0.1:8080/octo"
    plugins: "Plugins"
    mock: Any = None  # the app's Mock (config, store), for the few operations that look beyond a sandbox
    call: Call = field(default_factory=Call)  # the request's body, query and path parameters
    headers: Mapping[str, str] = field(default_factory=dict)  # the request's headers (Accept-Language...)
    response_headers: dict[str, str] = field(default_factory=dict)  # added to the answer (Content-Language...)
    after_commit: list[Callable[[], None]] = field(default_factory=list)  # run once the change is committed
    memo: dict = field(default_factory=dict)  # what a hook worked out once in this request, for its other slots

    def has(self, capability: str) -> bool:
        """Whether the request applies this capability."""
        return capability in self.capabilities

    def applied(self) -> "list[Capability]":
        """The installed capability plug-ins this request applies, in their listed order."""
        return [cap for cap in self.plugins.installed if cap.id in self.capabilities]

    @property
    def utc_now(self) -> str:
        return utc_iso(self.now)
