"""Defects in octo/cart (SPEC-CAPABILITIES §5): among them the official mock's (order confirm and
cancel that do not wait for their bookings, no route to create an order, an ON_HOLD order
cancelled to EXPIRED, cart fields on every reservation)."""
from __future__ import annotations

import json
import re

from .kit import (Call, Defect, answer, ask, fetch, is_reservation, octo_error, rewriting, rewriting_error,
                  rewriting_request, send)

ORDER_PATH = re.compile(r"^/octo/orders?/(?P<id>[^/]+)(?P<action>/confirm|/cancel|/extend)?$")
CART_FIELDS = ("orderId", "orderReference", "primary")


def _order_call(call: Call, method: str, action: str | None) -> re.Match | None:
    match = ORDER_PATH.match(call.path)
    if match and call.method == method and match["action"] == action:
        return match
    return None


def _is_order_cancel(call: Call) -> re.Match | None:
    return _order_call(call, "POST", "/cancel") or _order_call(call, "DELETE", None)


def _answering_without_doing(is_action, status: str):
    """Middleware factory: the order action answers the order as it is, with `status`, its bookings
    untouched (the official mock answers before the bookings' own changes are done)."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            match = is_action(call)
            if match:
                order = fetch(app, environ, "GET", f"/octo/orders/{match['id']}")
                if order is not None:
                    order["status"] = status
                    return send(start_response, "200 OK", [("Content-Type", "application/json")],
                                json.dumps(order).encode())
            return app(environ, start_response)
        return middleware
    return wrap


ORDER_CONFIRM_DOES_NOT_WAIT = Defect(
    "confirming an order answers it CONFIRMED while its bookings stay ON_HOLD (the official mock)",
    _answering_without_doing(lambda c: _order_call(c, "POST", "/confirm"), "CONFIRMED"),
    fails={"test_confirming_an_order_confirms_every_booking", "test_order_confirm_and_cancel_are_idempotent",
           "test_booking_that_cannot_be_confirmed_leaves_the_order_unconfirmed"})


ORDER_CANCEL_DOES_NOT_WAIT = Defect(
    "cancelling an order answers it CANCELLED while its bookings stay as they were (the official mock)",
    _answering_without_doing(_is_order_cancel, "CANCELLED"),
    fails={"test_cancelling_an_order_cancels_every_booking", "test_order_confirm_and_cancel_are_idempotent"})


def _no_create(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "POST" and call.path.rstrip("/") in ("/octo/orders", "/octo/order"):
            return octo_error(start_response, "BAD_REQUEST", f"No such endpoint: POST {call.path}")
        return app(environ, start_response)
    return middleware


NO_ORDER_CREATION = Defect(
    "there is no route to create an order (the official mock)",
    _no_create,
    fails={"test_order_can_be_created"})


def _on_hold_cancelled_to_expired(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = _is_order_cancel(call)
        before = fetch(app, environ, "GET", f"/octo/orders/{match['id']}") if match else None
        status, headers, body = answer(app, environ)
        if before and before.get("status") == "ON_HOLD" and status.startswith("200"):
            order = json.loads(body)
            order["status"] = "EXPIRED"
            for booking in order.get("bookings") or []:
                booking["status"] = "EXPIRED"
                for item in booking.get("unitItems") or []:
                    item["status"] = "EXPIRED"
            body = json.dumps(order).encode()
        return send(start_response, status, headers, body)
    return middleware


ON_HOLD_ORDER_CANCELLED_TO_EXPIRED = Defect(
    "cancelling an ON_HOLD order answers it and its bookings EXPIRED (the official mock)",
    _on_hold_cancelled_to_expired,
    fails={"test_cancelling_an_order_cancels_every_booking"})


def _booking_by_booking(app):
    """Order confirm as a loop over the bookings that stops at the first refusal, keeping the
    confirmations before it."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = _order_call(call, "POST", "/confirm")
        order = fetch(app, environ, "GET", f"/octo/orders/{match['id']}") if match else None
        if order is None:
            return app(environ, start_response)
        contact = (call.body or {}).get("contact") or {}
        for booking in order.get("bookings") or []:
            if booking.get("status") != "ON_HOLD":
                continue
            status, data = ask(app, environ, "POST", f"/octo/bookings/{booking['uuid']}/confirm", {"contact": contact})
            if not status.startswith("200"):
                return send(start_response, status, [("Content-Type", "application/json")], json.dumps(data).encode())
        return app(environ, start_response)
    return middleware


