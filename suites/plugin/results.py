"""What a run found, rule by rule: the console table per area and the JSON summary.

A rule ends in one of five outcomes: passed; failed (its own check failed); blocked (a step
it needs but does not test failed: grouped by that cause, the proof kept once); skipped (it
cannot apply, with the reason); advisory (a recommendation beyond the standard was not
followed: reported apart, never failing the run unless --strict).
"""
from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

OUTCOMES = ("passed", "failed", "blocked", "skipped", "advisory")


@dataclass
class Outcome:
    """One rule's result ("" until a report says how it ended: an interrupted rule never passed)."""

    nodeid: str
    rule: str = ""
    area: str = ""
    capability: str = "core"
    outcome: str = ""
    reason: str = ""
    cause: str = ""  # blocked: the step that failed and what it expected
    testedBy: str = ""  # blocked: the rule that tests that step


@dataclass
class Cause:
    """A failed step and the rules it blocked."""

    step: str
    tested_by: str
    why: str = ""  # what the step expected and saw, as the first blocked rule met it
    proof: str = ""
    rules: list[str] = field(default_factory=list)

    def describe(self, number: int) -> list[str]:
        """The cause for the console: the step, who tests it, why, the rules, and the proof once."""
        lines = [f"CAUSE {number}   {self.step} failed; the rule that tests it: {self.tested_by}",
                 f"WHY       {self.why}", f"BLOCKS    {self.blocked_rules()}"]
        if self.proof:
            lines.append("PROOF     " + self.proof.replace("\n", "\n          "))
        return lines

    def blocked_rules(self, shown: int = 8) -> str:
        """'12 rules: a, b, … and 4 more (summary.json lists them all)'."""
        names = ", ".join(self.rules[:shown])
        more = len(self.rules) - shown
        return f"{_count(len(self.rules), 'rule')}: {names}" + (
            f", … and {more} more (summary.json lists them all)" if more > 0 else "")

    def one_line(self) -> str:
        """The cause in a line, for the end of the console."""
        return f"blocked: {_count(len(self.rules), 'rule')} by {self.step}: {self.why[:300]}"


