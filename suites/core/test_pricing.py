"""octo/pricing rules (SPEC-DIGEST §4): amounts in minor units that add up, in the currency asked.

The pricing fields of each object are judged here, once per endpoint and product shape, and
not by the core rules (which leave capability fields to their capability)."""
from __future__ import annotations

import pytest

from suites.plugin.api import STEPS
from suites.plugin.checks import capability_valid, expect, expect_equal, octo_error
from suites.plugin.failures import StepBlocked

pytestmark = pytest.mark.capability("octo/pricing")

PRICING = "octo/pricing"
AMOUNTS = ("original", "retail", "net")
SOME_CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CHF", "AUD", "CAD", "SEK")


def _per_unit(product: dict, option: dict) -> bool:
    return product.get("pricingPer") == "UNIT"


def _per_booking(product: dict, option: dict) -> bool:
    return product.get("pricingPer") == "BOOKING"


def _sum(prices: list[dict], field: str) -> int | None:
    values = [p.get(field) for p in prices]
    return None if any(not isinstance(v, int) for v in values) else sum(values)


def _in(prices, currency: str) -> dict | None:
    return next((p for p in prices or [] if isinstance(p, dict) and p.get("currency") == currency), None)


def _expect_priced_as(pricing, quote: dict, booking: dict, from_catalogue: bool, what: str) -> None:
    """`pricing` (a unit item's or a booking's) has the retail `quote` gives. A catalogue price
    knows no offers: against it, a booking with an offer is judged by its retail plus the
    offerDiscount, which is the retail or the original before the offer (SPEC-CAPABILITIES §4.4)."""
    pricing = pricing if isinstance(pricing, dict) else {}
    offered = booking.get("offerCode") not in (None, "") or isinstance(booking.get("offer"), dict)
    if not (from_catalogue and offered):
        expect_equal(pricing.get("retail"), quote.get("retail"), what)
        return
    discount = (pricing.get("offerDiscount") or {}).get("retail")
    if not (isinstance(discount, int) and isinstance(pricing.get("retail"), int)):
        pytest.skip(f"{what}: the booking has offer {booking.get('offerCode')!r} but no offerDiscount to add back, "
                    "and availability quotes no price with the offer to compare with")
    before = {quote.get("retail"), quote.get("original")} - {None}
    expect(pricing["retail"] + discount in before, f"{what}: with its offerDiscount added back, the catalogue's "
           f"retail or original {sorted(before)}", f"{pricing['retail']} + {discount}")


def test_product_pricing_is_valid(api):
    """Products carry valid pricing fields: currencies, pricingPer, and pricingFrom or pricing per unit or per option (SPEC-DIGEST §4).

    OCTO's docs and generator put only pricingFrom on the units of a product; pricing alone,
    or both, are accepted too."""
    capability_valid("product", api.products(), PRICING, many=True)


def test_availability_pricing_is_valid(api, discover, shape):
    """Availability carries valid pricing: unitPricing for per-unit products, pricing for per-booking ones (SPEC-DIGEST §4)."""
    offer = discover.offer(shape=shape)
    slots = api.availability({"productId": offer.product_id, "optionId": offer.option_id,
                             "availabilityIds": [offer.availability_id]})
    capability_valid("availability", slots, PRICING, many=True)


def test_calendar_pricing_is_valid(api, discover):
    """Calendar days carry valid pricing: unitPricingFrom or pricingFrom (SPEC-DIGEST §4)."""
    offer = discover.offer()
    day = offer.availability["localDateTimeStart"][:10]
    days = api.calendar({"productId": offer.product_id, "optionId": offer.option_id,
                        "localDateStart": day, "localDateEnd": day})
    if not days:  # nothing to judge: the calendar itself is broken, and its own rule says so
        step = STEPS["calendar"]
        raise StepBlocked(step.label, step.tested_by, f"the calendar day {day}", "[]", api.client.log[-1])
    capability_valid("availability-calendar-day", days, PRICING, many=True)


def test_booking_pricing_is_valid(api, discover, shape):
    """A booking carries a valid pricing total, and unit items valid pricing (SPEC-DIGEST §4)."""
    booking = api.reserve(discover.offer(shape=shape).reservation(api.reseller_reference()))
    capability_valid("booking", booking, PRICING)


def test_original_not_below_retail(api):
    """Every price a product lists (options' and units' pricing and pricingFrom) has original at least retail (SPEC-DIGEST §4: original is the strike-through price)."""
    for product in api.products():
        for option in product.get("options") or []:
            prices = list(option.get("pricing") or []) + list(option.get("pricingFrom") or [])
            for unit in option.get("units") or []:
                prices += list(unit.get("pricing") or []) + list(unit.get("pricingFrom") or [])
            for price in prices:
                original, retail = price.get("original"), price.get("retail")
                if isinstance(original, int) and isinstance(retail, int):
                    expect(original >= retail, "original ≥ retail", f"{product['id']}/{option.get('id')}: {price}")


