"""The OCTO Order object (SPEC-CAPABILITIES §5.3), derived from an order's view."""
from __future__ import annotations

from ...core.booking_view import booking_json
from ...core.bookings import SETTLEMENT_METHODS, plan_of
from ...kernel import holds
from ...kernel.context import Context
from .rules import LIVE, View

PRICING = "octo/pricing"
_AMOUNTS = ("original", "retail", "net")


def order_json(ctx: Context, now: View) -> dict:
    """The order with every booking in it, as the booking endpoints show them."""
    order = now.order
    bookings = [booking_json(ctx, b) for b in now.bookings]
    required = sorted({field for b in now.bookings for field in plan_of(ctx, b).option.required_contact_fields})
    body = {
        "id": order.id,
        "testMode": order.test_mode,
        "supplierReference": order.supplier_reference,
        "settlementMethod": order.settlement_method,
        "settlementMethods": list(SETTLEMENT_METHODS),
        "status": now.status,
        "quote": False,
        "utcCreatedAt": order.utc_created_at,
        "utcUpdatedAt": order.utc_updated_at,
        "utcExpiresAt": now.utc_expires_at,
        "utcConfirmedAt": now.utc_confirmed_at,
        "cancellable": now.cancellable,
        "confirmable": now.confirmable,
        "updatable": False,  # no PATCH /orders here: bookings are changed one by one
        "active": now.status in (holds.ON_HOLD, holds.CONFIRMED),
        "bookings": bookings,
        "contact": order.contact,
        "visibleContactFields": required,
        "requiredContactFields": required,
        "voucher": None,
    }
    if ctx.has(PRICING) and bookings:
        live = [b["pricing"] for b, held in zip(bookings, now.bookings) if held.status in LIVE]
        body["pricing"] = total(live) if live else {**total([bookings[0]["pricing"]]), **dict.fromkeys(_AMOUNTS, 0),
                                                    "includedTaxes": []}
    return body


def total(prices: list[dict]) -> dict:
    """The sum of bookings' pricing objects (all in one currency: an order takes only one)."""
    first = prices[0]
    taxes: dict[str, dict] = {}
    for price in prices:
        for tax in price["includedTaxes"]:
            kept = taxes.setdefault(tax["name"], {"name": tax["name"], **dict.fromkeys(_AMOUNTS, 0)})
            for key in _AMOUNTS:
                kept[key] = None if kept[key] is None or tax[key] is None else kept[key] + tax[key]
    amounts = {key: None if any(p[key] is None for p in prices) else sum(p[key] for p in prices) for key in _AMOUNTS}
    return {**amounts, "currency": first["currency"], "currencyPrecision": first["currencyPrecision"],
            "includedTaxes": list(taxes.values())}
