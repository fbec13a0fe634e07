"""report.html: the run as a certificate first (target, capabilities, verdict per area and
capability, what blocked rules), then the failures by area with their exchanges folded away.

Rendered from the run's own results with Jinja2 (it comes with Flask) into one self-contained
file that opens offline: no scripts, no external styles, every body escaped.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

from .results import OUTCOMES, Results
from .traceability import split_citation


def write(path: Path, results: Results, run: dict) -> None:
    """Write the report of a run whose summary (summary.json's document) is `run`."""
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                     lstrip_blocks=True)
    template = environment.from_string(
        resources.files("suites.plugin").joinpath("templates/report.html").read_text(encoding="utf-8"))
    tests = [_shown(test, results.evidence.get(test.nodeid, {})) for test in results.tests.values()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.render(
        run=run, outcomes=OUTCOMES, causes=list(results.causes.values()),
        blocked_headline=results.blocked_headline(),
        failed=[t for t in tests if t["outcome"] == "failed"],
        advised=[t for t in tests if t["outcome"] == "advisory"],
        skipped=[t for t in tests if t["outcome"] == "skipped"],
    ), encoding="utf-8")


def _shown(test, evidence: dict) -> dict:
    statement, source = split_citation(test.rule)
    return {**vars(test), "name": test.nodeid.rsplit("::", 1)[-1], "statement": statement, "source": source,
            "evidence": {"expected": None, "seen": None, "exchanges": [], "searches": 0, "traceback": None,
                         **evidence}}
