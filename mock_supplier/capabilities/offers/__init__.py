"""octo/offers (SPEC-CAPABILITIES §4): promotions and discount codes on availability, the
calendar and bookings, with discounted prices. Depends on octo/pricing, whose price fields it
gives again, discounted (its hooks run after pricing's)."""
from __future__ import annotations

from ...kernel.plugins import Capability
from . import rules
from .rules import OFFERS

CAPABILITY = Capability(
    OFFERS,
    on_request=rules.on_request,
    availability_fields=rules.availability_fields,
    calendar_fields=rules.calendar_fields,
    booking_fields=rules.booking_fields,
    unit_item_fields=rules.unit_item_fields,
    plan_booking=rules.plan_booking,
)
