"""Defects in products, the protocol, availability and the calendar."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

from .kit import (Call, Defect, answer, crashing_on_answer, dropping_header, each_product, octo_error, rewriting,
                  rewriting_error, rewriting_headers, rewriting_request, send, served_as_if_asked, server_error_page)



def _drop_instant_delivery(data, call):
    for product in each_product(data):
        product.pop("instantDelivery", None)
    return data


PRODUCTS_LACK_A_FIELD = Defect(
    "products lack instantDelivery (a products-schema deviation)",
    rewriting(lambda c: c.path.startswith("/octo/products"), _drop_instant_delivery),
    fails={"test_products_are_valid"})


NO_CAPABILITY_HEADER = Defect(
    "Octo-Capabilities is not echoed (a missing response header)",
    rewriting_headers(dropping_header("Octo-Capabilities")),
    fails={"test_capabilities_header_is_echoed"})


def _reversed_range_crashes(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        body = call.body if isinstance(call.body, dict) else {}
        if call.path.startswith("/octo/availability") and str(body.get("localDateStart", "")) > str(
                body.get("localDateEnd", "~")):
            return server_error_page(start_response)
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


CAPABILITY_HEADER_ON_PRODUCTS_ONLY = Defect(
    "Octo-Capabilities is echoed on GET /products only",
    rewriting_headers(dropping_header("Octo-Capabilities"), when=lambda c: not c.path.startswith("/octo/products")),
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


# --- supplier and products -------------------------------------------------------------


def _endpoint_with_slash(data, call):
    data["endpoint"] = data.get("endpoint", "") + "/"
    return data


SUPPLIER_ENDPOINT_WITH_SLASH = Defect(
    "the supplier's endpoint ends with a trailing slash",
    rewriting(lambda c: c.path == "/octo/supplier", _endpoint_with_slash),
    fails={"test_supplier_is_valid"})


def _first_product_twice(data, call):
    return data[:1] + data if isinstance(data, list) else data


PRODUCT_LISTED_TWICE = Defect(
    "GET /products lists its first product twice (an overlapping page)",
    rewriting(lambda c: c.path == "/octo/products", _first_product_twice),
    fails={"test_product_ids_are_unique"})


PRODUCT_BY_ID_IGNORES_CAPABILITIES = Defect(
    "GET /products/{id} ignores Octo-Capabilities (no pricing fields, unlike the list)",
    served_as_if_asked("/octo/products/", ""),
    fails={"test_product_by_id_equals_list_entry",
           "test_content_headers_on_every_answer"},  # octo/content: no language headers on GET /products/{id}
    # octo/content's rules read a product's languages from those headers
    blocks={"test_each_listed_language_is_served_when_asked", "test_highest_weighted_language_wins",
            "test_language_the_product_lacks_falls_back_to_its_default",
            "test_localized_text_differs_between_languages", "test_product_list_is_in_the_language_asked",
            "test_regional_range_finds_its_language", "test_same_ids_in_every_language"})


def _no_formats_on(product_id: str):
    def change(data, call):
        for product in each_product(data):
            if product.get("id") == product_id:
                product["deliveryFormats"] = []
        return data
    return change


PRODUCT_WITHOUT_DELIVERY_FORMATS = Defect(
    "one product (cooking-class) lists no deliveryFormats",
    rewriting(lambda c: c.path.startswith("/octo/products"), _no_formats_on("cooking-class")),
    fails={"test_products_are_delivered_somehow"})


# --- protocol ----------------------------------------------------------------------------


def _typed_as_html(name: str, value: str) -> tuple[str, str]:
    return ("Content-Type", "text/html; charset=utf-8") if name.lower() == "content-type" else (name, value)


# test_supplier_is_valid also reads GET /supplier, and a valid answer says it is JSON.
SUPPLIER_TYPED_AS_HTML = Defect(
    "GET /supplier sends its JSON as Content-Type text/html",
    rewriting_headers(_typed_as_html, when=lambda c: c.path == "/octo/supplier"),
    fails={"test_responses_are_json", "test_supplier_is_valid"})


def _no_empty_dependencies(data, call):
    for capability in data if isinstance(data, list) else []:
        if isinstance(capability, dict) and not capability.get("dependencies"):
            capability.pop("dependencies", None)
    return data


CAPABILITIES_WITHOUT_EMPTY_DEPENDENCIES = Defect(
    "GET /capabilities leaves out dependencies when there are none",
    rewriting(lambda c: c.path == "/octo/capabilities", _no_empty_dependencies),
    fails={"test_capabilities_endpoint"})


WRONG_KEY_CRASHES = Defect(
    "an unknown API key answers an HTTP 500 HTML page",
    crashing_on_answer(lambda call, status, body: status.startswith("4")
                       and b"The API key is not valid" in body),
    fails={"test_wrong_api_key_is_refused"})


def _malformed_json_crashes(app):
    def middleware(environ, start_response):
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(raw)
        try:
            json.loads(raw) if raw.strip() else None
        except ValueError:
            return server_error_page(start_response)
        return app(environ, start_response)
    return middleware


MALFORMED_JSON_CRASHES = Defect(
    "a request body that is not JSON answers an HTTP 500 HTML page",
    _malformed_json_crashes,
    fails={"test_malformed_json_is_bad_request"})


def _unknown_route_is_500(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if status.startswith("400") and b"There is no endpoint" in body:
            return octo_error(start_response, "INTERNAL_SERVER_ERROR", "route not found", "500 Internal Server Error")
        return send(start_response, status, headers, body)
    return middleware


UNKNOWN_ROUTE_IS_500 = Defect(
    "an unknown path answers HTTP 500 INTERNAL_SERVER_ERROR",
    _unknown_route_is_500,
    fails={"test_unknown_route_is_a_client_error"})


# --- availability and the calendar ----------------------------------------------------


def _without_last_day(data, call):
    end = call.body.get("localDateEnd") if isinstance(call.body, dict) else None
    return [day for day in data if day.get("localDate") != end]


# A calendar without the day asked leaves its pricing nothing to judge: that rule is blocked.
CALENDAR_END_EXCLUSIVE = Defect(
    "the calendar treats localDateEnd as exclusive (the last day is missing)",
    rewriting(lambda c: c.path == "/octo/availability/calendar", _without_last_day),
    fails={"test_calendar_is_valid"},
    blocks={"test_calendar_pricing_is_valid"})


def _is_check(call: Call) -> bool:
    return call.method == "POST" and call.path == "/octo/availability" and isinstance(call.body, dict)


def _local_date_as_week(body):
    first = date.fromisoformat(body.pop("localDate"))
    return {**body, "localDateStart": first.isoformat(), "localDateEnd": (first + timedelta(days=6)).isoformat()}


LOCAL_DATE_AS_A_WEEK = Defect(
    "availability by localDate returns the week starting on that date",
    rewriting_request(lambda c: _is_check(c) and "localDate" in c.body, _local_date_as_week),
    fails={"test_check_by_date_is_valid"})


def _one_more_day(body):
    end = date.fromisoformat(body["localDateEnd"])
    return {**body, "localDateEnd": (end + timedelta(days=1)).isoformat()}


RANGE_OVERSHOOTS_END = Defect(
    "availability by range also returns the day after localDateEnd",
    rewriting_request(lambda c: _is_check(c) and {"localDateStart", "localDateEnd"} <= c.body.keys(), _one_more_day),
    fails={"test_check_by_range_is_valid"})


def _naive_times(data, call):
    for slot in data:
        for field in ("localDateTimeStart", "localDateTimeEnd"):
            if isinstance(slot.get(field), str):
                slot[field] = slot[field][:19]
    return data


BY_ID_TIMES_WITHOUT_OFFSET = Defect(
    "availability looked up by availabilityIds gives local times without their UTC offset",
    rewriting(lambda c: _is_check(c) and "availabilityIds" in c.body, _naive_times),
    fails={"test_check_by_ids_round_trips"})


def _never_freesale(data, call):
    for product in each_product(data):
        product["allowFreesale"] = False
    return data


ALLOW_FREESALE_ALWAYS_FALSE = Defect(
    "products say allowFreesale false even when they sell FREESALE departures",
    rewriting(lambda c: c.path.startswith("/octo/products"), _never_freesale),
    fails={"test_freesale_departures_belong_to_freesale_products"})


def _unknown_product_is_empty(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if _is_check(call) and b"INVALID_PRODUCT_ID" in body:
            status, body = "200 OK", b"[]"
        return send(start_response, status, headers, body)
    return middleware


AVAILABILITY_UNKNOWN_PRODUCT_EMPTY = Defect(
    "availability of an unknown product is an empty list",
    _unknown_product_is_empty,
    fails={"test_unknown_product_in_availability"})


def _unknown_option_without_echo(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if _is_check(call) and b"INVALID_OPTION_ID" in body:
            return octo_error(start_response, "INVALID_OPTION_ID", "Invalid option")
        return send(start_response, status, headers, body)
    return middleware


AVAILABILITY_UNKNOWN_OPTION_NOT_ECHOED = Defect(
    "availability of an unknown option answers INVALID_OPTION_ID without echoing optionId",
    _unknown_option_without_echo,
    fails={"test_unknown_option_in_availability"})


def _calendar_unknown_product_404(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.path == "/octo/availability/calendar" and b"INVALID_PRODUCT_ID" in body:
            return octo_error(start_response, "NOT_FOUND", "Product not found", "404 Not Found")
        return send(start_response, status, headers, body)
    return middleware


CALENDAR_UNKNOWN_PRODUCT_NOT_FOUND = Defect(
    "the calendar of an unknown product answers HTTP 404 NOT_FOUND",
    _calendar_unknown_product_404,
    fails={"test_unknown_product_in_calendar"})


def _today_when_undated(body):
    if not {"localDate", "localDateStart", "localDateEnd", "availabilityIds"} & body.keys():
        body["localDate"] = datetime.now().date().isoformat()
    return body


UNDATED_CHECK_IS_TODAY = Defect(
    "availability with neither dates nor ids returns today's",
    rewriting_request(_is_check, _today_when_undated),
    fails={"test_missing_dates_is_bad_request"})


def _ids_win(body):
    if body.get("availabilityIds"):
        for field in ("localDate", "localDateStart", "localDateEnd"):
            body.pop(field, None)
    return body


IDS_OVERRIDE_DATES = Defect(
    "availability with both dates and availabilityIds ignores the dates",
    rewriting_request(_is_check, _ids_win),
    fails={"test_dates_with_ids_is_bad_request"})


PRODUCT_NOT_FOUND_AS_BAD_REQUEST = Defect(
    "GET /products/{id} of an unknown product answers BAD_REQUEST, not INVALID_PRODUCT_ID",
    rewriting_error(lambda c: c.method == "GET" and c.path.startswith("/octo/products/"),
                    lambda status, error: (status, {**error, "error": "BAD_REQUEST"})
                    if error.get("error") == "INVALID_PRODUCT_ID" else (status, error)),
    fails={"test_unknown_product_is_invalid_product_id"})


def _anonymous_served(app):
    """A request without Authorization is served with the last API key seen (a cached session)."""
    last: dict[str, str] = {}

    def middleware(environ, start_response):
        if environ.get("HTTP_AUTHORIZATION"):
            last["key"] = environ["HTTP_AUTHORIZATION"]
        elif "key" in last:
            environ["HTTP_AUTHORIZATION"] = last["key"]
        return app(environ, start_response)
    return middleware


ANONYMOUS_SERVED = Defect(
    "a request without an API key is served (as the last caller who sent one)",
    _anonymous_served,
    fails={"test_missing_api_key_is_unauthorized"})


def _unknown_route_html(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if status.startswith("4") and b"There is no endpoint" in body:
            return send(start_response, "404 Not Found", [("Content-Type", "text/html")],
                        b"<html><body><h1>404 Not Found</h1></body></html>")
        return send(start_response, status, headers, body)
    return middleware


# An unknown path still gets a 4xx: only the advisory on its body is set off.
UNKNOWN_ROUTE_HTML = Defect(
    "an unknown path answers a web server's HTML 404 page, not an OCTO error",
    _unknown_route_html,
    advises={"test_unknown_route_answers_octo_error"})
