"""Whole-tree hygiene: no unused imports, undefined names or shadowed definitions."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyflakes_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "pyflakes", "schemas", "suites", "mock_supplier", "tests"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_rule_states_itself_on_its_first_line():
    """A rule's docstring's first line is what every report shows: a whole sentence, with its source."""
    import ast
    cut = []
    for path in sorted((ROOT / "suites").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                first = ((ast.get_docstring(node) or "").strip().splitlines() or [""])[0]
                if not (first.endswith(").") or first.endswith(")")) or "(" not in first:
                    cut.append(f"{path.name}::{node.name}: {first!r}")
    assert cut == []
