"""octo/pricing arithmetic: integer minor units, included taxes, totals.

Taxes are included in the price (retail is what the end customer pays), so the tax part of
an amount a at p% is a - a*100/(100+p), rounded to the minor unit.
"""
from __future__ import annotations

from ...catalogue import Money, Option, Product, Tax, Unit, currency_precision


def _included_tax(amount: int | None, tax: Tax) -> int | None:
    if amount is None:
        return None
    return amount - round(amount * 100 / (100 + tax.percent))


def price(money: Money, currency: str, tax: Tax | None, quantity: int = 1) -> dict:
    """The OCTO Pricing object for `quantity` of one price."""
    retail, original = money.retail * quantity, money.original_or_retail * quantity
    net = None if money.net is None else money.net * quantity
    taxes = [] if tax is None else [{
        "name": tax.name,
        "retail": _included_tax(retail, tax),
        "original": _included_tax(original, tax),
        "net": _included_tax(net, tax),
    }]
    return {"original": original, "retail": retail, "net": net, "currency": currency,
            "currencyPrecision": currency_precision(currency), "includedTaxes": taxes}


def zero(currency: str) -> dict:
    """The total of nothing, in a currency."""
    return price(Money(0, 0), currency, None)


def total(prices: list[dict], currency: str) -> dict:
    """Field-by-field sum of Pricing objects in one currency; taxes summed by name."""
    result = zero(currency)
    taxes: dict[str, dict] = {}
    for item in prices:
        for field in ("original", "retail"):
            result[field] += item[field]
        result["net"] = _add(result["net"], item["net"])
        for tax in item["includedTaxes"]:
            into = taxes.setdefault(tax["name"], {"name": tax["name"], "retail": 0, "original": 0, "net": 0})
            into["retail"] += tax["retail"]
            into["original"] += tax["original"]
            into["net"] = _add(into["net"], tax["net"])
    result["includedTaxes"] = list(taxes.values())
    return result


def _add(a: int | None, b: int | None) -> int | None:
    # An unknown net anywhere makes the total's net unknown.
    return None if a is None or b is None else a + b


def unit_price(product: Product, unit: Unit, currency: str) -> dict:
    """The price of one unit (per-unit pricing), as a PricingUnit-less Pricing."""
    return price(unit.prices[currency], currency, product.tax)


def total_for_units(product: Product, option: Option, unit_ids: list[str], currency: str) -> dict:
    """What a set of units costs: the sum of unit prices, or the option's price per booking (whatever
    the units: availability asked without units still shows what a booking costs)."""
    if product.pricing_per == "BOOKING":
        return price(option.booking_prices[currency], currency, product.tax)
    return total([unit_price(product, option.unit(uid), currency) for uid in unit_ids], currency)


def unit_pricing(product: Product, option: Option, currency: str) -> list[dict]:
    """PricingUnit entries for every unit of an option (empty for per-booking pricing)."""
    if product.pricing_per == "BOOKING":
        return []
    return [{**unit_price(product, unit, currency), "unitId": unit.id} for unit in option.units]