ORDER_CONFIRMED_BOOKING_BY_BOOKING = Defect(
    "an order is confirmed booking by booking: one that cannot be leaves those before it confirmed",
    _booking_by_booking,
    fails={"test_booking_that_cannot_be_confirmed_leaves_the_order_unconfirmed"})


def _total_of_the_first(data, call):
    if isinstance(data, dict) and data.get("bookings") and isinstance(data.get("pricing"), dict):
        data["pricing"] = data["bookings"][0].get("pricing", data["pricing"])
    return data


ORDER_TOTAL_OF_THE_FIRST_BOOKING = Defect(
    "an order's pricing is its first booking's, not the sum of its bookings'",
    rewriting(lambda c: bool(ORDER_PATH.match(c.path)), _total_of_the_first),
    fails={"test_order_total_equals_its_bookings"})


def _not_idempotent(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = _order_call(call, "POST", "/confirm") or _is_order_cancel(call)
        if match:
            order = fetch(app, environ, "GET", f"/octo/orders/{match['id']}") or {}
            done = "CONFIRMED" if match["action"] == "/confirm" else "CANCELLED"
            if order.get("status") == done:
                return octo_error(start_response, "UNPROCESSABLE_ENTITY", f"Order is already {done}")
        return app(environ, start_response)
    return middleware


ORDER_ACTIONS_NOT_IDEMPOTENT = Defect(
    "confirming a confirmed order, or cancelling a cancelled one, is refused",
    _not_idempotent,
    fails={"test_order_confirm_and_cancel_are_idempotent"})


def _as_bad_request(status: str, error: dict) -> tuple[str, dict]:
    if error.get("error") != "INVALID_ORDER_ID":
        return status, error
    return status, {"error": "BAD_REQUEST", "errorMessage": error["errorMessage"]}


UNKNOWN_ORDER_IS_BAD_REQUEST = Defect(
    "an unknown order id answers BAD_REQUEST, not INVALID_ORDER_ID",
    rewriting_error(lambda c: True, _as_bad_request),
    fails={"test_unknown_order_is_invalid_order_id"})


def _cart_fields_always(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        asked = "octo/cart" in environ.get("HTTP_OCTO_CAPABILITIES", "")
        if is_reservation(call) and not asked:
            environ["HTTP_OCTO_CAPABILITIES"] = ", ".join(
                c for c in (environ.get("HTTP_OCTO_CAPABILITIES", ""), "octo/cart") if c)
            status, headers, body = answer(app, environ)
            return send(start_response, status, headers, body)
        return app(environ, start_response)
    return middleware


CART_FIELDS_ON_EVERY_RESERVATION = Defect(
    "every reservation's answer carries orderId, orderReference and primary, asked for or not (the official mock)",
    _cart_fields_always,
    fails={"test_cart_fields_need_the_capability"})


ORDER_ID_IGNORED = Defect(
    "a reservation's orderId is ignored: every booking starts an order of its own",
    rewriting_request(is_reservation, lambda body: {k: v for k, v in body.items() if k != "orderId"}),
    fails={"test_reservation_joins_an_order", "test_unknown_order_is_invalid_order_id"},
    blocks={"test_booking_that_cannot_be_confirmed_leaves_the_order_unconfirmed",
            "test_cancelling_an_order_cancels_every_booking",
            "test_confirming_an_order_confirms_every_booking", "test_order_confirm_and_cancel_are_idempotent",
            "test_order_total_equals_its_bookings"})


EXTEND_ORDER_IGNORED = Defect(
    "extending an order answers it as it was",
    _answering_without_doing(lambda c: _order_call(c, "POST", "/extend"), "ON_HOLD"),
    fails={"test_extending_an_order_holds_it_longer"})


def _without_cart_fields(data, call):
    for booking in data if isinstance(data, list) else [data]:
        if isinstance(booking, dict):
            for key in CART_FIELDS:
                booking.pop(key, None)
    return data


BOOKINGS_WITHOUT_ORDER = Defect(
    "bookings carry no orderId (nor orderReference, primary)",
    rewriting(lambda c: c.path.startswith("/octo/bookings"), _without_cart_fields),
    fails={"test_reservation_starts_an_order"},
    blocks={"test_booking_that_cannot_be_confirmed_leaves_the_order_unconfirmed",
            "test_cancelling_an_order_cancels_every_booking",
            "test_confirming_an_order_confirms_every_booking", "test_extending_an_order_holds_it_longer",
            "test_order_confirm_and_cancel_are_idempotent", "test_order_total_equals_its_bookings",
            "test_reservation_joins_an_order", "test_unknown_order_is_invalid_order_id"})
