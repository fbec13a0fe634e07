"""Paying a booking with a gift voucher (seed 003, "Redeem Gift Voucher").

A payment is applied only if the code names a CONFIRMED gift with credit left in the
booking's currency; it takes the gift's balance or the booking's total, whichever is less.
Every change to a booking checks its payment again (units and currency change the total).
"""
from __future__ import annotations

from .. import pricing
from ..capabilities import GIFTS
from ..errors import BadRequest, UnprocessableEntity
from . import rules


def settle(ctx, plan, booking_uuid: str, sent: dict | None, existing: dict | None) -> dict | None:
    """The giftPayment a booking carries after this request: the one sent, or the one it had, checked again."""
    if sent is not None and GIFTS not in ctx.capabilities:
        raise BadRequest("giftPayment needs the header Octo-Capabilities: octo/pricing, octo/gifts")
    code = (sent or existing or {}).get("code")
    if code is None:
        return None
    gift = ctx.box.gift_by_code(code)
    if gift is None:
        raise BadRequest(f"No gift voucher has the code {code!r}")
    gift = rules.current(ctx, gift)
    if gift["status"] not in ("CONFIRMED", "REDEEMED"):
        raise UnprocessableEntity(f"Gift {code} is {gift['status']}; only a confirmed gift can pay")
    if gift["currency"] != plan.currency:
        raise UnprocessableEntity(f"Gift {code} is in {gift['currency']} and the booking in {plan.currency}")
    left = rules.balance(ctx, gift, excluding_booking=booking_uuid)
    if left <= 0:
        raise UnprocessableEntity(f"Gift {code} has no credit left")
    total = pricing.total_for_units(plan.product, plan.option, [i["unitId"] for i in plan.unit_items], plan.currency)
    return {"code": gift["code"], "amount": min(left, total["retail"]), "currency": plan.currency}
