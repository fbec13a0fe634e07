"""What a stranger's supplier may do differently from our mock and still keep to OCTO.

Each alternative is WSGI middleware (like tests/suites/defects.py) making the mock behave in a
way some source allows: a seed example, OCTO's OpenAPI or typespec, Ventrata's OpenAPI, or a
disagreement SPEC-DIGEST.md records. The suites must stay green on every one of them, alone or
stacked: none may fail or block a rule (tests/suites/test_alternatives.py).
"""
from __future__ import annotations

import json
import re

from .defects.kit import Call, Defect, answer, rewriting, rewriting_bookings, rewriting_headers, rewriting_request, send
from .capability_alternatives import CONTENT_ALTERNATIVES, QUESTION_ALTERNATIVES
from .cart_alternatives import CART_ALTERNATIVES
from .pickup_alternatives import PICKUP_ALTERNATIVES
from .offer_alternatives import OFFER_ALTERNATIVES
from .webhook_alternatives import WEBHOOK_ALTERNATIVES

Alternative = Defect  # the same shape: a name and a middleware factory


def _everywhere(change):
    """A rewriting of every JSON object of every 200 answer (the control interface aside)."""
    def walk(value):
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return change({k: walk(v) for k, v in value.items()})
        return value
    return rewriting(lambda c: not c.path.startswith("/octo/_control"), lambda data, call: walk(data))


def _status(statuses: tuple[str, ...], change):
    def each(booking: dict) -> None:
        if booking.get("status") in statuses:
            change(booking)
    return rewriting_bookings(each)


