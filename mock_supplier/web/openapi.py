"""GET /octo/openapi.json: an OpenAPI 3.1 document of what the mock serves, assembled at runtime
from the declared operations and the files in schemas/ (never copied): every schema file becomes
a component, its relative `$ref`s rewritten into `#/components/schemas/...`. The /_control test
interface is left out."""
from __future__ import annotations

import copy
from urllib.parse import urldefrag, urljoin

from flask import current_app, has_app_context, request

import schemas
from schemas._documents import BASE_URI, documents, uri_of

from ..capabilities import installed
from ..kernel.operations import ARRAY, EITHER, Operation
from ..kernel.plugins import Header
from .http import respond
from .routes import operations

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


def _parameter_name(header: Header) -> str:
    return header.name.replace("-", "")


def _operation(op: Operation, headers: tuple[Header, ...]) -> dict:
    parameters: list[dict] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for name in op.params
    ]
    for query in op.query:
        schema = ({"$ref": "#/components/schemas/definitions/$defs/localDate"} if query.local_date
                  else {"type": "string"})
        parameters.append({"name": query.name, "in": "query", "required": query.required, "schema": schema})
    parameters.append({"$ref": "#/components/parameters/OctoCapabilities"})
    parameters += [{"$ref": f"#/components/parameters/{_parameter_name(h)}"} for h in headers if h.direction == "request"]
    answered = {h.name: {"$ref": f"#/components/headers/{h.name}"} for h in headers if h.direction == "response"}
    if op.response is None:
        content = {op.mimetype: {"schema": {"type": "string", "format": "binary"}}}
    else:
        content = {"application/json": {"schema": _response_schema(op.response, op.shape)}}
    operation: dict = {
        "operationId": op.operation_id, "summary": op.summary, "tags": [op.capability or "core"],
        "parameters": parameters,
        "responses": {"200": {"description": "OK", **({"headers": answered} if answered else {}), "content": content},
                      "400": {"$ref": "#/components/responses/Error"}},
    }
    if op.request:
        operation["requestBody"] = {"required": False,  # an empty body reads as {}
                                    "content": {"application/json": {"schema": component_ref(op.request)}}}
    if not op.authenticated:
        operation["security"] = []
    return operation


def document(ops: list[Operation], capability_ids: tuple[str, ...], headers: tuple[Header, ...] = ()) -> dict:
    """The OpenAPI document of these operations; `headers`, those the capabilities read and set."""
    paths: dict[str, dict] = {}
    for op in ops:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, headers)
    answered = {h.name: {"description": h.description, "schema": {"type": "string"}}
                for h in headers if h.direction == "response"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "OCTO mock supplier", "version": "1.0.0",
                 "description": "What the octo-conformance mock supplier implements: OCTO core with "
                                + ", ".join(capability_ids) + ". Assembled from the package's JSON Schemas."},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "security": [{"bearer": []}],
        "tags": [{"name": "core"}, *({"name": c} for c in capability_ids)],
        "paths": paths,
        "components": {
            "schemas": components(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "parameters": {"OctoCapabilities": {
                "name": "Octo-Capabilities", "in": "header", "required": False,
                "description": "Comma-separated capability ids: " + ", ".join(c.id for c in schemas.capabilities()),
                "schema": {"type": "string"}},
                **{_parameter_name(h): {"name": h.name, "in": "header", "required": False,
                                        "description": h.description, "schema": {"type": "string"}}
                   for h in headers if h.direction == "request"}},
            **({"headers": answered} if answered else {}),
            "responses": {"Error": {
                "description": "An OCTO error",
                "content": {"application/json": {"schema": component_ref("error")}}}},
        },
    }


_DOCUMENTS: dict[int, tuple[object, dict]] = {}


def openapi_document(server_url: str, plugins=None) -> dict:
    """The document of the mock's operations, served from server_url (".../octo"); built once per
    set of plug-ins, copied shallowly per call."""
    plugins = plugins or (current_app.extensions["octo_mock"].plugins if has_app_context() else installed())
    cached = _DOCUMENTS.get(id(plugins))
    if cached is None or cached[0] is not plugins:
        built = document(operations(plugins), plugins.ids, plugins.headers)
        cached = _DOCUMENTS[id(plugins)] = (plugins, built)
    return {**cached[1], "servers": [{"url": server_url}]}


def index():
    """GET / and GET /octo (no API key needed): where the API, its description and the docs are."""
    octo = request.host_url.rstrip("/") + "/octo"
    return respond({
        "service": "octo-mock, the OCTO reference mock supplier of octo-conformance",
        "octo": octo,
        "openapi": octo + "/openapi.json",
        "docs": "README.md of the octo-conformance project, section 'The mock supplier: octo-mock'",
        "apiKey": "send 'Authorization: Bearer <key>' (default key: octo-mock-dev-key, unless --api-key says other)",
    })


def openapi_json():
    """GET /openapi.json: no API key needed."""
    return respond(openapi_document(request.host_url.rstrip("/") + "/octo"))

