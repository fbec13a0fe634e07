"""GET /octo/openapi.json: an OpenAPI 3.1 document of what the mock serves, assembled at runtime
from the files in schemas/ (never copied): every schema file becomes a component, its relative
`$ref`s rewritten into `#/components/schemas/...`. The /_control test interface is left out."""
from __future__ import annotations

import copy
from functools import cache
from urllib.parse import urldefrag, urljoin

from flask import Blueprint, request

from schemas._documents import BASE_URI, documents, uri_of

from .capabilities import SUPPORTED
from .web import json_response

blueprint = Blueprint("octo_openapi", __name__)

OBJECT, ARRAY, EITHER = "object", "array", "either"  # the shape of a 200 body

# (method, path under /octo, operationId, request body schema, 200 schema, shape, query params, tag)
# Query params: (name, required, is a localDate).
OPERATIONS: list[tuple[str, str, str, str | None, str, str, tuple[tuple[str, bool, bool], ...], str]] = [
    ("get", "/supplier", "getSupplier", None, "supplier", OBJECT, (), "core"),
    ("get", "/capabilities", "getCapabilities", None, "capability", ARRAY, (), "core"),
    ("get", "/products", "listProducts", None, "product", ARRAY, (), "core"),
    ("get", "/products/{product_id}", "getProduct", None, "product", OBJECT, (), "core"),
    ("post", "/availability", "checkAvailability", "requests/availability-check", "availability", ARRAY, (),
     "core"),
    ("post", "/availability/calendar", "availabilityCalendar", "requests/availability-calendar",
     "availability-calendar-day", ARRAY, (), "core"),
    ("post", "/bookings", "reserveBooking", "requests/booking-reservation", "booking", OBJECT, (), "core"),
    ("get", "/bookings", "listBookings", None, "booking", ARRAY,
     (("resellerReference", False, False), ("supplierReference", False, False), ("productId", False, False),
      ("optionId", False, False), ("localDate", False, True), ("localDateStart", False, True),
      ("localDateEnd", False, True)), "core"),
    ("get", "/bookings/{booking_uuid}", "getBooking", None, "booking", OBJECT, (), "core"),
    ("patch", "/bookings/{booking_uuid}", "updateBooking", "requests/booking-update", "booking", OBJECT, (),
     "core"),
    ("delete", "/bookings/{booking_uuid}", "deleteBooking", "requests/booking-cancellation", "booking", OBJECT,
     (), "core"),
    ("post", "/bookings/{booking_uuid}/confirm", "confirmBooking", "requests/booking-confirmation", "booking",
     OBJECT, (), "core"),
    ("post", "/bookings/{booking_uuid}/cancel", "cancelBooking", "requests/booking-cancellation", "booking",
     OBJECT, (), "core"),
    ("post", "/bookings/{booking_uuid}/extend", "extendBooking", "requests/booking-extension", "booking",
     OBJECT, (), "core"),
    ("get", "/redemption/lookup", "redemptionLookup", None, "redemption-lookup-result", ARRAY,
     (("reference", True, False),), "redemption"),
    ("post", "/redemption/redeem", "redeem", "requests/redemption-redeem", "redemption-lookup-result", EITHER,
     (), "redemption"),
    ("post", "/redemption/validate", "validateRedemption", "requests/redemption-validate",
     "redemption-lookup-result", OBJECT, (), "redemption"),
    ("post", "/redemption/credentials", "redemptionCredentials", "requests/redemption-credentials",
     "redemption-credentials", OBJECT, (), "redemption"),
    ("post", "/gifts", "reserveGift", "requests/gift-reservation", "gift", OBJECT, (), "gifts"),
    ("get", "/gifts", "listGifts", None, "gift", ARRAY,
     (("resellerReference", False, False), ("supplierReference", False, False)), "gifts"),
    ("get", "/gifts/{gift_uuid}", "getGift", None, "gift", OBJECT, (), "gifts"),
    ("patch", "/gifts/{gift_uuid}", "updateGift", "requests/gift-update", "gift", OBJECT, (), "gifts"),
    ("delete", "/gifts/{gift_uuid}", "cancelGift", "requests/booking-cancellation", "gift", OBJECT, (), "gifts"),
    ("post", "/gifts/{gift_uuid}/confirm", "confirmGift", "requests/gift-confirmation", "gift", OBJECT, (),
     "gifts"),
    ("post", "/gifts/{gift_uuid}/extend", "extendGift", "requests/booking-extension", "gift", OBJECT, (), "gifts"),
]

UNAUTHENTICATED = {"redemptionCredentials"}  # a scanner asks which of its keys owns a code


