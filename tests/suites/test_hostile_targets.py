"""A target that refuses, hangs, or answers 5xx or HTML gives clear failures, never our traceback."""
from __future__ import annotations

import pytest

from . import hostile_targets as hostile
from .running import run_suites

HTML = b"<html><body><h1>Service Unavailable</h1></body></html>"

CASES = {
    "connection refused": (hostile.refusing, (), "connection failed"),
    "hangs without answering": (hostile.hanging, (), "no answer within 1s"),
    "HTTP 500 with an HTML page": (hostile.answering, (500, "text/html", HTML), "HTTP 500"),
    "HTTP 200 with an HTML page": (hostile.answering, (200, "text/html", HTML), "HTTP 200 text/html, not a JSON body"),
    "truncated JSON": (hostile.answering, (200, "application/json", b'[{"id": "x", "opt'), "not a JSON body"),
    "resets every connection": (hostile.resetting, (), "connection failed"),
    "an endless JSON body": (hostile.endless_json, (), "body over 8 MiB"),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_target_fails_clearly(case, tmp_path):
    """Every rule is blocked by the one cause (none passes), each with a clear message, and no
    traceback from our code; the rule that tests the first request fails."""
    make, args, message = CASES[case]
    with make(*args) as base_url:
        run = run_suites(base_url, "any-key", tmp_path, "--timeout", "1")
    assert run.exit_code == 1, run.output[-3000:]
    assert "Traceback" not in run.output, run.output[-5000:]
    outcomes = run.outcomes()
    assert "passed" not in outcomes.values()
    assert list(outcomes.values()).count("blocked") >= 100
    assert outcomes["test_supplier_is_valid"] == "failed"
    [cause] = run.summary["blockedCauses"]
    assert cause["step"] in ("GET /supplier (the run's first request)", "GET /products")
    assert cause["proof"] and message in run.output, run.output[-3000:]


def test_a_base_url_missing_its_octo_root_says_where_the_root_is(serve_mock, tmp_path):
    """The commonest mistake, the mock's address without /octo: one cause blocks every rule, the
    first request's rule fails, and the cause names the base URL that works."""
    mock = serve_mock()
    root = mock.base_url.removesuffix("/octo")
    run = run_suites(root, mock.api_key, tmp_path)
    assert run.exit_code == 1, run.output[-3000:]
    outcomes = run.outcomes()
    assert outcomes["test_supplier_is_valid"] == "failed"
    assert set(outcomes.values()) == {"failed", "blocked"} and list(outcomes.values()).count("failed") == 1
    [cause] = run.summary["blockedCauses"]
    assert f"use --base-url {mock.base_url}" in cause["why"]
    assert run.output.splitlines()[-1].endswith("blocked in " + run.output.splitlines()[-1].split(" in ")[-1])
    assert any(line.startswith("blocked: ") and f"use --base-url {mock.base_url}" in line
               for line in run.output.splitlines()), run.output[-3000:]
