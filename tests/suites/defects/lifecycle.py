"""Defects in cancelling, expiry, idempotent replays and the booking-state invariants."""
from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

from .kit import (BOOKING_PATH, Call, Defect, about_bookings, answer, booking_now, clock_moved, crashing_on_answer,
                  each_booking, fetch, is_cancellation, is_confirmation, is_reservation, octo_error, refusing,
                  rewriting, rewriting_bookings, rewriting_request, seats_of, send, with_body)


def _action(call: Call, action: str | None) -> bool:
    match = BOOKING_PATH.match(call.path)
    return bool(match) and match["action"] == action


# --- cancelling ------------------------------------------------------------------------------

DELETE_NOT_ROUTED = Defect(
    "DELETE /bookings/{uuid} is not routed: 405 Method Not Allowed (only POST /cancel cancels)",
    refusing(lambda c: c.method == "DELETE" and _action(c, None), "METHOD_NOT_ALLOWED", "405 Method Not Allowed"),
    fails={"test_cancel_with_delete"})


# POST /cancel is also how a hold is cancelled: that rule checks the reason as well.
CANCEL_REASON_LOST = Defect(
    "POST /bookings/{uuid}/cancel drops the reason it is sent (cancellation.reason null)",
    rewriting_request(lambda c: c.method == "POST" and _action(c, "/cancel"),
                      lambda body: {k: v for k, v in body.items() if k != "reason"}),
    fails={"test_cancel_on_hold_booking", "test_cancel_with_post"})


def _tickets_outlive_cancellation(app):
    delivered: dict[str, dict] = {}  # booking uuid -> the deliveryOptions it was confirmed with

    def remember_or_restore(booking: dict) -> None:
        tickets = {"voucher": booking.get("voucher")}
        tickets.update({item.get("uuid"): item.get("ticket") for item in booking["unitItems"]})
        if booking.get("status") == "CONFIRMED":
            delivered[booking["uuid"]] = {k: t.get("deliveryOptions") for k, t in tickets.items()
                                          if isinstance(t, dict) and t.get("deliveryOptions")}
        elif booking.get("status") == "CANCELLED":
            for key, options in delivered.get(booking["uuid"], {}).items():
                if isinstance(tickets.get(key), dict):
                    tickets[key]["deliveryOptions"] = options
    return rewriting_bookings(remember_or_restore)(app)


TICKETS_OUTLIVE_CANCELLATION = Defect(
    "a cancelled booking keeps offering the voucher and tickets it was confirmed with",
    _tickets_outlive_cancellation,
    fails={"test_cancelled_booking_has_no_delivery_options"})


def _confirmed_not_cancellable(booking: dict) -> None:
    if booking.get("status") == "CONFIRMED":
        booking["cancellable"] = False


CONFIRMED_NOT_CANCELLABLE = Defect(
    "cancellable is true only on holds: a confirmed booking says false, even far from its cutoff",
    rewriting_bookings(_confirmed_not_cancellable),
    fails={"test_confirmed_booking_is_cancellable"})


def _cancellable_fixed_at_confirmation(app):
    at_confirmation: dict[str, bool] = {}

    def keep(booking: dict, call: Call) -> None:
        if booking.get("status") != "CONFIRMED":
            return
        if is_confirmation(call):
            at_confirmation.setdefault(booking["uuid"], booking.get("cancellable"))
        elif at_confirmation.get(booking["uuid"]) and not any(i.get("utcRedeemedAt") for i in booking["unitItems"]):
            booking["cancellable"] = True
    return rewriting(about_bookings, lambda data, call: each_booking(data, lambda b: keep(b, call)))(app)


CANCELLABLE_FIXED_AT_CONFIRMATION = Defect(
    "cancellable is worked out at confirmation and never again: it stays true once the cutoff passed",
    _cancellable_fixed_at_confirmation,
    fails={"test_cancellation_ends_when_the_cutoff_passes"})


