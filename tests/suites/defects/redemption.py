"""Defects in octo/redemption (seed 000)."""
from __future__ import annotations

import json

from .kit import Call, Defect, answer, each_booking, is_redemption, octo_error, rewriting, send, served_as_if_asked


def _said_redeemable(booking: dict) -> None:
    booking["redeemable"] = True


REDEEM_ANSWER_REDEEMABLE = Defect(
    "a redemption answers its booking still redeemable",
    rewriting(lambda c: is_redemption(c, "redeem"), lambda data, call: each_booking(data, _said_redeemable)),
    fails={"test_redeem_answer_is_not_redeemable"})


def _expired_said_redeemable(booking: dict) -> None:
    if booking.get("status") == "EXPIRED":
        booking["redeemable"] = True


EXPIRED_REDEEMABLE = Defect(
    "lookup says an expired hold is redeemable",
    rewriting(lambda c: is_redemption(c, "lookup"), lambda data, call: each_booking(data, _expired_said_redeemable)),
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
