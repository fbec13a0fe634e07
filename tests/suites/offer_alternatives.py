"""What a stranger's octo/offers may do differently from our mock and still keep to the sources
(SPEC-CAPABILITIES §4): listed among tests/suites/alternatives.py's ALTERNATIVES."""
from __future__ import annotations

import io
import json

from .defects.kit import Call, Defect, answer, is_reservation, is_update, rewriting, rewriting_error, rewriting_request, send

OFFER_ERRORS = ("INVALID_OFFER_CODE", "OFFER_CONDITIONS_NOT_MET")
VENTRATA_ONLY = ("id", "label", "unusableReason")  # Offer fields the v1 types and the official mock lack


def _without_code(body: dict) -> dict:
    return {k: v for k, v in body.items() if k != "offerCode"}


def _plain_error(status: str, error: dict) -> tuple[str, dict]:
    """An offer refusal as BAD_REQUEST, echoing nothing (no source but the official mock names a code)."""
    if error.get("error") in OFFER_ERRORS:
        return status, {"error": "BAD_REQUEST", "errorMessage": error.get("errorMessage", "")}
    return status, error


def _v1_offers(data, call):
    """Offers as the v1 types and the official mock shape them: no id, label or unusableReason;
    bookings without offerComparisons, offerIsCombination and offers."""
    def walk(value):
        if isinstance(value, list):
            return [walk(v) for v in value]
        if not isinstance(value, dict):
            return value
        out = {k: walk(v) for k, v in value.items()}
        for key in ("offer",):
            if isinstance(out.get(key), dict):
                out[key] = {k: v for k, v in out[key].items() if k not in VENTRATA_ONLY}
        if isinstance(out.get("offers"), list):
            out["offers"] = [{k: v for k, v in o.items() if k not in VENTRATA_ONLY} if isinstance(o, dict) else o
                             for o in out["offers"]]
        if "unitItems" in out:
            for key in ("offerComparisons", "offerIsCombination", "offers"):
                out.pop(key, None)
        return out
    return walk(data)


def _repricing_fewer_units(app):
    """An update the mock refuses OFFER_CONDITIONS_NOT_MET for its units is made again dropping the
    offer: the supplier re-prices the booking instead of refusing (SPEC-CAPABILITIES §4.4)."""
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_update(call) and isinstance(call.body, dict) and "offerCode" not in call.body \
                and status.startswith("400") and (json.loads(body) or {}).get("error") == "OFFER_CONDITIONS_NOT_MET":
            raw = json.dumps({**call.body, "offerCode": None}).encode()
            environ.update({"wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))})
            status, headers, body = answer(app, environ)
        return send(start_response, status, headers, body)
    return middleware


OFFER_ALTERNATIVES = [
    Defect("offerCode not taken on POST /bookings, only on update (SPEC-CAPABILITIES §4.3: the v1 types, "
           "Ventrata's OpenAPI)", rewriting_request(is_reservation, _without_code)),
    Defect("offer refusals answered BAD_REQUEST, echoing no code (SPEC-CAPABILITIES §4.5: only the official mock "
           "names codes)", rewriting_error(lambda call: True, _plain_error)),
    Defect("offers without id, label and unusableReason, bookings without offerComparisons, offerIsCombination "
           "and offers (SPEC-CAPABILITIES §4.2: the v1 types, the official mock)",
           rewriting(lambda call: not call.path.startswith("/octo/_control"), _v1_offers)),
    Defect("a booking left with fewer units than its offer needs is re-priced without it, not refused "
           "(SPEC-CAPABILITIES §4.4)", _repricing_fewer_units),
]
