"""The suites have teeth: the defects (tests/suites/defects/) break rules across the areas of
the standard, and every rule is failed, or set off as an advisory, by at least one of them.

The defects are WSGI middleware at the mock's HTTP boundary, so they do not depend on how the
mock is built inside; test_multi_defect.py checks each one's pinned verdict by running the
suites against it.
"""
from __future__ import annotations

from suites.plugin import traceability

from . import defects


def test_there_are_at_least_fifteen_breakages_across_areas():
    """The issue asks for at least 15 different violations across the areas: the defects fail
    at least 15 different rules, in at least 8 areas of the suites (core/reservation, gifts/gifts...)."""
    failed = {rule for defect in defects.ALL for rule in defect.fails}
    areas = {rule.area for rule in traceability.rules() if rule.name in failed}
    assert len(failed) >= 15, sorted(failed)
    assert len(areas) >= 8, sorted(areas)


def test_every_rule_has_a_defect_it_fails_on():
    """Every rule has teeth: some defect pins it as failed, or as an advisory set off."""
    bitten = {rule for defect in defects.ALL for rule in defect.fails | defect.advises}
    toothless = [rule.name for rule in traceability.rules() if rule.name not in bitten]
    assert not toothless, f"{len(toothless)} rules no defect fails: {toothless}"
