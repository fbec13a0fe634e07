"""The mock's layers hold: each module imports only from its own layer and those below it.

    kernel, catalogue  <-  core  <-  capabilities  <-  web  <-  process (cli, server, testing)

The kernel and core never import Flask; core imports no capability; a capability imports only
the capabilities it depends on (schemas/meta/capabilities.json); nothing below the web layer
imports it."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import schemas

PACKAGE = Path(__file__).resolve().parents[2] / "mock_supplier"
WEB_LIBRARIES = ("flask", "werkzeug", "waitress")
BELOW_CORE = ("mock_supplier.kernel", "mock_supplier.catalogue")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(source: str, module: str, is_package: bool) -> set[str]:
    """Absolute names of every module (and imported name) a module's source imports."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
    return found


def _allowed(module: str) -> tuple[tuple[str, ...], str]:
    """(prefixes of mock_supplier modules it may import, its layer's name)."""
    if module.startswith(BELOW_CORE):
        return BELOW_CORE, "kernel"
    if module.startswith("mock_supplier.core"):
        return (*BELOW_CORE, "mock_supplier.core"), "core"
    if module.startswith("mock_supplier.capabilities."):
        capability = module.split(".")[2]
        info = {c.id.split("/")[1]: c for c in schemas.capabilities()}[capability]
        needs = tuple(f"mock_supplier.capabilities.{dep.split('/')[1]}" for dep in info.dependencies)
        return (*BELOW_CORE, "mock_supplier.core", f"mock_supplier.capabilities.{capability}", *needs), "capability"
    if module == "mock_supplier.capabilities":
        return (*BELOW_CORE, "mock_supplier.capabilities"), "capability"
    if module.startswith("mock_supplier.web"):
        return (*BELOW_CORE, "mock_supplier.core", "mock_supplier.capabilities", "mock_supplier.web",
                "mock_supplier.config"), "web"
    if module == "mock_supplier.config":
        return (*BELOW_CORE, "mock_supplier.config"), "kernel"
    return ("mock_supplier",), "process"


MODULES = sorted(PACKAGE.rglob("*.py"))


def _check(module: str, source: str, is_package: bool = False) -> None:
    allowed, layer = _allowed(module)
    imported = _imports(source, module, is_package)
    ours = {name for name in imported if name.startswith("mock_supplier")}
    above = sorted(name for name in ours if not name.startswith(allowed) and name != "mock_supplier")
    assert above == [], f"{module} ({layer} layer) imports from above it: {above}"
    if layer != "web" and layer != "process":
        web = sorted(name for name in imported if name.split(".")[0] in WEB_LIBRARIES)
        assert web == [], f"{module} ({layer} layer) imports the web framework: {web}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_from_its_layer_and_below(path):
    _check(_module_name(path), path.read_text(), path.name == "__init__.py")


def test_every_capability_package_is_listed_and_plugs_in():
    from mock_supplier.capabilities import installed

    packages = {p.name for p in (PACKAGE / "capabilities").iterdir() if (p / "__init__.py").exists()}
    assert {c.id.split("/")[1] for c in installed().installed} == packages
    assert installed().ids == tuple(c.id for c in schemas.capabilities() if c.id.split("/")[1] in packages)


@pytest.mark.parametrize(("module", "source", "complaint"), [
    ("mock_supplier.core.bookings", "from ..capabilities.gifts import payments\n", "imports from above it"),
    ("mock_supplier.core.bookings", "import flask\n", "imports the web framework"),
    ("mock_supplier.kernel.holds", "from ..core import records\n", "imports from above it"),
    ("mock_supplier.capabilities.pricing", "from ..gifts import rules\n", "imports from above it"),
    ("mock_supplier.capabilities.gifts.rules", "from ...web.http import respond\n", "imports from above it"),
])
def test_the_layer_check_sees_a_violation(module, source, complaint):
    """The check has teeth: core importing a capability or Flask, the kernel importing core, a
    capability importing one it does not depend on or the web layer, are each caught."""
    with pytest.raises(AssertionError, match=complaint):
        _check(module, source, is_package=module.endswith("pricing"))
