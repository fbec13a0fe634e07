"""Discounted prices (SPEC-CAPABILITIES §4.4): an offer takes its percentage off the retail price
before the offer, rounded half up to the minor unit; `original` stays what it was; the net rate
follows the offer's netDiscount, D being the retail taken off:

    NONE      net unchanged (the reseller's commission absorbs the discount)
    FULL      net - D
    SPLIT     net - D/2
    PRORATED  net - D * net / retail

Taxes stay included: they are worked out again on the new amounts. `offerDiscount` says what
came off: retail D, the net taken off (null when the net is unknown) and each tax's share.
A discount is taken per unit price (or per booking for per-booking prices), so that totals are
the sums of what their unit items cost.
"""
from __future__ import annotations

from ...catalogue import Money, Tax
from ..pricing import arithmetic as pricing


def half_up(numerator: int, denominator: int = 1) -> int:
    """numerator/denominator rounded half up (amounts are never negative)."""
    return (2 * numerator + denominator) // (2 * denominator)


def net_after(net: int | None, retail: int, taken: int, rule: str) -> int | None:
    if net is None:
        return None
    cut = {"NONE": 0, "FULL": taken, "SPLIT": half_up(taken, 2),
           "PRORATED": half_up(taken * net, retail) if retail else 0}[rule]
    return max(net - cut, 0)


def discounted(price: dict, percent: int, rule: str, tax: Tax | None) -> dict:
    """A Pricing object with an offer's percentage taken off, and its offerDiscount."""
    retail = price["retail"] - half_up(price["retail"] * percent, 100)
    net = net_after(price["net"], price["retail"], price["retail"] - retail, rule)
    after = pricing.price(Money(retail, net, price["original"]), price["currency"], tax)
    after["offerDiscount"] = {
        "net": None if net is None else price["net"] - net,
        "retail": price["retail"] - retail,
        "includedTaxes": [{"name": old["name"], "retail": old["retail"] - new["retail"],
                           "net": None if new["net"] is None else old["net"] - new["net"], "shortDescription": None}
                          for old, new in zip(price["includedTaxes"], after["includedTaxes"])],
    }
    return after


def undiscounted(price: dict) -> dict:
    return {**price, "offerDiscount": None}


def total(prices: list[dict], currency: str) -> dict:
    """The sum of priced items, offerDiscount summed as well (null when none had one)."""
    result = pricing.total(prices, currency)
    taken = [p["offerDiscount"] for p in prices if p.get("offerDiscount")]
    if not taken:
        result["offerDiscount"] = None
        return result
    taxes: dict[str, dict] = {}
    for part in taken:
        for tax in part["includedTaxes"]:
            into = taxes.setdefault(tax["name"], {"name": tax["name"], "retail": 0, "net": 0, "shortDescription": None})
            into["retail"] += tax["retail"]
            into["net"] = None if into["net"] is None or tax["net"] is None else into["net"] + tax["net"]
    nets = [p["net"] for p in taken]
    result["offerDiscount"] = {"net": None if None in nets else sum(nets), "retail": sum(p["retail"] for p in taken),
                               "includedTaxes": list(taxes.values())}
    return result
