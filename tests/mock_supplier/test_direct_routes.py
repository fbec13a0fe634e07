"""The declared operations answered before Flask (web/direct_routes.py) answer as the Flask
routes do: for every operation, on every path shape (known and unknown ids, UTF-8 and broken
segments, trailing and doubled slashes), with every method, key, capability header, language,
body (refused, larger than allowed, shorter than declared, sent without a length) and query
string (repeated keys, broken percent-escapes, raw bytes that are not UTF-8), the same status,
headers and body; where an answer would change the store (a successful write), both hand the
operation the same request and send its answer the same way. Both ways end in serve.answer, so
what is compared is what each does around it; what serve.answer itself must say to requests no
framework screens any more is pinned at the end."""
from __future__ import annotations

import itertools
import json
import re

import pytest
from werkzeug.datastructures import EnvironHeaders
from werkzeug.test import EnvironBuilder

import schemas
from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from mock_supplier.capabilities import installed
from mock_supplier.kernel.operations import WRITE
from mock_supplier.kernel.plugins import Plugins
from mock_supplier.web import direct_routes, routes, serve
from mock_supplier.web.routes import operations
from tests.harness import CONTACT, FlaskTransport, OctoClient, reservation
from tests.mock_supplier.test_plugins import EXAMPLE, EXAMPLE_CAPABILITY, EXAMPLE_INFO

PLUGINS = Plugins((*installed().installed, EXAMPLE_CAPABILITY), known=(*schemas.capabilities(), EXAMPLE_INFO))
EVERY_CAPABILITY = ", ".join((*installed().ids, EXAMPLE))
OPERATIONS = operations(PLUGINS)
AUTHORIZATIONS = [f"Bearer {DEFAULT_API_KEY}", "MINTED", None, "Basic abc", "Bearer not-a-key",
                  f"bearer   {DEFAULT_API_KEY}  ", "Bearer"]
CAPABILITY_HEADERS = [None, "octo/pricing", EVERY_CAPABILITY, "nonsense, octo/content", f"octo/pricing, {EXAMPLE}",
                      "", "pricing", "nonsense, ,"]
# Bodies no operation accepts, so that no request here changes the store between the two answers.
REFUSED_BODIES = [b"{", b"[]", b"\xff\xfe", json.dumps({"productId": 5, "optionId": [], "unitItems": 5, "contact": 5,
                                                         "availabilityId": {}, "url": 5, "reference": 5, "reason": 5,
                                                         "resellerReference": 5, "expirationMinutes": "x"}).encode()]
OTHER_METHODS = ["HEAD", "PUT", "OPTIONS"]
# WSGI variables a server may set otherwise than EnvironBuilder does (None: left out)
BODY_SHAPES = [(("CONTENT_LENGTH", str(2 << 20)),),  # declared larger than the mock reads
               (("CONTENT_LENGTH", "100"),),  # shorter than declared: the client went away
               (("CONTENT_LENGTH", None), ("wsgi.input_terminated", True))]  # chunked: read to the end
