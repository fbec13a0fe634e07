"""What a run found, rule by rule: the console table per area and the JSON summary."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Outcome:
    """One rule's result."""

    nodeid: str
    rule: str = ""
    area: str = ""
    capability: str = "core"
    outcome: str = "passed"
    reason: str = ""


@dataclass
class Results:
    """Outcomes collected from test reports (on the controller, also under xdist)."""

    tests: dict[str, Outcome] = field(default_factory=dict)
    left_behind: list[str] = field(default_factory=list)
    applied_capabilities: set[str] = field(default_factory=set)

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
        test = self.tests.setdefault(report.nodeid, Outcome(report.nodeid, props.get("rule", ""),
                                                            props["area"], props.get("capability", "core")))
        if report.skipped and report.when in ("setup", "call"):
            test.outcome, test.reason = "skipped", _skip_reason(report)
        elif report.failed and test.outcome != "failed":
            test.outcome = "failed"
            test.reason = props.get("failure") or str(report.longrepr).splitlines()[-1]

    def by(self, key: str) -> dict[str, dict[str, int]]:
        """passed/failed/skipped counts grouped by area or capability."""
        groups: dict[str, dict[str, int]] = {}
        for test in self.tests.values():
            counts = groups.setdefault(getattr(test, key), {"passed": 0, "failed": 0, "skipped": 0})
            counts[test.outcome] += 1
        return groups

    def table(self) -> list[str]:
        """The console table: one line per area, then the total."""
        lines = [f"{'area':<22}{'passed':>8}{'failed':>8}{'skipped':>9}  verdict"]
        for area, counts in sorted(self.by("area").items()):
            lines.append(f"{area:<22}{counts['passed']:>8}{counts['failed']:>8}{counts['skipped']:>9}  {verdict(counts)}")
        total = {k: sum(c[k] for c in self.by("area").values()) for k in ("passed", "failed", "skipped")}
        lines.append(f"{'total':<22}{total['passed']:>8}{total['failed']:>8}{total['skipped']:>9}  {verdict(total)}")
        skipped = [t for t in self.tests.values() if t.outcome == "skipped"]
        if skipped:
            lines.append("skipped rules:")
            lines += [f"  {t.area}: {t.rule} — {t.reason}" for t in skipped]
        if self.left_behind:
            lines.append("bookings left active (not cancellable when their rule ended: inside their cancellation "
                         "cutoff, or partly redeemed): " + ", ".join(self.left_behind))
        return lines

    def write_summary(self, path: Path, header: dict) -> None:
        """summary.json: the verdicts per area and capability, and every rule's outcome."""
        document = {
            **header,
            "verdict": verdict({k: sum(c[k] for c in self.by("area").values()) for k in ("passed", "failed", "skipped")}),
            "areas": {area: {**c, "verdict": verdict(c)} for area, c in sorted(self.by("area").items())},
            "capabilities": {cap: {**c, "verdict": verdict(c)} for cap, c in sorted(self.by("capability").items())},
            "appliedCapabilities": sorted(self.applied_capabilities),
            "leftBehind": self.left_behind,
            "tests": [vars(t) for t in self.tests.values()],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2))


def verdict(counts: dict[str, int]) -> str:
    """fail if any rule failed; pass if some passed; not applicable if all were skipped."""
    if counts["failed"]:
        return "fail"
    return "pass" if counts["passed"] else "not applicable"


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)
