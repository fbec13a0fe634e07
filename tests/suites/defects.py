"""Defects a stranger's supplier has, as WSGI middleware around the mock.

Each defect rewrites requests or answers at the HTTP boundary, without touching the mock's
code, the way an independent implementation gets OCTO wrong (most are defects the official
mock has, PEERS.md). Several can be stacked on one mock: `wrap_all` applies them in order.
The suites' own tests run the suites against each defect alone and against combinations,
and compare the verdicts (tests/suites/test_multi_defect.py).
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable
from urllib.parse import parse_qs, urlencode

BOOKING_PATH = re.compile(r"^/octo/bookings/(?P<uuid>[^/]+)(?P<action>/confirm|/cancel)?$")


@dataclass(frozen=True)
class Defect:
    """One way a supplier breaks the standard, and the WSGI middleware that does it."""

    name: str
    wrap: Callable

    def __str__(self) -> str:
        return self.name


@dataclass
class Call:
    """A request as the middleware sees it, with its JSON body read."""

    method: str
    path: str
    query: dict[str, str]
    body: object

    @classmethod
    def of(cls, environ) -> "Call":
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(raw)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        return cls(environ["REQUEST_METHOD"], environ["PATH_INFO"], query, body)


def answer(app, environ) -> tuple[str, list, bytes]:
    """Call the app; returns its status line, headers and body."""
    captured = {}

    def keep(status, headers, exc_info=None):
        captured.update(status=status, headers=headers)
        return lambda data: None
    body = b"".join(app(environ, keep))
    return captured["status"], captured["headers"], body


def send(start_response, status: str, headers: list, body: bytes) -> list[bytes]:
    """Answer with a body, its Content-Length set to fit."""
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]


def octo_error(start_response, code: str, message: str, status: str = "400 Bad Request") -> list[bytes]:
    """Answer with an OCTO error body."""
    body = json.dumps({"error": code, "errorMessage": message}).encode()
    return send(start_response, status, [("Content-Type", "application/json")], body)


def rewriting(when: Callable[[Call], bool], change: Callable[[object, Call], object]):
    """Middleware factory: the JSON answers of matching 200 requests pass through `change`."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            if when(call) and status.startswith("200"):
                body = json.dumps(change(json.loads(body), call)).encode()
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def _each_booking(data, change: Callable[[dict], None]):
    for booking in data if isinstance(data, list) else [data]:
        if isinstance(booking, dict) and "unitItems" in booking:
            change(booking)
    return data


def _bookings(call: Call) -> bool:
    return call.path.startswith("/octo/bookings") or call.path.startswith("/octo/redemption")


# --- the defects ----------------------------------------------------------------------

def _drop_instant_delivery(data, call):
    for product in data if isinstance(data, list) else [data]:
        product.pop("instantDelivery", None)
    return data


PRODUCTS_LACK_A_FIELD = Defect(
    "products lack instantDelivery (a products-schema deviation)",
    rewriting(lambda c: c.path.startswith("/octo/products"), _drop_instant_delivery))


