"""Defects in updating bookings and listing them."""
from __future__ import annotations

import json
from urllib.parse import urlencode

from .kit import (BOOKING_PATH, Call, Defect, accepting_refused, answer, booking_now, is_update, octo_error, rewriting,
                  rewriting_bookings, rewriting_request, seats_still_taken, send, with_body)


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
    # octo/questions: a unit item's answers travel in the update's unitItems, lost with them
    fails={"test_update_removes_unit_items_left_out", "test_answers_on_update_are_kept"})


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


def _updated_uuid(call: Call) -> str | None:
    match = BOOKING_PATH.match(call.path)
    return match["uuid"] if call.method == "PATCH" and match and not match["action"] else None


def _extra_unit_items_ignored(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        body = call.body if isinstance(call.body, dict) else {}
        if _updated_uuid(call) and "unitItems" in body and not {"productId", "optionId"} & body.keys():
            booking = booking_now(app, environ, _updated_uuid(call)) or {}
            if len(body["unitItems"] or []) > len(booking.get("unitItems") or []):
                with_body(environ, {k: v for k, v in body.items() if k != "unitItems"})
        return app(environ, start_response)
    return middleware


UPDATE_CANNOT_ADD_UNIT_ITEMS = Defect(
    "an update adding unit items answers 200 and keeps the booking's unit items as they were",
    _extra_unit_items_ignored,
    fails={"test_update_unit_items"})


def _moved_seats_kept(app):
    kept: dict[str, int] = {}  # availability id -> seats still counted as taken

    def middleware(environ, start_response):
        call = Call.of(environ)
        body = call.body if isinstance(call.body, dict) else {}
        before = booking_now(app, environ, _updated_uuid(call)) if _updated_uuid(call) and "availabilityId" in body \
            else None
        status, headers, answered = answer(app, environ)
        if before and status.startswith("200") and json.loads(answered).get("availabilityId") != before["availabilityId"]:
            kept[before["availabilityId"]] = kept.get(before["availabilityId"], 0) + len(before["unitItems"])
        return send(start_response, status, headers, seats_still_taken(call, status, answered, kept))
    return middleware


UPDATE_MOVE_KEEPS_SEATS = Defect(
    "moving a booking to another departure does not give the seats of the one it left back",
    _moved_seats_kept,
    fails={"test_update_availability_moves_seats"})


UPDATE_IGNORES_OPTION = Defect(
    "an update with optionId and a departure keeps the booking's option",
    rewriting_request(lambda c: is_update(c) and {"optionId", "availabilityId"} <= (c.body or {}).keys()
                      and "productId" not in c.body,
                      lambda body: {k: v for k, v in body.items() if k != "optionId"}),
    fails={"test_update_option"})


def _confirmed_not_updatable(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if _updated_uuid(call) and (booking_now(app, environ, _updated_uuid(call)) or {}).get("status") == "CONFIRMED":
            return octo_error(start_response, "UNPROCESSABLE_ENTITY", "a confirmed booking can no longer be changed")
        return app(environ, start_response)
    return middleware


# The blocked rules update a confirmed booking as a step.
UPDATE_REFUSED_ONCE_CONFIRMED = Defect(
    "updating a CONFIRMED booking is refused, cancellable or not",
    _confirmed_not_updatable,
    fails={"test_update_confirmed_cancellable_booking"},
    blocks={"test_get_equals_latest_state", "test_ids_are_echoed_by_every_answer", "test_supplier_reference_is_stable"})


UPDATE_PAST_CUTOFF_IGNORED = Defect(
    "an update of a CONFIRMED booking past its cancellation cutoff answers 200 with the booking unchanged",
    accepting_refused(is_update, lambda booking: booking.get("status") == "CONFIRMED"),
    fails={"test_update_refused_when_not_cancellable"})


def _unknown_uuid_not_echoed(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if _updated_uuid(call) and status.startswith("400"):
            error = json.loads(body)
            if error.get("error") == "INVALID_BOOKING_UUID":
                body = json.dumps({k: v for k, v in error.items() if k != "uuid"}).encode()
        return send(start_response, status, headers, body)
    return middleware


UPDATE_UNKNOWN_UUID_NOT_ECHOED = Defect(
    "PATCH of an unknown booking answers INVALID_BOOKING_UUID without the uuid",
    _unknown_uuid_not_echoed,
    fails={"test_updating_unknown_booking_is_refused"})


def _listed_without_cancellation(booking: dict) -> None:
    booking.pop("cancellation", None)


LISTED_WITHOUT_CANCELLATION = Defect(
    "GET /bookings lists bookings without their cancellation field",
    rewriting_bookings(_listed_without_cancellation, lambda c: c.method == "GET" and c.path == "/octo/bookings"),
    fails={"test_read_bookings_are_valid"})


def _reseller_reference_ignored(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "GET" and call.path == "/octo/bookings" and "resellerReference" in call.query:
            rest = {k: v for k, v in call.query.items() if k != "resellerReference"}
            environ["QUERY_STRING"] = urlencode(rest or {"localDateStart": "2000-01-01", "localDateEnd": "2100-01-01"})
        return app(environ, start_response)
    return middleware


LIST_IGNORES_RESELLER_REFERENCE = Defect(
    "GET /bookings ignores resellerReference (alone, it lists every booking)",
    _reseller_reference_ignored,
    fails={"test_list_by_reseller_reference"})


def _supplier_reference_as_reseller(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "GET" and call.path == "/octo/bookings" and "supplierReference" in call.query:
            query = {("resellerReference" if k == "supplierReference" else k): v for k, v in call.query.items()}
            environ["QUERY_STRING"] = urlencode(query)
        return app(environ, start_response)
    return middleware


LIST_SUPPLIER_REFERENCE_WRONG_COLUMN = Defect(
    "GET /bookings compares supplierReference with the bookings' resellerReference (and finds none)",
    _supplier_reference_as_reseller,
    fails={"test_list_by_supplier_reference"})


def _list_without_filter_lists_all(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "GET" and call.path == "/octo/bookings" and not call.query:
            environ["QUERY_STRING"] = urlencode({"localDateStart": "2000-01-01", "localDateEnd": "2100-01-01"})
        return app(environ, start_response)
    return middleware


LIST_WITHOUT_FILTER_LISTS_ALL = Defect(
    "GET /bookings without any filter lists every booking",
    _list_without_filter_lists_all,
    fails={"test_list_without_filter_is_bad_request"})


UPDATE_OF_CANCELLED_ACCEPTED = Defect(
    "an update of a CANCELLED booking answers 200 with the booking unchanged",
    accepting_refused(is_update, lambda booking: booking.get("status") == "CANCELLED"),
    fails={"test_update_refused_after_cancellation"})


def _list_ignores_product(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "GET" and call.path == "/octo/bookings" and "productId" in call.query and len(call.query) > 1:
            environ["QUERY_STRING"] = urlencode({k: v for k, v in call.query.items() if k != "productId"})
        return app(environ, start_response)
    return middleware


LIST_IGNORES_PRODUCT_ID = Defect(
    "GET /bookings ignores productId when another filter is given",
    _list_ignores_product,
    fails={"test_list_narrowed_by_product_and_option"})
