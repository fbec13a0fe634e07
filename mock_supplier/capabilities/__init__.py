"""Capability plug-ins. Each package here exposes CAPABILITY (kernel/plugins.py) and may import
the kernel, core and the capabilities it depends on, never the web layer. Adding a capability
is adding a package here and its entry in schemas/meta/capabilities.json: nothing else changes."""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ..kernel.plugins import Capability, Plugins


@cache
def installed() -> Plugins:
    """Every capability package in this folder."""
    found: list[Capability] = []
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            found.append(importlib.import_module(f"{__name__}.{module.name}").CAPABILITY)
    return Plugins(tuple(found))
