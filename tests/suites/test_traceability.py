"""The traceability matrix stays true: docs/RULES.md is what the code says, and every seed
statement and every rule citing a seed are connected."""
from __future__ import annotations

import re
from pathlib import Path

from suites import cli
from suites.plugin import traceability
from suites.statements import STATEMENTS

ROOT = Path(__file__).resolve().parents[2]


def test_rules_md_is_generated_from_the_code():
    """docs/RULES.md is up to date (regenerate: python -m suites.plugin.traceability --write)."""
    assert (ROOT / traceability.MATRIX_FILE).read_text(encoding="utf-8") == traceability.markdown(), \
        "docs/RULES.md is stale: run `python -m suites.plugin.traceability --write`"


def test_every_statement_names_existing_rules():
    names = {rule.name for rule in traceability.rules()}
    for statement in STATEMENTS:
        assert statement.rules, statement
        assert set(statement.rules) <= names, (statement.text, set(statement.rules) - names)


def test_every_rule_citing_a_seed_is_under_one_of_its_statements():
    """A rule that cites seed 00X checks one of that seed's statements: the matrix lists it there."""
    listed = {(statement.seed, rule) for statement in STATEMENTS for rule in statement.rules}
    for rule in traceability.rules():
        for seed in re.findall(r"seed (\d{3})", rule.source):
            assert (seed, rule.name) in listed, f"{rule.name} cites seed {seed} but no statement of it lists the rule"


def test_every_rule_has_an_area_a_statement_and_a_source():
    for rule in traceability.rules():
        assert rule.area and rule.statement and rule.source, rule
        assert rule.capability == "core" or rule.capability.startswith("octo/"), rule


def test_list_rules_prints_every_rule(capsys):
    assert cli.main(["--list-rules"]) == 0
    printed = capsys.readouterr().out
    assert all(rule.name in printed for rule in traceability.rules())
    assert "redemption/redemption (octo/redemption)" in printed
