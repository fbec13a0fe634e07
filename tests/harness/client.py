"""The project's own OCTO client, which checks every response it gets from the mock.

Every request of the project's tests goes through `OctoClient`, which checks every response:
JSON content type, the Octo-Capabilities echo, no status but 200 and 400, every 200 body
valid in strict mode against the schema of its route (with the request's capabilities) and
every 400 body valid against "error". A test that talks to the mock therefore validates
every response the mock gives it, in-process (FlaskTransport) or over HTTP (HttpTransport).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Mapping
from urllib.parse import urlencode

import requests

import schemas
from mock_supplier import DEFAULT_API_KEY
from mock_supplier.kernel.operations import ARRAY, EITHER, OBJECT
from mock_supplier.web.routes import operations

OCTO = "/octo"
PRICING = "octo/pricing"
REDEMPTION = "octo/redemption"
GIFTS = "octo/gifts"
CONTENT = "octo/content"
MOCK_CAPABILITIES = tuple(c.id for c in schemas.capabilities())  # what the mock implements, hence may echo
HTTP_TIMEOUT = 15  # seconds, for every request sent over a socket
_NO_BODY = object()


def response_schema(method: str, path: str) -> tuple[str, bool | None] | None:
    """(schema name, is a list: True, False, or None for either) of a 200 from an OCTO route, as
    the mock's operation declares it; None for the control interface."""
    path = path.split("?", 1)[0].rstrip("/") or "/"
    if path.startswith("/_control"):
        return None
    for op in operations():
        if op.matches(method, path):
            assert op.response is not None, f"{method} {path} answers a document, not JSON"
            return op.response, {OBJECT: False, ARRAY: True, EITHER: None}[op.shape]
    raise AssertionError(f"no operation of the mock serves {method} {path}")


def applied_capabilities(header: str | None) -> set[str]:
    """What the mock should apply for an Octo-Capabilities request header: the capabilities it
    implements, each only together with those it depends on (octo/gifts needs octo/pricing)."""
    return set(schemas.with_dependencies((header or "").split(","))) & set(MOCK_CAPABILITIES)


def schema_problems(name: str, instance, capabilities) -> list[str]:
    """Strict-mode violations of `name`, as readable lines."""
    return [str(v) for v in schemas.violations(name, instance, capabilities=capabilities, strict=True)]


@dataclass
class Reply:
    """One checked response: status, parsed JSON body and headers."""

    status: int
    body: object
    headers: Mapping[str, str]
    exchange: str = ""

    def ok(self):
        """The body of a 200 response (the test fails on anything else)."""
        assert self.status == 200, f"expected 200, got {self.status}\n{self.exchange}"
        return self.body

    def error(self, code: str, **echo) -> dict:
        """The body of an OCTO error with this code and these echoed fields."""
        assert self.status == 400, f"expected a 400 {code}, got {self.status}\n{self.exchange}"
        assert self.body["error"] == code, self.exchange
        for name, value in echo.items():
            assert self.body.get(name) == value, f"expected {name}={value!r}\n{self.exchange}"
        assert self.body["errorMessage"].strip(), self.exchange
        return self.body


class FlaskTransport:
    """Sends requests to an app through Flask's test client."""

    def __init__(self, app):
        self._client = app.test_client()

    def send(self, method: str, path: str, data: bytes | None, headers: dict) -> tuple[int, Mapping, bytes]:
        response = self._client.open(path, method=method, data=data, headers=headers)
        return response.status_code, response.headers, response.get_data()


class HttpTransport:
    """Sends requests to a running server over a socket, each with a timeout."""

    def __init__(self, root_url: str):
        self.root_url = root_url

    def send(self, method: str, path: str, data: bytes | None, headers: dict) -> tuple[int, Mapping, bytes]:
        response = requests.request(method, self.root_url + path, data=data, headers=headers, timeout=HTTP_TIMEOUT)
        return response.status_code, response.headers, response.content


