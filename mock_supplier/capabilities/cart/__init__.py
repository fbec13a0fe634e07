"""octo/cart (SPEC-CAPABILITIES §5): orders of several bookings, confirmed, cancelled and
extended together, all or nothing."""
from __future__ import annotations

from ...kernel.plugins import Capability
from . import rules, table
from .endpoints import endpoints
from .rules import CART

CAPABILITY = Capability(
    CART,
    operations=tuple(endpoints),
    tables=table.TABLES,
    sandbox_tables=table.SANDBOX_TABLES,
    booking_fields=rules.booking_fields,
    plan_booking=rules.plan_booking,
    booking_saved=rules.booking_saved,
)
