"""Property-based fuzzing of every operation of the mock's OpenAPI document.

For each operation the document lists (it is iterated, not a hand list), Hypothesis sends
bodies generated from the request schema (hypothesis-jsonschema) and broken ones (arbitrary
JSON, mutated valid bodies, bytes that are not JSON), with known and random path and query
parameters. Whatever is sent, the mock answers JSON, never a 5xx, a 400 with an OCTO error
body, or a 200 whose body is valid (strict mode) against the operation's 200 schema.
Derandomized, so that CI runs the same examples every time.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import schemas
from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from mock_supplier.web.openapi import openapi_document
from tests.harness import FlaskTransport, OctoClient, at_noon, confirm, reserve

CAPABILITIES = ("octo/pricing", "octo/redemption", "octo/gifts", "octo/content", "octo/pickups", "octo/questions",
                "octo/offers", "octo/cart", "octo/webhooks")
HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}", "Octo-Capabilities": ", ".join(CAPABILITIES),
           "Content-Type": "application/json"}
EXAMPLES = 25  # per operation and per test: 25 operations x 2 tests x 25 requests
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])

DOCUMENT = openapi_document("http://localhost/octo")
COMPONENTS = DOCUMENT["components"]["schemas"]
OPERATIONS = [(method, path, operation) for path, item in DOCUMENT["paths"].items()
              for method, operation in item.items()]
OPERATION_IDS = [f"{method.upper()} {path}" for method, path, _ in OPERATIONS]

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
NOT_JSON = st.binary(max_size=40) | st.sampled_from([b"{", b"NaN", b'{"a": Infinity}', b"[1,", b"\xff\xfe", b"null"])
SEGMENT = st.text(st.characters(blacklist_characters="/?#", blacklist_categories=("Cs",)), min_size=1,
                  max_size=40).filter(lambda text: text.strip("."))


def _schema_strategy(schema: dict) -> st.SearchStrategy:
    """Values valid against a document schema (its refs resolved within the document)."""
    return from_schema({**schema, "components": {"schemas": COMPONENTS}})


_BODIES = {}


def _valid_body(operation: dict) -> st.SearchStrategy | None:
    if "requestBody" not in operation:
        return None
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    if schema["$ref"] not in _BODIES:
        _BODIES[schema["$ref"]] = _schema_strategy(schema)
    return _BODIES[schema["$ref"]]


def _parameters(operation: dict, where: str) -> list[dict]:
    return [p for p in operation["parameters"] if p.get("in") == where]


def _ok_schema(operation: dict) -> tuple[str, bool | None]:
    """(schema name, a list of them: True, False, or None for either) of the 200 body."""
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    many: bool | None = False
    if "items" in schema:
        schema, many = schema["items"], True
    elif "oneOf" in schema:
        schema, many = schema["oneOf"][0], None
    component = schema["$ref"].removeprefix("#/components/schemas/")
    return component.replace("requests.", "requests/", 1), many


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory):
    """One mock for the module, with a few real ids for the path parameters."""
    app = create_app(MockConfig(db_path=str(tmp_path_factory.mktemp("fuzz") / "mock.sqlite3")))
    client = at_noon(OctoClient(FlaskTransport(app))).with_capabilities("octo/pricing")
    products = [product["id"] for product in client.get("/products").ok()]
    held = reserve(client)
    confirmed = confirm(client, reserve(client))
    codes = [option["deliveryValue"] for option in confirmed["voucher"]["deliveryOptions"]
             if option["deliveryFormat"] == "QRCODE"]
    known = {"product_id": products, "booking_uuid": [held["uuid"], confirmed["uuid"]],
             "gift_uuid": ["00000000-0000-4000-8000-000000000000"], "code": codes}
    return app.test_client(), known, {"products": products,
                                      "references": [confirmed["supplierReference"], held["supplierReference"]]}


def _path(draw, path: str, known: dict, valid: bool) -> str:
    def value(match):
        name = match.group(1)
        if valid and known.get(name):
            return quote(draw(st.sampled_from(known[name])), safe="")
        return quote(draw(SEGMENT), safe="")
    return "/octo" + re.sub(r"{([^}]+)}", value, path)


def _query(draw, operation: dict, extra: dict, valid: bool) -> dict:
    if not valid:
        return draw(st.dictionaries(st.sampled_from([p["name"] for p in _parameters(operation, "query")] or ["x"])
                                    | st.text(max_size=10), st.text(max_size=20), max_size=4))
    query = {}
    for parameter in _parameters(operation, "query"):
        if parameter["required"] or draw(st.booleans()):
            if parameter["name"] in ("reference", "supplierReference") and draw(st.booleans()):
                query[parameter["name"]] = draw(st.sampled_from(extra["references"]))
            else:
                query[parameter["name"]] = draw(_schema_strategy(parameter["schema"]))
    return query


def _realistic(draw, body: dict, extra: dict) -> dict:
    """Now and then, a known product and option in a generated body, so that some get further."""
    if "productId" in body and draw(st.booleans()):
        body = {**body, "productId": draw(st.sampled_from(extra["products"]))}
        if "optionId" in body and draw(st.booleans()):
            body["optionId"] = "DEFAULT"
    return body


def _mutated(draw, body: dict) -> object:
    choice = draw(st.integers(0, 2))
    if choice == 0 or not body:
        return draw(JSON)
    key = draw(st.sampled_from(sorted(body)))
    if choice == 1:
        return {k: v for k, v in body.items() if k != key}
    return {**body, key: draw(JSON)}


def _check(method: str, url: str, query: dict, data: bytes | None, response, operation: dict) -> None:
    exchange = f"{method} {url} {query!r}\nrequest: {data[:2000] if data else data!r}\n" \
               f"response {response.status_code}: {response.get_data()[:2000]!r}"
    assert response.status_code < 500, exchange
    assert response.status_code in (200, 400), exchange
    document_type = next(iter(operation["responses"]["200"]["content"]))
    if response.status_code == 200 and document_type != "application/json":  # a ticket's PDF
        assert response.content_type == document_type and response.get_data().startswith(b"%PDF-"), exchange
        return
    assert response.content_type.startswith("application/json"), exchange
    body = json.loads(response.get_data())
    if response.status_code == 400:
        assert isinstance(body, dict) and {"error", "errorMessage"} <= body.keys(), exchange
        problems = schemas.violations("error", body)
    else:
        name, many = _ok_schema(operation)
        if many is None:
            many = isinstance(body, list)
        if many:
            assert isinstance(body, list), exchange
        items = body if many else [body]
        problems = [p for item in items
                    for p in schemas.violations(name, item, capabilities=CAPABILITIES, strict=True)]
    assert not problems, "\n".join(map(str, problems)) + "\n" + exchange


def _send(client, method, url, query, data, operation):
    response = client.open(url, method=method.upper(), query_string=query, data=data, headers=HEADERS)
    _check(method.upper(), url, query, data, response, operation)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_valid_requests(fuzz, method, path, operation):
    client, known, extra = fuzz
    bodies = _valid_body(operation)

    @FUZZ
    @given(st.data())
    def run(data):
        url = _path(data.draw, path, known, valid=data.draw(st.booleans()))
        query = _query(data.draw, operation, extra, valid=True)
        body = None if bodies is None else json.dumps(_realistic(data.draw, data.draw(bodies), extra)).encode()
        _send(client, method, url, query, body, operation)
    run()


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_invalid_requests(fuzz, method, path, operation):
    client, known, extra = fuzz
    bodies = _valid_body(operation)

    @FUZZ
    @given(st.data())
    def run(data):
        url = _path(data.draw, path, known, valid=data.draw(st.booleans()))
        query = _query(data.draw, operation, extra, valid=data.draw(st.booleans()))
        kind = data.draw(st.sampled_from(["json", "bytes", "mutated"] if bodies is not None else ["json", "bytes"]))
        if kind == "bytes":
            body = data.draw(NOT_JSON)
        elif kind == "json":
            body = json.dumps(data.draw(JSON)).encode()
        else:
            body = json.dumps(_mutated(data.draw, data.draw(bodies))).encode()
        _send(client, method, url, query, body, operation)
    run()
