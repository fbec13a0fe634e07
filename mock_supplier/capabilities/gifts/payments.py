"""Paying a booking with a gift voucher (seed 003, "Redeem Gift Voucher"): the gifts capability's
hooks into the booking lifecycle.

A payment is applied only if the code names a CONFIRMED gift with credit left in the
booking's currency; it takes the gift's balance or the booking's total, whichever is less.
Every change to a booking checks its payment again (units and currency change the total).
"""
from __future__ import annotations

from ...core.bookings import CONFIRM, RESERVE
from ...kernel.errors import BadRequest, UnprocessableEntity
from ..pricing import arithmetic as pricing
from . import rules, table

GIFTS = "octo/gifts"
FIELD = "giftPayment"  # what a booking keeps, under its OCTO name


def plan_booking(ctx, booking, plan, body: dict, stage: str) -> None:
    """On reserve and update: the giftPayment the booking carries after this request, the one
    sent or the one it had, checked again. A confirmation sends none (seed 003 pays on reserve
    or update), so it keeps the payment as it is."""
    if stage == CONFIRM:
        return
    sent = body.get(FIELD)
    if sent is not None and not ctx.has(GIFTS):
        raise BadRequest("giftPayment needs the header Octo-Capabilities: octo/pricing, octo/gifts")
    had = None if stage == RESERVE else booking.extensions.get(FIELD)
    booking.extensions[FIELD] = _settle(ctx, plan, booking, sent or had)


def booking_saved(ctx, booking, created: bool) -> None:
    """Record the payment in the table the gift's balance is read from."""
    table.save_payment(ctx.box, booking.uuid, booking.extensions.get(FIELD), booking.utc_updated_at)


def booking_fields(ctx, booking, plan) -> dict:
    return {FIELD: booking.extensions.get(FIELD)}


def _settle(ctx, plan, booking, payment: dict | None) -> dict | None:
    booking_uuid = booking.uuid
    code = (payment or {}).get("code")
    if code is None:
        return None
    gift = table.by_code(ctx.box, code)
    if gift is None:
        raise BadRequest(f"No gift voucher has the code {code!r}")
    gift = rules.current(ctx, gift)
    if gift.status not in ("CONFIRMED", "REDEEMED"):
        raise UnprocessableEntity(f"Gift {code} is {gift.status}; only a confirmed gift can pay")
    if gift.currency != plan.currency:
        raise UnprocessableEntity(f"Gift {code} is in {gift.currency} and the booking in {plan.currency}")
    left = rules.balance(ctx, gift, excluding_booking=booking_uuid)
    if left <= 0:
        raise UnprocessableEntity(f"Gift {code} has no credit left")
    # What the booking costs as the applied capabilities price it (an offer's discount, say,
    # whose plan hook runs before this one), else octo/pricing's price.
    total = (ctx.plugins.added_fields("booking_fields", ctx.capabilities, ctx, booking, plan).get("pricing")
             or pricing.total_for_units(plan.product, plan.option, plan.unit_ids, plan.currency))
    return {"code": gift.code, "amount": min(left, total["retail"]), "currency": plan.currency}
