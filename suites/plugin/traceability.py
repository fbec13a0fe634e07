"""The traceability matrix: every rule with its area, capability, source and statement, and
every seed statement with the rules that check it.

Rules are read from the suite files themselves (their first docstring line is the statement
with its citation in parentheses), so the matrix cannot drift from the code. docs/RULES.md is
this module's markdown, kept in step by a test; regenerate it with
`python -m suites.plugin.traceability --write`. `octo-conformance --list-rules` prints the
console form.
"""
from __future__ import annotations

import ast
import re
import sys
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..statements import STATEMENTS

CORE = "core"
MATRIX_FILE = Path("docs") / "RULES.md"
_CITATION = re.compile(r"^(?P<statement>.*?)\s*\((?P<source>[^()]*(?:\([^()]*\)[^()]*)*)\)\.?$")


@dataclass(frozen=True)
class Rule:
    """One rule of the suites, as its code declares it."""

    name: str
    area: str  # the suite module, e.g. core/reservation
    capability: str  # the capability whose rules it belongs to, or "core"
    statement: str
    source: str
    advisory: bool


def rules() -> list[Rule]:
    """Every rule in the installed suites, in file order."""
    suites = Path(str(resources.files("suites")))
    found = []
    for path in sorted(suites.glob("*/test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        capability = _module_capability(tree)
        area = f"{path.parent.name}/{path.stem.removeprefix('test_')}"
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                statement, source = split_citation((ast.get_docstring(node) or "").split("\n")[0])
                advisory = statement.startswith("Advisory:")
                found.append(Rule(node.name, area, capability, statement.removeprefix("Advisory:").strip(),
                                  source, advisory))
    return found


def split_citation(first_line: str) -> tuple[str, str]:
    """A rule's statement and its source, from its docstring's first line "… (source)."."""
    match = _CITATION.match(first_line.strip())
    return (match["statement"], match["source"]) if match else (first_line.strip(), "")


def _module_capability(tree: ast.Module) -> str:
    """The capability named by `pytestmark = pytest.mark.capability("…")`, else core."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets):
            call = node.value
            if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "capability" and call.args:
                return ast.literal_eval(call.args[0])
    return CORE


def markdown() -> str:
    """docs/RULES.md: the seed statements with their rules, then every rule."""
    known = {rule.name: rule for rule in rules()}
    out = ["# Rules and what they check", "",
           "Generated from the suites by `python -m suites.plugin.traceability --write`; a test keeps it",
           "in step with the code. Seeds: Ventrata's OCTO pages 000 *Redemption*, 002 *Bookings* and",
           "003 *Gift vouchers*; SPEC-DIGEST is [SPEC-DIGEST.md](SPEC-DIGEST.md), PEERS [PEERS.md](PEERS.md),",
           "SPEC-CAPABILITIES [SPEC-CAPABILITIES.md](SPEC-CAPABILITIES.md).", "",
           "## The seeds' statements and the rules that check them", "",
           "| seed | section | statement | rules |", "|---|---|---|---|"]
    for statement in STATEMENTS:
        names = ", ".join(f"[`{r}`](#{r.replace('_', '-')})" if r in known else f"`{r}` (missing)"
                          for r in statement.rules)
        out.append(f"| {statement.seed} | {statement.section} | {_cell(statement.text)} | {names} |")
    out += ["", f"## Every rule ({len(known)})", "",
            "An advisory is a recommendation beyond the standard: it fails the run only with `--strict`.", ""]
    area = None
    for rule in known.values():
        if rule.area != area:
            area = rule.area
            out += ["", f"### {area} ({rule.capability})", "", "| rule | statement | source |", "|---|---|---|"]
        kind = "Advisory: " if rule.advisory else ""
        out.append(f"| <a id=\"{rule.name.replace('_', '-')}\"></a>`{rule.name}` | {kind}{_cell(rule.statement)} "
                   f"| {_cell(rule.source)} |")
    return "\n".join(out) + "\n"


def console(width: int = 100) -> str:
    """The rules grouped by area, for a terminal: name, then statement and source indented."""
    out, area = [], None
    listed = rules()
    for rule in listed:
        if rule.area != area:
            area = rule.area
            out += ["", f"{area} ({rule.capability})", "-" * len(f"{area} ({rule.capability})")]
        out.append(rule.name + ("  [advisory]" if rule.advisory else ""))
        out += textwrap.wrap(f"{rule.statement} ({rule.source})", width, initial_indent="    ",
                             subsequent_indent="    ")
    out += ["", f"{len(listed)} rules; the seed statements they check: docs/RULES.md"]
    return "\n".join(out).lstrip("\n")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        MATRIX_FILE.write_text(markdown(), encoding="utf-8")
        print(f"wrote {MATRIX_FILE}")
        return 0
    print(markdown(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
