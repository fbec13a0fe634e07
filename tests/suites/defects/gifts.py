"""Defects in octo/gifts (seed 003)."""
from __future__ import annotations

import io
from datetime import datetime, timedelta

from .kit import Call, Defect, answer, octo_error, rewriting, rewriting_request, send, served_as_if_asked


def _gift_hold_of_30_minutes(data, call):
    if data.get("status") == "ON_HOLD" and data.get("utcCreatedAt"):
        created = datetime.fromisoformat(data["utcCreatedAt"].replace("Z", "+00:00"))
        data["utcExpiresAt"] = (created + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return data


GIFT_HOLD_IGNORES_EXPIRATION = Defect(
    "gift holds last 30 minutes whatever expirationMinutes says",
    rewriting(lambda c: c.method == "POST" and c.path == "/octo/gifts", _gift_hold_of_30_minutes),
    fails={"test_gift_reservation_is_on_hold"})


GIFT_FIELDS_DEFAULTED = Defect(
    "a gift reservation without amount or currency gets a default one",
    rewriting_request(lambda c: c.method == "POST" and c.path == "/octo/gifts",
                       lambda body: {"amount": 1000, "currency": "GBP", **body}),
    fails={"test_gift_without_amount_or_currency_is_refused"})


def _unknown_gift_crashes(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if environ["PATH_INFO"].startswith("/octo/gifts/") and b"INVALID_BOOKING_UUID" in body:
            return octo_error(start_response, "INTERNAL_SERVER_ERROR", "gift not found", "500 Internal Server Error")
        return send(start_response, status, headers, body)
    return middleware


UNKNOWN_GIFT_CRASHES = Defect(
    "an unknown gift uuid answers HTTP 500",
    _unknown_gift_crashes,
    fails={"test_unknown_gift_is_refused"})


GIFTS_WITHOUT_CAPABILITY = Defect(
    "the gift endpoints serve callers who did not ask for octo/gifts",
    served_as_if_asked("/octo/gifts", "octo/pricing, octo/gifts"),
    fails={"test_gifts_need_the_capability"})


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


SPENT_GIFT_CHANGES_ACCEPTED = Defect(
    "changing a gift it may no longer change answers 200 with the gift as it is",
    _spent_gift_changes_accepted,
    fails={"test_spent_gift_cannot_be_changed"})