@dataclass(frozen=True)
class OctoClient:
    """Talks OCTO to the mock as one API key, with one set of capabilities, checking every response.

    Paths are relative to `prefix` ("/products", "/_control/clock"). `capabilities` is sent as the
    Octo-Capabilities header, comma separated (a string is sent as is; None: no header at all);
    `api_key` None sends no Authorization header.
    """

    transport: object
    api_key: str | None = DEFAULT_API_KEY
    capabilities: tuple[str, ...] | str | None = ()
    prefix: str = OCTO

    def with_key(self, api_key: str | None) -> "OctoClient":
        """The same mock, as another API key."""
        return replace(self, api_key=api_key)

    def with_capabilities(self, *capabilities: str) -> "OctoClient":
        """The same mock and key, asking for these capabilities."""
        return replace(self, capabilities=capabilities)

    def get(self, path: str, params: dict | None = None, **kw) -> Reply:
        """GET path?params."""
        return self.request("GET", path, params=params, **kw)

    def post(self, path: str, body=_NO_BODY, **kw) -> Reply:
        """POST a JSON body (none when left out)."""
        return self.request("POST", path, body, **kw)

    def patch(self, path: str, body=_NO_BODY, **kw) -> Reply:
        """PATCH a JSON body."""
        return self.request("PATCH", path, body, **kw)

    def delete(self, path: str, body=_NO_BODY, **kw) -> Reply:
        """DELETE, with an optional JSON body."""
        return self.request("DELETE", path, body, **kw)

    def request(self, method: str, path: str, body=_NO_BODY, *, data: bytes | str | None = None,
                params: dict | None = None, headers: dict | None = None) -> Reply:
        """Send one request (a JSON `body`, or raw `data`) and check the response."""
        sent = self._headers(headers)
        if body is not _NO_BODY:
            data = json.dumps(body)
        if isinstance(data, str):
            data = data.encode()
        if data is not None:
            sent.setdefault("Content-Type", "application/json")
        url = self.prefix + path + ("?" + urlencode(params) if params else "")
        status, response_headers, raw = self.transport.send(method, url, data, sent)
        exchange = f"{method} {url}\nrequest: {data!r}\nresponse {status}: {raw[:3000]!r}"
        reply = Reply(status, _parse_json(raw, exchange), response_headers, exchange)
        _check(reply, method, path, sent.get("Octo-Capabilities"))
        return reply

    def _headers(self, extra: dict | None) -> dict:
        sent = {}
        if self.api_key is not None:
            sent["Authorization"] = f"Bearer {self.api_key}"
        if self.capabilities is not None:
            sent["Octo-Capabilities"] = (self.capabilities if isinstance(self.capabilities, str)
                                         else ", ".join(self.capabilities))
        return {**sent, **(extra or {})}


def _parse_json(raw: bytes, exchange: str):
    try:
        return json.loads(raw)
    except ValueError:
        raise AssertionError(f"the response body is not JSON\n{exchange}") from None


def _check(reply: Reply, method: str, path: str, capability_header: str | None) -> None:
    """What every mock response must satisfy, whatever the test is about."""
    assert reply.headers.get("Content-Type", "").startswith("application/json"), reply.exchange
    assert reply.status in (200, 400), f"status {reply.status} is neither 200 nor 400\n{reply.exchange}"
    applied = applied_capabilities(capability_header)
    echoed = {c.strip() for c in reply.headers.get("Octo-Capabilities", "").split(",") if c.strip()}
    assert echoed == applied, f"Octo-Capabilities echoed {echoed}, expected {applied}\n{reply.exchange}"
    _check_languages(reply, CONTENT in applied and reply.status == 200 and not path.startswith("/_control"))
    if reply.status == 400:
        problems = schema_problems("error", reply.body, applied)
    else:
        problems = _ok_body_problems(method, path, reply.body, applied)
    assert not problems, "schema violations:\n  " + "\n  ".join(problems) + "\n" + reply.exchange


def _check_languages(reply: Reply, described: bool) -> None:
    """octo/content's headers: on every answer it describes, the language used among those listed; else none."""
    listed = [tag.strip() for tag in reply.headers.get("Available-Languages", "").split(",") if tag.strip()]
    if described:
        assert reply.headers.get("Content-Language") in listed, f"Content-Language not in {listed}\n{reply.exchange}"
    else:
        assert not {"Content-Language", "Available-Languages"} & set(reply.headers.keys()), reply.exchange


def _ok_body_problems(method: str, path: str, body, capabilities) -> list[str]:
    schema = response_schema(method, path)
    if schema is None:
        return [] if isinstance(body, dict) else ["a control response must be a JSON object"]
    name, many = schema
    if many is None:  # one object, or an array of them (POST /redemption/redeem)
        many = isinstance(body, list)
    if not many:
        return schema_problems(name, body, capabilities)
    if not isinstance(body, list):
        return [f"expected a JSON array of {name}"]
    return [f"[{i}] {p}" for i, item in enumerate(body) for p in schema_problems(name, item, capabilities)]