RAW_QUERY = (("QUERY_STRING", "x=\xff&localDate=2030-01-01"),)  # bytes sent unescaped, not UTF-8
LANGUAGES = [None, "es", "fr-FR, en;q=0.5", "*", "xx"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(MockConfig(db_path=str(tmp_path_factory.mktemp("direct") / "mock.sqlite3"), plugins=PLUGINS))


@pytest.fixture(scope="module")
def known(app):
    """Ids that exist: a confirmed booking, its ticket, a product, and a minted key."""
    client = OctoClient(FlaskTransport(app), capabilities=("octo/pricing",))
    booking = client.post("/bookings", reservation(client)).ok()
    booking = client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": CONTACT}).ok()
    ticket = re.search(r"/tickets/([^/\"]+)\.pdf", json.dumps(booking))
    minted = client.post("/_control/sandboxes").ok()["apiKey"]
    return {"booking_uuid": booking["uuid"], "product_id": "walking-tour", "code": ticket and ticket.group(1),
            "minted": minted, "booking": booking}


def _paths(op, known) -> list[str]:
    """The operation's path with known, unknown, non-ASCII and broken ids, and slashes added."""
    path = "/octo" + op.path
    if not op.params:
        return [path, path + "/", path.replace("/octo/", "/octo//")]
    shapes = []
    for value in [None, "nope", "WALKING-TOUR", "caf%C3%A9", "%FF", "a%2Fb", ""]:
        filled = path
        for name in op.params:
            filled = filled.replace("{" + name + "}", known.get(name) or "nope" if value is None else value)
        shapes.append(filled)
    return [*shapes, shapes[0] + "/"]


def _environ(method, path, authorization, capabilities, body=None, query="", known=None, language=None,
             variant="fancy", overrides=()):
    headers = {"Authorization": f"Bearer {known['minted']}" if authorization == "MINTED" else authorization,
               "Octo-Capabilities": capabilities, "Accept-Language": language, "X-Example-Variant": variant}
    environ = EnvironBuilder(path=path, method=method, query_string=query, data=body,
                             headers={k: v for k, v in headers.items() if v is not None}).get_environ()
    for name, value in overrides:
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    return environ


def _answer(wsgi_app, environ) -> tuple[str, list, bytes]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, list(headers)

    body = b"".join(wsgi_app(environ, start_response))
    return seen["status"], seen["headers"], body


def _requests(known):
    """(method, path, authorization, capabilities, body, query, language, variant, overrides) of each request."""
    good, every = AUTHORIZATIONS[0], EVERY_CAPABILITY
    for op in OPERATIONS:
        if op.access == WRITE and op.request is None and op.method == "POST":
            continue  # the example's note takes any body: a write compared by the test below
        takes_body = op.method != "GET"
        bodies = REFUSED_BODIES if op.access == WRITE else [None, *REFUSED_BODIES] if takes_body else [None]
        for n, path in enumerate(_paths(op, known)):
            keys = itertools.product(AUTHORIZATIONS, CAPABILITY_HEADERS) if n == 0 else (
                [(key, every) for key in AUTHORIZATIONS] + [(good, header) for header in CAPABILITY_HEADERS])
            for authorization, capabilities in keys:
                yield op.method, path, authorization, capabilities, bodies[-1], "", None, "fancy", ()
            if op.method == "GET":  # the catalogue is encoded once per view: languages and the example's variant
                for capabilities, language, variant in itertools.product(CAPABILITY_HEADERS, LANGUAGES, [None, "x"]):
                    yield op.method, path, good, capabilities, None, "", language, variant, ()
            for method, body in itertools.product([op.method, *OTHER_METHODS], bodies):
                yield method, path, good, every, body, "", "es", "fancy", ()
            for shape in BODY_SHAPES if takes_body else ():
                yield op.method, path, good, every, bodies[-1] if op.access == WRITE else b"{}", "", None, "fancy", shape
            for query in ["resellerReference=x&resellerReference=y", "localDate=2030-01-01&localDateStart=x",
                          "%FF=%FE", "reference=" + known["booking"]["supplierReference"]]:
                yield op.method, path, good, every, bodies[-1], query, None, "fancy", ()
            for method, authorization in itertools.product([op.method, "HEAD"], [good, None]):
                yield method, path, authorization, every, bodies[-1], "", None, "fancy", RAW_QUERY


def test_every_operation_answers_as_flask_does(app, known):
    flask, passed_on = app.wsgi_app.fallback, []
    early = direct_routes.answer_operations(app.extensions["octo_mock"], "/octo", OPERATIONS,
                                            lambda env, start: passed_on.append(1) or flask(env, start))
    compared = answered_early = 0
    for request in _requests(known):
        method, path, authorization, capabilities, body, query, language, variant, overrides = request
        def environ():
            return _environ(method, path, authorization, capabilities, body, query, known, language, variant,
                            overrides)
        passed_on.clear()
        early_answer, flask_answer = _answer(early, environ()), _answer(flask, environ())
        assert early_answer == flask_answer, request
        assert not early_answer[0].startswith("5"), (request, early_answer)  # no request here is the mock's fault
        compared += 1
        answered_early += not passed_on
    # Both ways answered: most requests went the early way, and none changed the store.
    assert answered_early > compared // 2, (answered_early, compared)
    client = OctoClient(FlaskTransport(app), capabilities=("octo/pricing",))
    assert client.get(f"/bookings/{known['booking_uuid']}").ok() == known["booking"]


@pytest.mark.parametrize("answer", [
    (200, [("Content-Type", "application/json"), ("Content-Length", "2"), ("Content-Language", "es")], b"{}"),
    (400, [("Content-Type", "application/json"), ("Content-Length", "14")], b'{"error":"no"}'),
    (200, [("Content-Type", "application/pdf"), ("Content-Length", "4")], b"%PDF"),
    (500, [("Content-Type", "application/json"), ("Content-Length", "2")], b"{}"),
], ids=["ok", "refused", "pdf", "failed"])
def test_a_write_gets_the_same_request_and_its_answer_is_sent_the_same_way(app, known, monkeypatch, answer):
    """Successful writes change the store, so their answers cannot be compared twice: what each
    way hands to serve.answer, and what it sends of the same answer, is compared instead."""
    handed = []

    def recording(mock, op, environ, params, octo_prefix):
        def read(part):
            try:
                return part()
            except Exception as error:  # noqa: BLE001 - the refusal is what is compared
                return repr(error)
        headers = EnvironHeaders(environ)
        handed.append((op.operation_id, list(headers.items()), params, octo_prefix, read(lambda: serve.query_of(environ)),
                       read(lambda: serve.base_url(environ, octo_prefix)), read(lambda: serve.body_of(environ))))
        status, answer_headers, content = answer
        capabilities = ", ".join(mock.plugins.applied(headers.get("Octo-Capabilities")))
        return status, [*answer_headers, ("Octo-Capabilities", capabilities)], content

    monkeypatch.setattr(direct_routes, "answer", recording)
    monkeypatch.setattr(routes, "answer", recording)
    front = direct_routes.answer_operations(app.extensions["octo_mock"], "/octo", OPERATIONS,
                                            lambda env, start: pytest.fail("passed on"))
    flask = app.wsgi_app.fallback
    uuid = known["booking_uuid"]
    writes = [("POST", "/octo/bookings", {"productId": "walking-tour", "unitItems": [{"unitId": "adult"}]}),
              ("POST", f"/octo/bookings/{uuid}/confirm", {"contact": CONTACT}),
              ("POST", f"/octo/bookings/{uuid}/cancel", None), ("DELETE", f"/octo/bookings/{uuid}/", {}),
              ("PATCH", f"/octo/bookings/{uuid}", {"resellerReference": "é"}),
              ("POST", f"/octo/bookings/{uuid}/extend", {"expirationMinutes": 5}),
              ("POST", "/octo/orders", {}), ("POST", "/octo/order/caf%C3%A9/confirm", {"contact": CONTACT}),
              ("DELETE", "/octo/webhooks/w1", None), ("POST", "/octo/webhooks", {"url": "http://127.0.0.1:9/h"}),
              ("GET", "/octo/bookings", None), ("GET", f"/octo/tickets/{known['code']}.pdf", None),
              ("POST", "/octo/example/notes", {"text": "x"})]
    for (method, path, body), capabilities, query in itertools.product(
            writes, CAPABILITY_HEADERS, ["", "resellerReference=a&resellerReference=b&x=%FF"]):
        raw = None if body is None else json.dumps(body).encode()
        environ = _environ(method, path, AUTHORIZATIONS[0], capabilities, raw, query, known, "es")
        again = _environ(method, path, AUTHORIZATIONS[0], capabilities, raw, query, known, "es")
        handed.clear()
        assert _answer(front, environ) == _answer(flask, again), (method, path, capabilities, query)
        assert len(handed) == 2 and handed[0] == handed[1], handed


@pytest.mark.parametrize("method, path, key, overrides, body, status, error, says", [
    ("GET", "/octo/bookings", True, RAW_QUERY, None, 400, "BAD_REQUEST", "query string is not UTF-8"),
    ("GET", "/octo/bookings", False, RAW_QUERY, None, 400, "UNAUTHORIZED", None),  # the key is judged first
    ("POST", "/octo/bookings", True, (("CONTENT_LENGTH", "100"),), b"{}", 400, "BAD_REQUEST", "ended before its Content-Length"),
    ("POST", "/octo/bookings", True, (("CONTENT_LENGTH", str(2 << 20)),), b"{}", 400, "BAD_REQUEST", "larger than"),
    ("POST", "/octo/bookings", True, (), b'{"notes": "\\ud800x"}', 400, "BAD_REQUEST", "lone surrogate"),
    ("POST", "/octo/availability", True, (("CONTENT_LENGTH", None), ("wsgi.input_terminated", True)),
     b'{"productId": "nope", "optionId": "DEFAULT", "localDate": "2030-01-01"}', 400, "INVALID_PRODUCT_ID", None),
], ids=["raw query", "raw query, no key", "short body", "body too large", "lone surrogate", "chunked body"])
def test_requests_no_framework_screens_get_an_octo_error(app, known, method, path, key, overrides, body, status,
                                                         error, says):
    """What Flask's error handlers used to turn into 400s, and what no framework catches at all,
    still gets the OCTO error body with the capabilities echoed, never a 500."""
    environ = _environ(method, path, AUTHORIZATIONS[0] if key else None, "octo/pricing", body, "", known,
                       overrides=overrides)
    status_line, headers, content = _answer(app.wsgi_app, environ)
    assert status_line.startswith(str(status)), (status_line, content)
    assert dict(headers)["Octo-Capabilities"] == "octo/pricing"
    refusal = json.loads(content)
    assert refusal["error"] == error and (says or "") in refusal["errorMessage"], refusal