@dataclass
class Results:
    """Outcomes collected from test reports (on the controller, also under xdist)."""

    tests: dict[str, Outcome] = field(default_factory=dict)
    causes: dict[str, Cause] = field(default_factory=dict)
    left_behind: list[str] = field(default_factory=list)
    applied_capabilities: set[str] = field(default_factory=set)
    not_certified: dict[str, str] = field(default_factory=dict)  # declared capability -> why no rule judges it
    evidence: dict[str, dict] = field(default_factory=dict)  # nodeid -> what the HTML report shows

    def add(self, report) -> None:
        """Fold one pytest report (setup, call or teardown) into the outcomes."""
        props = dict(report.user_properties)
        if "area" not in props:
            return
        for key, value in report.user_properties:
            if key == "left_behind" and value not in self.left_behind:
                self.left_behind.append(value)
            if key == "applied_capabilities":
                self.applied_capabilities.update(c for c in value.split(",") if c)
            if key == "not_certified":
                self.not_certified.update(json.loads(value))
        test = self.tests.setdefault(report.nodeid, Outcome(report.nodeid, props.get("rule", ""),
                                                            props["area"], props.get("capability", "core")))
        if "evidence" in props:
            self.evidence[report.nodeid] = json.loads(props["evidence"])
        if test.outcome in ("failed", "blocked"):
            return  # a later teardown error does not hide why the rule ended
        if report.skipped and report.when in ("setup", "call"):
            test.outcome, test.reason = "skipped", _skip_reason(report)
        elif report.failed and props.get("outcome") == "blocked":
            test.outcome, test.reason = "blocked", props.get("failure", "")
            test.cause, test.testedBy = props["blocked_cause"], props["tested_by"]
            cause = self.causes.setdefault(test.cause, Cause(props["blocked_step"], test.testedBy,
                                                             props.get("blocked_why", "")))
            cause.rules.append(test.nodeid.rsplit("::", 1)[-1])
            cause.proof = cause.proof or props.get("proof", "")
        elif report.failed:
            test.outcome = "failed"
            test.reason = props.get("failure") or str(report.longrepr).splitlines()[-1]
        elif report.passed and report.when == "call":
            advised = props.get("outcome") == "advisory"
            test.outcome, test.reason = ("advisory", props.get("advice", "")) if advised else ("passed", "")

    def by(self, key: str) -> dict[str, dict[str, int]]:
        """Counts of each outcome grouped by area or capability (rules that never ended are left out)."""
        groups: dict[str, dict[str, int]] = {}
        for test in self.tests.values():
            counts = groups.setdefault(getattr(test, key), dict.fromkeys(OUTCOMES, 0))
            if test.outcome:
                counts[test.outcome] += 1
        return groups

    def total(self) -> dict[str, int]:
        """Counts of each outcome over the whole run."""
        return {k: sum(c[k] for c in self.by("area").values()) for k in OUTCOMES}

    def table(self) -> list[str]:
        """The console table: one line per area, the total, then blocked causes, advisories and skips."""
        head = "".join(f"{name:>9}" for name in OUTCOMES)
        lines = [f"{'area':<20}{head}  verdict"]
        for area, counts in sorted(self.by("area").items()):
            lines.append(f"{area:<20}" + "".join(f"{counts[k]:>9}" for k in OUTCOMES) + f"  {verdict(counts)}")
        total = self.total()
        lines.append(f"{'total':<20}" + "".join(f"{total[k]:>9}" for k in OUTCOMES) + f"  {verdict(total)}")
        lines.append(f"{'capability':<20}{head}  verdict")
        for capability, counts in sorted(self.by("capability").items()):
            lines.append(f"{capability:<20}" + "".join(f"{counts[k]:>9}" for k in OUTCOMES) + f"  {verdict(counts)}")
        lines += [f"{capability:<20}declared by the target; NOT CERTIFIED: {why}"
                  for capability, why in sorted(self.not_certified.items())]
        lines += [cause.one_line() for cause in self.causes.values()]
        advised = [t for t in self.tests.values() if t.outcome == "advisory"]
        if advised:
            lines.append("advisories (recommendations beyond the standard; they fail the run only with --strict):")
            lines += [f"  {t.area}: {t.rule} — {t.reason}" for t in advised]
        skipped = [t for t in self.tests.values() if t.outcome == "skipped"]
        if skipped:
            lines.append("skipped rules:")
            lines += [f"  {t.area}: {t.rule} — {t.reason}" for t in skipped]
        if self.left_behind:
            lines.append("left on the target (the run could not cancel them when their rule ended):")
            lines += [f"  {entry}" for entry in self.left_behind]
        return lines

    def html(self) -> list[str]:
        """The HTML report's summary: the table per area, each blocked cause once, the advisories."""
        rows = "".join(f"<tr><td>{html.escape(area)}</td>" + "".join(f"<td>{c[k]}</td>" for k in OUTCOMES)
                       + f"<td><b>{verdict(c)}</b></td></tr>" for area, c in sorted(self.by("area").items()))
        total = self.total()
        parts = ["<h2>Verdict per area</h2><table><tr><th>area</th>" + "".join(f"<th>{k}</th>" for k in OUTCOMES)
                 + "<th>verdict</th></tr>" + rows + "<tr><td><b>total</b></td>"
                 + "".join(f"<td><b>{total[k]}</b></td>" for k in OUTCOMES) + f"<td><b>{verdict(total)}</b></td></tr>"
                 "</table>"]
        if self.not_certified:
            parts.append("<h2>Declared by the target, not certified</h2><ul>"
                         + "".join(f"<li>{html.escape(c)}: {html.escape(why)}</li>"
                                   for c, why in sorted(self.not_certified.items())) + "</ul>")
        if self.causes:
            parts.append(f"<h2>{self.blocked_headline()}</h2>")
            for number, cause in enumerate(self.causes.values(), start=1):
                parts.append(f"<h3>Cause {number}: {html.escape(cause.step)} failed</h3><p>The rule that tests it: "
                             f"<code>{html.escape(cause.tested_by)}</code>. {html.escape(cause.why)}</p>"
                             f"<p>Blocks {html.escape(cause.blocked_rules(shown=30))}</p>"
                             f"<pre>{html.escape(cause.proof)}</pre>")
        advised = [t for t in self.tests.values() if t.outcome == "advisory"]
        if advised:
            parts.append("<h2>Advisories (recommendations beyond the standard; they fail only with --strict)</h2><ul>"
                         + "".join(f"<li>{html.escape(t.rule)}: {html.escape(t.reason)}</li>" for t in advised)
                         + "</ul>")
        return parts

    def blocked_headline(self) -> str:
        """'2 causes block 63 rules'."""
        blocked = sum(len(c.rules) for c in self.causes.values())
        return f"{_count(len(self.causes), 'cause')} {'blocks' if len(self.causes) == 1 else 'block'} " \
               f"{_count(blocked, 'rule')}"

    def write_summary(self, path: Path, header: dict) -> None:
        """summary.json: the verdicts per area and capability, blocked causes, and every rule's outcome."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.summary(header), indent=2))

    def summary(self, header: dict) -> dict:
        """The run as summary.json and the HTML report tell it."""
        return {
            **header,
            "verdict": "interrupted" if header.get("exitStatus") == 2 else verdict(self.total()),
            "totals": self.total(),
            "areas": {area: {**c, "verdict": verdict(c)} for area, c in sorted(self.by("area").items())},
            "capabilities": {cap: {**c, "verdict": verdict(c)} for cap, c in sorted(self.by("capability").items())},
            "appliedCapabilities": sorted(self.applied_capabilities),
            "notCertified": [{"id": c, "why": why} for c, why in sorted(self.not_certified.items())],
            "blockedCauses": [{"cause": key, **asdict(cause)} for key, cause in self.causes.items()],
            "leftBehind": self.left_behind,
            "tests": [vars(t) for t in self.tests.values()],
        }


def verdict(counts: dict[str, int]) -> str:
    """fail if a rule failed; blocked if one could not be checked; pass if some passed (or were
    advised); not applicable if every rule was skipped."""
    if counts["failed"]:
        return "fail"
    if counts["blocked"]:
        return "blocked"
    return "pass" if counts["passed"] or counts["advisory"] else "not applicable"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)
