"""The building blocks of defects: reading a request, calling the mock, answering in its place.

Every defect is WSGI middleware around the mock; these factories cover the common shapes
(rewrite a JSON answer, rewrite a request body, refuse, accept what the mock refuses).
"""
from __future__ import annotations

import io
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator
from urllib.parse import parse_qs

from mock_supplier.kernel.encoding import json_bytes
from suites.plugin.client import read_json

BOOKING_PATH = re.compile(r"^/octo/bookings/(?P<uuid>[^/]+)(?P<action>/confirm|/cancel)?$")


@dataclass(frozen=True, eq=False)
class Defect:
    """One way a supplier breaks the standard, the WSGI middleware that does it, and its verdict.

    The verdict is pinned: the rules the defect alone must fail, the rules it must block (a
    step they need is broken), the rules it makes inapplicable (skipped) and the advisories it
    sets off (a recommendation broken: reported, failing only under --strict), each named
    without parameters. Every other rule must pass as it does on the clean mock.
    """

    name: str
    wrap: Callable
    fails: frozenset[str] = frozenset()
    blocks: frozenset[str] = frozenset()
    skips: frozenset[str] = frozenset()
    advises: frozenset[str] = frozenset()

    def __post_init__(self):
        for verdict in ("fails", "blocks", "skips", "advises"):
            object.__setattr__(self, verdict, frozenset(getattr(self, verdict)))

    def __str__(self) -> str:
        return self.name


@dataclass
class Call:
    """A request as the middleware sees it, with its JSON body read."""

    method: str
    path: str
    query: dict[str, str]
    body: object

    @classmethod
    def of(cls, environ) -> "Call":
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(raw)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        return cls(environ["REQUEST_METHOD"], environ["PATH_INFO"], query, body)


def answer(app, environ) -> tuple[str, list, bytes]:
    """Call the app; returns its status line, headers and body."""
    captured = {}

    def keep(status, headers, exc_info=None):
        captured.update(status=status, headers=headers)
        return lambda data: None
    body = b"".join(app(environ, keep))
    return captured["status"], captured["headers"], body


def send(start_response, status: str, headers: list, body: bytes) -> list[bytes]:
    """Answer with a body, its Content-Length set to fit."""
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]


def octo_error(start_response, code: str, message: str, status: str = "400 Bad Request") -> list[bytes]:
    """Answer with an OCTO error body."""
    body = json.dumps({"error": code, "errorMessage": message}).encode()
    return send(start_response, status, [("Content-Type", "application/json")], body)


def rewriting(when: Callable[[Call], bool], change: Callable[[object, Call], object]):
    """Middleware factory: the JSON answers of matching 200 requests pass through `change`."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            if not when(call):
                return app(environ, start_response)
            status, headers, body = answer(app, environ)
            if status.startswith("200"):
                body = json_bytes(change(read_json(body), call))
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def rewriting_headers(change: Callable[[str, str], tuple[str, str] | None],
                      when: Callable[[Call], bool] | None = None):
    """Middleware factory: every header of the answers to matching requests (by default, all)
    passes through `change` (name, value) -> (name, value), or None to drop it."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            if when is None or when(call):
                headers = [kept for kept in (change(k, v) for k, v in headers) if kept is not None]
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def dropping_header(name: str) -> Callable[[str, str], tuple[str, str] | None]:
    """A `rewriting_headers` change that drops the header `name`."""
    return lambda k, v: None if k.lower() == name.lower() else (k, v)


def each_product(data) -> Iterator:
    """The products of a GET /products answer (a list) or of GET /products/{id} (one)."""
    return iter(data if isinstance(data, list) else [data])


def each_option(data) -> Iterator[dict]:
    """Every option of every product in a products answer."""
    for product in each_product(data):
        yield from (product.get("options") or []) if isinstance(product, dict) else []


def each_booking(data, change: Callable[[dict], None]):
    for booking in data if isinstance(data, list) else [data]:
        if isinstance(booking, dict) and "unitItems" in booking:
            change(booking)
    return data