def _no_capability_header(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        return send(start_response, status, [(k, v) for k, v in headers if k.lower() != "octo-capabilities"], body)
    return middleware


NO_CAPABILITY_HEADER = Defect("Octo-Capabilities is not echoed (a missing response header)", _no_capability_header)


def _items_stay_on_hold(booking: dict) -> None:
    if booking.get("status") == "CONFIRMED":
        for item in booking["unitItems"]:
            if item.get("status") == "CONFIRMED":  # as they were when reserved
                item["status"] = "ON_HOLD"


ITEMS_STAY_ON_HOLD = Defect(
    "unit items stay ON_HOLD after confirmation (a confirm-time invariant)",
    rewriting(_bookings, lambda data, call: _each_booking(data, _items_stay_on_hold)))


def _second_cancel_refused(app):
    cancelled: set[str] = set()

    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        if call.method == "POST" and match and match["action"] == "/cancel" and match["uuid"] in cancelled:
            return octo_error(start_response, "BAD_REQUEST", "Booking already cancelled")
        status, headers, body = answer(app, environ)
        if call.method == "POST" and match and match["action"] == "/cancel" and status.startswith("200"):
            if json.loads(body).get("utcConfirmedAt"):
                cancelled.add(match["uuid"])
        return send(start_response, status, headers, body)
    return middleware


SECOND_CANCEL_REFUSED = Defect("a second cancel of a CONFIRMED booking answers 400", _second_cancel_refused)


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


LIST_BY_CREATION_DATE = Defect("GET /bookings?localDate filters on the creation date", _list_by_creation_date)


def _zero_prices(booking: dict) -> None:
    for priced in [booking] + booking["unitItems"]:
        if isinstance(priced.get("pricing"), dict):
            priced["pricing"].update(original=0, retail=0, net=0)
            for tax in priced["pricing"].get("includedTaxes") or []:
                tax.update(original=0, retail=0, net=0)


PRICES_ZERO = Defect("booking pricing is all zeros",
                     rewriting(_bookings, lambda data, call: _each_booking(data, _zero_prices)))


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


REVERSED_RANGE_CRASHES = Defect("a reversed availability date range answers HTTP 500", _reversed_range_crashes)


def _freesale_false(booking: dict) -> None:
    booking["freesale"] = False


FREESALE_FALSE = Defect("bookings always say freesale false",
                        rewriting(_bookings, lambda data, call: _each_booking(data, _freesale_false)))


def _get_booking_fails(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        if call.method == "GET" and match and not match["action"]:
            return octo_error(start_response, "INTERNAL_SERVER_ERROR", "database timeout", "500 Internal Server Error")
        return app(environ, start_response)
    return middleware


GET_BOOKING_FAILS = Defect("GET /bookings/{uuid} answers 500 (a step many rules need)", _get_booking_fails)


def _drop_pricing_total(data, call):
    for slot in data:
        slot.pop("pricing", None)
    return data


UNITS_WITHOUT_TOTAL = Defect(
    "availability asked for units has no pricing total",
    rewriting(lambda c: c.path == "/octo/availability" and isinstance(c.body, dict) and c.body.get("units"),
              _drop_pricing_total))


def _confirm_reconfirms(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        status, headers, body = answer(app, environ)
        if call.method == "POST" and match and match["action"] == "/confirm" and not status.startswith("200"):
            get = {**environ, "REQUEST_METHOD": "GET", "PATH_INFO": f"/octo/bookings/{match['uuid']}",
                   "wsgi.input": io.BytesIO(b""), "CONTENT_LENGTH": "0"}
            got_status, got_headers, got = answer(app, get)
            booking = json.loads(got) if got_status.startswith("200") else None
            if booking and booking.get("status") == "CANCELLED":
                booking.update(status="CONFIRMED", cancellation=None)
                return send(start_response, "200 OK", got_headers, json.dumps(booking).encode())
        return send(start_response, status, headers, body)
    return middleware


CONFIRM_RECONFIRMS = Defect("confirming a cancelled booking answers it CONFIRMED", _confirm_reconfirms)


def _empty_start_times(data, call):
    for day in data:
        if "availabilityLocalStartTimes" in day:
            day["availabilityLocalStartTimes"] = []
    return data


CALENDAR_WITHOUT_TIMES = Defect(
    "calendar days list no availabilityLocalStartTimes",
    rewriting(lambda c: c.path == "/octo/availability/calendar", _empty_start_times))


def _expired_listed_on_hold(data, call):
    for booking in data:
        if booking.get("status") == "EXPIRED":
            booking["status"] = "ON_HOLD"
    return data


EXPIRED_LISTED_ON_HOLD = Defect(
    "expired holds are listed as ON_HOLD",
    rewriting(lambda c: c.method == "GET" and c.path == "/octo/bookings", _expired_listed_on_hold))


def _hold_cancel_expires(booking: dict) -> None:
    if booking.get("status") == "CANCELLED" and not booking.get("utcConfirmedAt"):
        booking["status"] = "EXPIRED"
        for item in booking["unitItems"]:
            item["status"] = "EXPIRED"


HOLD_CANCEL_EXPIRES = Defect(
    "cancelling a hold answers it EXPIRED",
    rewriting(_bookings, lambda data, call: _each_booking(data, _hold_cancel_expires)))


def _list_ignores_range_end(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "GET" and call.path == "/octo/bookings" and "localDateEnd" in call.query:
            environ["QUERY_STRING"] = urlencode({**call.query, "localDateEnd": "2100-01-01"})
        return app(environ, start_response)
    return middleware


LIST_IGNORES_RANGE_END = Defect("GET /bookings ignores localDateEnd", _list_ignores_range_end)


def _limited_when_untouched(data, call):
    for slot in data:
        if slot.get("status") == "AVAILABLE" and slot.get("vacancies") == slot.get("capacity"):
            slot["status"] = "LIMITED"
    return data


LIMITED_WHEN_UNTOUCHED = Defect(
    "departures with every seat left say LIMITED",
    rewriting(lambda c: c.path == "/octo/availability", _limited_when_untouched))


def _drop_locales(booking: dict) -> None:
    if isinstance(booking.get("contact"), dict):
        booking["contact"]["locales"] = []


CONTACT_LOCALES_DROPPED = Defect(
    "booking contacts lose their locales",
    rewriting(_bookings, lambda data, call: _each_booking(data, _drop_locales)))


def _unit_uuids_forgotten(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "POST" and call.path == "/octo/bookings" and isinstance(call.body, dict) \
                and "uuid" not in call.body:
            body = {**call.body, "unitItems": [{k: v for k, v in item.items() if k != "uuid"}
                                               for item in call.body.get("unitItems") or []]}
            raw = json.dumps(body).encode()
            environ.update({"wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))})
        return app(environ, start_response)
    return middleware


UNIT_UUIDS_FORGOTTEN = Defect("a reservation without a booking uuid ignores its unit items' uuids",
                              _unit_uuids_forgotten)


def _gift_hold_of_30_minutes(data, call):
    if data.get("status") == "ON_HOLD" and data.get("utcCreatedAt"):
        created = datetime.fromisoformat(data["utcCreatedAt"].replace("Z", "+00:00"))
        data["utcExpiresAt"] = (created + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return data


GIFT_HOLD_IGNORES_EXPIRATION = Defect(
    "gift holds last 30 minutes whatever expirationMinutes says",
    rewriting(lambda c: c.method == "POST" and c.path == "/octo/gifts", _gift_hold_of_30_minutes))


def _capabilities_header_on_products_only(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if not environ["PATH_INFO"].startswith("/octo/products"):
            headers = [(k, v) for k, v in headers if k.lower() != "octo-capabilities"]
        return send(start_response, status, headers, body)
    return middleware


CAPABILITY_HEADER_ON_PRODUCTS_ONLY = Defect("Octo-Capabilities is echoed on GET /products only",
                                            _capabilities_header_on_products_only)


def _confirmed_after_update(booking: dict) -> None:
    if booking.get("utcConfirmedAt") and booking.get("utcUpdatedAt"):
        updated = datetime.fromisoformat(booking["utcUpdatedAt"].replace("Z", "+00:00"))
        booking["utcConfirmedAt"] = (updated + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


CONFIRMED_AFTER_UPDATE = Defect(
    "utcConfirmedAt lies after utcUpdatedAt",
    rewriting(_bookings, lambda data, call: _each_booking(data, _confirmed_after_update)))


def _rewriting_request(when: Callable[[Call], bool], change: Callable[[dict], dict]):
    """Middleware factory: the JSON body of matching requests passes through `change` first."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            if when(call) and isinstance(call.body, dict):
                raw = json.dumps(change(dict(call.body))).encode()
                environ.update({"wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))})
            return app(environ, start_response)
        return middleware
    return wrap


def _calendar_unknown_option_is_empty(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.path == "/octo/availability/calendar" and b"INVALID_OPTION_ID" in body:
            status, body = "200 OK", b"[]"
        return send(start_response, status, headers, body)
    return middleware


CALENDAR_UNKNOWN_OPTION_EMPTY = Defect("the calendar of an unknown option is an empty list",
                                       _calendar_unknown_option_is_empty)

CALENDAR_START_DEFAULTS = Defect(
    "a calendar without localDateStart starts today",
    _rewriting_request(lambda c: c.path == "/octo/availability/calendar",
                       lambda body: {"localDateStart": datetime.now().date().isoformat(), **body}))


def _extend_unknown_crashes(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if environ["PATH_INFO"].endswith("/extend") and b"INVALID_BOOKING_UUID" in body:
            page = b"<html><body>Internal Server Error</body></html>"
            return send(start_response, "500 Internal Server Error", [("Content-Type", "text/html")], page)
        return send(start_response, status, headers, body)
    return middleware


EXTEND_UNKNOWN_CRASHES = Defect("extending an unknown booking answers HTTP 500", _extend_unknown_crashes)

CONFIRM_IGNORES_UNIT_ITEMS = Defect(
    "confirmation ignores the unit items sent",
    _rewriting_request(lambda c: c.method == "POST" and c.path.endswith("/confirm") and "/bookings/" in c.path,
                       lambda body: {k: v for k, v in body.items() if k != "unitItems"}))


def _first_delivery_method(booking: dict) -> None:
    booking["deliveryMethods"] = (booking.get("deliveryMethods") or [])[:1]


ONE_DELIVERY_METHOD = Defect(
    "bookings name only the first of their product's delivery methods",
    rewriting(_bookings, lambda data, call: _each_booking(data, _first_delivery_method)))


def _not_all_day(data, call):
    for slot in data:
        slot["allDay"] = False
    return data


NEVER_ALL_DAY = Defect("availability never says allDay, even for OPENING_HOURS products",
                       rewriting(lambda c: c.path == "/octo/availability", _not_all_day))


def _upper_unit_uuids(booking: dict) -> None:
    for item in booking["unitItems"]:
        item["uuid"] = str(item.get("uuid")).upper()


UPPER_CASE_UNIT_UUIDS = Defect(
    "unit item uuids are upper-case",
    rewriting(_bookings, lambda data, call: _each_booking(data, _upper_unit_uuids)))


def _no_availability_id(booking: dict) -> None:
    booking.pop("availabilityId", None)


CONFIRM_DROPS_AVAILABILITY_ID = Defect(
    "the confirmation answer has no availabilityId",
    rewriting(lambda c: c.method == "POST" and c.path.endswith("/confirm") and "/bookings/" in c.path,
              lambda data, call: _each_booking(data, _no_availability_id)))

UPDATE_IGNORES_PRODUCT = Defect(
    "an update ignores productId (and the option, departure and units that go with it)",
    _rewriting_request(lambda c: c.method == "PATCH" and "productId" in (c.body or {}),
                       lambda body: {k: v for k, v in body.items()
                                     if k not in ("productId", "optionId", "availabilityId", "unitItems")}))


def _refusing(when: Callable[[Call], bool], code: str = "BAD_REQUEST", status: str = "400 Bad Request"):
    """Middleware factory: matching requests get an OCTO error (or an HTML 500) instead of an answer."""
    def wrap(app):
        def middleware(environ, start_response):
            if when(Call.of(environ)):
                if status.startswith("500"):
                    page = b"<html><body>Internal Server Error</body></html>"
                    return send(start_response, status, [("Content-Type", "text/html")], page)
                return octo_error(start_response, code, "refused by the defect", status)
            return app(environ, start_response)
        return middleware
    return wrap


def _accepting_refused(when: Callable[[Call], bool]):
    """Middleware factory: a matching request the mock refuses answers 200 with the booking as it is."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            match = BOOKING_PATH.match(call.path.removesuffix("/extend"))
            if when(call) and match and not status.startswith("200"):
                get = {**environ, "REQUEST_METHOD": "GET", "PATH_INFO": f"/octo/bookings/{match['uuid']}",
                       "QUERY_STRING": "", "wsgi.input": io.BytesIO(b""), "CONTENT_LENGTH": "0"}
                status, headers, body = answer(app, get)
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def _reservation(call: Call) -> bool:
    return call.method == "POST" and call.path == "/octo/bookings"


def _confirmation(call: Call) -> bool:
    return call.method == "POST" and call.path.startswith("/octo/bookings/") and call.path.endswith("/confirm")


def _update(call: Call) -> bool:
    return call.method == "PATCH" and call.path.startswith("/octo/bookings/")


RESERVATION_NEEDS_UUID = Defect(
    "a reservation without uuid is refused",
    _refusing(lambda c: _reservation(c) and isinstance(c.body, dict) and "uuid" not in c.body))

MISSING_ID_CRASHES = Defect(
    "a reservation missing productId, optionId or availabilityId answers HTTP 500",
    _refusing(lambda c: _reservation(c) and isinstance(c.body, dict)
              and not {"productId", "optionId", "availabilityId"} <= c.body.keys(), status="500 Internal Server Error"))

EMAIL_RECEIPT_REFUSED = Defect(
    "a confirmation with emailReceipt is refused",
    _refusing(lambda c: _confirmation(c) and isinstance(c.body, dict) and "emailReceipt" in c.body))

REQUIRED_CONTACT_IGNORED = Defect(
    "a confirmation without the required contact fields is accepted",
    _rewriting_request(_confirmation, lambda body: {**body, "contact": {
        "firstName": "Ada", "lastName": "Byron", "emailAddress": "ada@example.com", **(body.get("contact") or {})}}))


def _cancelled_confirmed_seats_kept(app):
    kept: dict[str, int] = {}  # availability id -> seats still counted as taken

    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if status.startswith("200") and call.method == "POST" and call.path.endswith("/cancel"):
            booking = json.loads(body)
            if booking.get("utcConfirmedAt"):
                kept[booking["availabilityId"]] = kept.get(booking["availabilityId"], 0) + len(booking["unitItems"])
        if status.startswith("200") and call.path == "/octo/availability":
            slots = json.loads(body)
            for slot in slots:
                if slot.get("id") in kept and isinstance(slot.get("vacancies"), int):
                    slot["vacancies"] = max(0, slot["vacancies"] - kept[slot["id"]])
            body = json.dumps(slots).encode()
        return send(start_response, status, headers, body)
    return middleware


CONFIRMED_CANCEL_KEEPS_SEATS = Defect("cancelling a confirmed booking does not give its seats back",
                                      _cancelled_confirmed_seats_kept)

UPDATE_IGNORES_REFERENCE_AND_HOLD = Defect(
    "an update ignores resellerReference and expirationMinutes",
    _rewriting_request(_update, lambda body: {k: v for k, v in body.items()
                                              if k not in ("resellerReference", "expirationMinutes")}))


def _keeps_unit_items_unless_more(body: dict) -> dict:
    return body if len(body.get("unitItems") or []) > 1 else {k: v for k, v in body.items() if k != "unitItems"}


UPDATE_KEEPS_UNIT_ITEMS = Defect("an update to fewer unit items keeps them all",
                                 _rewriting_request(_update, _keeps_unit_items_unless_more))

UPDATE_TO_SOLD_OUT_IGNORED = Defect(
    "an update the supplier cannot make answers 200 with the booking unchanged",
    _accepting_refused(lambda c: _update(c) and "availabilityId" in (c.body or {})))


def _unknown_id_answered_bad_request(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if _update(call) and b"INVALID_" in body and b"_ID" in body:
            body = json.dumps({"error": "BAD_REQUEST", "errorMessage": "invalid update"}).encode()
        return send(start_response, status, headers, body)
    return middleware


UPDATE_UNKNOWN_ID_BAD_REQUEST = Defect("an update with an unknown id answers BAD_REQUEST without the id",
                                       _unknown_id_answered_bad_request)

EXTEND_CANCELLED_IGNORED = Defect(
    "extending a booking that is not ON_HOLD answers 200 with the booking unchanged",
    _accepting_refused(lambda c: c.method == "POST" and c.path.endswith("/extend")))

EXTEND_NEEDS_MINUTES = Defect(
    "an extension without expirationMinutes is refused",
    _refusing(lambda c: c.method == "POST" and c.path.endswith("/extend") and not (c.body or {}).get(
        "expirationMinutes")))


def _list_by_product_alone(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        filters = {"resellerReference", "supplierReference", "localDate", "localDateStart"}
        if call.method == "GET" and call.path == "/octo/bookings" and call.query and not filters & call.query.keys():
            return send(start_response, "200 OK", [("Content-Type", "application/json")], b"[]")
        return app(environ, start_response)
    return middleware


LIST_WITHOUT_REQUIRED_FILTER = Defect("GET /bookings with only productId or optionId answers an empty list",
                                      _list_by_product_alone)


def _availability_ends_at_start(booking: dict) -> None:
    embedded = booking.get("availability")
    if isinstance(embedded, dict):
        embedded["localDateTimeEnd"] = embedded.get("localDateTimeStart")


BOOKING_AVAILABILITY_WRONG = Defect(
    "booking.availability ends when it starts",
    rewriting(_bookings, lambda data, call: _each_booking(data, _availability_ends_at_start)))


def _unit_contacts_names_only(booking: dict) -> None:
    for item in booking["unitItems"]:
        if isinstance(item.get("contact"), dict):
            item["contact"] = {**item["contact"], "emailAddress": None, "phoneNumber": None, "locales": []}


UNIT_CONTACTS_NAMES_ONLY = Defect(
    "unit item contacts keep their names only",
    rewriting(_bookings, lambda data, call: _each_booking(data, _unit_contacts_names_only)))


def _redemption(call: Call, name: str) -> bool:
    return call.path == f"/octo/redemption/{name}"


def _said_redeemable(booking: dict) -> None:
    booking["redeemable"] = True


REDEEM_ANSWER_REDEEMABLE = Defect(
    "a redemption answers its booking still redeemable",
    rewriting(lambda c: _redemption(c, "redeem"), lambda data, call: _each_booking(data, _said_redeemable)))


def _expired_said_redeemable(booking: dict) -> None:
    if booking.get("status") == "EXPIRED":
        booking["redeemable"] = True


EXPIRED_REDEEMABLE = Defect(
    "lookup says an expired hold is redeemable",
    rewriting(lambda c: _redemption(c, "lookup"), lambda data, call: _each_booking(data, _expired_said_redeemable)))


def _refused_redemption_accepted(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if _redemption(call, "redeem") and not status.startswith("200"):
            status, body = "200 OK", json.dumps({"status": "REDEEMED", "redemptionCode": call.body}).encode()
        return send(start_response, status, headers, body)
    return middleware


UNREDEEMABLE_ACCEPTED = Defect("redeeming an unredeemable code answers 200", _refused_redemption_accepted)


def _validate_refuses_redeemed(app):
    redeemed: set[str] = set()

    def middleware(environ, start_response):
        call = Call.of(environ)
        code = (call.body or {}).get("redemptionCode") if isinstance(call.body, dict) else None
        if _redemption(call, "validate") and code in redeemed:
            return octo_error(start_response, "UNPROCESSABLE_ENTITY", "already redeemed")
        status, headers, body = answer(app, environ)
        if _redemption(call, "redeem") and status.startswith("200") and isinstance(code, str):
            redeemed.add(code)
        return send(start_response, status, headers, body)
    return middleware


VALIDATE_REFUSES_REDEEMED = Defect("validating an already redeemed code is refused", _validate_refuses_redeemed)


def _validate_unknown_empty(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if _redemption(call, "validate") and not status.startswith("200"):
            status, body = "200 OK", b"{}"
        return send(start_response, status, headers, body)
    return middleware


VALIDATE_UNKNOWN_EMPTY = Defect("validating an unknown code answers 200 with an empty object", _validate_unknown_empty)


def _served_as_if_asked(prefix: str, capabilities: str):
    """Middleware factory: requests under `prefix` are served as if they asked for `capabilities`."""
    def wrap(app):
        def middleware(environ, start_response):
            if environ["PATH_INFO"].startswith(prefix):
                environ["HTTP_OCTO_CAPABILITIES"] = capabilities
            return app(environ, start_response)
        return middleware
    return wrap


REDEMPTION_WITHOUT_CAPABILITY = Defect("the redemption endpoints serve callers who did not ask for octo/redemption",
                                       _served_as_if_asked("/octo/redemption/", "octo/redemption"))


GIFT_FIELDS_DEFAULTED = Defect(
    "a gift reservation without amount or currency gets a default one",
    _rewriting_request(lambda c: c.method == "POST" and c.path == "/octo/gifts",
                       lambda body: {"amount": 1000, "currency": "GBP", **body}))


def _unknown_gift_crashes(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if environ["PATH_INFO"].startswith("/octo/gifts/") and b"INVALID_BOOKING_UUID" in body:
            return octo_error(start_response, "INTERNAL_SERVER_ERROR", "gift not found", "500 Internal Server Error")
        return send(start_response, status, headers, body)
    return middleware


UNKNOWN_GIFT_CRASHES = Defect("an unknown gift uuid answers HTTP 500", _unknown_gift_crashes)


GIFTS_WITHOUT_CAPABILITY = Defect("the gift endpoints serve callers who did not ask for octo/gifts",
                                  _served_as_if_asked("/octo/gifts", "octo/pricing, octo/gifts"))


def _spent_gift_changes_accepted(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.method in ("PATCH", "DELETE") and call.path.startswith("/octo/gifts/") and not status.startswith("200"):
            get = {**environ, "REQUEST_METHOD": "GET", "QUERY_STRING": "", "wsgi.input": io.BytesIO(b""),
                   "CONTENT_LENGTH": "0"}
            status, headers, body = answer(app, get)
        return send(start_response, status, headers, body)
    return middleware


SPENT_GIFT_CHANGES_ACCEPTED = Defect("changing a gift it may no longer change answers 200 with the gift as it is",
                                     _spent_gift_changes_accepted)


def wrap_all(defects) -> Callable:
    """One middleware factory applying every defect (the first one innermost)."""
    def wrap(app):
        for defect in defects:
            app = defect.wrap(app)
        return app
    return wrap