def test_availability_total_for_units(api, discover):
    """Availability asked for units of a per-unit product has a pricing total: their unitPricing times quantity (SPEC-DIGEST §4; PEERS: octomock leaves it out)."""
    offer = discover.offer(option_filter=_per_unit, need="per-unit priced product")
    slot = api.tested.availability({"productId": offer.product_id, "optionId": offer.option_id,
                                    "availabilityIds": [offer.availability_id], "units": offer.units_query()})[0]
    expect(isinstance(slot.get("pricing"), dict), "a pricing total on availability asked for units", slot.get("pricing"))
    unit_prices = {p.get("unitId"): p for p in slot.get("unitPricing") or []}
    missing = [u["id"] for u in offer.units_query() if not isinstance(unit_prices.get(u["id"], {}).get("retail"), int)]
    expect(not missing, "unitPricing for every unit asked", f"no retail for {missing}")
    wanted = sum(unit_prices[u["id"]]["retail"] * u["quantity"] for u in offer.units_query())
    expect_equal(slot["pricing"].get("retail"), wanted, "availability pricing.retail for the requested units")


def test_booking_total_is_sum_of_unit_items(api, discover):
    """A per-unit priced booking's pricing is the sum of its unit items' pricing (SPEC-DIGEST §4)."""
    booking = api.reserve(discover.offer(option_filter=_per_unit, need="per-unit priced product")
                          .reservation(api.reseller_reference()))
    items = [i.get("pricing") for i in booking.get("unitItems") or []]
    expect(items and all(isinstance(i, dict) for i in items), "pricing on every unit item of a per-unit priced product",
           items)
    total = booking.get("pricing") or {}
    for field in AMOUNTS:
        expect_equal(total.get(field), _sum(items, field), f"pricing.{field} (sum of the unit items)")
    expect_equal({i.get("currency") for i in items}, {total.get("currency")}, "the unit items' currency")


def test_unit_item_priced_as_its_unit(api, discover):
    """A unit item costs what availability quotes for its unit on that departure, in the booking's currency (SPEC-DIGEST §4; PEERS: octomock prices bookings at zero).

    Where availability quotes the unit in no such currency, the product's price for it is the
    reference; it is before any offer, so an offer's offerDiscount is added back to compare."""
    offer = discover.offer(option_filter=_per_unit, need="per-unit priced product")
    quoted = {p.get("unitId"): p for p in api.departure(offer).get("unitPricing") or [] if isinstance(p, dict)}
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    currency = (booking.get("pricing") or {}).get("currency")
    for item in booking.get("unitItems") or []:
        quote = quoted.get(item.get("unitId"))
        from_catalogue = quote is None or quote.get("currency") != currency
        if from_catalogue:
            unit = next((u for u in offer.option.get("units") or [] if u.get("id") == item.get("unitId")), {})
            quote = _in(unit.get("pricing"), currency)
        if quote is None:
            pytest.skip(f"neither availability nor the product quotes unit {item.get('unitId')} in {currency}")
        _expect_priced_as(item.get("pricing"), quote, booking, from_catalogue,
                          f"retail of unit item {item.get('uuid')} ({item.get('unitId')})")


def test_per_booking_price_is_the_options(api, discover):
    """A per-booking priced booking costs its option's pricing in the booking's currency (SPEC-DIGEST §4).

    The departure's price is the reference, else the option's in the product; the latter is
    before any offer, so an offer's offerDiscount is added back to compare."""
    offer = discover.offer(option_filter=_per_booking, need="per-booking priced product")
    quoted = api.departure(offer).get("pricing")
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    total = booking.get("pricing") or {}
    from_catalogue = not isinstance(quoted, dict) or quoted.get("currency") != total.get("currency")
    if from_catalogue:
        quoted = _in(offer.option.get("pricing"), total.get("currency"))
    if quoted is None:
        pytest.skip(f"neither availability nor the product quotes option {offer.option_id} in {total.get('currency')}")
    _expect_priced_as(total, quoted, booking, from_catalogue, "booking pricing.retail")


def test_reservation_in_another_available_currency(api, discover):
    """A reservation's currency chooses among the product's availableCurrencies (SPEC-DIGEST §4, request side)."""
    offer = discover.offer(option_filter=lambda p, o: len(p.get("availableCurrencies") or []) > 1,
                           need="product sold in two currencies")
    other = next(c for c in offer.product["availableCurrencies"] if c != offer.product.get("defaultCurrency"))
    booking = api.tested.reserve(offer.reservation(api.reseller_reference(), currency=other))
    expect_equal((booking.get("pricing") or {}).get("currency"), other, "pricing.currency")


def test_unsupported_currency_is_refused(api, client, discover):
    """A reservation in a currency the product is not sold in is refused (SPEC-DIGEST §4: currency is one of availableCurrencies; §3: BAD_REQUEST for an unusable value)."""
    offer = discover.offer()
    unsupported = next(c for c in SOME_CURRENCIES if c not in (offer.product.get("availableCurrencies") or []))
    octo_error(client.post("/bookings", offer.reservation(currency=unsupported)),
               ("BAD_REQUEST", "UNPROCESSABLE_ENTITY"))
