"""Redemption rules, in plain Python (seed 000).

A code names a whole booking (its supplier or reseller reference, its voucher code) or one
unit item (the item's supplier reference, its ticket code). Redeeming a booking redeems
every unit item; redeeming a unit item redeems that one, and the booking becomes REDEEMED
when its last item is. A booking is redeemable while CONFIRMED and valid: from
confirmation to the end of its travel day in the product's time zone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from ...core import booking_table
from ...core.bookings import get, plan_of, save
from ...core.records import Booking, UnitItem
from ...kernel import holds
from ...kernel.context import Context
from .errors import NotRedeemable, UnknownRedemptionCode


@dataclass
class Target:
    """What one code redeems: a booking, or one of its unit items."""

    booking: Booking
    unit_uuid: str  # '' for the whole booking
    code: str

    def items(self) -> list[UnitItem]:
        return [i for i in self.booking.unit_items if not self.unit_uuid or i.uuid == self.unit_uuid]

    @property
    def redeemed(self) -> bool:
        return all(item.utc_redeemed_at for item in self.items())


def lookup(ctx: Context, reference: str) -> list[Target]:
    """Every booking a scanned code names (several when it names a package), each with its own code."""
    found: dict[str, Target] = {}
    for booking_uuid, unit_uuid in booking_table.code_matches(ctx.box, reference):
        if booking_uuid in found and not unit_uuid:
            continue
        booking = get(ctx, booking_uuid)
        item = next((i for i in booking.unit_items if i.uuid == unit_uuid), None)
        code = item.supplier_reference if item else booking.supplier_reference
        found[booking_uuid] = Target(booking, unit_uuid if item else "", code)
    return list(found.values())


def why_not_redeemable(ctx: Context, target: Target) -> str | None:
    """None when the target can be redeemed now, else the reason it cannot."""
    status = target.booking.status
    if status == holds.REDEEMED or (status == holds.CONFIRMED and target.redeemed):
        return "it is already redeemed"
    if status != holds.CONFIRMED:
        return f"the booking is {status}"
    if ctx.now >= valid_until(ctx, target.booking):
        return "its travel day is over"
    return None


def valid_until(ctx: Context, booking: Booking) -> datetime:
    """The end of the booking's travel day, or of its departure if that ends later."""
    slot = plan_of(ctx, booking).slot
    next_midnight = datetime.combine(slot.local_start.date() + timedelta(days=1), time(), slot.local_start.tzinfo)
    return max(next_midnight, slot.local_end)


def redeem(ctx: Context, codes: list[str]) -> list[Target]:
    """Redeem every code, in order; any code that cannot be redeemed fails them all (one transaction)."""
    repeated = next((code for i, code in enumerate(codes) if code in codes[:i]), None)
    if repeated is not None:
        raise UnknownRedemptionCode(f"Each redemption code may appear only once; {repeated!r} is repeated", repeated)
    return [_redeem_one(ctx, _resolve(ctx, code)) for code in codes]


def validate(ctx: Context, code: str) -> Target:
    """Check a code against the validity rules, redeeming it first if it is not yet redeemed."""
    target = _resolve(ctx, code)
    if not target.redeemed:
        return _redeem_one(ctx, target)
    problem = None
    if target.booking.status not in holds.DELIVERED:
        problem = f"the booking is {target.booking.status}"
    elif ctx.now >= valid_until(ctx, target.booking):
        problem = "its travel day is over"
    if problem:
        raise NotRedeemable(f"{code} is not valid: {problem}", code)
    return target


def owner(keys: list[str], sandboxes_knowing: set[str]) -> str | None:
    """The first of the given keys whose sandbox knows the code."""
    return next((key for key in keys if key in sandboxes_knowing), None)


def _resolve(ctx: Context, code: str) -> Target:
    code = code.strip()  # scanners add stray spaces; lookup forgives them, so redeem does too
    matches = lookup(ctx, code)
    if not matches:
        raise UnknownRedemptionCode(f"No booking or ticket has the code {code!r}", code)
    if len(matches) > 1:
        raise UnknownRedemptionCode(f"{code!r} names {len(matches)} bookings; look it up and redeem each "
                                    "booking's redemptionCode", code)
    return matches[0]


def _redeem_one(ctx: Context, target: Target) -> Target:
    reason = why_not_redeemable(ctx, target)
    if reason:
        raise NotRedeemable(f"{target.code} cannot be redeemed: {reason}", target.code)
    for item in target.items():
        item.utc_redeemed_at = item.utc_redeemed_at or ctx.utc_now
    if all(item.utc_redeemed_at for item in target.booking.unit_items):
        holds.redeem(ctx, target.booking)
    save(ctx, target.booking)
    return target
