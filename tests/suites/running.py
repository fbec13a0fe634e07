"""Running the conformance suites as a user would, in a child process, and reading the verdict."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.harness import served_mock


@dataclass
class SuiteRun:
    """What one run of `octo-conformance` produced."""

    exit_code: int
    output: str
    summary: dict

    def outcomes(self) -> dict[str, str]:
        """Test name (with its parameters) -> passed / failed / blocked / skipped / advisory."""
        return {t["nodeid"].rsplit("::", 1)[-1]: t["outcome"] for t in self.summary.get("tests", [])}

    def failed(self) -> list[str]:
        """The rules (test names without parameters) that failed for at least one parameter."""
        return self.rules("failed")

    def rules(self, outcome: str) -> list[str]:
        """The rules (test names without parameters) with this outcome for at least one parameter."""
        return sorted({name.split("[")[0] for name, seen in self.outcomes().items() if seen == outcome})


def run_suites(base_url: str | None, api_key: str | None, report_dir: Path, *args: str) -> SuiteRun:
    """Run `octo-conformance` in a child process, the way a user runs it."""
    command = [sys.executable, "-m", "suites.cli", "--report-dir", str(report_dir), "-q", "-p", "no:xdist", *args]
    if base_url:
        command += ["--base-url", base_url, "--api-key", api_key]
    # Hundreds of runs start the same modules: let them be compiled (and their asserts rewritten)
    # once, even where the environment asks Python not to write bytecode.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    summary_path = report_dir / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    return SuiteRun(done.returncode, done.stdout + done.stderr, summary)


def verdict_of(run: SuiteRun) -> dict[str, set[str]]:
    """Rule names (parameters dropped) per outcome; "passed" keeps the parameters, so that a rule
    failing for one shape and passing for another is told apart."""
    found: dict[str, set[str]] = {}
    for test in run.summary.get("tests", []):
        name = test["nodeid"].rsplit("::", 1)[-1]
        found.setdefault(test["outcome"], set()).add(name if test["outcome"] == "passed" else name.split("[")[0])
    return found


def run_against(wrap, where: Path, *args: str) -> SuiteRun:
    """Serve the mock with its WSGI app passed through `wrap` (or as it is), run the suites on it."""
    where.mkdir(parents=True, exist_ok=True)
    with served_mock(where / "mock.sqlite3", wrap) as mock:
        return run_suites(mock.base_url, mock.api_key, where / "reports", *args)
