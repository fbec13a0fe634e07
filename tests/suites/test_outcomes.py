"""The five outcomes as a user sees them: blocked rules grouped under their cause (an error in
JUnit, the proof shown once), advisories reported apart and failing the run only with --strict."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from .defects import bookings, send
from .running import run_suites


def _plain_404(app):
    """Unknown paths answer a plain-text 404, as many web frameworks do by default."""
    def middleware(environ, start_response):
        if environ["PATH_INFO"].startswith("/octo/octo-conformance-no-such"):
            return send(start_response, "404 Not Found", [("Content-Type", "text/plain")], b"Not Found")
        return app(environ, start_response)
    return middleware


def test_advisory_passes_the_run_unless_strict(serve_mock, tmp_path):
    """A recommendation not followed is an advisory: exit 0 and its own section; --strict fails it."""
    mock = serve_mock(_plain_404)
    run = run_suites(mock.base_url, mock.api_key, tmp_path / "lenient", "-k", "test_unknown_route")
    assert run.exit_code == 0, run.output[-3000:]
    assert run.outcomes() == {"test_unknown_route_is_a_client_error": "passed",
                              "test_unknown_route_answers_octo_error": "advisory"}
    assert run.summary["verdict"] == "pass" and run.summary["totals"]["advisory"] == 1
    assert "advisories (recommendations beyond the standard" in run.output
    assert "text/plain: Not Found" in run.output

    strict = run_suites(mock.base_url, mock.api_key, tmp_path / "strict", "-k", "test_unknown_route", "--strict")
    assert strict.exit_code == 1
    assert strict.outcomes()["test_unknown_route_answers_octo_error"] == "failed"
    assert "ADVISORY  a recommendation beyond the standard" in strict.output


def test_blocked_rules_are_grouped_under_their_cause(serve_mock, tmp_path):
    """A broken step blocks the rules that need it: an error (not a failure) in JUnit, one cause
    in the console and summary.json naming the rule that tests the step, the proof shown once."""
    mock = serve_mock(bookings.GET_BOOKING_FAILS.wrap)
    run = run_suites(mock.base_url, mock.api_key, tmp_path, "-k",
                     "test_get_equals_latest_state or test_update_refused or test_confirming_cancelled")
    assert run.exit_code == 1, run.output[-3000:]
    assert run.rules("failed") == ["test_get_equals_latest_state"]
    blocked = run.rules("blocked")
    assert blocked == ["test_confirming_cancelled_booking_is_refused",
                       "test_confirming_cancelled_confirmed_booking_is_refused",
                       "test_update_refused_after_cancellation", "test_update_refused_when_not_cancellable"]
    [cause] = run.summary["blockedCauses"]
    assert (cause["step"], cause["tested_by"], len(cause["rules"])) == (
        "GET /bookings/{uuid}", "test_get_equals_latest_state", 4)
    assert "octo-conformance: 1 cause blocks 4 rules" in run.output
    assert run.output.count("CAUSE 1   GET /bookings/{uuid} failed; the rule that tests it: "
                            "test_get_equals_latest_state") == 1
    assert f"BLOCKS    4 rules: {', '.join(sorted(blocked))}" in run.output.replace(
        ", ".join(cause["rules"]), ", ".join(sorted(cause["rules"])))
    assert run.output.count("PROOF     GET ") == 1
    assert "4 blocked" in run.output.splitlines()[-1]

    cases = {case.get("name"): case for case in ET.parse(tmp_path / "junit.xml").getroot().iter("testcase")}
    assert cases["test_get_equals_latest_state"].find("failure") is not None
    for name in blocked:
        assert cases[name].find("error") is not None and cases[name].find("failure") is None, name
    page = (tmp_path / "report.html").read_text()
    assert '<h2 id="blocked">1 cause blocks 4 rules</h2>' in page
    assert "Cause 1: GET /bookings/{uuid} failed" in page and "<code>test_get_equals_latest_state</code>" in page
    texts = [cases[name].find("error").text or "" for name in blocked]
    assert sum("PROOF     shown once, with" in t for t in texts) == 3
    assert all("BLOCKED   the step GET /bookings/{uuid} failed" in t for t in texts)
