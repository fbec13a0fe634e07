"""The gift voucher as stored: a hold (kernel/holds.py) of an amount of credit."""
from __future__ import annotations

import dataclasses
from typing import ClassVar

from ...kernel.contacts import empty_contact
from ...kernel.holds import Hold


@dataclasses.dataclass
class Gift(Hold):
    """A gift voucher. Its balance and REDEEMED status are not stored: they follow from the
    payments bookings still hold (table.spent)."""

    noun: ClassVar[str] = "Gift"

    amount: int = 0
    currency: str = ""
    recipient: dict = dataclasses.field(default_factory=empty_contact)
    message: str | None = None
    code: str = ""
