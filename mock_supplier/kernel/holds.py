"""The one hold lifecycle, shared by bookings and gift vouchers.

Both are reserved ON_HOLD for a while, then confirmed, cancelled or left to expire; a confirmed
one may end REDEEMED. This module owns what that means: the statuses and the moves allowed
between them, idempotent replay of a request by its fingerprint, lazy expiry (a hold past
utcExpiresAt reads EXPIRED from that moment; the next write stores it so), the refusals
("cannot be confirmed"...) and utcUpdatedAt. What may be cancelled or changed beyond that
(cutoffs, redeemed tickets, spent credit) is the caller's rule, passed in.
"""
from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from typing import ClassVar

from .clock import parse_utc, utc_iso
from .contacts import empty_contact
from .context import Context
from .errors import BadRequest, InvalidBookingUuid, UnprocessableEntity
from .records import Record

ON_HOLD, CONFIRMED, REDEEMED, CANCELLED, EXPIRED = "ON_HOLD", "CONFIRMED", "REDEEMED", "CANCELLED", "EXPIRED"
DELIVERED = (CONFIRMED, REDEEMED)  # good to travel with (or to pay with): codes are handed out

# status -> the statuses it may move to
MOVES = {
    ON_HOLD: {CONFIRMED, CANCELLED, EXPIRED},
    CONFIRMED: {REDEEMED, CANCELLED},
    REDEEMED: set(),
    CANCELLED: set(),
    EXPIRED: set(),
}

MAX_HOLD_MINUTES = 7 * 24 * 60  # a hold longer than a week is a mistake, not a reservation


@dataclasses.dataclass
class Hold(Record):
    """What bookings and gift vouchers share, field for field as OCTO names them."""

    noun: ClassVar[str] = "Booking"  # how refusals name the record

    uuid: str
    supplier_reference: str
    reseller_reference: str | None
    status: str
    utc_created_at: str
    utc_updated_at: str
    utc_expires_at: str | None
    reservation_fingerprint: str
    id: str | None = None
    test_mode: bool = True
    utc_confirmed_at: str | None = None
    utc_redeemed_at: str | None = None
    cancellation: dict | None = None
    contact: dict = dataclasses.field(default_factory=empty_contact)
    notes: str | None = None
    confirmation_fingerprint: str | None = None

    def __post_init__(self):
        self.id = self.id or self.uuid


def new_hold_fields(ctx: Context, uuid: str, supplier_reference: str, body: dict, expires_at: str) -> dict:
    """The Hold fields of a record reserved now by this request body."""
    return dict(uuid=uuid, supplier_reference=supplier_reference, reseller_reference=body.get("resellerReference"),
                status=ON_HOLD, utc_created_at=ctx.utc_now, utc_updated_at=ctx.utc_now, utc_expires_at=expires_at,
                reservation_fingerprint=fingerprint(body), notes=body.get("notes"))


def fingerprint(body: dict) -> str:
    """What makes two requests the same request: their JSON, whatever the key order or spacing."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def replay(ctx: Context, existing: Hold | None, body: dict, key: str) -> Hold | None:
    """The record an earlier identical request made with this uuid (None when there is none);
    a different request reusing the uuid is refused."""
    if existing is None:
        return None
    if existing.reservation_fingerprint != fingerprint(body):
        raise InvalidBookingUuid(key, f"uuid {key} was already used for a {existing.noun.lower()} "
                                      "made with a different request")
    return current(ctx, existing)


def current(ctx: Context, hold: Hold) -> Hold:
    """The record as it stands now: a hold past its expiry is EXPIRED."""
    if hold.status == ON_HOLD and parse_utc(hold.utc_expires_at) <= ctx.now:
        hold.status = EXPIRED
    return hold


def hold_until(ctx: Context, minutes: int) -> str:
    """utcExpiresAt of a hold of `minutes` from now (at most MAX_HOLD_MINUTES)."""
    if minutes > MAX_HOLD_MINUTES:
        raise BadRequest(f"expirationMinutes may be at most {MAX_HOLD_MINUTES}")
    return utc_iso(ctx.now + timedelta(minutes=minutes))


def require_on_hold(hold: Hold, verb: str) -> None:
    """Refuse to act on anything but an ON_HOLD record (an expired one: INVALID_BOOKING_UUID, the
    standard's code for acting on an expired hold)."""
    if hold.status == ON_HOLD:
        return
    if hold.status == EXPIRED:
        raise InvalidBookingUuid(hold.uuid, f"{hold.noun} {hold.uuid} expired at {hold.utc_expires_at} "
                                            f"and cannot be {verb}; make a new reservation")
    raise UnprocessableEntity(f"{hold.noun} {hold.uuid} is {hold.status}; only an ON_HOLD "
                              f"{hold.noun.lower()} can be {verb}")


def require_changeable(hold: Hold, cancellable: bool, verb: str, why: str = "") -> None:
    """Refuse a change or cancellation of a record that is no longer cancellable."""
    if not cancellable:
        raise UnprocessableEntity(f"{hold.noun} {hold.uuid} is {hold.status}{why}; it cannot be {verb}")


def confirmed_again(hold: Hold, body: dict) -> bool:
    """Whether this is the confirmation the record already had (even after redemption): then
    there is nothing more to do, and the record is answered as it is."""
    return hold.status in DELIVERED and hold.confirmation_fingerprint == fingerprint(body)


def confirm(ctx: Context, hold: Hold, body: dict) -> None:
    """ON_HOLD -> CONFIRMED, now."""
    require_on_hold(hold, "confirmed")
    move(hold, CONFIRMED)
    hold.utc_confirmed_at = ctx.utc_now
    hold.utc_expires_at = None
    hold.confirmation_fingerprint = fingerprint(body)


def extend(ctx: Context, hold: Hold, minutes: int) -> None:
    """An ON_HOLD record held for `minutes` from now."""
    require_on_hold(hold, "extended")
    hold.utc_expires_at = hold_until(ctx, minutes)


def cancel(ctx: Context, hold: Hold, body: dict, cancellable: bool, why: str = "") -> bool:
    """-> CANCELLED with a full refund, if cancellable; False when it was cancelled already
    (cancelling twice changes nothing)."""
    if hold.status == CANCELLED:
        return False
    require_changeable(hold, cancellable, "cancelled", why)
    move(hold, CANCELLED)
    hold.utc_expires_at = None
    hold.cancellation = {"refund": "FULL", "reason": body.get("reason"), "utcCancelledAt": ctx.utc_now}
    return True


def redeem(ctx: Context, hold: Hold) -> None:
    """CONFIRMED -> REDEEMED, now."""
    move(hold, REDEEMED)
    hold.utc_redeemed_at = ctx.utc_now


def move(hold: Hold, status: str) -> None:
    """Change the status, if the lifecycle allows that move (a mistake of ours otherwise)."""
    if status not in MOVES[hold.status]:
        raise UnprocessableEntity(f"{hold.noun} {hold.uuid} is {hold.status} and cannot become {status}")
    hold.status = status


def touch(ctx: Context, hold: Hold) -> None:
    """Mark the record changed now (before it is stored)."""
    hold.utc_updated_at = ctx.utc_now
