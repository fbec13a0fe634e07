"""The order as stored: a hold (kernel/holds.py) of the bookings that join it."""
from __future__ import annotations

import dataclasses
from typing import ClassVar

from ...kernel.holds import Hold


@dataclasses.dataclass
class Order(Hold):
    """An order (octo/cart). Its bookings are listed in the order_bookings table; what it shows
    (status, expiry, cancellable...) follows from them (rules.view). The stored status moves
    only by the order's own confirm and cancel: ON_HOLD, CONFIRMED or CANCELLED."""

    noun: ClassVar[str] = "Order"

    settlement_method: str = "VOUCHER"
    currency: str | None = None  # the currency of its first booking: the others must share it
    email_receipt: bool | None = None
