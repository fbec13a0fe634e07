"""The OCTO Booking object, derived from a stored booking record."""
from __future__ import annotations

from .. import pricing
from ..capabilities import GIFTS
from .availability import availability_json
from .bookings import Plan, plan_of, is_cancellable
from .context import Context
from .references import delivery_options

# Vouchers and tickets are only good to travel with while the booking is confirmed.
_DELIVERED = ("CONFIRMED", "REDEEMED")


def booking_json(ctx: Context, record: dict) -> dict:
    """The booking as the standard shows it, with pricing when octo/pricing is on."""
    plan = plan_of(ctx, record)
    product = plan.product
    body = {key: record[key] for key in (
        "id", "uuid", "testMode", "resellerReference", "supplierReference", "status", "utcCreatedAt",
        "utcUpdatedAt", "utcExpiresAt", "utcRedeemedAt", "utcConfirmedAt", "productId", "optionId")}
    body.update(
        cancellable=is_cancellable(ctx, record),
        cancellation=record["cancellation"],
        freesale=record["freesale"],
        availabilityId=record["availabilityId"],
        availability=availability_json(ctx, plan.slot, [], plan.currency),
        contact=record["contact"],
        notes=record["notes"],
        settlementMethod=record.get("settlementMethod", "VOUCHER"),
        deliveryMethods=list(product.delivery_methods),
        voucher=(_ticket(ctx, record, record["voucherCode"], record["utcRedeemedAt"])
                 if "VOUCHER" in product.delivery_methods else None),
        unitItems=[_unit_item_json(ctx, record, plan, item) for item in record["unitItems"]],
    )
    if ctx.pricing:
        body["pricing"] = pricing.total_for_units(product, plan.option, [i["unitId"] for i in record["unitItems"]],
                                                  plan.currency)
    if GIFTS in ctx.capabilities:
        body["giftPayment"] = record.get("giftPayment")
    return body


def _unit_item_json(ctx: Context, record: dict, plan: Plan, item: dict) -> dict:
    body = {
        "uuid": item["uuid"],
        "resellerReference": item["resellerReference"],
        "supplierReference": item["supplierReference"],
        "unitId": item["unitId"],
        "status": "REDEEMED" if item["utcRedeemedAt"] else record["status"],
        "utcRedeemedAt": item["utcRedeemedAt"],
        "contact": item["contact"],
        "ticket": (_ticket(ctx, record, item["ticketCode"], item["utcRedeemedAt"])
                   if "TICKET" in plan.product.delivery_methods else None),
    }
    if ctx.pricing and plan.product.pricing_per == "UNIT":
        body["pricing"] = pricing.unit_price(plan.product, plan.option.unit(item["unitId"]), plan.currency)
    return body


def _ticket(ctx: Context, record: dict, code: str | None, redeemed_at: str | None) -> dict:
    product = ctx.catalogue.product(record["productId"])
    delivered = record["status"] in _DELIVERED and code
    return {
        "redemptionMethod": product.redemption_method,
        "utcRedeemedAt": redeemed_at,
        "deliveryOptions": delivery_options(code, product.delivery_formats, ctx.base_url) if delivered else [],
    }