def rewriting_bookings(change: Callable[[dict], None], when: Callable[[Call], bool] | None = None):
    """Middleware factory: every booking in the JSON answers of matching 200 requests (by
    default, the booking and redemption endpoints) passes through `change`."""
    return rewriting(when or about_bookings, lambda data, call: each_booking(data, change))


SERVER_ERROR_PAGE = b"<html><body>Internal Server Error</body></html>"


def server_error_page(start_response) -> list[bytes]:
    """Answer as a web server does when the application crashed: HTTP 500 with an HTML page."""
    return send(start_response, "500 Internal Server Error", [("Content-Type", "text/html")], SERVER_ERROR_PAGE)


def about_bookings(call: Call) -> bool:
    return call.path.startswith("/octo/bookings") or call.path.startswith("/octo/redemption")


def with_body(environ: dict, body) -> None:
    """Make `body`, encoded as JSON, the request body the app will read."""
    raw = json.dumps(body).encode()
    environ.update({"wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))})


def retrying_without(when: Callable[[Call], bool], refused: Callable[[dict, dict], bool],
                     strip: Callable[[dict], dict]):
    """Middleware factory: a matching request the mock refuses with HTTP 400, where
    refused(request body, error body) holds, is made again with strip(request body): the
    supplier ignores what it should have refused."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            if when(call) and isinstance(call.body, dict) and status.startswith("400"):
                error = json.loads(body) if body[:1] == b"{" else {}
                if refused(call.body, error):
                    with_body(environ, strip(dict(call.body)))
                    status, headers, body = answer(app, environ)
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def rewriting_request(when: Callable[[Call], bool], change: Callable[[dict], dict]):
    """Middleware factory: the JSON body of matching requests passes through `change` first."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            if when(call) and isinstance(call.body, dict):
                with_body(environ, change(dict(call.body)))
            return app(environ, start_response)
        return middleware
    return wrap


def rewriting_error(when: Callable[[Call], bool], change: Callable[[str, dict], tuple[str, dict]]):
    """Middleware factory: the OCTO error bodies (4xx) of matching requests pass through
    `change`, which returns (status, body)."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            if when(call) and status.startswith("4"):
                try:
                    error = json.loads(body)
                except ValueError:
                    error = None
                if isinstance(error, dict) and "error" in error:
                    status, error = change(status, error)
                    body = json.dumps(error).encode()
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def refusing(when: Callable[[Call], bool], code: str = "BAD_REQUEST", status: str = "400 Bad Request",
             html: bool = False):
    """Middleware factory: matching requests get an OCTO error (or, with `html`, a web server's
    HTML 500 page) instead of an answer."""
    def wrap(app):
        def middleware(environ, start_response):
            if when(Call.of(environ)):
                if html:
                    return server_error_page(start_response)
                return octo_error(start_response, code, "refused by the defect", status)
            return app(environ, start_response)
        return middleware
    return wrap


def crashing_on_answer(when: Callable[[Call, str, bytes], bool]):
    """Middleware factory: where the mock's answer (call, status line, body) matches, the
    supplier crashes instead: an HTML 500 page."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            if when(call, status, body):
                return server_error_page(start_response)
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def environ_for(environ, method: str, path: str, body: bytes = b"", query: str = "") -> dict:
    """The WSGI environ of one more request on the caller's behalf: the same key and headers."""
    return {**environ, "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
            "CONTENT_TYPE": "application/json", "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}


def ask(app, environ, method: str, path: str, body: object = None, query: str = "") -> tuple[str, object]:
    """One more call to the mock on the caller's behalf: its status line and JSON answer (None if not JSON)."""
    raw = b"" if body is None else json.dumps(body).encode()
    status, _, got = answer(app, environ_for(environ, method, path, raw, query))
    try:
        return status, json.loads(got)
    except ValueError:
        return status, None


def fetch(app, environ, method: str, path: str, body: object = None, query: str = "") -> object:
    """The JSON answer of `ask` when it is a 200, else None."""
    status, data = ask(app, environ, method, path, body, query)
    return data if status.startswith("200") else None


def seats_still_taken(call: Call, status: str, body: bytes, kept: dict[str, int]) -> bytes:
    """An availability answer with `kept` seats (availability id -> seats) still counted as taken."""
    if not (status.startswith("200") and call.path == "/octo/availability"):
        return body
    slots = json.loads(body)
    for slot in slots:
        if slot.get("id") in kept and isinstance(slot.get("vacancies"), int):
            slot["vacancies"] = max(0, slot["vacancies"] - kept[slot["id"]])
    return json.dumps(slots).encode()


def seats_of(app, environ, booking: dict) -> int:
    """The seats a booking takes: its unit items, each counting its unit's paxCount (read from the product)."""
    product = fetch(app, environ, "GET", f"/octo/products/{booking['productId']}") or {}
    option = next((o for o in product.get("options") or [] if o.get("id") == booking["optionId"]), {})
    pax = {u.get("id"): (u.get("restrictions") or {}).get("paxCount") or 1 for u in option.get("units") or []}
    return sum(pax.get(item.get("unitId"), 1) for item in booking["unitItems"])


@contextmanager
def clock_moved(app, environ, utc_now: str) -> Iterator[bool]:
    """The caller's sandbox clock set to `utc_now` through the control interface for the time of
    the block, then put back where it was; yields whether it could be moved."""
    _, clock = ask(app, environ, "GET", "/octo/_control/clock")
    if not (isinstance(clock, dict) and isinstance(clock.get("offsetSeconds"), (int, float))):
        yield False
        return
    status, _ = ask(app, environ, "POST", "/octo/_control/clock", {"utcNow": utc_now})
    try:
        yield status.startswith("200")
    finally:
        _, moved = ask(app, environ, "GET", "/octo/_control/clock")
        if isinstance(moved, dict):
            ask(app, environ, "POST", "/octo/_control/clock",
                {"advanceSeconds": clock["offsetSeconds"] - moved["offsetSeconds"]})


def booking_now(app, environ, booking_uuid: str) -> dict | None:
    """The booking as the mock has it now (None when it has none), read with the caller's headers."""
    return fetch(app, environ, "GET", f"/octo/bookings/{booking_uuid}")


def accepting_refused(when: Callable[[Call], bool], of_booking: Callable[[dict], bool] = lambda booking: True):
    """Middleware factory: a matching request the mock refuses, about a booking `of_booking`
    accepts, answers 200 with the booking as it is."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            match = BOOKING_PATH.match(call.path.removesuffix("/extend"))
            if when(call) and match and not status.startswith("200"):
                booking = booking_now(app, environ, match["uuid"])
                if booking is not None and of_booking(booking):
                    status, body = "200 OK", json.dumps(booking).encode()
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def is_reservation(call: Call) -> bool:
    return call.method == "POST" and call.path == "/octo/bookings"


def is_confirmation(call: Call) -> bool:
    return call.method == "POST" and call.path.startswith("/octo/bookings/") and call.path.endswith("/confirm")


def is_cancellation(call: Call) -> bool:
    """POST /bookings/{uuid}/cancel, or DELETE /bookings/{uuid}."""
    match = BOOKING_PATH.match(call.path)
    return bool(match) and ((call.method == "POST" and match["action"] == "/cancel")
                            or (call.method == "DELETE" and not match["action"]))


def is_update(call: Call) -> bool:
    return call.method == "PATCH" and call.path.startswith("/octo/bookings/")


def is_redemption(call: Call, name: str) -> bool:
    return call.path == f"/octo/redemption/{name}"


def served_as_if_asked(prefix: str, capabilities: str):
    """Middleware factory: requests under `prefix` are served as if they asked for `capabilities`."""
    def wrap(app):
        def middleware(environ, start_response):
            if environ["PATH_INFO"].startswith(prefix):
                environ["HTTP_OCTO_CAPABILITIES"] = capabilities
            return app(environ, start_response)
        return middleware
    return wrap


def wrap_all(defects) -> Callable:
    """One middleware factory applying every defect (the first one innermost)."""
    def wrap(app):
        for defect in defects:
            app = defect.wrap(app)
        return app
    return wrap
