"""Thin on purpose: from a checkout that was not pip-installed, register the suites'
plugin (installed copies register it through the pytest11 entry point)."""
from importlib.metadata import entry_points

_installed = any(ep.value == "suites.plugin" for ep in entry_points(group="pytest11"))
pytest_plugins = [] if _installed else ["suites.plugin"]
