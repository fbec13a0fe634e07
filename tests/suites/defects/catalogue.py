"""Defects in products, the protocol, availability and the calendar."""
from __future__ import annotations

from datetime import datetime

from .kit import Call, Defect, answer, rewriting, rewriting_request, send


def _drop_instant_delivery(data, call):
    for product in data if isinstance(data, list) else [data]:
        product.pop("instantDelivery", None)
    return data


PRODUCTS_LACK_A_FIELD = Defect(
    "products lack instantDelivery (a products-schema deviation)",
    rewriting(lambda c: c.path.startswith("/octo/products"), _drop_instant_delivery),
    fails={"test_products_are_valid"})


def _no_capability_header(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        return send(start_response, status, [(k, v) for k, v in headers if k.lower() != "octo-capabilities"], body)
    return middleware


NO_CAPABILITY_HEADER = Defect(
    "Octo-Capabilities is not echoed (a missing response header)",
    _no_capability_header,
    fails={"test_capabilities_header_is_echoed"})


def _reversed_range_crashes(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        body = call.body if isinstance(call.body, dict) else {}
        if call.path.startswith("/octo/availability") and str(body.get("localDateStart", "")) > str(
                body.get("localDateEnd", "~")):
            page = b"<html><body>Internal Server Error</body></html>"
            return send(start_response, "500 Internal Server Error", [("Content-Type", "text/html")], page)
        return app(environ, start_response)
    return middleware


REVERSED_RANGE_CRASHES = Defect(
    "a reversed availability date range answers HTTP 500",
    _reversed_range_crashes,
    fails={"test_reversed_calendar_range_is_bad_request", "test_reversed_range_is_bad_request"})


def _drop_pricing_total(data, call):
    for slot in data:
        slot.pop("pricing", None)
    return data


UNITS_WITHOUT_TOTAL = Defect(
    "availability asked for units has no pricing total",
    rewriting(lambda c: c.path == "/octo/availability" and isinstance(c.body, dict) and c.body.get("units"),
              _drop_pricing_total),
    fails={"test_availability_total_for_units"})


def _empty_start_times(data, call):
    for day in data:
        if "availabilityLocalStartTimes" in day:
            day["availabilityLocalStartTimes"] = []
    return data


CALENDAR_WITHOUT_TIMES = Defect(
    "calendar days list no availabilityLocalStartTimes",
    rewriting(lambda c: c.path == "/octo/availability/calendar", _empty_start_times),
    fails={"test_calendar_start_times_are_the_options"})


def _limited_when_untouched(data, call):
    for slot in data:
        if slot.get("status") == "AVAILABLE" and slot.get("vacancies") == slot.get("capacity"):
            slot["status"] = "LIMITED"
    return data


LIMITED_WHEN_UNTOUCHED = Defect(
    "departures with every seat left say LIMITED",
    rewriting(lambda c: c.path == "/octo/availability", _limited_when_untouched),
    fails={"test_status_agrees_with_vacancies"})


def _capabilities_header_on_products_only(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if not environ["PATH_INFO"].startswith("/octo/products"):
            headers = [(k, v) for k, v in headers if k.lower() != "octo-capabilities"]
        return send(start_response, status, headers, body)
    return middleware


CAPABILITY_HEADER_ON_PRODUCTS_ONLY = Defect(
    "Octo-Capabilities is echoed on GET /products only",
    _capabilities_header_on_products_only,
    fails={"test_capabilities_header_is_echoed"})


def _calendar_unknown_option_is_empty(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.path == "/octo/availability/calendar" and b"INVALID_OPTION_ID" in body:
            status, body = "200 OK", b"[]"
        return send(start_response, status, headers, body)
    return middleware


CALENDAR_UNKNOWN_OPTION_EMPTY = Defect(
    "the calendar of an unknown option is an empty list",
    _calendar_unknown_option_is_empty,
    fails={"test_unknown_option_in_calendar"})


CALENDAR_START_DEFAULTS = Defect(
    "a calendar without localDateStart starts today",
    rewriting_request(lambda c: c.path == "/octo/availability/calendar",
                       lambda body: {"localDateStart": datetime.now().date().isoformat(), **body}),
    fails={"test_calendar_without_start_is_bad_request"})


def _not_all_day(data, call):
    for slot in data:
        slot["allDay"] = False
    return data


# The availability endpoint then disagrees with the availability a booking embeds.
NEVER_ALL_DAY = Defect(
    "availability never says allDay, even for OPENING_HOURS products",
    rewriting(lambda c: c.path == "/octo/availability", _not_all_day),
    fails={"test_all_day_exactly_for_opening_hours", "test_booking_availability_is_the_departure_booked"})
