"""The suites have teeth: against each broken variant of the mock they fail, on the rule broken."""
from __future__ import annotations

import pytest

from suites.plugin import traceability

from . import defects
from .broken_suppliers import BREAKAGES
from .running import run_suites


@pytest.mark.parametrize("breakage", BREAKAGES, ids=str)
def test_broken_supplier_fails_the_rule_it_breaks(breakage, monkeypatch, serve_mock, tmp_path):
    """Each breakage makes the suite exit non-zero with the broken rule among the failures."""
    breakage.patch(monkeypatch)
    mock = serve_mock(breakage.wrap)
    run = run_suites(mock.base_url, mock.api_key, tmp_path / "reports", "-k", f"test_{breakage.area}",
                     *breakage.args)
    assert run.exit_code == 1, run.output[-3000:]
    assert breakage.rule in run.failed(), (
        f"{breakage.name}: expected {breakage.rule} to fail; failed were {run.failed()}\n" + run.output[-3000:])


def test_there_are_at_least_fifteen_breakages_across_areas():
    """The issue asks for at least 15 different violations across the areas."""
    assert len({b.rule for b in BREAKAGES}) >= 15
    assert len({b.area for b in BREAKAGES}) >= 8


def test_every_rule_has_a_defect_it_fails_on():
    """Every rule has teeth: some defect (tests/suites/defects/) pins it as failed, or as an
    advisory set off, or a breakage of the mock (above) fails it. The defects' pinned verdicts
    are themselves checked by test_multi_defect.py."""
    bitten = {rule for defect in defects.ALL for rule in defect.fails | defect.advises}
    bitten |= {breakage.rule for breakage in BREAKAGES}
    toothless = [rule.name for rule in traceability.rules() if rule.name not in bitten]
    assert not toothless, f"{len(toothless)} rules no defect fails: {toothless}"
