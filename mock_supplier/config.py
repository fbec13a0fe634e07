"""Settings of one mock supplier instance."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .catalogue import SEEDED_CATALOGUE, Catalogue
from .kernel.clock import Clock

if TYPE_CHECKING:
    from .kernel.plugins import Plugins

DEFAULT_API_KEY = "octo-mock-dev-key"


@dataclass
class MockConfig:
    """What create_app needs: where state lives, which keys are accepted, the clock, what is sold."""

    db_path: str | None = None  # None: a temporary database removed at exit
    api_keys: tuple[str, ...] = (DEFAULT_API_KEY,)
    control_enabled: bool = True  # the /_control test interface (not OCTO)
    clock: Clock = field(default_factory=Clock)
    supplier_name: str = "OCTO Mock Supplier"
    catalogue: Catalogue = SEEDED_CATALOGUE  # frozen, so one instance can be shared
    plugins: "Plugins | None" = None  # the capabilities served; None: every package in capabilities/
    # octo/webhooks delivers to loopback addresses only, unless a host is listed here: a name
    # (api.example.com), an IP network (10.0.0.0/8), or "*" for any host
    webhook_allowed_hosts: tuple[str, ...] = ()
