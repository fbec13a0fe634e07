"""octo/pricing rules (SPEC-DIGEST §4): amounts in minor units that add up, in the currency asked."""
from __future__ import annotations

import pytest

from suites.plugin.checks import expect, expect_equal, octo_error

pytestmark = pytest.mark.capability("octo/pricing")

AMOUNTS = ("original", "retail", "net")
SOME_CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CHF", "AUD", "CAD", "SEK")


def _per_unit(product: dict, option: dict) -> bool:
    return product.get("pricingPer") == "UNIT"


def _sum(prices: list[dict], field: str) -> int | None:
    values = [p[field] for p in prices]
    return None if any(v is None for v in values) else sum(values)


def test_original_not_below_retail(client):
    """Every price's original is at least its retail (SPEC-DIGEST §4: original is the strike-through price)."""
    products = client.get("/products").json()
    for product in products:
        for option in product["options"]:
            prices = list(option.get("pricing") or [])
            for unit in option["units"]:
                prices += unit.get("pricing") or []
            for price in prices:
                expect(price["original"] >= price["retail"], "original ≥ retail",
                       f"{product['id']}/{option['id']}: {price}")


def test_booking_total_is_sum_of_unit_items(api, discover):
    """A per-unit priced booking's pricing is the sum of its unit items' pricing (SPEC-DIGEST §4)."""
    booking = api.reserve(discover.offer(option_filter=_per_unit, need="per-unit priced product")
                          .reservation(api.reseller_reference()))
    items = [i["pricing"] for i in booking["unitItems"]]
    expect(all(items), "pricing on every unit item of a per-unit priced product", items)
    for field in AMOUNTS:
        expect_equal(booking["pricing"][field], _sum(items, field), f"pricing.{field} (sum of the unit items)")
    expect_equal({i["currency"] for i in items}, {booking["pricing"]["currency"]}, "the unit items' currency")


def test_unit_item_priced_as_its_unit(api, discover):
    """A unit item costs what the product lists for its unit in the booking's currency (SPEC-DIGEST §4)."""
    offer = discover.offer(option_filter=_per_unit, need="per-unit priced product")
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    currency = booking["pricing"]["currency"]
    for item in booking["unitItems"]:
        unit = next(u for u in offer.option["units"] if u["id"] == item["unitId"])
        listed = next((p for p in unit.get("pricing") or [] if p["currency"] == currency), None)
        expect(listed is not None, f"unit {unit['id']} priced in {currency}", unit.get("pricing"))
        expect_equal(item["pricing"]["retail"], listed["retail"], f"retail of unit item {item['uuid']}")


def test_availability_total_for_units(api, discover):
    """Availability pricing for the requested units is their unitPricing times quantity (SPEC-DIGEST §4)."""
    offer = discover.offer(option_filter=_per_unit, need="per-unit priced product")
    slot = api.availability({"productId": offer.product_id, "optionId": offer.option_id,
                             "availabilityIds": [offer.availability_id], "units": offer.units_query()})[0]
    unit_prices = {p["unitId"]: p for p in slot["unitPricing"]}
    wanted = sum(unit_prices[u["id"]]["retail"] * u["quantity"] for u in offer.units_query())
    expect_equal(slot["pricing"]["retail"], wanted, "availability pricing.retail for the requested units")


def test_reservation_in_another_available_currency(api, discover):
    """A reservation's currency chooses among the product's availableCurrencies (SPEC-DIGEST §4, request side)."""
    offer = discover.offer(option_filter=lambda p, o: len(p.get("availableCurrencies") or []) > 1,
                           need="product sold in two currencies")
    other = next(c for c in offer.product["availableCurrencies"] if c != offer.product["defaultCurrency"])
    booking = api.reserve(offer.reservation(api.reseller_reference(), currency=other))
    expect_equal(booking["pricing"]["currency"], other, "pricing.currency")


def test_unsupported_currency_is_refused(api, client, discover):
    """A reservation in a currency the product is not sold in is refused (SPEC-DIGEST §4)."""
    offer = discover.offer()
    unsupported = next(c for c in SOME_CURRENCIES if c not in (offer.product.get("availableCurrencies") or []))
    octo_error(client.post("/bookings", offer.reservation(currency=unsupported)),
               ("BAD_REQUEST", "UNPROCESSABLE_ENTITY"))