def component_name(schema_name: str) -> str:
    """The components/schemas key of a schema name ("requests/booking-update" -> "requests.booking-update")."""
    return schema_name.replace("/", ".")


def component_ref(schema_name: str) -> dict:
    """A reference to the component of a schema name."""
    return {"$ref": f"#/components/schemas/{component_name(schema_name)}"}


def _rewrite_refs(node, base_uri: str):
    """The node with every `$ref` (relative to base_uri) pointing into #/components/schemas."""
    if isinstance(node, list):
        return [_rewrite_refs(item, base_uri) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            target, fragment = urldefrag(urljoin(base_uri, value))
            if not (target.startswith(BASE_URI) and target.endswith(".json")):
                raise ValueError(f"{base_uri}: $ref {value!r} leaves the schemas folder")
            name = target[len(BASE_URI):-len(".json")]
            uri_of(name)  # raises KeyError for a file that does not exist
            out[key] = component_ref(name)["$ref"] + fragment
        elif key in ("$id", "$schema"):
            continue
        else:
            out[key] = _rewrite_refs(value, base_uri)
    return out


def components() -> dict[str, dict]:
    """Every schema file (definitions too) as an OpenAPI component, refs rewritten."""
    return {component_name(name): _rewrite_refs(copy.deepcopy(doc), uri_of(name))
            for name, doc in documents().items()}


def _response_schema(name: str, shape: str) -> dict:
    ref = component_ref(name)
    if shape == ARRAY:
        return {"type": "array", "items": ref}
    if shape == EITHER:
        return {"oneOf": [ref, {"type": "array", "items": ref}]}
    return ref


def _operation(op_id, body, response, shape, query, tag, path) -> dict:
    parameters: list[dict] = [
        {"name": part[1:-1], "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for part in path.split("/") if part.startswith("{")
    ]
    for name, required, is_date in query:
        schema = ({"$ref": "#/components/schemas/definitions/$defs/localDate"} if is_date
                  else {"type": "string"})
        parameters.append({"name": name, "in": "query", "required": required, "schema": schema})
    parameters.append({"$ref": "#/components/parameters/OctoCapabilities"})
    operation: dict = {
        "operationId": op_id, "tags": [tag], "parameters": parameters,
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": _response_schema(response, shape)}}},
            "400": {"$ref": "#/components/responses/Error"},
        },
    }
    if body:
        operation["requestBody"] = {"required": False,  # an empty body reads as {}
                                    "content": {"application/json": {"schema": component_ref(body)}}}
    if op_id in UNAUTHENTICATED:
        operation["security"] = []
    return operation


@cache
def _document() -> dict:
    paths: dict[str, dict] = {}
    for method, path, op_id, body, response, shape, query, tag in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(op_id, body, response, shape, query, tag, path)
    return {
        "openapi": "3.1.0",
        "info": {"title": "OCTO mock supplier", "version": "1.0.0",
                 "description": "What the octo-conformance mock supplier implements: OCTO core with "
                                + ", ".join(SUPPORTED) + ". Assembled from the package's JSON Schemas."},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "security": [{"bearer": []}],
        "tags": [{"name": "core"}, {"name": "redemption"}, {"name": "gifts"}],
        "paths": paths,
        "components": {
            "schemas": components(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "parameters": {"OctoCapabilities": {
                "name": "Octo-Capabilities", "in": "header", "required": False,
                "description": "Comma-separated capability ids: " + ", ".join(SUPPORTED),
                "schema": {"type": "string"}}},
            "responses": {"Error": {
                "description": "An OCTO error",
                "content": {"application/json": {"schema": component_ref("error")}}}},
        },
    }


def openapi_document(server_url: str) -> dict:
    """The document, served from server_url (".../octo"); built once, copied shallowly per call."""
    return {**_document(), "servers": [{"url": server_url}]}


def index():
    """GET / and GET /octo (no API key needed): where the API, its description and the docs are."""
    octo = request.host_url.rstrip("/") + "/octo"
    return json_response({
        "service": "octo-mock, the OCTO reference mock supplier of octo-conformance",
        "octo": octo,
        "openapi": octo + "/openapi.json",
        "docs": "README.md of the octo-conformance project, section 'The mock supplier: octo-mock'",
        "apiKey": "send 'Authorization: Bearer <key>' (default key: octo-mock-dev-key, unless --api-key says other)",
    })


@blueprint.get("/openapi.json")
def openapi_json():
    """GET /openapi.json: no API key needed."""
    return json_response(openapi_document(request.host_url.rstrip("/") + "/octo"))

