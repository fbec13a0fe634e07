"""Defects in reserving and confirming bookings."""
from __future__ import annotations

import io
import json
import uuid as uuidlib
from datetime import datetime, timedelta

from .kit import (BOOKING_PATH, Call, Defect, answer, ask, clock_moved, each_option, fetch, is_confirmation,
                  is_reservation, refusing, rewriting, rewriting_bookings, rewriting_error, rewriting_request, seats_of,
                  send, with_body)



def _product(app, environ, product_id: object) -> dict:
    status, product = ask(app, environ, "GET", f"/octo/products/{product_id}")
    return product if status.startswith("200") and isinstance(product, dict) else {}


# --- what a reservation answers ------------------------------------------------------


def _groups_pending(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_reservation(call) and status.startswith("200") and isinstance(call.body, dict):
            option = next((o for o in _product(app, environ, call.body.get("productId")).get("options") or []
                           if o.get("id") == call.body.get("optionId")), {})
            groups = {u.get("id") for u in option.get("units") or []
                      if ((u.get("restrictions") or {}).get("paxCount") or 1) > 1}
            booking = json.loads(body)
            if any(item.get("unitId") in groups for item in booking.get("unitItems") or []):
                booking["status"] = "PENDING"
                for item in booking["unitItems"]:
                    item["status"] = "PENDING"
                body = json.dumps(booking).encode()
        return send(start_response, status, headers, body)
    return middleware


# The other rules run on the PAX_COUNT shape need its reserve step, which the defect breaks.
GROUP_RESERVATION_PENDING = Defect(
    "a reservation of a group unit (paxCount > 1) answers PENDING, not ON_HOLD",
    _groups_pending,
    fails={"test_reservation_is_on_hold"},
    blocks={"test_booking_availability_is_the_departure_booked", "test_booking_is_valid",
            "test_booking_pricing_is_valid", "test_cancel_with_post", "test_confirmation_confirms",
            "test_reservation_holds_vacancies"})


def _merge_same_units(booking: dict) -> None:
    merged: dict[object, dict] = {}
    for item in booking["unitItems"]:
        merged.setdefault(item.get("unitId"), item)
    booking["unitItems"] = list(merged.values())


RESERVED_UNITS_MERGED = Defect(
    "the reservation answer shows one unit item per unit, however many of it were booked",
    rewriting_bookings(_merge_same_units, is_reservation),
    fails={"test_unit_items_as_requested"})


# A repeat told by its unit item uuids alone cannot be recognised when they are ignored.
UNIT_ITEM_UUIDS_IGNORED = Defect(
    "a reservation ignores the unit item uuids sent and makes its own",
    rewriting_request(is_reservation, lambda body: {**body, "unitItems": [
        {k: v for k, v in item.items() if k != "uuid"} if isinstance(item, dict) else item
        for item in body.get("unitItems") or []]} if isinstance(body.get("unitItems"), list) else body),
    fails={"test_same_unit_item_uuids_return_same_booking", "test_unit_item_uuids_are_honoured"})


def _product_reference(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_reservation(call) and status.startswith("200"):
            booking = json.loads(body)
            booking["productId"] = _product(app, environ, booking.get("productId")).get("reference") \
                or booking.get("productId")
            body = json.dumps(booking).encode()
        return send(start_response, status, headers, body)
    return middleware


# The reservation answer is one of the answers that must echo the ids sent.
PRODUCT_REFERENCE_FOR_ID = Defect(
    "the reservation answer gives the product's reference as its productId",
    _product_reference,
    fails={"test_ids_are_echoed_by_every_answer", "test_reservation_echoes_what_was_booked"})


def _delivered_on_hold(booking: dict) -> None:
    if booking.get("status") != "ON_HOLD":
        return
    code = [{"deliveryFormat": "QRCODE", "deliveryValue": booking.get("supplierReference") or "HOLD"}]
    for ticket in [booking.get("voucher")] + [i.get("ticket") for i in booking["unitItems"]]:
        if isinstance(ticket, dict):
            ticket["deliveryOptions"] = list(code)


HOLD_CARRIES_DELIVERY = Defect(
    "ON_HOLD bookings already carry a QR code on their voucher and tickets",
    rewriting_bookings(_delivered_on_hold),
    fails={"test_delivery_options_empty_before_confirmation"})


def _always_freesale(booking: dict) -> None:
    booking["freesale"] = True


ALWAYS_FREESALE = Defect(
    "bookings always say freesale true",
    rewriting_bookings(_always_freesale),
    fails={"test_booking_on_counted_departure_is_not_freesale"})


# --- what a reservation refuses --------------------------------------------------------


UNKNOWN_PRODUCT_NOT_ECHOED = Defect(
    "refusing a reservation of an unknown product, the error does not echo productId",
    rewriting_error(is_reservation, lambda status, error: (status, {k: v for k, v in error.items()
                                                                     if k != "productId"})),
    fails={"test_unknown_product_is_refused"})


UNKNOWN_AVAILABILITY_UNPROCESSABLE = Defect(
    "a reservation of an unknown availabilityId answers UNPROCESSABLE_ENTITY, not INVALID_AVAILABILITY_ID",
    rewriting_error(lambda c: is_reservation(c) and isinstance(c.body, dict) and "availabilityId" in c.body,
                     lambda status, error: (status, {"error": "UNPROCESSABLE_ENTITY",
                                                     "errorMessage": "This departure cannot be booked"})
                     if error["error"] == "INVALID_AVAILABILITY_ID" else (status, error)),
    fails={"test_unknown_availability_is_refused"})


UNKNOWN_UNIT_BAD_REQUEST = Defect(
    "a reservation of an unknown unit answers BAD_REQUEST, not INVALID_UNIT_ID",
    rewriting_error(is_reservation, lambda status, error: (status, {"error": "BAD_REQUEST",
                                                                     "errorMessage": "Invalid unit"})
                     if error["error"] == "INVALID_UNIT_ID" else (status, error)),
    fails={"test_unknown_unit_is_refused"})


EMPTY_UNIT_ITEMS_CRASH = Defect(
    "a reservation with an empty unitItems list answers HTTP 500 (list index out of range)",
    refusing(lambda c: is_reservation(c) and isinstance(c.body, dict) and c.body.get("unitItems") == [],
             "INTERNAL_SERVER_ERROR", "500 Internal Server Error"),
    fails={"test_empty_unit_items_are_refused"})


MISSING_UNIT_ITEMS_CRASH = Defect(
    "a reservation without unitItems answers an HTML HTTP 500 page",
    refusing(lambda c: is_reservation(c) and isinstance(c.body, dict) and "unitItems" not in c.body, html=True),
    fails={"test_missing_unit_items_are_refused"})


def _units_limit_off_by_one(field: str, step: int, at_least: int):
    """Products advertise the option's min/maxUnits moved by `step`: the booking engine then
    accepts one unit past what the supplier advertises."""
    def change(data, call):
        for option in each_option(data):
            limits = option.get("restrictions") or {}
            if isinstance(limits.get(field), int) and limits[field] >= at_least:
                limits[field] += step
        return data
    return rewriting(lambda c: c.method == "GET" and c.path.startswith("/octo/products"), change)


MAX_UNITS_OFF_BY_ONE = Defect(
    "a reservation of one unit over the option's maxUnits is accepted (an off-by-one)",
    _units_limit_off_by_one("maxUnits", -1, 2),
    fails={"test_max_units_is_enforced"})


MIN_UNITS_OFF_BY_ONE = Defect(
    "a reservation of one unit under the option's minUnits is accepted (an off-by-one)",
    _units_limit_off_by_one("minUnits", +1, 2),
    fails={"test_min_units_is_enforced"})


def _books_the_past(app):
    """A reservation refused as closed for booking is made anyway, as if two days earlier."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_reservation(call) and status.startswith("400") and b"closed for booking" in body:
            _, clock = ask(app, environ, "GET", "/octo/_control/clock")
            if isinstance(clock, dict) and clock.get("utcNow"):
                with clock_moved(app, environ, _days_before(clock["utcNow"], 2)) as moved:
                    if moved:
                        environ["wsgi.input"] = io.BytesIO(json.dumps(call.body).encode())
                        status, headers, body = answer(app, environ)
        return send(start_response, status, headers, body)
    return middleware


def _days_before(utc: str, days: int) -> str:
    moment = datetime.fromisoformat(utc.replace("Z", "+00:00")) - timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


PAST_DEPARTURE_BOOKED = Defect(
    "a departure past its booking cutoff can still be reserved",
    _books_the_past,
    fails={"test_past_departure_is_refused"})


# --- confirming ---------------------------------------------------------------------------


def _keeps_expiry(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        expires = None
        if is_confirmation(call) and match:
            _, before = ask(app, environ, "GET", f"/octo/bookings/{match['uuid']}")
            expires = before.get("utcExpiresAt") if isinstance(before, dict) else None
        status, headers, body = answer(app, environ)
        if expires and status.startswith("200"):
            booking = json.loads(body)
            booking["utcExpiresAt"] = expires
            body = json.dumps(booking).encode()
        return send(start_response, status, headers, body)
    return middleware


# A CONFIRMED booking with utcExpiresAt also breaks the CONFIRMED state rule.
CONFIRMATION_KEEPS_EXPIRY = Defect(
    "the confirmation answer still shows the hold's utcExpiresAt",
    _keeps_expiry,
    fails={"test_confirmation_confirms", "test_confirmed_state"})


def _relative_ticket_links(booking: dict) -> None:
    for item in booking["unitItems"]:
        for option in (item.get("ticket") or {}).get("deliveryOptions") or []:
            if option.get("deliveryFormat") == "PDF_URL":
                option["deliveryValue"] = "/" + str(option["deliveryValue"]).split("/", 3)[-1]


TICKET_LINKS_RELATIVE = Defect(
    "ticket PDF_URL delivery values are relative paths, not links",
    rewriting_bookings(_relative_ticket_links),
    fails={"test_tickets_delivered_per_delivery_methods"})


def _unknown_confirm_404(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        status, headers, body = answer(app, environ)
        if is_confirmation(call) and match and status.startswith("400"):
            known, _ = ask(app, environ, "GET", f"/octo/bookings/{match['uuid']}")
            if not known.startswith("200"):
                status = "404 Not Found"
        return send(start_response, status, headers, body)
    return middleware


UNKNOWN_BOOKING_CONFIRM_404 = Defect(
    "confirming an unknown booking answers HTTP 404",
    _unknown_confirm_404,
    fails={"test_confirming_unknown_booking_is_refused"})


# --- restrictions and seats -------------------------------------------------------------


UNKNOWN_OPTION_NOT_ECHOED = Defect(
    "refusing a reservation of an unknown option, the error does not echo optionId",
    rewriting_error(is_reservation, lambda status, error: (status, {k: v for k, v in error.items()
                                                                    if k != "optionId"})),
    fails={"test_unknown_option_is_refused"})


def _status_for(slot: dict) -> str | None:
    """The status a departure's vacancies give it (SOLD_OUT at 0, LIMITED under half its capacity)."""
    vacancies, capacity = slot.get("vacancies"), slot.get("capacity")
    if slot.get("status") not in ("AVAILABLE", "LIMITED", "SOLD_OUT") or not isinstance(vacancies, int):
        return slot.get("status")
    if vacancies <= 0:
        return "SOLD_OUT"
    return "LIMITED" if isinstance(capacity, int) and vacancies < capacity / 2 else "AVAILABLE"


def _holds_take_no_seats(app):
    """Availability answers count the seats of the caller's ON_HOLD bookings as free again."""
    holds: dict[tuple, list[tuple[str, int]]] = {}  # (key, product, option, departure) -> [(uuid, seats)]

    def middleware(environ, start_response):
        call = Call.of(environ)
        key = environ.get("HTTP_AUTHORIZATION", "")
        status, headers, body = answer(app, environ)
        if not status.startswith("200"):
            return send(start_response, status, headers, body)
        data = json.loads(body) if is_reservation(call) or call.path == "/octo/availability" else None
        if is_reservation(call) and isinstance(data, dict) and isinstance(data.get("unitItems"), list):
            slot = (key, data["productId"], data["optionId"], data["availabilityId"])
            holds.setdefault(slot, []).append((data["uuid"], seats_of(app, environ, data)))
        elif call.path == "/octo/availability" and isinstance(call.body, dict) and isinstance(data, list):
            for departure in data:
                slot = (key, call.body.get("productId"), call.body.get("optionId"), departure.get("id"))
                if slot not in holds or not isinstance(departure.get("vacancies"), int):
                    continue
                held = [(uuid, seats) for uuid, seats in holds[slot]
                        if (fetch(app, environ, "GET", f"/octo/bookings/{uuid}") or {}).get("status") == "ON_HOLD"]
                holds[slot] = held
                departure["vacancies"] += sum(seats for _, seats in held)
                departure["status"] = _status_for(departure)
            body = json.dumps(data).encode()
        return send(start_response, status, headers, body)
    return middleware


# A hold that takes no seats is seen by every rule counting a hold's seats: repeating it, and
# moving it to another departure (which then loses none).
RESERVATIONS_HOLD_NO_SEATS = Defect(
    "a reservation holds no seats: only a confirmed booking takes them",
    _holds_take_no_seats,
    fails={"test_reservation_holds_vacancies", "test_same_uuid_holds_seats_once",
           "test_update_availability_moves_seats"})


def _accompanied_anyway(app):
    """A reservation refused because a unit must be accompanied is made with one accompanying unit added."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        refusal = json.loads(body).get("errorMessage", "") if status.startswith("4") and body[:1] == b"{" else ""
        if is_reservation(call) and "must be accompanied by one of: " in refusal:
            companion = refusal.split("must be accompanied by one of: ")[1].split(",")[0].strip()
            with_body(environ, {**call.body, "unitItems": [*call.body["unitItems"], {"unitId": companion}]})
            status, headers, body = answer(app, environ)
        return send(start_response, status, headers, body)
    return middleware


UNACCOMPANIED_UNIT_BOOKED = Defect(
    "a unit that must be accompanied, booked alone, is booked with an accompanying unit added",
    _accompanied_anyway,
    fails={"test_unaccompanied_unit_is_refused"})


def _sold_out_overbooked(app):
    """A reservation of a SOLD_OUT departure answers an ON_HOLD booking the supplier never stores."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_reservation(call) and status.startswith("4") and b"is SOLD_OUT" in body:
            sent = call.body
            booking = {"uuid": sent.get("uuid") or str(uuidlib.uuid4()),
                       "status": "ON_HOLD", "productId": sent.get("productId"), "optionId": sent.get("optionId"),
                       "availabilityId": sent.get("availabilityId"), "notes": sent.get("notes"),
                       "unitItems": [{"uuid": item.get("uuid") or str(uuidlib.uuid4()), "unitId": item.get("unitId"),
                                      "status": "ON_HOLD"} for item in sent.get("unitItems") or []]}
            booking["id"] = booking["uuid"]
            return send(start_response, "200 OK", [("Content-Type", "application/json")], json.dumps(booking).encode())
        return send(start_response, status, headers, body)
    return middleware


SOLD_OUT_OVERBOOKED = Defect(
    "a reservation of a SOLD_OUT departure answers 200 with an ON_HOLD booking (overbooked, and never stored)",
    _sold_out_overbooked,
    fails={"test_sold_out_departure_is_refused"})


# The rules letting a hold of 1 minute run out (2 minutes on the clock) find it still held.
EXPIRATION_MINUTES_IGNORED = Defect(
    "a reservation ignores expirationMinutes: every hold lasts the product's default",
    rewriting_request(is_reservation, lambda body: {k: v for k, v in body.items() if k != "expirationMinutes"}),
    fails={"test_hold_expiry_honours_expiration_minutes", "test_expired_hold_cannot_be_confirmed",
           "test_expired_hold_cannot_be_extended", "test_expired_hold_is_not_listed_on_hold",
           "test_expired_hold_reads_expired", "test_expiry_releases_seats"})


def _voucher_undelivered(booking: dict) -> None:
    if booking.get("status") == "CONFIRMED" and isinstance(booking.get("voucher"), dict):
        booking["voucher"]["deliveryOptions"] = []


# With no code on the voucher, there is no voucher code to look the booking up by.
CONFIRMED_VOUCHER_UNDELIVERED = Defect(
    "a confirmed booking's voucher carries no delivery options (its tickets do)",
    rewriting_bookings(_voucher_undelivered),
    fails={"test_voucher_delivered_per_delivery_methods", "test_lookup_by_voucher_code"})
