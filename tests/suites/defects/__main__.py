"""Print the verdict a defect gets, to pin it (or check the pinned one) while writing it.

    python -m tests.suites.defects NAME [NAME ...]   # a defect's constant name, e.g. PRICES_ZERO
    python -m tests.suites.defects --all             # every defect, one after the other

Runs the suites against the clean mock once, then against the mock with each defect, and prints
the rules it fails, blocks, newly skips and sets off as advisories, any rule that passed on the clean mock and no longer
does (it must be one of those), and whether that matches what the defect pins.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ..running import run_against, verdict_of
from . import ALL, AREAS


def _by_name(name: str):
    for area in AREAS:
        if isinstance(getattr(area, name, None), type(ALL[0])):
            return getattr(area, name)
    sys.exit(f"no defect named {name}; known: {', '.join(n for a in AREAS for n in vars(a) if n.isupper())}")


def _constant(defect) -> str:
    return next(n for area in AREAS for n, v in vars(area).items() if v is defect)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.suites.defects", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="defect constant names")
    parser.add_argument("--all", action="store_true", help="every defect")
    args = parser.parse_args(argv)
    defects = list(ALL) if args.all else [_by_name(n) for n in args.names]
    if not defects:
        parser.error("name a defect, or --all")
    with tempfile.TemporaryDirectory() as tmp:
        clean = verdict_of(run_against(None, Path(tmp) / "clean"))
        mismatches = 0
        for index, defect in enumerate(defects):
            run = run_against(defect.wrap, Path(tmp) / str(index))
            seen = verdict_of(run)
            fails, blocks = seen.get("failed", set()), seen.get("blocked", set())
            skips = seen.get("skipped", set()) - clean.get("skipped", set())
            advises = seen.get("advisory", set())
            lost = {n for n in clean["passed"] - seen.get("passed", set())
                    if n.split("[")[0] not in fails | blocks | skips | advises}
            matches = (fails, blocks, skips, advises) == (set(defect.fails), set(defect.blocks), set(defect.skips),
                                                          set(defect.advises))
            mismatches += not matches
            print(f"{_constant(defect)}: {defect.name} (exit {run.exit_code})")
            for label, rules in (("fails", fails), ("blocks", blocks), ("skips", skips), ("advises", advises),
                                 ("LOST", lost)):
                if rules:
                    print(f"    {label}={{{', '.join(repr(r) for r in sorted(rules))}}}")
            print("    matches the pinned verdict" if matches else "    DIFFERS from the pinned verdict")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
