"""The catalogue reads answered before Flask (web/catalogue_reads.py) answer exactly as Flask
does: the same status, headers and body for every combination of the headers either reads,
for every path it may take, with the real capabilities and with a made-up one that splits the
catalogue by a header of its own."""
from __future__ import annotations

import itertools

import pytest
from werkzeug.test import EnvironBuilder

import schemas
from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from mock_supplier.capabilities import installed
from mock_supplier.kernel.plugins import Plugins
from mock_supplier.web.app import OCTO_PREFIX
from mock_supplier.web.catalogue_reads import answer_catalogue_reads
from tests.mock_supplier.test_plugins import EXAMPLE, EXAMPLE_CAPABILITY, EXAMPLE_INFO

PATHS = ["/octo/products", "/octo/products/", "/octo/products//", "/octo/products/walking-tour",
         "/octo/products/walking-tour/", "/octo/products/museum-pass", "/octo/products/nope",
         "/octo/products/WALKING-TOUR", "/octo/products/caf%C3%A9", "/octo/products/%FF",
         "/octo/products/walking-tour/options", "/octo/productsx", "/octo/supplier"]
AUTHORIZATIONS = [f"Bearer {DEFAULT_API_KEY}", f"bearer   {DEFAULT_API_KEY}  ", "MINTED", "Bearer", "Basic abc",
                  "Bearer not-a-key", None]
CAPABILITIES = [None, "", "octo/pricing", "pricing", "octo/content", "octo/content, octo/pricing",
                "octo/offers", "octo/offers, octo/pricing", "octo/pickups,octo/questions", "nonsense, ,",
                f"octo/pricing, {EXAMPLE}"]
LANGUAGES = [None, "es", "fr-FR, en;q=0.5", "*", "xx"]


def _answer(wsgi_app, environ) -> tuple[str, list, bytes]:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, list(headers)

    body = b"".join(wsgi_app(dict(environ), start_response))
    return seen["status"], seen["headers"], body


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    plugins = Plugins((*installed().installed, EXAMPLE_CAPABILITY), known=(*schemas.capabilities(), EXAMPLE_INFO))
    return create_app(MockConfig(db_path=str(tmp_path_factory.mktemp("reads") / "mock.sqlite3"), plugins=plugins))


def test_every_catalogue_read_answers_as_flask_does(app):
    minted = app.test_client().post("/octo/_control/sandboxes", headers={
        "Authorization": f"Bearer {DEFAULT_API_KEY}"}).get_json()["apiKey"]
    flask, passed_on = app.wsgi_app.fallback, []
    early = answer_catalogue_reads(app.extensions["octo_mock"], OCTO_PREFIX,
                                   lambda env, start: passed_on.append(1) or flask(env, start))
    answered_early = 0
    for path, authorization, capabilities, language, variant in itertools.product(
            PATHS, AUTHORIZATIONS, CAPABILITIES, LANGUAGES, [None, "fancy"]):
        headers = {"Authorization": f"Bearer {minted}" if authorization == "MINTED" else authorization,
                   "Octo-Capabilities": capabilities, "Accept-Language": language, "X-Example-Variant": variant}
        environ = EnvironBuilder(path=path, headers={k: v for k, v in headers.items() if v is not None}).get_environ()
        passed_on.clear()
        assert _answer(early, environ) == _answer(flask, environ), (path, headers)
        answered_early += not passed_on
    # the early path did answer (most of) the successful reads, so the comparison compared two paths
    assert answered_early >= len(PATHS[:6]) * 3 * len(CAPABILITIES) * len(LANGUAGES) * 2


@pytest.mark.parametrize("method, query", [("HEAD", ""), ("POST", ""), ("GET", "x=1")])
def test_other_methods_and_queries_go_to_flask(app, method, query):
    environ = EnvironBuilder(path="/octo/products", method=method, query_string=query,
                             headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"}).get_environ()
    flask, passed_on = app.wsgi_app.fallback, []
    early = answer_catalogue_reads(app.extensions["octo_mock"], OCTO_PREFIX,
                                   lambda env, start: passed_on.append(1) or flask(env, start))
    assert _answer(early, environ) == _answer(flask, environ) and passed_on
