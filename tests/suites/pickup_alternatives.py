"""What a stranger's octo/pickups may do differently from our mock and still keep to the sources
(SPEC-CAPABILITIES §2): listed among tests/suites/alternatives.py's ALTERNATIVES."""
from __future__ import annotations

import json

from .defects.kit import Call, Defect, answer, fetch, is_reservation, octo_error, rewriting, send

FIELDS = ("pickupRequested", "pickupPointId", "pickupHotel", "pickupHotelRoom")


def _unknown_point_code(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if is_reservation(call) and status.startswith("400") and isinstance(call.body, dict):
            error = json.loads(body)
            if error.get("error") == "BAD_REQUEST" and "no pickup point" in error.get("errorMessage", ""):
                body = json.dumps({"error": "INVALID_PICKUP_POINT_ID", "errorMessage": error["errorMessage"],
                                   "pickupPointId": call.body.get("pickupPointId")}).encode()
        return send(start_response, status, headers, body)
    return middleware


def _bare_points(data, call):
    def walk(value):
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            if "googlePlaceId" in value and "id" in value:  # a pickup point
                return {"id": value["id"], "name": value["name"]}
            return {k: walk(v) for k, v in value.items()}
        return value
    return walk(data)


def _required_pickup_at_reservation(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if is_reservation(call) and isinstance(call.body, dict) and not any(call.body.get(f) for f in FIELDS) \
                and "octo/pickups" in environ.get("HTTP_OCTO_CAPABILITIES", ""):
            product = fetch(app, environ, "GET", f"/octo/products/{call.body.get('productId')}") or {}
            option = next((o for o in product.get("options") or [] if o.get("id") == call.body.get("optionId")), {})
            if option.get("pickupRequired") is True:
                return octo_error(start_response, "UNPROCESSABLE_ENTITY", "this option requires a pickup")
        return app(environ, start_response)
    return middleware


PICKUP_ALTERNATIVES = [
    Defect("an unknown pickup point answers INVALID_PICKUP_POINT_ID echoing pickupPointId (SPEC-CAPABILITIES §2.4 Rec)",
           _unknown_point_code),
    Defect("pickup points carry only id and name (SPEC-CAPABILITIES §2.2: V1, the OCTO draft and Zaui differ)",
           rewriting(lambda c: not c.path.startswith("/octo/_control"), _bare_points)),
    Defect("a required pickup is refused at reservation already (SPEC-CAPABILITIES §2.4)",
           _required_pickup_at_reservation),
]
