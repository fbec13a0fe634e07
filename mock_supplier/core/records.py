"""The booking as stored: a hold (kernel/holds.py) of seats on a departure, with its unit items."""
from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..kernel.contacts import empty_contact
from ..kernel.holds import Hold
from ..kernel.records import Record


@dataclasses.dataclass
class UnitItem(Record):
    """One ticket of a booking."""

    uuid: str
    unit_id: str
    supplier_reference: str
    reseller_reference: str | None = None
    contact: dict = dataclasses.field(default_factory=empty_contact)
    ticket_code: str | None = None  # issued at confirmation, for TICKET delivery
    utc_redeemed_at: str | None = None


@dataclasses.dataclass
class Booking(Hold):
    """A booking: what it holds and the codes it was given. Fields a capability keeps on a
    booking (a gift payment) are in `extensions`, under their OCTO names."""

    nested: ClassVar[dict] = {"unit_items": UnitItem}

    product_id: str = ""
    option_id: str = ""
    availability_id: str = ""
    currency: str = ""
    freesale: bool = False
    unit_items: list[UnitItem] = dataclasses.field(default_factory=list)
    voucher_code: str | None = None  # issued at confirmation, for VOUCHER delivery
    settlement_method: str = "VOUCHER"
