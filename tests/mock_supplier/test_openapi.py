"""GET /octo/openapi.json: a structurally valid OpenAPI 3.1 document of exactly what the mock
serves (not /_control), its components the schema files themselves."""
from __future__ import annotations

import re
from unittest import mock

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import schemas
from mock_supplier import DEFAULT_API_KEY
from mock_supplier.web.openapi import component_name

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
UNDOCUMENTED = ("/_control", "/openapi.json")  # the test interface, this document
CAPABILITIES = "octo/pricing, octo/redemption, octo/gifts, octo/questions"


@pytest.fixture
def document(mock_app) -> dict:
    response = mock_app.test_client().get("/octo/openapi.json")  # no API key
    assert response.status_code == 200, response.data
    assert response.content_type.startswith("application/json")
    return response.get_json()


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def _refs(node, where="#"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield where, value
            else:
                yield from _refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _refs(item, f"{where}/{i}")


def _resolve(document: dict, ref: str):
    assert ref.startswith("#/"), f"{ref} does not point into the document"
    node = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _served_operations(app) -> set[tuple[str, str]]:
    served = set()
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if not path.startswith("/octo/") or path.removeprefix("/octo").startswith(UNDOCUMENTED):
            continue
        templated = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", path.removeprefix("/octo"))
        served |= {(method.lower(), templated) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return served


def test_header_and_server(document):
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["servers"] == [{"url": "http://localhost/octo"}]
    assert document["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}


def test_servers_follow_the_host_asked(mock_app):
    client = mock_app.test_client()
    body = client.get("/octo/openapi.json", base_url="https://mock.example:8443/").get_json()
    assert body["servers"] == [{"url": "https://mock.example:8443/octo"}]


def test_document_is_built_once(mock_app):
    client = mock_app.test_client()
    first = client.get("/octo/openapi.json").get_json()
    with mock.patch("mock_supplier.web.openapi.document", side_effect=AssertionError("built again")):
        second = client.get("/octo/openapi.json").get_json()
    assert second == first


def test_every_ref_resolves_within_the_document(document):
    found = list(_refs(document))
    assert len(found) > 100
    for where, ref in found:
        try:
            _resolve(document, ref)
        except (KeyError, IndexError, ValueError, AssertionError) as exc:
            pytest.fail(f"{where}: $ref {ref!r} does not resolve ({exc!r})")


def test_components_are_every_schema_file_without_ids(document):
    components = document["components"]["schemas"]
    assert set(components) == {component_name(name) for name in [*schemas.schema_names(), "definitions"]}
    for name, component in components.items():
        assert re.fullmatch(r"[A-Za-z0-9._-]+", name), name
        assert "$id" not in component and "$schema" not in component, name
        raw = schemas.raw_schema(name.replace("requests.", "requests/"))
        assert component.get("properties", {}).keys() == raw.get("properties", {}).keys(), name
        assert component.get("required") == raw.get("required"), name


def test_components_are_valid_2020_12_schemas(document):
    for name, component in document["components"]["schemas"].items():
        Draft202012Validator.check_schema(component)  # raises SchemaError naming the problem


def test_components_validate_like_the_schema_files(document, client):
    """The rewritten refs mean the same: a mock product passes; a broken one fails in both."""
    registry = Registry().with_resource("urn:openapi", Resource(document, DRAFT202012))
    validator = Draft202012Validator({"$ref": "urn:openapi#/components/schemas/product"}, registry=registry)
    product = client.with_capabilities("octo/pricing").get("/products").ok()[0]
    assert not list(validator.iter_errors(product))
    broken = {**product, "options": [{**product["options"][0], "units": "nope"}]}
    assert list(validator.iter_errors(broken))
    assert schemas.violations("product", broken)


def test_every_operation_has_200_400_and_capability_header(document):
    for method, path, operation in _operations(document):
        where = f"{method.upper()} {path}"
        assert {"200", "400"} <= operation["responses"].keys(), where
        content = operation["responses"]["200"]["content"]
        if path == "/tickets/{code}.pdf":  # the one answer that is a document, not JSON
            assert content == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
        else:
            ok = content["application/json"]["schema"]
            assert "$ref" in ok or "items" in ok or "oneOf" in ok, where
        error = _resolve(document, operation["responses"]["400"]["$ref"])
        assert error["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/error"}, where
        parameters = [_resolve(document, p["$ref"]) if "$ref" in p else p for p in operation["parameters"]]
        assert any(p["in"] == "header" and p["name"] == "Octo-Capabilities" for p in parameters), where
        declared = {p["name"] for p in parameters if p["in"] == "path"}
        assert declared == set(re.findall(r"{([^}]+)}", path)), where
        assert operation["operationId"], where
        if "requestBody" in operation:
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            assert body["$ref"].startswith("#/components/schemas/requests."), where
    ids = [operation["operationId"] for _, _, operation in _operations(document)]
    assert len(ids) == len(set(ids))


def test_the_headers_capabilities_read_and_set_are_on_every_operation(document, client):
    """octo/content reads Accept-Language and sets Content-Language and Available-Languages on
    every answer (not on errors, whose message is in English): the document says so on each
    operation, and the mock does it."""
    for method, path, operation in _operations(document):
        parameters = [_resolve(document, p["$ref"]) if "$ref" in p else p for p in operation["parameters"]]
        assert any(p["in"] == "header" and p["name"] == "Accept-Language" for p in parameters), (method, path)
        answered = operation["responses"]["200"]["headers"]
        assert set(answered) == {"Content-Language", "Available-Languages"}, (method, path)
        assert all(_resolve(document, h["$ref"])["schema"] == {"type": "string"} for h in answered.values())
    content = client.with_capabilities("octo/content")
    for reply in (content.get("/products"), content.get("/supplier"), content.get("/products/river-cruise")):
        assert reply.headers["Content-Language"] in reply.headers["Available-Languages"].split(", ")


def test_security_is_bearer_except_credentials(document):
    assert document["security"] == [{"bearer": []}]
    open_ones = {(m, p) for m, p, op in _operations(document) if op.get("security") == []}
    # a scanner asks which of its keys owns a code; a guest opens a ticket's link
    assert open_ones == {("post", "/redemption/credentials"), ("get", "/tickets/{code}.pdf")}


def test_every_served_octo_route_is_documented_and_nothing_else(document, mock_app):
    documented = {(method, path) for method, path, _ in _operations(document)}
    served = _served_operations(mock_app)
    assert served - documented == set(), "served but not documented"
    assert documented - served == set(), "documented but not served"


def test_every_documented_path_answers(document, mock_app):
    """Each operation reaches a route: a 200 or an OCTO error other than "no such endpoint"."""
    client = mock_app.test_client()
    headers = {"Authorization": f"Bearer {DEFAULT_API_KEY}", "Octo-Capabilities": CAPABILITIES}
    for method, path, _ in _operations(document):
        url = "/octo" + re.sub(r"{[^}]+}", "no-such-id", path)
        response = client.open(url, method=method.upper(), headers=headers, json={} if method != "get" else None)
        body = response.get_json()
        assert response.status_code in (200, 400), (method, url, body)
        if response.status_code == 400:
            assert not body["errorMessage"].startswith("There is no endpoint"), (method, url, body)
            assert "does not accept" not in body["errorMessage"], (method, url, body)
