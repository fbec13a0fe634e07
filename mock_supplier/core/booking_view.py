"""The OCTO Booking object, derived from a stored booking, with what applied capabilities add."""
from __future__ import annotations

from ..kernel.context import Context
from ..kernel.holds import DELIVERED
from ..kernel.references import delivery_options
from .availability import availability_json
from .bookings import Plan, is_cancellable, plan_of
from .records import Booking, UnitItem

_HOLD_FIELDS = ("id", "uuid", "testMode", "resellerReference", "supplierReference", "status", "utcCreatedAt",
                "utcUpdatedAt", "utcExpiresAt", "utcRedeemedAt", "utcConfirmedAt", "productId", "optionId")


def booking_json(ctx: Context, booking: Booking) -> dict:
    """The booking as the standard shows it."""
    plan = plan_of(ctx, booking)
    product = plan.product
    doc = booking.to_doc()
    body = {key: doc[key] for key in _HOLD_FIELDS}
    body.update(
        cancellable=is_cancellable(ctx, booking),
        cancellation=booking.cancellation,
        freesale=booking.freesale,
        availabilityId=booking.availability_id,
        availability=availability_json(ctx, plan.slot, [], plan.currency),
        contact=booking.contact,
        notes=booking.notes,
        settlementMethod=booking.settlement_method,
        deliveryMethods=list(product.delivery_methods),
        voucher=(_ticket(ctx, booking, plan, booking.voucher_code, booking.utc_redeemed_at)
                 if "VOUCHER" in product.delivery_methods else None),
        unitItems=[_unit_item_json(ctx, booking, plan, item) for item in booking.unit_items],
    )
    body.update(ctx.plugins.added_fields("booking_fields", ctx.capabilities, ctx, booking, plan))
    return body


def _unit_item_json(ctx: Context, booking: Booking, plan: Plan, item: UnitItem) -> dict:
    body = {
        "uuid": item.uuid,
        "resellerReference": item.reseller_reference,
        "supplierReference": item.supplier_reference,
        "unitId": item.unit_id,
        "status": "REDEEMED" if item.utc_redeemed_at else booking.status,
        "utcRedeemedAt": item.utc_redeemed_at,
        "contact": item.contact,
        "ticket": (_ticket(ctx, booking, plan, item.ticket_code, item.utc_redeemed_at)
                   if "TICKET" in plan.product.delivery_methods else None),
    }
    body.update(ctx.plugins.added_fields("unit_item_fields", ctx.capabilities, ctx, booking, plan, item))
    return body


def _ticket(ctx: Context, booking: Booking, plan: Plan, code: str | None, redeemed_at: str | None) -> dict:
    # Vouchers and tickets are only good to travel with while the booking is confirmed.
    delivered = booking.status in DELIVERED and code
    return {
        "redemptionMethod": plan.product.redemption_method,
        "utcRedeemedAt": redeemed_at,
        "deliveryOptions": delivery_options(code, plan.product.delivery_formats, ctx.base_url) if delivered else [],
    }
