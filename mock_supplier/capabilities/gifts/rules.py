"""Gift vouchers (seed 003): reserve, update, confirm, cancel, extend, get and list.

A gift is a hold of credit and goes through the kernel's hold lifecycle, like a booking. Its
balance is not stored: it is the amount less what bookings that still hold their payment took
(table.spent), so a cancelled or expired booking gives its payment back by itself. A confirmed
gift with nothing left reads REDEEMED; a hold past utcExpiresAt reads EXPIRED.
"""
from __future__ import annotations

import uuid as uuidlib

from ...catalogue import ISO_4217
from ...kernel import holds
from ...kernel.contacts import merged_contact
from ...kernel.context import Context
from ...kernel.errors import BadRequest, InvalidBookingUuid
from ...kernel.references import reference
from . import table
from .records import Gift

DEFAULT_HOLD_MINUTES = 30
EDITABLE = {"amount": "amount", "currency": "currency", "message": "message", "notes": "notes",
            "resellerReference": "reseller_reference"}


def reserve(ctx: Context, body: dict) -> Gift:
    """POST /gifts: an ON_HOLD gift; the same request with the same uuid returns the same gift."""
    if body.get("uuid"):
        replayed = holds.replay(ctx, table.load(ctx.box, body["uuid"]), body, body["uuid"])
        if replayed is not None:
            return current(ctx, replayed)
    _check_currency(ctx, body["currency"])
    gift = Gift(**holds.new_hold_fields(ctx, body.get("uuid") or str(uuidlib.uuid4()), reference(), body,
                                        _expiry(ctx, body)),
                amount=int(body["amount"]), currency=body["currency"], contact=merged_contact(body.get("contact")),
                recipient=merged_contact(body.get("recipient")), message=body.get("message"),
                code=f"GIFT-{reference(8)}")
    _save(ctx, gift)
    return gift


def get(ctx: Context, gift_uuid: str) -> Gift:
    """GET /gifts/{uuid}: the gift as it is now."""
    gift = table.load(ctx.box, gift_uuid)
    if gift is None:
        raise InvalidBookingUuid(gift_uuid, f"No gift with uuid {gift_uuid!r}")
    return current(ctx, gift)


def update(ctx: Context, gift_uuid: str, body: dict) -> Gift:
    """PATCH /gifts/{uuid}: change a gift while it can still be cancelled (seed 003, Gift Update)."""
    gift = get(ctx, gift_uuid)
    holds.require_changeable(gift, is_cancellable(ctx, gift), "changed", _used_note(ctx, gift))
    if "currency" in body:
        _check_currency(ctx, body["currency"])
    for name, attribute in EDITABLE.items():
        if name in body:
            setattr(gift, attribute, body[name])
    gift.amount = int(gift.amount)  # JSON Schema lets 1000.0 pass as an integer
    _merge_parties(gift, body)
    if gift.status == holds.ON_HOLD and "expirationMinutes" in body:
        gift.utc_expires_at = _expiry(ctx, body)
    _save(ctx, gift)
    return gift


def confirm(ctx: Context, gift_uuid: str, body: dict) -> Gift:
    """POST /gifts/{uuid}/confirm: CONFIRMED, with a code to type in and a PDF (seed 003)."""
    gift = get(ctx, gift_uuid)
    if holds.confirmed_again(gift, body):
        return gift
    holds.require_on_hold(gift, "confirmed")
    _merge_parties(gift, body)
    for name in ("resellerReference", "message", "notes"):
        if name in body:
            setattr(gift, EDITABLE[name], body[name])
    holds.confirm(ctx, gift, body)
    _save(ctx, gift)
    return gift


def cancel(ctx: Context, gift_uuid: str, body: dict) -> Gift:
    """DELETE /gifts/{uuid}: CANCELLED, only while cancellable; cancelling twice changes nothing."""
    gift = get(ctx, gift_uuid)
    if holds.cancel(ctx, gift, body, is_cancellable(ctx, gift), _used_note(ctx, gift)):
        _save(ctx, gift)
    return gift


def extend(ctx: Context, gift_uuid: str, body: dict) -> Gift:
    """POST /gifts/{uuid}/extend: hold an ON_HOLD gift for longer."""
    gift = get(ctx, gift_uuid)
    holds.extend(ctx, gift, body.get("expirationMinutes", DEFAULT_HOLD_MINUTES))
    _save(ctx, gift)
    return gift


def search(ctx: Context, query: dict[str, str]) -> list[Gift]:
    """GET /gifts: by resellerReference and/or supplierReference (one is required)."""
    filters = {column: query[name] for name, column in (("resellerReference", "reseller_reference"),
                                                         ("supplierReference", "supplier_reference")) if name in query}
    if not filters:
        raise BadRequest("Filter gifts by resellerReference or supplierReference")
    return [current(ctx, gift) for gift in table.find(ctx.box, filters)]


def balance(ctx: Context, gift: Gift, excluding_booking: str | None = None) -> int:
    """The credit a gift has left, leaving out what one booking took from it."""
    spent, _ = table.spent(ctx.box, gift.code, ctx.utc_now, excluding_booking)
    return gift.amount - spent


def current(ctx: Context, gift: Gift) -> Gift:
    """The gift with the state time and payments give it: EXPIRED holds, REDEEMED gifts."""
    holds.current(ctx, gift)
    gift.utc_redeemed_at = None
    if gift.status in holds.DELIVERED:
        spent, last_used = table.spent(ctx.box, gift.code, ctx.utc_now)
        used_up = spent >= gift.amount
        gift.status = holds.REDEEMED if used_up else holds.CONFIRMED
        gift.utc_redeemed_at = last_used if used_up else None
    return gift


def is_cancellable(ctx: Context, gift: Gift) -> bool:
    """ON_HOLD always; CONFIRMED while none of it has been spent; never otherwise."""
    if gift.status == holds.ON_HOLD:
        return True
    return gift.status == holds.CONFIRMED and balance(ctx, gift) == gift.amount


def _used_note(ctx: Context, gift: Gift) -> str:
    return " and has been used" if gift.status == holds.CONFIRMED and not is_cancellable(ctx, gift) else ""


def _merge_parties(gift: Gift, body: dict) -> None:
    gift.contact = merged_contact(body.get("contact"), gift.contact)
    gift.recipient = merged_contact(body.get("recipient"), gift.recipient)


def _check_currency(ctx: Context, currency: str) -> None:
    # A gift is worth something only in a currency bookings can be paid in: those the catalogue sells.
    sold = ctx.catalogue.currencies
    if currency in sold:
        return
    if currency not in ISO_4217:
        raise BadRequest(f"{currency!r} is not an ISO 4217 currency code")
    raise BadRequest(f"Gift vouchers are sold in {', '.join(sold)}, not {currency}")


def _expiry(ctx: Context, body: dict) -> str:
    return holds.hold_until(ctx, body.get("expirationMinutes", DEFAULT_HOLD_MINUTES))


def _save(ctx: Context, gift: Gift) -> None:
    # REDEEMED is derived from the payments, never stored: a refunded booking makes it CONFIRMED again.
    holds.touch(ctx, gift)
    shown = gift.status
    gift.status = holds.CONFIRMED if shown == holds.REDEEMED else shown
    table.save(ctx.box, gift)
    gift.status = shown
