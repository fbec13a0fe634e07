"""The suites pass against the mock: the embedded default and a served mock alike."""
from __future__ import annotations

import io
import json

from .conftest import run_suites


def test_embedded_default_passes_every_rule(tmp_path):
    """`octo-conformance` with no target certifies the embedded mock: exit 0, nothing failed or skipped."""
    run = run_suites(None, None, tmp_path)
    assert run.exit_code == 0, run.output[-3000:]
    assert run.summary["verdict"] == "pass"
    assert run.failed() == []
    skipped = [t for t in run.summary["tests"] if t["outcome"] == "skipped"]
    assert skipped == [], skipped
    assert len(run.summary["tests"]) >= 80


def test_reports_are_written(tmp_path):
    """A run writes report.html, junit.xml and summary.json with per-area and per-capability verdicts."""
    run = run_suites(None, None, tmp_path, "-k", "test_products")
    assert run.exit_code == 0, run.output[-3000:]
    assert (tmp_path / "report.html").stat().st_size > 0
    assert "<testsuite" in (tmp_path / "junit.xml").read_text()
    assert run.summary["areas"]["products"]["verdict"] == "pass"
    assert run.summary["capabilities"]["core"]["verdict"] == "pass"
    assert isinstance(run.summary["seed"], int)
    assert run.summary["appliedCapabilities"] == ["octo/pricing"]


def test_same_seed_replays_the_same_choices(serve_mock, tmp_path):
    """--seed replays a run: the same seed sends the same contacts for the same departures again."""
    sent: list[dict] = []
    mock = serve_mock(wrap=lambda app: _recording(app, sent))
    for n in (1, 2, 3):
        seed = "1234" if n < 3 else "4321"
        run = run_suites(mock.base_url, mock.api_key, tmp_path / str(n), "--seed", seed,
                         "-k", "test_confirmation_stores_contact")
        assert run.exit_code == 0, run.output[-3000:]
        assert run.summary["seed"] == int(seed)
    confirmations = [body["contact"] for body in sent if "contact" in body]
    assert len(confirmations) == 3
    assert confirmations[0] == confirmations[1]
    assert confirmations[2] != confirmations[0]


def _recording(app, sent: list):
    """WSGI middleware keeping every JSON request body sent to a confirm endpoint."""
    def middleware(environ, start_response):
        if environ["PATH_INFO"].endswith("/confirm"):
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            sent.append(json.loads(body))
            environ["wsgi.input"] = io.BytesIO(body)
        return app(environ, start_response)
    return middleware
