"""Fixtures shared by the project's own tests.

Every request goes through `OctoClient`, which checks every response it gets from the mock:
JSON content type, the Octo-Capabilities echo, no status but 200 and 400, every 200 body
valid in strict mode against the schema of its route (with the request's capabilities) and
every 400 body valid against "error". A test that talks to the mock therefore validates
every response the mock gives it, in-process or over HTTP.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, Mapping
from urllib.parse import urlencode

import pytest
import requests

import schemas
from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from suites.plugin import embedded

OCTO = "/octo"
PRICING = "octo/pricing"
REDEMPTION = "octo/redemption"
GIFTS = "octo/gifts"
MOCK_CAPABILITIES = (PRICING, REDEMPTION, GIFTS)  # what the mock implements, hence what it may echo
CLOSED_WEEKDAYS = {"museum-pass": {1}, "harbour-cruise": {0}}  # date.weekday(): Tuesday, Monday
HTTP_TIMEOUT = 15  # seconds, for every request sent over a socket
_NO_BODY = object()

# The schema of each OCTO route's 200 body: (methods, path under /octo, schema, list of them);
# "list of them" None means one object or an array of them, as the body says.
RESPONSE_SCHEMAS = [
    ("GET", r"/supplier", "supplier", False),
    ("GET", r"/capabilities", "capability", True),
    ("GET", r"/products", "product", True),
    ("GET", r"/products/[^/]+", "product", False),
    ("POST", r"/availability", "availability", True),
    ("POST", r"/availability/calendar", "availability-calendar-day", True),
    ("GET", r"/bookings", "booking", True),
    ("POST", r"/bookings", "booking", False),
    ("GET|PATCH|DELETE", r"/bookings/[^/]+", "booking", False),
    ("POST", r"/bookings/[^/]+/(confirm|cancel|extend)", "booking", False),
    ("GET", r"/redemption/lookup", "redemption-lookup-result", True),
    ("POST", r"/redemption/redeem", "redemption-lookup-result", None),
    ("POST", r"/redemption/validate", "redemption-lookup-result", False),
    ("POST", r"/redemption/credentials", "redemption-credentials", False),
    ("GET", r"/gifts", "gift", True),
    ("POST", r"/gifts", "gift", False),
    ("GET|PATCH|DELETE", r"/gifts/[^/]+", "gift", False),
    ("POST", r"/gifts/[^/]+/(confirm|extend)", "gift", False),
]


def response_schema(method: str, path: str) -> tuple[str, bool] | None:
    """(schema name, is a list) for a 200 from an OCTO route; None for the control interface."""
    path = path.split("?", 1)[0].rstrip("/") or "/"
    if path.startswith("/_control"):
        return None
    for methods, pattern, name, many in RESPONSE_SCHEMAS:
        if method in methods.split("|") and re.fullmatch(pattern, path):
            return name, many
    raise AssertionError(f"no response schema is known for a 200 from {method} {path}")


def applied_capabilities(header: str | None) -> set[str]:
    """What the mock should apply for an Octo-Capabilities request header: octo/gifts only
    together with octo/pricing, which it depends on."""
    found = {part.strip() for part in (header or "").split(",")} & set(MOCK_CAPABILITIES)
    return found if PRICING in found else found - {GIFTS}


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
    if reply.status == 400:
        problems = schema_problems("error", reply.body, applied)
    else:
        problems = _ok_body_problems(method, path, reply.body, applied)
    assert not problems, "schema violations:\n  " + "\n  ".join(problems) + "\n" + reply.exchange


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


# --- test data ---------------------------------------------------------------------------


def sandbox_today(client: OctoClient) -> date:
    """Today's UTC date on the caller's sandbox clock."""
    return date.fromisoformat(client.get("/_control/clock").ok()["utcNow"][:10])


def parse_utc(text: str) -> datetime:
    """A "...Z" timestamp as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def utc_text(moment: datetime) -> str:
    """An aware datetime as the "...Z" text the control clock takes."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def set_clock(client: OctoClient, utc_now: str) -> None:
    """Move the caller's sandbox clock to a UTC time ("...Z")."""
    client.post("/_control/clock", {"utcNow": utc_now}).ok()