def _auth_as_401_403(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if b'"UNAUTHORIZED"' in body:
            status = "401 Unauthorized"
        elif b'"FORBIDDEN"' in body:
            status = "403 Forbidden"
        return send(start_response, status, headers, body)
    return middleware


def _with_extension(value: dict) -> dict:
    return {**value, "xVendorExtension": {"note": "extensions are allowed"}}


def _pkpass_first(value: dict) -> dict:
    if isinstance(value.get("deliveryFormats"), list):  # a product that delivers wallet passes too
        value["deliveryFormats"] = ["PKPASS_URL", *value["deliveryFormats"]]
    if isinstance(value.get("deliveryOptions"), list) and value["deliveryOptions"]:
        value["deliveryOptions"] = [{"deliveryFormat": "PKPASS_URL",
                                     "deliveryValue": "https://wallet.example.com/pass/1"}, *value["deliveryOptions"]]
    return value


def _gift_code_named_gift_code(value: dict) -> dict:
    payment = value.get("giftPayment")
    if isinstance(payment, dict) and "code" in payment:
        value["giftPayment"] = {"giftCode": payment["code"], **{k: v for k, v in payment.items() if k != "code"}}
    return value


def _more_capabilities(data, call):
    return data + [{"id": "octo/cardPayments", "revision": 1, "required": False, "dependencies": []},
                   {"id": "ventrata/content", "revision": 1, "required": False, "dependencies": []}]


def _bare_capability_ids(app):
    """docs.octo.travel's spelling (SPEC-CAPABILITIES, Capability ids): `content`, not
    `octo/content`, in GET /capabilities, asked for and echoed; a prefixed id is not understood."""
    def bare(ids: str) -> str:
        return ", ".join(c.strip().removeprefix("octo/") for c in ids.split(",") if c.strip())

    def middleware(environ, start_response):
        asked = environ.get("HTTP_OCTO_CAPABILITIES", "")
        environ["HTTP_OCTO_CAPABILITIES"] = ", ".join(c.strip() for c in asked.split(",") if "/" not in c)
        status, headers, body = answer(app, environ)
        headers = [(k, bare(v) if k.lower() == "octo-capabilities" else v) for k, v in headers]
        if environ.get("PATH_INFO", "").rstrip("/") == "/octo/capabilities" and status.startswith("200"):
            body = json.dumps([{**c, "id": bare(c["id"]), "dependencies": [bare(d) for d in c["dependencies"]]}
                               for c in json.loads(body)]).encode()
        return send(start_response, status, headers, body)
    return middleware


def _keep_hold_expiry(booking: dict) -> None:
    if not booking.get("utcConfirmedAt") and booking.get("utcExpiresAt") is None:
        booking["utcExpiresAt"] = booking.get("utcCreatedAt")


def _gift(status: str, change):
    def each(data, call):
        for gift in data if isinstance(data, list) else [data]:
            if isinstance(gift, dict) and gift.get("status") == status:
                change(gift)
        return data
    return rewriting(lambda c: c.path.startswith("/octo/gifts"), each)


def _no_freesale_vacancies(value: dict) -> dict:
    if value.get("status") == "FREESALE":
        value.pop("vacancies", None)
    return value


_SECONDS = re.compile(rb'("utc[A-Za-z]+": ?"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})Z"')


def _nanosecond_timestamps(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        return send(start_response, status, headers, _SECONDS.sub(rb'\1.000000000Z"', body))
    return middleware


def _lookup_unknown_is_bad_request(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.path == "/octo/redemption/lookup" and body.strip() == b"[]":
            status, body = "400 Bad Request", json.dumps({"error": "BAD_REQUEST", "errorMessage": "no such code"}).encode()
        return send(start_response, status, headers, body)
    return middleware


def _trailing_slash_redirects(app):
    def middleware(environ, start_response):
        path = environ["PATH_INFO"]
        if path in ("/octo/supplier", "/octo/products", "/octo/bookings", "/octo/capabilities"):
            query = environ.get("QUERY_STRING")
            location = path + "/" + (f"?{query}" if query else "")
            return send(start_response, "308 Permanent Redirect", [("Location", location)], b"")
        return app(environ, start_response)
    return middleware


def _units_priced_from_only(value: dict) -> dict:
    if "pricingFrom" in value and "pricing" in value and "type" in value:  # a unit of a product
        value.pop("pricing")
    return value


def _charset(name: str, value: str) -> tuple[str, str]:
    return (name, "application/json; charset=utf-8" if name.lower() == "content-type" and value == "application/json"
            else value)


ALTERNATIVES = [
    Alternative("authentication errors answered 401 and 403 (SPEC-DIGEST §3)", _auth_as_401_403),
    Alternative("an extension field on every object (schemas/README; OpenAPI objects are open)",
                _everywhere(_with_extension)),
    Alternative("a PKPASS_URL delivery option listed first (core DeliveryFormat)", _everywhere(_pkpass_first)),
    Alternative("giftPayment names its code giftCode (SPEC-DIGEST §5; Ventrata)", _everywhere(_gift_code_named_gift_code)),
    Alternative("GET /capabilities lists Ventrata's ids too (Ventrata CapabilityId)",
                rewriting(lambda c: c.path == "/octo/capabilities", _more_capabilities)),
    Alternative("capability ids spelled bare, content for octo/content (docs.octo.travel since 2025)",
                _bare_capability_ids),
    Alternative("REDEEMED and CANCELLED bookings say cancellable true (seeds 000 and 002)",
                _status(("REDEEMED", "CANCELLED"), lambda b: b.update(cancellable=True))),
    Alternative("a cancelled hold keeps an utcExpiresAt (seed 002's cancellation example)",
                _status(("CANCELLED",), _keep_hold_expiry)),
    Alternative("holds carry utcUpdatedAt null (v1 types; the validator)",
                _status(("ON_HOLD",), lambda b: b.update(utcUpdatedAt=None))),
    Alternative("an ON_HOLD gift has no voucher yet (SPEC-DIGEST §5: voucher Ticket|null)",
                _gift("ON_HOLD", lambda g: g.update(voucher=None))),
    Alternative("a cancelled gift says cancellable true (as bookings may)",
                _gift("CANCELLED", lambda g: g.update(cancellable=True))),
    Alternative("resellerReference is taken at confirmation only (seeds 002 and 003)",
                rewriting_request(lambda c: c.method == "POST" and c.path in ("/octo/bookings", "/octo/gifts"),
                                   lambda body: {k: v for k, v in body.items() if k != "resellerReference"})),
    Alternative("FREESALE availability leaves vacancies out (OCTO's OpenAPI: nulled or omitted)",
                _everywhere(_no_freesale_vacancies)),
    Alternative("timestamps with nine fraction digits (RFC 3339)", _nanosecond_timestamps),
    Alternative("a lookup of an unknown code answers BAD_REQUEST (seed 000 is silent)", _lookup_unknown_is_bad_request),
    Alternative("paths without a trailing slash redirect (308) to the ones OCTO's OpenAPI declares",
                _trailing_slash_redirects),
    Alternative("product units carry pricingFrom only (OCTO's docs and generator)", _everywhere(_units_priced_from_only)),
    Alternative("Content-Type application/json; charset=utf-8", rewriting_headers(_charset)),
    *CONTENT_ALTERNATIVES,
    *PICKUP_ALTERNATIVES,
    *QUESTION_ALTERNATIVES,
    *OFFER_ALTERNATIVES,
    *CART_ALTERNATIVES,
    *WEBHOOK_ALTERNATIVES,
]
