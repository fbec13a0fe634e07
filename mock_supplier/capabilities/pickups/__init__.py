"""octo/pickups (SPEC-CAPABILITIES §2, Model A): pickup on options and departures, and on bookings."""
from __future__ import annotations

from ...kernel.plugins import Capability
from . import rules
from .rules import PICKUPS

CAPABILITY = Capability(
    PICKUPS,
    option_fields=rules.option_fields,
    availability_fields=rules.availability_fields,
    booking_fields=rules.booking_fields,
    plan_booking=rules.plan_booking,
)
