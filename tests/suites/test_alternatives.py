"""No false failure: a supplier doing what the sources allow in another way than our mock
passes every rule (an advisory at most), with each alternative alone and all of them at once."""
from __future__ import annotations

import pytest

from . import hostile_targets
from .alternatives import ALTERNATIVES
from .running import run_suites
from .defects import wrap_all


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=str)
def test_an_allowed_alternative_fails_nothing(alternative, serve_mock, tmp_path):
    """One alternative alone: exit 0, nothing failed or blocked."""
    mock = serve_mock(alternative.wrap)
    run = run_suites(mock.base_url, mock.api_key, tmp_path)
    assert (run.exit_code, run.rules("failed"), run.rules("blocked")) == (0, [], []), run.output[-3000:]


def test_every_allowed_alternative_at_once_fails_nothing(serve_mock, tmp_path):
    """All the alternatives stacked on one mock: exit 0, nothing failed or blocked, and as many
    rules passed as on the plain mock less the advisories they may raise."""
    mock = serve_mock(wrap_all(ALTERNATIVES))
    run = run_suites(mock.base_url, mock.api_key, tmp_path)
    assert (run.exit_code, run.rules("failed"), run.rules("blocked")) == (0, [], []), run.output[-3000:]
    assert run.summary["totals"]["skipped"] == 0


def test_lower_case_header_names_fail_nothing(serve_mock, tmp_path):
    """Header names in lower case (HTTP/2, some proxies) are read as the same headers: nothing fails."""
    mock = serve_mock()
    with hostile_targets.lower_case_headers(mock.base_url) as base_url:
        run = run_suites(base_url, mock.api_key, tmp_path)
    assert (run.exit_code, run.rules("failed"), run.rules("blocked")) == (0, [], []), run.output[-3000:]
