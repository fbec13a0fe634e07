"""Defects in octo/redemption (seed 000)."""
from __future__ import annotations

import io
import json
from typing import Callable
from urllib.parse import urlencode

from .kit import (BOOKING_PATH, Call, Defect, about_bookings, accepting_refused, answer, ask, booking_now,
                  crashing_on_answer, each_booking, fetch, is_cancellation, is_redemption, is_update, octo_error,
                  rewriting, rewriting_bookings, send, served_as_if_asked)


def _said_redeemable(booking: dict) -> None:
    booking["redeemable"] = True


REDEEM_ANSWER_REDEEMABLE = Defect(
    "a redemption answers its booking still redeemable",
    rewriting_bookings(_said_redeemable, lambda c: is_redemption(c, "redeem")),
    fails={"test_redeem_answer_is_not_redeemable"})


def _expired_said_redeemable(booking: dict) -> None:
    if booking.get("status") == "EXPIRED":
        booking["redeemable"] = True


EXPIRED_REDEEMABLE = Defect(
    "lookup says an expired hold is redeemable",
    rewriting_bookings(_expired_said_redeemable, lambda c: is_redemption(c, "lookup")),
    fails={"test_expired_booking_is_not_redeemable"})


def _refused_redemption_accepted(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_redemption(call, "redeem") and not status.startswith("200"):
            status, body = "200 OK", json.dumps({"status": "REDEEMED", "redemptionCode": call.body}).encode()
        return send(start_response, status, headers, body)
    return middleware


# Every refused redemption answered 200: the rules expecting a refusal all fail.
UNREDEEMABLE_ACCEPTED = Defect(
    "redeeming an unredeemable code answers 200",
    _refused_redemption_accepted,
    fails={"test_redeem_many_is_all_or_nothing", "test_redeem_twice_is_refused",
           "test_redemption_needs_the_capability", "test_unredeemable_code_is_refused"})


def _validate_refuses_redeemed(app):
    redeemed: set[str] = set()

    def middleware(environ, start_response):
        call = Call.of(environ)
        code = (call.body or {}).get("redemptionCode") if isinstance(call.body, dict) else None
        if is_redemption(call, "validate") and code in redeemed:
            return octo_error(start_response, "UNPROCESSABLE_ENTITY", "already redeemed")
        status, headers, body = answer(app, environ)
        if is_redemption(call, "redeem") and status.startswith("200") and isinstance(code, str):
            redeemed.add(code)
        return send(start_response, status, headers, body)
    return middleware


VALIDATE_REFUSES_REDEEMED = Defect(
    "validating an already redeemed code is refused",
    _validate_refuses_redeemed,
    fails={"test_validate_of_a_redeemed_code_answers_the_booking"})


def _validate_unknown_empty(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_redemption(call, "validate") and not status.startswith("200"):
            status, body = "200 OK", b"{}"
        return send(start_response, status, headers, body)
    return middleware


VALIDATE_UNKNOWN_EMPTY = Defect(
    "validating an unknown code answers 200 with an empty object",
    _validate_unknown_empty,
    fails={"test_redemption_needs_the_capability", "test_validate_of_an_unknown_code_is_refused"})


REDEMPTION_WITHOUT_CAPABILITY = Defect(
    "the redemption endpoints serve callers who did not ask for octo/redemption",
    served_as_if_asked("/octo/redemption/", "octo/redemption"),
    fails={"test_redemption_needs_the_capability"})


def _lookup_of(call: Call) -> str:
    return call.query.get("reference", "").strip()


def _codes(ticket: object) -> set[str]:
    options = ticket.get("deliveryOptions") if isinstance(ticket, dict) else None
    return {o.get("deliveryValue") for o in options or [] if isinstance(o, dict)}


def _supplier_reference_answered_bare(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.method == "GET" and is_redemption(call, "lookup") and status.startswith("200"):
            found = json.loads(body)
            if len(found) == 1 and found[0].get("supplierReference") == _lookup_of(call):
                body = json.dumps(found[0]).encode()
        return send(start_response, status, headers, body)
    return middleware


# The rules looking their booking up by supplierReference as a step are blocked.
LOOKUP_BY_SUPPLIER_REFERENCE_BARE = Defect(
    "a lookup by a booking's supplierReference answers that booking, not an array of it",
    _supplier_reference_answered_bare,
    fails={"test_lookup_by_supplier_reference"},
    blocks={"test_cancelled_booking_is_not_redeemable", "test_confirmed_booking_is_redeemable",
            "test_expired_booking_is_not_redeemable", "test_lookup_results_are_valid",
            "test_on_hold_booking_is_not_redeemable", "test_redeem_answer_is_not_redeemable",
            "test_redeem_many_codes_together", "test_redeem_many_is_all_or_nothing",
            "test_redeem_marks_everything_redeemed", "test_redeem_twice_is_refused",
            "test_redeemed_booking_cannot_be_cancelled", "test_redeemed_booking_cannot_be_updated",
            "test_redeemed_booking_is_not_redeemable", "test_redemption_needs_the_capability",
            "test_unredeemable_code_is_refused", "test_validate_of_a_redeemed_code_answers_the_booking",
            "test_validate_redeems"})


def _lookup_without(unmatched: Callable[[dict, str], bool]):
    """A lookup answers without the bookings `unmatched` says the reference does not find."""
    return rewriting(lambda c: is_redemption(c, "lookup"),
                     lambda data, call: [b for b in data if not unmatched(b, _lookup_of(call))])


def _only_by_reseller_reference(booking: dict, reference: str) -> bool:
    return booking.get("resellerReference") == reference != booking.get("supplierReference")


# The package's shared code is a resellerReference: the package is not found either.
LOOKUP_IGNORES_RESELLER_REFERENCE = Defect(
    "lookup does not search resellerReference",
    _lookup_without(_only_by_reseller_reference),
    fails={"test_lookup_by_reseller_reference", "test_lookup_finds_every_booking_of_a_package"})


LOOKUP_IGNORES_VOUCHER_CODES = Defect(
    "lookup does not search the codes printed on vouchers",
    _lookup_without(lambda booking, reference: reference in _codes(booking.get("voucher"))),
    fails={"test_lookup_by_voucher_code"})


LOOKUP_IGNORES_TICKET_CODES = Defect(
    "lookup does not search the codes printed on tickets",
    _lookup_without(lambda booking, reference: any(reference in _codes(i.get("ticket"))
                                                   for i in booking.get("unitItems") or [])),
    fails={"test_lookup_by_ticket_code"})


LOOKUP_FIRST_MATCH_ONLY = Defect(
    "lookup answers only the first booking a code names",
    rewriting(lambda c: is_redemption(c, "lookup"), lambda data, call: data[:1]),
    fails={"test_lookup_finds_every_booking_of_a_package"})


def _without_availability(booking: dict) -> None:
    booking.pop("availability", None)


LOOKUP_RESULTS_WITHOUT_AVAILABILITY = Defect(
    "lookup results leave out the booking's availability",
    rewriting_bookings(_without_availability, lambda c: is_redemption(c, "lookup")),
    fails={"test_lookup_results_are_valid"})


LOOKUP_UNKNOWN_CRASHES = Defect(
    "lookup of a code that names no booking answers an HTML 500 page",
    crashing_on_answer(lambda call, status, body: is_redemption(call, "lookup") and status.startswith("200")
                       and json.loads(body) == []),
    fails={"test_lookup_of_unknown_code_is_empty"})


def _lookup_says_redeemable(status: str, redeemable: bool):
    def change(booking: dict) -> None:
        if booking.get("status") == status:
            booking["redeemable"] = redeemable
    return rewriting_bookings(change, lambda c: is_redemption(c, "lookup"))


CONFIRMED_NOT_REDEEMABLE = Defect(
    "lookup says a CONFIRMED booking is not redeemable",
    _lookup_says_redeemable("CONFIRMED", False),
    fails={"test_confirmed_booking_is_redeemable"})


ON_HOLD_REDEEMABLE = Defect(
    "lookup says an ON_HOLD booking is redeemable",
    _lookup_says_redeemable("ON_HOLD", True),
    fails={"test_on_hold_booking_is_not_redeemable"})


REDEEMED_STILL_REDEEMABLE = Defect(
    "lookup says a REDEEMED booking is still redeemable",
    _lookup_says_redeemable("REDEEMED", True),
    fails={"test_redeemed_booking_is_not_redeemable"})


REDEEM_MANY_ANSWERS_FIRST = Defect(
    "redeeming an array of codes redeems them all but answers only the first booking",
    rewriting(lambda c: is_redemption(c, "redeem") and isinstance((c.body or {}).get("redemptionCode"), list),
              lambda data, call: data[:1]),
    fails={"test_redeem_many_codes_together"})


def _validate_without_redeeming(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        code = call.body.get("redemptionCode") if isinstance(call.body, dict) else None
        if is_redemption(call, "validate") and isinstance(code, str):
            found = fetch(app, environ, "GET", "/octo/redemption/lookup", query=urlencode({"reference": code})) or []
            if len(found) == 1 and found[0].get("redeemable"):
                return send(start_response, "200 OK", [("Content-Type", "application/json")],
                            json.dumps(found[0]).encode())
        return app(environ, start_response)
    return middleware


VALIDATE_DOES_NOT_REDEEM = Defect(
    "validating a code not yet redeemed answers its booking without redeeming it",
    _validate_without_redeeming,
    fails={"test_validate_redeems"})


UPDATE_OF_REDEEMED_IGNORED = Defect(
    "an update of a REDEEMED booking answers 200 with the booking unchanged",
    accepting_refused(is_update, lambda booking: booking.get("status") == "REDEEMED"),
    fails={"test_redeemed_booking_cannot_be_updated"})


def _credentials_null_dropped(data, call):
    return {k: v for k, v in data.items() if v is not None}


CREDENTIALS_NULL_LEFT_OUT = Defect(
    "credentials leaves apiKey out of its answer when no key owns the code",
    rewriting(lambda c: is_redemption(c, "credentials"), _credentials_null_dropped),
    fails={"test_credentials_of_unknown_code_is_null"})


def _unit_code_redeems_the_booking(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        booking = json.loads(body) if is_redemption(call, "redeem") and status.startswith("200") else None
        if isinstance(booking, dict) and any(i.get("status") != "REDEEMED" for i in booking.get("unitItems") or []):
            raw = json.dumps({"redemptionCode": booking["supplierReference"]}).encode()
            whole = {**environ, "wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))}
            status, headers, body = answer(app, whole)
        return send(start_response, status, headers, body)
    return middleware


# No source says what a unit item's code does to the rest of its booking: only an advisory.
UNIT_CODE_REDEEMS_THE_BOOKING = Defect(
    "redeeming a unit item's code redeems its whole booking",
    _unit_code_redeems_the_booking,
    advises={"test_unit_code_redeems_only_that_unit"})


def _unit_reference_only(booking: dict, reference: str) -> bool:
    return (reference in {item.get("supplierReference") for item in booking.get("unitItems") or []}
            and reference not in {booking.get("supplierReference"), booking.get("resellerReference")})


# The rule on what a unit item's code redeems (an advisory) first looks the unit item up by its
# reference: that step is its own expectation, so the rule fails, not only its advisory.
LOOKUP_IGNORES_UNIT_REFERENCES = Defect(
    "lookup does not search the unit items' supplierReferences",
    _lookup_without(_unit_reference_only),
    fails={"test_lookup_by_unit_item_reference", "test_unit_code_redeems_only_that_unit"})


CANCELLED_REDEEMABLE = Defect(
    "lookup says a CANCELLED booking is redeemable",
    _lookup_says_redeemable("CANCELLED", True),
    fails={"test_cancelled_booking_is_not_redeemable"})


def _unit_items_unredeemed(booking: dict) -> None:
    if booking.get("status") == "REDEEMED":
        for item in booking["unitItems"]:
            item.update(status="CONFIRMED", utcRedeemedAt=None)
            if isinstance(item.get("ticket"), dict):
                item["ticket"]["utcRedeemedAt"] = None


REDEEMED_UNIT_ITEMS_UNTOUCHED = Defect(
    "redeeming a booking leaves its unit items and tickets unredeemed (CONFIRMED, utcRedeemedAt null)",
    rewriting_bookings(_unit_items_unredeemed),
    fails={"test_redeem_marks_everything_redeemed"})


def _redeemed_code_by_code(app):
    """An array of codes the mock refuses as a whole is redeemed code by code: the ones that can be are."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        codes = (call.body or {}).get("redemptionCode") if isinstance(call.body, dict) else None
        if is_redemption(call, "redeem") and isinstance(codes, list) and not status.startswith("200"):
            done = [fetch(app, environ, "POST", "/octo/redemption/redeem", {"redemptionCode": code}) for code in codes]
            done = [booking for booking in done if booking is not None]
            if done:
                status, body = "200 OK", json.dumps(done).encode()
        return send(start_response, status, headers, body)
    return middleware


REDEEM_MANY_CODE_BY_CODE = Defect(
    "an array of codes is redeemed code by code, not all or nothing: the good ones are redeemed",
    _redeemed_code_by_code,
    fails={"test_redeem_many_is_all_or_nothing"})


def _first_valid_key(app):
    """Credentials answer, when some key owns the code, the first of the keys sent that is valid."""
    def valid(environ, key: object) -> bool:
        status, _ = ask(app, {**environ, "HTTP_AUTHORIZATION": f"Bearer {key}"}, "GET", "/octo/supplier")
        return status.startswith("200")

    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_redemption(call, "credentials") and status.startswith("200") and isinstance(call.body, dict):
            data = json.loads(body)
            if isinstance(data, dict) and data.get("apiKey"):
                data["apiKey"] = next((k for k in call.body.get("apiKeys") or [] if valid(environ, k)), data["apiKey"])
                body = json.dumps(data).encode()
        return send(start_response, status, headers, body)
    return middleware


CREDENTIALS_FIRST_VALID_KEY = Defect(
    "credentials answers the first valid key sent, whether it owns the code or not",
    _first_valid_key,
    fails={"test_credentials_pick_the_owning_key"})


def _redeemed_cancellable(app):
    """Cancelling a REDEEMED booking, which the mock refuses, is recorded by the supplier (the
    middleware): from then on the booking reads CANCELLED, refund NONE."""
    cancelled: dict[str, dict] = {}  # booking uuid -> its cancellation

    def show(booking: dict) -> None:
        if booking.get("uuid") in cancelled:
            booking.update(status="CANCELLED", cancellation=cancelled[booking["uuid"]], cancellable=False)
            for item in booking["unitItems"]:
                item["status"] = "CANCELLED"

    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        status, headers, body = answer(app, environ)
        if is_cancellation(call) and not status.startswith("200"):
            booking = booking_now(app, environ, match["uuid"]) or {}
            if booking.get("status") == "REDEEMED":
                reason = (call.body or {}).get("reason") if isinstance(call.body, dict) else None
                cancelled[booking["uuid"]] = {"refund": "NONE", "reason": reason,
                                              "utcCancelledAt": booking.get("utcUpdatedAt")}
                status, body = "200 OK", json.dumps(booking).encode()
        if status.startswith("200") and about_bookings(call):
            body = json.dumps(each_booking(json.loads(body), show)).encode()
        return send(start_response, status, headers, body)
    return middleware


REDEEMED_BOOKING_CANCELLED = Defect(
    "a redeemed booking can still be cancelled (it then reads CANCELLED, refund NONE)",
    _redeemed_cancellable,
    fails={"test_redeemed_booking_cannot_be_cancelled"})
