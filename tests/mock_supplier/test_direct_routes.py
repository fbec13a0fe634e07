"""The declared operations answered before Flask (web/direct_routes.py) answer as the Flask
routes do: for every operation, on every path shape (known and unknown ids, UTF-8 and broken
segments, trailing and doubled slashes), with every method, key, capability header, body and
query string either reads, the same status, headers and body; and where an answer would change
the store (a successful write) both hand the operation the same request and send its answer
the same way."""
from __future__ import annotations

import itertools
import json
import re

import pytest
from werkzeug.test import EnvironBuilder

import schemas
from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from mock_supplier.capabilities import installed
from mock_supplier.kernel.operations import WRITE
from mock_supplier.kernel.plugins import Plugins
from mock_supplier.web import direct_routes, routes
from mock_supplier.web.routes import operations
from tests.harness import CONTACT, FlaskTransport, OctoClient, reservation
from tests.mock_supplier.test_plugins import EXAMPLE, EXAMPLE_CAPABILITY, EXAMPLE_INFO

PLUGINS = Plugins((*installed().installed, EXAMPLE_CAPABILITY), known=(*schemas.capabilities(), EXAMPLE_INFO))
EVERY_CAPABILITY = ", ".join((*installed().ids, EXAMPLE))
OPERATIONS = operations(PLUGINS)
AUTHORIZATIONS = [f"Bearer {DEFAULT_API_KEY}", "MINTED", None, "Basic abc", "Bearer not-a-key"]
CAPABILITY_HEADERS = [None, "octo/pricing", EVERY_CAPABILITY, "nonsense, octo/content", f"octo/pricing, {EXAMPLE}"]
# Bodies no operation accepts, so that no request here changes the store between the two answers.
REFUSED_BODIES = [b"{", b"[]", b"\xff\xfe", json.dumps({"productId": 5, "optionId": [], "unitItems": 5, "contact": 5,
                                                         "availabilityId": {}, "url": 5, "reference": 5, "reason": 5,
                                                         "resellerReference": 5, "expirationMinutes": "x"}).encode()]
OTHER_METHODS = ["HEAD", "PUT", "OPTIONS"]
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


def _environ(method, path, authorization, capabilities, body=None, query="", known=None, language=None, length=None,
             variant="fancy"):
    headers = {"Authorization": f"Bearer {known['minted']}" if authorization == "MINTED" else authorization,
               "Octo-Capabilities": capabilities, "Accept-Language": language, "X-Example-Variant": variant}
    environ = EnvironBuilder(path=path, method=method, query_string=query, data=body,
                             headers={k: v for k, v in headers.items() if v is not None}).get_environ()
    if length is not None:
        environ["CONTENT_LENGTH"] = str(length)
    return environ


def _answer(wsgi_app, environ) -> tuple[str, list, bytes]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, list(headers)

    body = b"".join(wsgi_app(environ, start_response))
    return seen["status"], seen["headers"], body


def _requests(known):
    """(method, path, authorization, capabilities, body, query, language, length, variant) of each request."""
    for op in OPERATIONS:
        if op.access == WRITE and op.request is None and op.method == "POST":
            continue  # the example's note takes any body: a write compared by the test below
        takes_body = op.method != "GET"
        bodies = REFUSED_BODIES if op.access == WRITE else [None, *REFUSED_BODIES] if takes_body else [None]
        for path in _paths(op, known):
            for authorization, capabilities in itertools.product(AUTHORIZATIONS, CAPABILITY_HEADERS):
                yield op.method, path, authorization, capabilities, bodies[-1], "", None, None, "fancy"
            if op.method == "GET":  # the catalogue is encoded once per view: languages and the example's variant
                for capabilities, language, variant in itertools.product(CAPABILITY_HEADERS, LANGUAGES, [None, "x"]):
                    yield op.method, path, AUTHORIZATIONS[0], capabilities, None, "", language, None, variant
            for method, body in itertools.product([op.method, *OTHER_METHODS], bodies):
                yield method, path, AUTHORIZATIONS[0], EVERY_CAPABILITY, body, "", "es", None, "fancy"
            if takes_body:  # a body declared larger than the mock reads
                yield op.method, path, AUTHORIZATIONS[0], EVERY_CAPABILITY, b"{}", "", None, 2 << 20, "fancy"
            for query in ["resellerReference=x&resellerReference=y", "localDate=2030-01-01&localDateStart=x",
                          "%FF=%FE", "reference=" + known["booking"]["supplierReference"]]:
                yield op.method, path, AUTHORIZATIONS[0], EVERY_CAPABILITY, bodies[-1], query, None, None, "fancy"


def test_every_operation_answers_as_flask_does(app, known):
    flask, passed_on = app.wsgi_app.fallback, []
    early = direct_routes.answer_operations(app.extensions["octo_mock"], "/octo", OPERATIONS,
                                            lambda env, start: passed_on.append(1) or flask(env, start))
    compared = answered_early = 0
    for method, path, authorization, capabilities, body, query, language, length, variant in _requests(known):
        def environ():
            return _environ(method, path, authorization, capabilities, body, query, known, language, length,
                            variant)
        passed_on.clear()
        assert _answer(early, environ()) == _answer(flask, environ()), (method, path, authorization, capabilities,
                                                                        body, query, length)
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

    def recording(mock, op, incoming):
        try:
            body = incoming.read_body()
        except Exception as error:  # noqa: BLE001 - the refusal is what is compared
            body = repr(error)
        handed.append((op.operation_id, list(incoming.headers.items()), incoming.params, incoming.query,
                       incoming.base_url, body))
        status, headers, content = answer
        capabilities = ", ".join(mock.plugins.applied(incoming.headers.get("Octo-Capabilities")))
        return status, [*headers, ("Octo-Capabilities", capabilities)], content

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
