"""octo/pricing: prices in integer minor units on products, availability, calendar and bookings."""
import pytest

from tests.harness import all_bookings, confirm, find_slot, open_date, reservation, reserve

# Seeded prices (seed.py): (original, retail, net) and the included tax of each amount.
ADULT_GBP = {"original": 3000, "retail": 2500, "net": 2000, "currency": "GBP", "currencyPrecision": 2,
             "includedTaxes": [{"name": "VAT", "original": 500, "retail": 417, "net": 333}]}
CHILD_GBP = {"original": 1500, "retail": 1500, "net": 1200, "currency": "GBP", "currencyPrecision": 2,
             "includedTaxes": [{"name": "VAT", "original": 250, "retail": 250, "net": 200}]}
INFANT_GBP = {"original": 0, "retail": 0, "net": 0, "currency": "GBP", "currencyPrecision": 2,
              "includedTaxes": [{"name": "VAT", "original": 0, "retail": 0, "net": 0}]}
ADULT_EUR = {"original": 3400, "retail": 2900, "net": 2300, "currency": "EUR", "currencyPrecision": 2,
             "includedTaxes": [{"name": "VAT", "original": 567, "retail": 483, "net": 383}]}
CRUISE_USD = {"original": 50000, "retail": 45000, "net": 36000, "currency": "USD", "currencyPrecision": 2,
              "includedTaxes": []}
CRUISE_EUR = {"original": 42000, "retail": 42000, "net": 33600, "currency": "EUR", "currencyPrecision": 2,
              "includedTaxes": []}
FAMILY_JPY = {"original": 44000, "retail": 40000, "net": 32000, "currency": "JPY", "currencyPrecision": 0,
              "includedTaxes": [{"name": "Consumption tax", "original": 4000, "retail": 3636, "net": 2909}]}


def options(product: dict) -> dict:
    return {o["id"]: o for o in product["options"]}


def units(option: dict) -> dict:
    return {u["id"]: u for u in option["units"]}


def check(client, product_id="walking-tour", **body):
    return client.post("/availability", {"productId": product_id, "optionId": "DEFAULT",
                                         "localDate": open_date(client, product_id), **body})


# --- products ---------------------------------------------------------------------------------


def test_per_unit_products_price_every_unit_in_every_currency(pricing_client):
    product = pricing_client.get("/products/walking-tour").ok()
    assert (product["pricingPer"], product["defaultCurrency"]) == ("UNIT", "GBP")
    assert product["availableCurrencies"] == ["GBP", "EUR"]
    adult = units(options(product)["DEFAULT"])["adult"]
    assert adult["pricing"] == adult["pricingFrom"] == [ADULT_GBP, ADULT_EUR]
    assert "pricing" not in options(product)["DEFAULT"]


def test_per_booking_products_price_the_option(pricing_client):
    product = pricing_client.get("/products/harbour-cruise").ok()
    assert (product["pricingPer"], product["availableCurrencies"]) == ("BOOKING", ["USD", "EUR"])
    option = options(product)["DEFAULT"]
    assert option["pricing"] == option["pricingFrom"] == [CRUISE_USD, CRUISE_EUR]
    assert all("pricing" not in u for u in option["units"])


def test_yen_has_no_minor_unit(pricing_client):
    product = pricing_client.get("/products/cooking-class").ok()
    assert units(options(product)["DEFAULT"])["family"]["pricing"] == [FAMILY_JPY]


def test_the_product_list_carries_the_same_prices(pricing_client):
    listed = {p["id"]: p for p in pricing_client.get("/products").ok()}
    assert listed["walking-tour"] == pricing_client.get("/products/walking-tour").ok()


# --- availability and calendar ------------------------------------------------------------------


def test_availability_prices_each_unit_and_the_requested_units(pricing_client):
    units_asked = [{"id": "adult", "quantity": 2}, {"id": "child", "quantity": 1}]
    slot = check(pricing_client, units=units_asked).ok()[0]
    assert slot["unitPricing"] == [{**ADULT_GBP, "unitId": "adult"}, {**CHILD_GBP, "unitId": "child"},
                                   {**INFANT_GBP, "unitId": "infant"}]
    assert slot["pricing"] == {"original": 7500, "retail": 6500, "net": 5200, "currency": "GBP", "currencyPrecision": 2,
                               "includedTaxes": [{"name": "VAT", "original": 1250, "retail": 1084, "net": 866}]}


def test_availability_in_another_currency(pricing_client):
    slot = check(pricing_client, currency="EUR", units=[{"id": "adult", "quantity": 1}]).ok()[0]
    assert {p["currency"] for p in slot["unitPricing"]} == {"EUR"}
    assert slot["pricing"] == ADULT_EUR


def test_availability_without_units_costs_nothing(pricing_client):
    assert check(pricing_client).ok()[0]["pricing"]["retail"] == 0


def test_per_booking_availability_costs_the_booking_price(pricing_client):
    slot = check(pricing_client, "harbour-cruise", units=[{"id": "adult", "quantity": 5}]).ok()[0]
    assert (slot["unitPricing"], slot["pricing"]) == ([], CRUISE_USD)


def test_calendar_prices_from_the_cheapest_paying_unit(pricing_client):
    day = open_date(pricing_client, "walking-tour")
    [entry] = pricing_client.post("/availability/calendar", {"productId": "walking-tour", "optionId": "DEFAULT",
                                                             "localDateStart": day, "localDateEnd": day}).ok()
    assert entry["pricingFrom"] == CHILD_GBP
    assert [p["unitId"] for p in entry["unitPricingFrom"]] == ["adult", "child", "infant"]


