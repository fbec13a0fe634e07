"""Defects in octo/pickups (SPEC-CAPABILITIES §2): pickup fields wrong or missing, pickups lost
on update or confirmation, and refusals a supplier does not make."""
from __future__ import annotations

import json

from .kit import (BOOKING_PATH, Call, Defect, accepting_refused, answer, booking_now, each_option, is_confirmation,
                  is_reservation, is_update, octo_error, retrying_without, rewriting, rewriting_bookings, send,
                  with_body)

PICKUPS = "octo/pickups"
FIELDS = ("pickupRequested", "pickupPointId", "pickupHotel", "pickupHotelRoom")


def _asks_pickups(environ) -> bool:
    return PICKUPS in environ.get("HTTP_OCTO_CAPABILITIES", "")


def _nameless_points(data, call):
    for option in each_option(data):
        for point in option.get("pickupPoints") or []:
            point.pop("name", None)
    return data


OPTION_POINTS_WITHOUT_NAME = Defect(
    "the pickup points of GET /products options have no name",
    rewriting(lambda c: c.path.startswith("/octo/products"), _nameless_points),
    fails={"test_options_carry_pickup_fields"})


def _pickup_fields_always(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.path.startswith("/octo/products") and status.startswith("200") and not _asks_pickups(environ):
            data = json.loads(body)
            for option in each_option(data):
                option.update(pickupAvailable=False, pickupRequired=False, pickupPoints=[])
            body = json.dumps(data).encode()
        return send(start_response, status, headers, body)
    return middleware


PICKUP_FIELDS_WITHOUT_CAPABILITY = Defect(
    "options carry pickup fields for callers who did not ask for octo/pickups",
    _pickup_fields_always,
    fails={"test_pickup_fields_absent_without_the_capability"})


def _point_of_no_option(data, call):
    for slot in data if isinstance(data, list) else []:
        if slot.get("pickupPoints"):
            slot["pickupPoints"].append({**slot["pickupPoints"][0], "id": "octoconf-defect-elsewhere"})
    return data


AVAILABILITY_POINT_OF_NO_OPTION = Defect(
    "departures list a pickup point their option does not have",
    rewriting(lambda c: c.path == "/octo/availability", _point_of_no_option),
    fails={"test_departures_list_pickup_points_of_their_option"})


def _pickup_booking(change):
    """Booking answers that carry pickup fields pass through `change`."""
    return rewriting_bookings(lambda booking: change(booking) if "pickupRequested" in booking else None)


BOOKING_WITHOUT_HOTEL_ROOM = Defect(
    "bookings leave pickupHotelRoom out",
    _pickup_booking(lambda booking: booking.pop("pickupHotelRoom", None)),
    fails={"test_bookings_carry_pickup_fields"})


BOOKING_POINT_WITHOUT_TIME = Defect(
    "a booking's pickupPoint has no pickup time (localDateTime null) though the departure lists one",
    _pickup_booking(lambda booking: (booking.get("pickupPoint") or {}).update(localDateTime=None)),
    fails={"test_reservation_with_pickup_point"})


BOOKING_HOTEL_DROPPED = Defect(
    "bookings show pickupHotel null whatever hotel was asked for",
    _pickup_booking(lambda booking: booking.update(pickupHotel=None)),
    fails={"test_reservation_with_pickup_hotel"})


def _rewriting_pickup_request(when, change):
    """Middleware: the JSON body of matching requests that ask for octo/pickups passes through `change`."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            if when(call) and isinstance(call.body, dict) and _asks_pickups(environ):
                with_body(environ, change(dict(call.body)))
            return app(environ, start_response)
        return middleware
    return wrap


def _clearing(body: dict) -> dict:
    return body if any(name in body for name in FIELDS) else {**body, "pickupRequested": False}


def _without_pickup(body: dict) -> dict:
    return {key: value for key, value in body.items() if key not in FIELDS}


UPDATE_CLEARS_PICKUP = Defect(
    "an update that does not mention the pickup takes it off the booking",
    _rewriting_pickup_request(is_update, _clearing),
    fails={"test_pickup_survives_update"})


UPDATE_IGNORES_PICKUP = Defect(
    "an update ignores the pickup fields it carries",
    _rewriting_pickup_request(is_update, _without_pickup),
    fails={"test_update_sets_pickup"})


CONFIRM_CLEARS_PICKUP = Defect(
    "a confirmation that does not mention the pickup takes it off the booking",
    _rewriting_pickup_request(is_confirmation, _clearing),
    fails={"test_pickup_survives_confirmation", "test_required_pickup_given_confirms"})


CONFIRM_IGNORES_PICKUP = Defect(
    "a confirmation ignores the pickup fields it carries",
    _rewriting_pickup_request(is_confirmation, _without_pickup),
    fails={"test_confirmation_sets_pickup"})


REQUIRED_PICKUP_NOT_ENFORCED = Defect(
    "a booking of an option requiring pickup is confirmed without one (answered 200, left ON_HOLD)",
    accepting_refused(is_confirmation, lambda booking: (booking.get("availability") or {}).get("pickupRequired") is True),
    fails={"test_required_pickup_missing_is_refused"})


def _required_pickup_refused(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        if is_confirmation(call) and match:
            booking = booking_now(app, environ, match["uuid"]) or {}
            if (booking.get("availability") or {}).get("pickupRequired") is True:
                return octo_error(start_response, "UNPROCESSABLE_ENTITY", "pickup is not possible for this departure")
        return app(environ, start_response)
    return middleware


REQUIRED_PICKUP_ALWAYS_REFUSED = Defect(
    "a booking of an option requiring pickup is never confirmed, pickup or not",
    _required_pickup_refused,
    fails={"test_required_pickup_given_confirms"})


def _retrying_without_pickup(refused):
    """Middleware: a reservation the mock refuses, where `refused(body, error code)` holds, is made
    again without its pickup fields: the supplier ignores the pickup instead of refusing it."""
    return retrying_without(is_reservation, lambda body, error: refused(body, error.get("error")), _without_pickup)


UNKNOWN_POINT_IGNORED = Defect(
    "a reservation naming a pickup point the option does not have is made without the pickup",
    _retrying_without_pickup(lambda body, code: code == "BAD_REQUEST" and body.get("pickupPointId")),
    fails={"test_unknown_pickup_point_is_refused"})


POINT_FOR_ANY_DEPARTURE_IGNORED = Defect(
    "a reservation naming a pickup point its departure does not list is made without the pickup",
    _retrying_without_pickup(lambda body, code: code == "UNPROCESSABLE_ENTITY" and body.get("pickupPointId")),
    fails={"test_point_not_serving_the_departure_is_refused"})


PICKUP_WHERE_NONE_IGNORED = Defect(
    "a reservation asking for a hotel pickup on an option offering none is made without the pickup",
    _retrying_without_pickup(lambda body, code: code == "UNPROCESSABLE_ENTITY" and body.get("pickupHotel")
                             and not body.get("pickupPointId")),
    fails={"test_pickup_where_none_is_offered_is_refused"})