CANCEL_UNKNOWN_CRASHES = Defect(
    "cancelling an unknown booking answers an HTTP 500 page",
    crashing_on_answer(lambda call, status, body: call.method == "POST" and _action(call, "/cancel")
                       and b"INVALID_BOOKING_UUID" in body),
    fails={"test_cancelling_unknown_booking_is_refused"})


# --- extending and expiry -------------------------------------------------------------------

EXTEND_IGNORES_MINUTES = Defect(
    "extending a hold ignores expirationMinutes: it is held for the product's default again",
    rewriting_request(lambda c: c.method == "POST" and c.path.startswith("/octo/bookings/")
                      and c.path.endswith("/extend"),
                      lambda body: {k: v for k, v in body.items() if k != "expirationMinutes"}),
    fails={"test_extend_moves_expiry"})


def _expired_hold_confirms(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_confirmation(call) and not status.startswith("200"):
            booking = fetch(app, environ, "GET", call.path.removesuffix("/confirm"))
            if isinstance(booking, dict) and booking.get("status") == "EXPIRED":
                booking.update(status="CONFIRMED", utcConfirmedAt=booking["utcUpdatedAt"], utcExpiresAt=None,
                               contact={**(booking.get("contact") or {}), **((call.body or {}).get("contact") or {})})
                for item in booking["unitItems"]:
                    item["status"] = "CONFIRMED"
                return send(start_response, "200 OK", headers, json.dumps(booking).encode())
        return send(start_response, status, headers, body)
    return middleware


EXPIRED_HOLD_CONFIRMS = Defect(
    "an expired hold can still be confirmed (the expiry is not checked at confirmation)",
    _expired_hold_confirms,
    fails={"test_expired_hold_cannot_be_confirmed"})


def _phantom_seats(held_while: frozenset[str], on_repeat: bool):
    """Middleware factory: bookings whose reservation is (or is not) a repeat keep seats that the
    availability answers count as taken while the booking is in one of `held_while`."""
    def wrap(app):
        reserved: set[tuple[str, str]] = set()  # (API key, booking uuid)
        phantoms: dict[tuple, list[tuple[str, int]]] = {}  # (key, product, option, departure) -> [(uuid, seats)]

        def middleware(environ, start_response):
            call = Call.of(environ)
            key = environ.get("HTTP_AUTHORIZATION", "")
            status, headers, body = answer(app, environ)
            reserving, checking = is_reservation(call), call.method == "POST" and call.path == "/octo/availability"
            if not status.startswith("200") or not (reserving or checking):
                return send(start_response, status, headers, body)
            data = json.loads(body)
            if reserving and isinstance(data, dict) and isinstance(data.get("unitItems"), list):
                repeat = (key, data["uuid"]) in reserved
                reserved.add((key, data["uuid"]))
                if repeat == on_repeat:
                    slot = (key, data["productId"], data["optionId"], data["availabilityId"])
                    phantoms.setdefault(slot, []).append((data["uuid"], seats_of(app, environ, data)))
            elif checking and isinstance(call.body, dict) and isinstance(data, list):
                for departure in data:
                    slot = (key, call.body.get("productId"), call.body.get("optionId"), departure.get("id"))
                    if slot not in phantoms or not isinstance(departure.get("vacancies"), int):
                        continue
                    statuses = [(held, (fetch(app, environ, "GET", f"/octo/bookings/{held[0]}") or {}).get("status"))
                                for held in phantoms[slot]]
                    phantoms[slot] = [held for held, now in statuses if now in held_while | {"ON_HOLD"}]
                    taken = sum(seats for (_, seats), now in statuses if now in held_while)
                    departure["vacancies"] = max(departure["vacancies"] - taken, 0)
                body = json.dumps(data).encode()
            return send(start_response, status, headers, body)
        return middleware
    return wrap


EXPIRED_HOLDS_KEEP_SEATS = Defect(
    "an expired hold keeps its seats: only a cancellation gives them back",
    _phantom_seats(frozenset({"EXPIRED"}), on_repeat=False),
    fails={"test_expiry_releases_seats"})


# --- idempotent replays -----------------------------------------------------------------------

REPEATED_RESERVATION_HOLDS_AGAIN = Defect(
    "a reservation repeated with the same uuid answers the same booking but holds its seats a second time",
    _phantom_seats(frozenset({"ON_HOLD", "CONFIRMED"}), on_repeat=True),
    fails={"test_same_uuid_holds_seats_once"})


def _reused_uuid_answers_first_booking(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_reservation(call) and isinstance(call.body, dict) and call.body.get("uuid") \
                and b"INVALID_BOOKING_UUID" in body:
            existing = fetch(app, environ, "GET", f"/octo/bookings/{call.body['uuid']}")
            if isinstance(existing, dict):
                return send(start_response, "200 OK", headers, json.dumps(existing).encode())
        return send(start_response, status, headers, body)
    return middleware


REUSED_UUID_ANSWERS_FIRST_BOOKING = Defect(
    "a used uuid sent with a different request answers the first booking instead of an error",
    _reused_uuid_answers_first_booking,
    fails={"test_reused_uuid_with_other_request_is_refused"})


def _second_confirm_refused(app):
    confirmed: set[tuple[str, str]] = set()

    def middleware(environ, start_response):
        call = Call.of(environ)
        key = (environ.get("HTTP_AUTHORIZATION", ""), call.path)
        if is_confirmation(call) and key in confirmed:
            return octo_error(start_response, "UNPROCESSABLE_ENTITY", "Booking is already confirmed")
        status, headers, body = answer(app, environ)
        if is_confirmation(call) and status.startswith("200"):
            confirmed.add(key)
        return send(start_response, status, headers, body)
    return middleware


SECOND_CONFIRM_REFUSED = Defect(
    "confirming a booking again with the same request answers 400 (already confirmed)",
    _second_confirm_refused,
    fails={"test_confirm_twice_returns_same_booking"})


# --- the booking-state invariants ---------------------------------------------------------------

def _confirmed_keeps_expiry(app):
    holds: dict[str, str] = {}  # booking uuid -> its hold's utcExpiresAt

    def keep(booking: dict) -> None:
        if booking.get("status") == "ON_HOLD" and booking.get("utcExpiresAt"):
            holds[booking["uuid"]] = booking["utcExpiresAt"]
        elif booking.get("status") == "CONFIRMED" and booking["uuid"] in holds:
            booking["utcExpiresAt"] = holds[booking["uuid"]]
    return rewriting_bookings(keep)(app)


# test_confirmation_confirms states that confirming clears utcExpiresAt: it fails too.
CONFIRMED_KEEPS_EXPIRY = Defect(
    "a confirmed booking keeps its hold's utcExpiresAt",
    _confirmed_keeps_expiry,
    fails={"test_confirmation_confirms", "test_confirmed_state"})


def _cancelled_expires_now(booking: dict) -> None:
    if booking.get("status") == "CANCELLED" and booking.get("utcConfirmedAt"):
        booking["utcExpiresAt"] = (booking.get("cancellation") or {}).get("utcCancelledAt") or booking["utcUpdatedAt"]


CANCELLED_EXPIRES_NOW = Defect(
    "cancelling a confirmed booking sets its utcExpiresAt to the moment of cancellation",
    rewriting_bookings(_cancelled_expires_now),
    fails={"test_cancelled_state"})


def _cancelled_says_cancellable(booking: dict) -> None:
    if booking.get("status") == "CANCELLED":
        booking["cancellable"] = True


# Seed 002's own example does this, so it is only an advisory (OCTO's OpenAPI says false).
CANCELLED_SAYS_CANCELLABLE = Defect(
    "a cancelled booking says cancellable true",
    rewriting_bookings(_cancelled_says_cancellable),
    advises={"test_cancelled_booking_is_not_cancellable"})


# --- more cancelling, expiry and idempotency defects -------------------------------------


def _repeat_books_again(app):
    """A reservation sent again as it was, same uuid, is made as a new booking under a uuid of its own."""
    sent: set[tuple[str, str, str]] = set()  # (API key, uuid, request body)

    def middleware(environ, start_response):
        call = Call.of(environ)
        if is_reservation(call) and isinstance(call.body, dict) and call.body.get("uuid"):
            request = (environ.get("HTTP_AUTHORIZATION", ""), call.body["uuid"], json.dumps(call.body, sort_keys=True))
            if request in sent:
                fresh = {k: v for k, v in call.body.items() if k != "uuid"}
                fresh["unitItems"] = [{k: v for k, v in item.items() if k != "uuid"} if isinstance(item, dict) else item
                                      for item in fresh.get("unitItems") or []]
                with_body(environ, fresh)
            sent.add(request)
        return app(environ, start_response)
    return middleware


# The repeat holds its seats a second time, as a second booking does.
REPEATED_UUID_BOOKS_AGAIN = Defect(
    "a reservation repeated with the same uuid makes a second booking",
    _repeat_books_again,
    fails={"test_same_uuid_returns_same_booking", "test_same_uuid_holds_seats_once"})


def _second_hold_cancel_refused(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        if is_cancellation(call):
            booking = booking_now(app, environ, match["uuid"]) or {}
            if booking.get("status") == "CANCELLED" and not booking.get("utcConfirmedAt"):
                return octo_error(start_response, "UNPROCESSABLE_ENTITY", "Booking is already cancelled")
        return app(environ, start_response)
    return middleware


SECOND_HOLD_CANCEL_REFUSED = Defect(
    "cancelling a cancelled hold again answers 400 instead of the same cancellation",
    _second_hold_cancel_refused,
    fails={"test_cancel_twice_returns_same_booking"})


_MINUTES = {"minute": 1, "hour": 60, "day": 24 * 60}


def _before_the_cutoff(app, environ, booking: dict) -> str | None:
    """A moment (UTC) an hour before the booking's cancellation cutoff, from its departure and option."""
    product = fetch(app, environ, "GET", f"/octo/products/{booking['productId']}") or {}
    option = next((o for o in product.get("options") or [] if o.get("id") == booking.get("optionId")), {})
    amount, unit = option.get("cancellationCutoffAmount"), str(option.get("cancellationCutoffUnit", "")).rstrip("s")
    start = (booking.get("availability") or {}).get("localDateTimeStart")
    if not isinstance(amount, int) or unit not in _MINUTES or not start:
        return None
    moment = datetime.fromisoformat(start) - timedelta(minutes=amount * _MINUTES[unit] + 60)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cancels_past_cutoff(app):
    """A cancellation refused past the cutoff is carried out anyway, on a clock put back before it."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        status, headers, body = answer(app, environ)
        if is_cancellation(call) and not status.startswith("200"):
            booking = booking_now(app, environ, match["uuid"]) or {}
            moment = _before_the_cutoff(app, environ, booking) if booking.get("status") == "CONFIRMED" else None
            if moment:
                with clock_moved(app, environ, moment) as moved:
                    if moved:
                        environ["wsgi.input"] = io.BytesIO(json.dumps(call.body or {}).encode())
                        status, headers, body = answer(app, environ)
        return send(start_response, status, headers, body)
    return middleware


# The cutoff passing on the clock is the same cutoff: that rule fails too.
CANCELLED_PAST_CUTOFF = Defect(
    "a confirmed booking past its cancellation cutoff can still be cancelled",
    _cancels_past_cutoff,
    fails={"test_cancel_refused_when_not_cancellable", "test_cancellation_ends_when_the_cutoff_passes"})


_A_WEEK = 7 * 24 * 60  # the longest hold the mock gives


def _holds_never_expire(app):
    """Every hold is extended to a week behind the caller's back; answers show the expiry it was given."""
    shown: dict[str, str] = {}  # booking uuid -> the utcExpiresAt the caller was given

    def show(booking: dict) -> None:
        if booking.get("status") == "ON_HOLD" and booking["uuid"] in shown:
            booking["utcExpiresAt"] = shown[booking["uuid"]]

    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        match = BOOKING_PATH.match(call.path.removesuffix("/extend"))
        sets_expiry = is_reservation(call) or (match and (call.path.endswith("/extend") or call.method == "PATCH"))
        if status.startswith("200") and sets_expiry:
            booking = json.loads(body)
            if isinstance(booking, dict) and booking.get("status") == "ON_HOLD" and booking.get("utcExpiresAt"):
                shown[booking["uuid"]] = booking["utcExpiresAt"]
                fetch(app, environ, "POST", f"/octo/bookings/{booking['uuid']}/extend",
                      {"expirationMinutes": _A_WEEK})
        elif status.startswith("200") and about_bookings(call):
            body = json.dumps(each_booking(json.loads(body), show)).encode()
        return send(start_response, status, headers, body)
    return middleware


# A hold that does not run out can be confirmed and extended, keeps its seats and is listed
# ON_HOLD: every rule about an expired hold fails (one looked up is not redeemable either way).
HOLDS_NEVER_EXPIRE = Defect(
    "holds never expire: a hold past its utcExpiresAt is still ON_HOLD",
    _holds_never_expire,
    fails={"test_expired_hold_reads_expired", "test_expired_hold_cannot_be_confirmed",
           "test_expired_hold_cannot_be_extended", "test_expired_hold_is_not_listed_on_hold",
           "test_expiry_releases_seats"})


def _offset_timestamps(value):
    if isinstance(value, dict):
        return {k: (v[:-1] + "+00:00" if k.startswith("utc") and isinstance(v, str) and v.endswith("Z")
                    else _offset_timestamps(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_offset_timestamps(v) for v in value]
    return value


# One deviation, seen by every rule that validates a booking's timestamps: the Booking schema
# (answers, listings, lookups) and the state rules.
TIMESTAMPS_WITH_OFFSET = Defect(
    "booking timestamps are written with +00:00 instead of Z",
    rewriting(about_bookings, lambda data, call: _offset_timestamps(data)),
    fails={"test_on_hold_state", "test_confirmed_state", "test_cancelled_state", "test_booking_is_valid",
           "test_lookup_results_are_valid", "test_read_bookings_are_valid"})


def _swapped(value, names: dict[str, str]):
    """`value` with every string that is a key of `names` replaced by its value, at any depth."""
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, dict):
        return {k: _swapped(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_swapped(v, names) for v in value]
    return value


def _reference_renewed_at_confirmation(app):
    """At confirmation the supplier gives the booking a new supplierReference and knows it by that
    one from then on: answers show it, and requests naming it (lookups, listings, credentials,
    redemptions) reach the booking the mock keeps under the old one."""
    new_of: dict[str, str] = {}  # the mock's reference -> the one the booking was given at confirmation
    old_of: dict[str, str] = {}

    def middleware(environ, start_response):
        call = Call.of(environ)
        if old_of:
            query = {k: old_of.get(v, v) for k, v in call.query.items()}
            environ["QUERY_STRING"] = urlencode(query) if query != call.query else environ.get("QUERY_STRING", "")
            if call.body is not None:
                with_body(environ, _swapped(call.body, old_of))
        status, headers, body = answer(app, environ)
        if status.startswith("200") and about_bookings(call):
            data = json.loads(body)
            if is_confirmation(call) and isinstance(data, dict) and data.get("supplierReference") not in new_of:
                new_of[data["supplierReference"]] = f"C-{data['supplierReference']}"
                old_of[new_of[data["supplierReference"]]] = data["supplierReference"]
            body = json.dumps(_swapped(data, new_of)).encode()
        return send(start_response, status, headers, body)
    return middleware


REFERENCE_CHANGES_AT_CONFIRMATION = Defect(
    "the supplierReference changes at confirmation (the booking is known by the new one from then on)",
    _reference_renewed_at_confirmation,
    fails={"test_supplier_reference_is_stable"})
