"""Defects in octo/offers (SPEC-CAPABILITIES §4): offer fields wrong or shown without the
capability, discounts that do not show in prices (the official mock's availability), codes
ignored, and offers kept where their conditions fail."""
from __future__ import annotations

import json

from .kit import Call, Defect, answer, booking_now, is_update, retrying_without, rewriting, rewriting_bookings, send

OFFERS = "octo/offers"


def _asks_offers(environ) -> bool:
    return OFFERS in environ.get("HTTP_OCTO_CAPABILITIES", "")


def _is_availability(call: Call) -> bool:
    return call.method == "POST" and call.path in ("/octo/availability", "/octo/availability/calendar")


def _offers_without_restrictions(data, call):
    for slot in data if isinstance(data, list) else []:
        for offer in slot.get("offers") or []:
            offer.pop("restrictions", None)
    return data


OFFERS_WITHOUT_RESTRICTIONS = Defect(
    "the offers availability lists have no restrictions",
    rewriting(_is_availability, _offers_without_restrictions),
    fails={"test_availability_and_bookings_carry_offer_fields"},
    skips={"test_offer_whose_conditions_fail_is_refused", "test_fewer_units_than_the_offer_needs_refuse_or_reprice"})


def _offer_fields_always(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if _is_availability(call) and status.startswith("200") and not _asks_offers(environ):
            data = json.loads(body)
            for slot in data if isinstance(data, list) else []:
                slot.update(offerCode=None, offerTitle=None, offers=[], offer=None)
            body = json.dumps(data).encode()
        return send(start_response, status, headers, body)
    return middleware


OFFER_FIELDS_WITHOUT_CAPABILITY = Defect(
    "availability carries offer fields for callers who did not ask for octo/offers",
    _offer_fields_always,
    fails={"test_offer_fields_absent_without_the_capability"})


def _undiscounted(price) -> None:
    """A price put back to what it was before its offer, with no offerDiscount (the official mock's)."""
    if not isinstance(price, dict) or not isinstance(price.get("offerDiscount"), dict):
        return
    taken = price.pop("offerDiscount")
    price["retail"] += taken["retail"]
    if isinstance(price.get("net"), int) and isinstance(taken.get("net"), int):
        price["net"] += taken["net"]
    shares = {t["name"]: t for t in taken.get("includedTaxes") or []}
    for tax in price.get("includedTaxes") or []:
        share = shares.get(tax["name"], {})
        tax["retail"] += share.get("retail", 0)
        if isinstance(tax.get("net"), int) and isinstance(share.get("net"), int):
            tax["net"] += share["net"]


def _availability_undiscounted(data, call):
    for slot in data if isinstance(data, list) else []:
        for price in [slot.get("pricing"), slot.get("pricingFrom"), *(slot.get("unitPricing") or []),
                      *(slot.get("unitPricingFrom") or [])]:
            _undiscounted(price)
    return data


AVAILABILITY_NOT_DISCOUNTED = Defect(
    "availability names the offer it applies but quotes the prices before it, as the official mock does",
    rewriting(_is_availability, _availability_undiscounted),
    fails={"test_offer_discount_shows_in_availability", "test_offer_discount_shows_in_the_booking",
           "test_unit_item_priced_as_its_unit", "test_per_booking_price_is_the_options"})


def _discount_doubled(booking: dict) -> None:
    taken = (booking.get("pricing") or {}).get("offerDiscount")
    if isinstance(taken, dict) and isinstance(taken.get("retail"), int):
        taken["retail"] *= 2


BOOKING_DISCOUNT_MISSTATED = Defect(
    "a booking's pricing.offerDiscount says twice what was taken off",
    rewriting_bookings(_discount_doubled),
    fails={"test_booking_totals_add_up_with_the_discount"})


def _retrying_without_code(refused_with: str, when):
    """Middleware: a request (`when`) the mock refuses with `refused_with` is made again without
    its offerCode: the supplier ignores the code instead of refusing it."""
    return retrying_without(when, lambda body, error: "offerCode" in body and error.get("error") == refused_with,
                            lambda body: {k: v for k, v in body.items() if k != "offerCode"})


UNKNOWN_CODE_IGNORED_ON_AVAILABILITY = Defect(
    "availability asked with an offer code nobody has is answered as if no code were sent",
    _retrying_without_code("INVALID_OFFER_CODE", _is_availability),
    fails={"test_unknown_offer_code_is_refused_on_availability"})


UNKNOWN_CODE_IGNORED_ON_UPDATE = Defect(
    "an update naming an offer code nobody has is made without it",
    _retrying_without_code("INVALID_OFFER_CODE", is_update),
    fails={"test_unknown_offer_code_is_refused_on_update"})


def _refused_for_conditions(app, environ, call: Call, status: str, body: bytes) -> dict | None:
    """The booking as it is, where the mock refused an update of it OFFER_CONDITIONS_NOT_MET."""
    if not (is_update(call) and isinstance(call.body, dict) and status.startswith("400")):
        return None
    if (json.loads(body) or {}).get("error") != "OFFER_CONDITIONS_NOT_MET":
        return None
    return booking_now(app, environ, call.path.rsplit("/", 1)[-1])


def _conditions_waived(app):
    """Middleware: an update naming an offer whose conditions fail answers 200, the booking
    showing that offer (the supplier applies it whatever the units)."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        booking = _refused_for_conditions(app, environ, call, status, body)
        if booking is not None and isinstance(call.body.get("offerCode"), str):
            booking.update(offerCode=call.body["offerCode"], offerTitle=call.body["offerCode"])
            status, body = "200 OK", json.dumps(booking).encode()
        return send(start_response, status, headers, body)
    return middleware


OFFER_CONDITIONS_WAIVED = Defect(
    "an update naming an offer whose restrictions the booking breaks is accepted with that offer",
    _conditions_waived,
    fails={"test_offer_whose_conditions_fail_is_refused"})


def _offer_kept(app):
    """Middleware: an update leaving fewer units than the booking's offer needs answers 200 with
    the booking as it was, offer and all."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        booking = _refused_for_conditions(app, environ, call, status, body)
        if booking is not None and "offerCode" not in call.body:
            status, body = "200 OK", json.dumps(booking).encode()
        return send(start_response, status, headers, body)
    return middleware


FEWER_UNITS_KEEP_THE_OFFER = Defect(
    "an update leaving fewer units than the booking's offer needs answers 200 and keeps the offer",
    _offer_kept,
    fails={"test_fewer_units_than_the_offer_needs_refuse_or_reprice"})
