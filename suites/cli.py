"""`octo-conformance`: run the conformance suites with pytest against one target.

Every pytest option works too (-k, -m, -x, -n 2 ...). Reports go to ./reports unless
--report-dir, OCTO_REPORT_DIR or pyproject says otherwise.
"""
from __future__ import annotations

import sys
from importlib import metadata, resources

import pytest

from .plugin import traceability
from .plugin.settings import OPTIONS, SettingsError, resolve

DEFAULT_REPORT_DIR = "reports"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the octo-conformance command; returns pytest's exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args:
        print(f"octo-conformance {metadata.version('octo-conformance')} (pytest {pytest.__version__})")
        return 0
    if "-h" in args or "--help" in args:
        print(usage())
        return 0
    if "--list-rules" in args:
        print(traceability.console())
        return 0
    suites_dir = resources.files("suites")
    config_file = suites_dir / "conformance.ini"
    try:
        configured = resolve({}, [], False).report_dir
    except SettingsError as exc:
        print(f"ERROR: octo-conformance: {exc}", file=sys.stderr)
        return int(pytest.ExitCode.USAGE_ERROR)
    args = ["--octo-strict" if a == "--strict" else a for a in args]  # pytest owns --strict
    if not _gives_report_dir(args) and configured is None:
        args += ["--report-dir", DEFAULT_REPORT_DIR]
    return int(pytest.main([str(suites_dir), "-c", str(config_file), "--rootdir", str(suites_dir),
                            "-p", "no:cacheprovider", *args], plugins=[_PlainUsageErrors()]))


class _PlainUsageErrors:
    """pytest says a bad option with its usage line, ini file and root directory; say one line."""

    @pytest.hookimpl(wrapper=True)
    def pytest_cmdline_parse(self):
        try:
            return (yield)
        except pytest.UsageError as exc:
            lines = "\n".join(str(arg) for arg in exc.args).splitlines()
            said = next((line.split(": error: ", 1)[1] for line in lines if ": error: " in line), None)
            if said is None:
                raise
            raise pytest.UsageError(f"octo-conformance: {said} (see octo-conformance --help)") from None


def usage() -> str:
    """The command's own help: its options, then a pointer to pytest's."""
    lines = ["usage: octo-conformance [--base-url URL --api-key KEY] [options] [pytest options]", "",
             "Certify an OCTO supplier API rule by rule (default target: the embedded mock supplier).", "",
             "options (each also read from an environment variable or [tool.octo-conformance] in pyproject.toml):"]
    for name, (text, env, _) in OPTIONS.items():
        lines.append(f"  --{name.replace('_', '-'):<14} {text} [{env}]")
    lines += ["  --header 'N: v'  an extra header on every request; repeatable",
              "  --real-time      let expiry rules wait in real time when the target has no control interface",
              "  --strict         advisories (recommendations beyond the standard) fail the run too",
              "  --list-rules     print every rule with what it checks and its source, and exit",
              "  --version        print the version", "",
              "Any pytest option works too (-k, -m, -x, -v, -n 2 ...): see `pytest --help`.",
              "Exit codes: 0 every applicable rule passed, 1 a rule failed or was blocked, 2 interrupted,",
              "3 internal error, 4 usage error (a bad option or setting), 5 no rule selected."]
    return "\n".join(lines)


def _gives_report_dir(args: list[str]) -> bool:
    return any(a in ("--report-dir", "--octo-report-dir") or a.startswith(("--report-dir=", "--octo-report-dir="))
               for a in args)


if __name__ == "__main__":
    sys.exit(main())
