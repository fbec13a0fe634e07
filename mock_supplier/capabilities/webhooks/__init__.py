"""octo/webhooks (SPEC-CAPABILITIES §6.1, Ventrata's push notifications): subscriptions per API
key sandbox, and deliveries of booking_update and availability_update to them after each change
commits, from a background thread (dispatcher.py), to loopback addresses only unless the mock
was started with an allow-list (targets.py)."""
from __future__ import annotations

from ...kernel.plugins import Capability
from . import changes, table
from .endpoints import endpoints
from .subscriptions import WEBHOOKS

CAPABILITY = Capability(
    WEBHOOKS,
    operations=tuple(endpoints),
    tables=table.TABLES,
    sandbox_tables=table.SANDBOX_TABLES,
    booking_saved=changes.booking_saved,
)