def test_calendar_prices_requested_units(pricing_client):
    day = open_date(pricing_client, "harbour-cruise")
    [entry] = pricing_client.post("/availability/calendar", {
        "productId": "harbour-cruise", "optionId": "DEFAULT", "localDateStart": day, "localDateEnd": day,
        "currency": "EUR", "units": [{"id": "adult", "quantity": 2}]}).ok()
    assert entry["pricingFrom"] == CRUISE_EUR


# --- bookings ----------------------------------------------------------------------------------------


def test_a_booking_totals_its_unit_items(pricing_client):
    booking = reserve(pricing_client, units=("adult", "child"))
    assert [i["pricing"] for i in booking["unitItems"]] == [ADULT_GBP, CHILD_GBP]
    assert booking["pricing"] == {"original": 4500, "retail": 4000, "net": 3200, "currency": "GBP",
                                  "currencyPrecision": 2,
                                  "includedTaxes": [{"name": "VAT", "original": 750, "retail": 667, "net": 533}]}


def test_the_reservation_currency_chooses_among_the_available_ones(pricing_client):
    booking = reserve(pricing_client, units=("adult",), currency="EUR")
    assert booking["pricing"] == booking["unitItems"][0]["pricing"] == ADULT_EUR
    assert confirm(pricing_client, booking)["pricing"] == ADULT_EUR


def test_a_null_currency_is_the_default_one(pricing_client):
    assert reserve(pricing_client, units=("adult",), currency=None)["pricing"] == ADULT_GBP


def test_a_per_booking_price_does_not_grow_with_units(pricing_client):
    booking = reserve(pricing_client, "harbour-cruise", ("adult",) * 5, start="10:00")
    assert booking["pricing"] == CRUISE_USD
    assert all("pricing" not in i for i in booking["unitItems"])


def test_a_yen_booking(pricing_client):
    booking = reserve(pricing_client, "cooking-class", ("family", "adult"))
    assert booking["pricing"]["retail"] == 52000 and booking["pricing"]["currencyPrecision"] == 0


def test_an_update_reprices_the_booking(pricing_client):
    booking = reserve(pricing_client, units=("adult",))
    updated = pricing_client.patch(f"/bookings/{booking['uuid']}", {"unitItems": [{"unitId": "adult"}] * 3}).ok()
    assert updated["pricing"]["retail"] == 7500


def test_moving_to_a_product_sold_in_the_bookings_currency_keeps_it(pricing_client):
    booking = reserve(pricing_client, units=("adult", "adult"), currency="EUR")
    cruise = find_slot(pricing_client, "harbour-cruise", "10:00")
    moved = pricing_client.patch(f"/bookings/{booking['uuid']}", {"productId": "harbour-cruise",
                                                                  "availabilityId": cruise["id"]}).ok()
    assert moved["pricing"] == CRUISE_EUR


def test_moving_to_a_product_not_sold_in_the_bookings_currency_takes_its_default(pricing_client):
    booking = reserve(pricing_client, units=("adult",))
    museum = find_slot(pricing_client, "museum-pass")
    moved = pricing_client.patch(f"/bookings/{booking['uuid']}", {"productId": "museum-pass",
                                                                  "availabilityId": museum["id"]}).ok()
    assert (moved["pricing"]["currency"], moved["pricing"]["retail"]) == ("EUR", 2200)


def test_pricing_is_shown_whenever_asked_for(client, pricing_client):
    booking = reserve(client, units=("adult",))
    assert "pricing" not in booking
    assert pricing_client.get(f"/bookings/{booking['uuid']}").ok()["pricing"] == ADULT_GBP


# --- without the capability, and refusals -------------------------------------------------------------


def test_without_the_capability_there_are_no_pricing_fields(client):
    day = open_date(client, "walking-tour")
    slot = check(client, units=[{"id": "adult", "quantity": 1}]).ok()[0]
    assert not {"pricing", "unitPricing"} & slot.keys()
    [entry] = client.post("/availability/calendar", {"productId": "walking-tour", "optionId": "DEFAULT",
                                                     "localDateStart": day, "localDateEnd": day}).ok()
    assert not {"pricingFrom", "unitPricingFrom"} & entry.keys()
    booking = reserve(client, units=("adult",), currency="EUR")
    assert "pricing" not in booking and all("pricing" not in i for i in booking["unitItems"])


@pytest.mark.parametrize("currency", ["USD", "JPY", "XYZ"])
def test_an_unsupported_currency_is_bad_request(pricing_client, currency):
    pricing_client.post("/bookings", reservation(pricing_client, currency=currency)).error("BAD_REQUEST")
    assert all_bookings(pricing_client) == []
    check(pricing_client, currency=currency).error("BAD_REQUEST")
    day = open_date(pricing_client, "walking-tour")
    pricing_client.post("/availability/calendar", {"productId": "walking-tour", "optionId": "DEFAULT",
                                                   "localDateStart": day, "localDateEnd": day,
                                                   "currency": currency}).error("BAD_REQUEST")


@pytest.mark.parametrize("currency", ["gbp", "POUNDS", 826])
def test_a_malformed_currency_is_bad_request(pricing_client, currency):
    pricing_client.post("/bookings", reservation(pricing_client, currency=currency)).error("BAD_REQUEST")
    assert all_bookings(pricing_client) == []
