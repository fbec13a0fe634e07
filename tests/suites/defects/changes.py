"""Defects in updating bookings and listing them."""
from __future__ import annotations

import json
from urllib.parse import urlencode

from .kit import Call, Defect, accepting_refused, answer, is_update, rewriting, rewriting_request, send


def _list_by_creation_date(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        day = call.query.get("localDate")
        if call.method != "GET" or call.path != "/octo/bookings" or not day:
            return app(environ, start_response)
        wide = {k: v for k, v in call.query.items() if k != "localDate"}
        environ["QUERY_STRING"] = urlencode({**wide, "localDateStart": "2000-01-01", "localDateEnd": "2100-01-01"})
        status, headers, body = answer(app, environ)
        if status.startswith("200"):
            body = json.dumps([b for b in json.loads(body) if (b.get("utcCreatedAt") or "")[:10] == day]).encode()
        return send(start_response, status, headers, body)
    return middleware


LIST_BY_CREATION_DATE = Defect(
    "GET /bookings?localDate filters on the creation date",
    _list_by_creation_date,
    fails={"test_list_by_travel_date", "test_list_narrowed_by_product_and_option"})


def _expired_listed_on_hold(data, call):
    for booking in data:
        if booking.get("status") == "EXPIRED":
            booking["status"] = "ON_HOLD"
    return data


EXPIRED_LISTED_ON_HOLD = Defect(
    "expired holds are listed as ON_HOLD",
    rewriting(lambda c: c.method == "GET" and c.path == "/octo/bookings", _expired_listed_on_hold),
    fails={"test_expired_hold_is_not_listed_on_hold"})


def _list_ignores_range_end(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "GET" and call.path == "/octo/bookings" and "localDateEnd" in call.query:
            environ["QUERY_STRING"] = urlencode({**call.query, "localDateEnd": "2100-01-01"})
        return app(environ, start_response)
    return middleware


LIST_IGNORES_RANGE_END = Defect(
    "GET /bookings ignores localDateEnd",
    _list_ignores_range_end,
    fails={"test_list_by_date_range", "test_list_reversed_range_is_bad_request"})


UPDATE_IGNORES_PRODUCT = Defect(
    "an update ignores productId (and the option, departure and units that go with it)",
    rewriting_request(lambda c: c.method == "PATCH" and "productId" in (c.body or {}),
                       lambda body: {k: v for k, v in body.items()
                                     if k not in ("productId", "optionId", "availabilityId", "unitItems")}),
    fails={"test_update_product", "test_update_with_unknown_id_is_refused"})


UPDATE_IGNORES_REFERENCE_AND_HOLD = Defect(
    "an update ignores resellerReference and expirationMinutes",
    rewriting_request(is_update, lambda body: {k: v for k, v in body.items()
                                              if k not in ("resellerReference", "expirationMinutes")}),
    fails={"test_update_reference_and_hold"})


def _keeps_unit_items_unless_more(body: dict) -> dict:
    return body if len(body.get("unitItems") or []) > 1 else {k: v for k, v in body.items() if k != "unitItems"}


UPDATE_KEEPS_UNIT_ITEMS = Defect(
    "an update to fewer unit items keeps them all",
    rewriting_request(is_update, _keeps_unit_items_unless_more),
    fails={"test_update_removes_unit_items_left_out"})


UPDATE_TO_SOLD_OUT_IGNORED = Defect(
    "an update the supplier cannot make answers 200 with the booking unchanged",
    accepting_refused(lambda c: is_update(c) and "availabilityId" in (c.body or {})),
    fails={"test_update_to_sold_out_departure_is_refused", "test_update_with_unknown_id_is_refused"})


def _unknown_id_answered_bad_request(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_update(call) and b"INVALID_" in body and b"_ID" in body:
            body = json.dumps({"error": "BAD_REQUEST", "errorMessage": "invalid update"}).encode()
        return send(start_response, status, headers, body)
    return middleware


UPDATE_UNKNOWN_ID_BAD_REQUEST = Defect(
    "an update with an unknown id answers BAD_REQUEST without the id",
    _unknown_id_answered_bad_request,
    fails={"test_update_with_unknown_id_is_refused"})


def _list_by_product_alone(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        filters = {"resellerReference", "supplierReference", "localDate", "localDateStart"}
        if call.method == "GET" and call.path == "/octo/bookings" and call.query and not filters & call.query.keys():
            return send(start_response, "200 OK", [("Content-Type", "application/json")], b"[]")
        return app(environ, start_response)
    return middleware


LIST_WITHOUT_REQUIRED_FILTER = Defect(
    "GET /bookings with only productId or optionId answers an empty list",
    _list_by_product_alone,
    fails={"test_list_without_a_required_filter_is_bad_request"})
