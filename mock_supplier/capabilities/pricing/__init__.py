"""octo/pricing: prices on products, options, units, availability, the calendar and bookings."""
from __future__ import annotations

from ...kernel.plugins import Capability
from . import arithmetic as pricing

PRICING = "octo/pricing"


def _product_fields(ctx, product) -> dict:
    return {"defaultCurrency": product.default_currency, "availableCurrencies": list(product.currencies),
            "pricingPer": product.pricing_per}


def _option_fields(ctx, product, option) -> dict:
    if product.pricing_per != "BOOKING":
        return {}
    prices = [pricing.price(option.booking_prices[c], c, product.tax) for c in product.currencies]
    return {"pricingFrom": prices, "pricing": prices}


def _unit_fields(ctx, product, unit) -> dict:
    if product.pricing_per != "UNIT":
        return {}
    prices = [pricing.price(unit.prices[c], c, product.tax) for c in product.currencies]
    return {"pricingFrom": prices, "pricing": prices}


def _availability_fields(ctx, slot, unit_ids, currency) -> dict:
    return {"unitPricing": pricing.unit_pricing(slot.product, slot.option, currency),
            "pricing": pricing.total_for_units(slot.product, slot.option, unit_ids, currency)}


def _calendar_fields(ctx, product, option, unit_ids, currency) -> dict:
    return {"unitPricingFrom": pricing.unit_pricing(product, option, currency),
            "pricingFrom": _pricing_from(product, option, unit_ids, currency)}


def _pricing_from(product, option, unit_ids, currency) -> dict:
    # Without units asked for, "from" is the cheapest paying unit (or the booking price).
    if unit_ids or product.pricing_per == "BOOKING":
        return pricing.total_for_units(product, option, unit_ids, currency)
    paying = [u for u in option.units if u.prices[currency].retail > 0] or list(option.units)
    return min((pricing.unit_price(product, u, currency) for u in paying), key=lambda p: p["retail"])


def _booking_fields(ctx, booking, plan) -> dict:
    return {"pricing": pricing.total_for_units(plan.product, plan.option, plan.unit_ids, plan.currency)}


def _unit_item_fields(ctx, booking, plan, item) -> dict:
    if plan.product.pricing_per != "UNIT":
        return {}
    return {"pricing": pricing.unit_price(plan.product, plan.option.unit(item.unit_id), plan.currency)}


CAPABILITY = Capability(
    PRICING,
    product_fields=_product_fields, option_fields=_option_fields, unit_fields=_unit_fields,
    availability_fields=_availability_fields, calendar_fields=_calendar_fields,
    booking_fields=_booking_fields, unit_item_fields=_unit_item_fields,
)
