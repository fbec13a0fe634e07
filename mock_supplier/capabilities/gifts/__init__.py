"""octo/gifts (seed 003): gift vouchers sold for an amount, and bookings paid with them."""
from __future__ import annotations

from ...kernel.plugins import Capability
from . import payments, table
from .endpoints import endpoints
from .payments import GIFTS

CAPABILITY = Capability(
    GIFTS,
    operations=tuple(endpoints),
    tables=table.TABLES,
    sandbox_tables=table.SANDBOX_TABLES,
    booking_fields=payments.booking_fields,
    plan_booking=payments.plan_booking,
    booking_saved=payments.booking_saved,
    document_status=table.document_status,
)