def advance_clock(client: OctoClient, minutes: float) -> None:
    """Move the caller's sandbox clock forward."""
    client.post("/_control/clock", {"advanceMinutes": minutes}).ok()


def at_noon(client: OctoClient) -> OctoClient:
    """The client, its sandbox clock put at 12:00 UTC of the real date."""
    set_clock(client, datetime.now(timezone.utc).strftime("%Y-%m-%dT12:00:00Z"))
    return client


def open_date(client: OctoClient, product_id: str, days_ahead: int = 3) -> str:
    """A local date at least `days_ahead` days after the sandbox's today on which the product runs."""
    day = sandbox_today(client) + timedelta(days=days_ahead)
    while day.weekday() in CLOSED_WEEKDAYS.get(product_id, ()):
        day += timedelta(days=1)
    return day.isoformat()


def find_slot(client: OctoClient, product_id: str = "walking-tour", start: str | None = None,
              local_date: str | None = None, option_id: str = "DEFAULT") -> dict:
    """The availability object of a departure ("HH:MM" local; the day's first when None) on an open date."""
    local_date = local_date or open_date(client, product_id)
    slots = client.post("/availability", {"productId": product_id, "optionId": option_id,
                                          "localDate": local_date}).ok()
    for slot in slots:
        if start is None or slot["localDateTimeStart"][11:16] == start:
            return slot
    raise AssertionError(f"{product_id}/{option_id} has no departure at {start} on {local_date}: {slots}")


def availability_of(client: OctoClient, availability_id: str, product_id: str = "walking-tour",
                    option_id: str = "DEFAULT") -> dict:
    """The availability object of one slot, read again by id."""
    found = client.post("/availability", {"productId": product_id, "optionId": option_id,
                                          "availabilityIds": [availability_id]}).ok()
    assert len(found) == 1, found
    return found[0]


def reservation(client: OctoClient, product_id: str = "walking-tour", units=("adult",), *,
                start: str | None = None, local_date: str | None = None, option_id: str = "DEFAULT",
                **fields) -> dict:
    """A reservation body for the given unit ids on a departure found as find_slot does."""
    slot = find_slot(client, product_id, start, local_date, option_id)
    return {"productId": product_id, "optionId": option_id, "availabilityId": slot["id"],
            "unitItems": [{"unitId": unit} for unit in units], **fields}


def reserve(client: OctoClient, product_id: str = "walking-tour", units=("adult",), **kw) -> dict:
    """Reserve (POST /bookings) and return the ON_HOLD booking; see reservation() for the arguments."""
    return client.post("/bookings", reservation(client, product_id, units, **kw)).ok()


def all_bookings(client: OctoClient) -> list[dict]:
    """Every booking of the caller's sandbox, whatever its travel date."""
    return client.get("/bookings", {"localDateStart": "2000-01-01", "localDateEnd": "2100-12-31"}).ok()


def assert_unchanged(client: OctoClient, booking: dict) -> None:
    """The booking reads back exactly as given (a refused change left it alone)."""
    assert client.get(f"/bookings/{booking['uuid']}").ok() == booking


CONTACT = {"fullName": "Ada Lovelace", "firstName": "Ada", "lastName": "Lovelace",
           "emailAddress": "ada@example.com", "phoneNumber": "+441234567890", "locales": ["en-GB"],
           "country": "GB"}


def confirm(client: OctoClient, booking: dict, **fields) -> dict:
    """Confirm a booking with a full contact and return it."""
    return client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": CONTACT, **fields}).ok()


# --- fixtures: one mock per test -------------------------------------------------------------


@pytest.fixture
def mock_app(tmp_path):
    """A mock supplier app on its own SQLite file in tmp_path."""
    return create_app(MockConfig(db_path=str(tmp_path / "mock.sqlite3")))


