"""Defects in octo/pricing: prices of products, availability, calendar and bookings, and currencies."""
from __future__ import annotations

from .kit import (Call, Defect, each_option, is_reservation, retrying_without, rewriting, rewriting_bookings,
                  rewriting_request)


def _product_prices(data):
    """Every Pricing object a product (or a list of them) carries, on options and units."""
    for option in each_option(data):
        yield from list(option.get("pricing") or []) + list(option.get("pricingFrom") or [])
        for unit in option.get("units") or []:
            yield from list(unit.get("pricing") or []) + list(unit.get("pricingFrom") or [])


def _about_products(call: Call) -> bool:
    return call.path.startswith("/octo/products")


def _untaxed_products(data, call):
    for price in _product_prices(data):
        price.pop("includedTaxes", None)
    return data


PRODUCT_PRICES_WITHOUT_TAXES = Defect(
    "product prices (options' and units' pricing and pricingFrom) lack includedTaxes",
    rewriting(_about_products, _untaxed_products),
    fails={"test_product_pricing_is_valid"})


def _swapped_original(data, call):
    for price in _product_prices(data):
        price["original"], price["retail"] = price.get("retail"), price.get("original")
    return data


PRODUCT_PRICES_ORIGINAL_SWAPPED = Defect(
    "product prices have original and retail swapped (the strike-through price below the price paid)",
    rewriting(_about_products, _swapped_original),
    fails={"test_original_not_below_retail"})


def _unit_type_not_id(data, call):
    for slot in data:
        for price in slot.get("unitPricing") or []:
            price["unitType"] = price.pop("unitId", None)
    return data


AVAILABILITY_UNIT_PRICING_BY_TYPE = Defect(
    "availability asked without units names each unitPricing entry by unitType, not unitId (as OCTO v1 did)",
    rewriting(lambda c: c.path == "/octo/availability" and isinstance(c.body, dict) and not c.body.get("units"),
              _unit_type_not_id),
    fails={"test_availability_pricing_is_valid"})


def _in_major_units(price: dict) -> None:
    precision = price.get("currencyPrecision") or 0
    for field in ("original", "retail", "net"):
        if isinstance(price.get(field), int):
            price[field] = f"{price[field] / 10 ** precision:.{precision}f}"


def _calendar_in_major_units(data, call):
    for day in data:
        for price in list(day.get("unitPricingFrom") or []) + [day.get("pricingFrom")]:
            if isinstance(price, dict):
                _in_major_units(price)
    return data


CALENDAR_PRICES_IN_MAJOR_UNITS = Defect(
    "calendar prices are decimal strings in major units (\"25.00\", not 2500)",
    rewriting(lambda c: c.path == "/octo/availability/calendar", _calendar_in_major_units),
    fails={"test_calendar_pricing_is_valid"})


def _untaxed_total(booking):
    if isinstance(booking.get("pricing"), dict):
        booking["pricing"].pop("includedTaxes", None)


BOOKING_TOTAL_WITHOUT_TAXES = Defect(
    "a booking's pricing total lacks includedTaxes",
    rewriting_bookings(_untaxed_total),
    fails={"test_booking_pricing_is_valid"})


def _total_without_original(booking):
    if isinstance(booking.get("pricing"), dict):
        booking["pricing"]["original"] = booking["pricing"].get("retail")


BOOKING_TOTAL_ORIGINAL_IS_RETAIL = Defect(
    "a booking's pricing total gives retail as its original (the unit items' strike-through prices are not added up)",
    rewriting_bookings(_total_without_original),
    fails={"test_booking_total_is_sum_of_unit_items", "test_booking_totals_add_up_with_the_discount"})


def _without_currency(body):
    body.pop("currency", None)
    return body


# Ignoring the currency also lets an unsupported one through, and no booking is made in its gift's currency.
RESERVATION_CURRENCY_IGNORED = Defect(
    "a reservation's currency is ignored: bookings are always in the product's default currency",
    rewriting_request(is_reservation, _without_currency),
    fails={"test_reservation_in_another_available_currency", "test_unsupported_currency_is_refused",
           "test_gift_pays_in_another_of_the_products_currencies"})


UNSUPPORTED_CURRENCY_FALLS_BACK = Defect(
    "a reservation in a currency the product is not sold in is made in its default currency",
    retrying_without(is_reservation, lambda body, error: "not sold in" in str(error.get("errorMessage")),
                     _without_currency),
    fails={"test_unsupported_currency_is_refused"})
