"""`octo-conformance`: run the conformance suites with pytest against one target.

Every pytest option works too (-k, -m, -x, -n 2 ...). Reports go to ./reports unless
--report-dir, OCTO_REPORT_DIR or pyproject says otherwise.
"""
from __future__ import annotations

import sys
from importlib import resources

import pytest

from .plugin.settings import resolve

DEFAULT_REPORT_DIR = "reports"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the octo-conformance command; returns pytest's exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    suites_dir = resources.files("suites")
    config_file = suites_dir / "conformance.ini"
    if not _gives_report_dir(args) and resolve({}, [], False).report_dir is None:
        args += ["--report-dir", DEFAULT_REPORT_DIR]
    return int(pytest.main([str(suites_dir), "-c", str(config_file), "--rootdir", str(suites_dir),
                            "-p", "no:cacheprovider", *args]))


def _gives_report_dir(args: list[str]) -> bool:
    return any(a in ("--report-dir", "--octo-report-dir") or a.startswith(("--report-dir=", "--octo-report-dir="))
               for a in args)


if __name__ == "__main__":
    sys.exit(main())