@pytest.fixture
def client(mock_app) -> OctoClient:
    """A checking client of mock_app as the default development key, without capabilities.

    Its sandbox clock is put at noon UTC today, so that no test that moves the clock by
    minutes or hours, or reads "today" twice, crosses midnight between two requests.
    """
    return at_noon(OctoClient(FlaskTransport(mock_app)))


@pytest.fixture
def pricing_client(client) -> OctoClient:
    """The same client asking for octo/pricing."""
    return client.with_capabilities(PRICING)


@pytest.fixture
def other_client(client) -> OctoClient:
    """The same mock as a freshly minted sandbox key, its clock also at noon UTC today."""
    return at_noon(client.with_key(client.post("/_control/sandboxes").ok()["apiKey"]))


@pytest.fixture
def booked(client) -> dict:
    """A fresh ON_HOLD walking-tour booking: one adult at 09:00."""
    return reserve(client, start="09:00")


# --- fixtures: real servers -----------------------------------------------------------------


@pytest.fixture
def workers_server(mock_processes, tmp_path) -> OctoClient:
    """`octo-mock --workers 2`: two server processes on one port and one database."""
    return mock_processes.start(tmp_path / "workers.sqlite3", workers=2)[1]


@pytest.fixture(params=["live_server", "workers_server"])
def any_server(request) -> OctoClient:
    """The same test through one server process, then through two worker processes."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def live_server(tmp_path) -> Iterator[OctoClient]:
    """Serve a mock over HTTP with waitress in a thread on 127.0.0.1; returns a checking client."""
    mock = embedded.serve(create_app(MockConfig(db_path=str(tmp_path / "live.sqlite3"))))
    try:
        yield OctoClient(HttpTransport(mock.base_url.removesuffix("/octo")))
    finally:
        mock.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _mock_command() -> list[str]:
    script = Path(sys.executable).with_name("octo-mock")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from mock_supplier.cli import main; main()"]


class MockProcesses:
    """`octo-mock` processes started by a test, every one stopped at teardown."""

    def __init__(self):
        self.running: list[subprocess.Popen] = []

    def start(self, db_path: Path, *options: str, workers: int = 1, stderr: Path | None = None,
              attempts: int = 3) -> tuple[subprocess.Popen, OctoClient]:
        """Run `octo-mock --db db_path --workers N [options]` on a free loopback port; wait until it
        answers. Its stderr goes to the file `stderr` (else nowhere). The server gets a process
        group of its own, so a test can kill it whole (`kill_group`).

        Besides the default key, the process accepts a key of its own, which the readiness
        probe uses: a server of another test that took the port would refuse it.
        """
        own_key = f"probe-{secrets.token_hex(8)}"
        for _ in range(attempts):  # a port found free can be taken before the server binds it
            port = _free_port()
            command = _mock_command() + ["--db", str(db_path), "--port", str(port),
                                         "--api-key", DEFAULT_API_KEY, "--api-key", own_key,
                                         "--workers", str(workers), *options]
            with open(stderr, "ab") if stderr else open(os.devnull, "wb") as errors:
                process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                                           start_new_session=True)
            self.running.append(process)
            client = OctoClient(HttpTransport(f"http://127.0.0.1:{port}"))
            if _wait_until_up(process, client.with_key(own_key)):
                return process, client
            self.stop(process)
        raise AssertionError("octo-mock did not start")

    def stop(self, process: subprocess.Popen) -> None:
        """Terminate one process (killed if it does not stop within 10 s)."""
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def kill_group(self, process: subprocess.Popen) -> None:
        """SIGKILL the server and every worker process it forked, all at once."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        """Stop every process still running."""
        for process in self.running:
            if process.poll() is None:
                self.stop(process)


def _wait_until_up(process: subprocess.Popen, client: OctoClient, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if client.get("/supplier").status == 200:
                return True
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    return False


@pytest.fixture
def mock_processes():
    """Starts `octo-mock` subprocesses (see MockProcesses.start) and stops them all afterwards."""
    processes = MockProcesses()
    try:
        yield processes
    finally:
        processes.stop_all()
