"""The declared operations (core's and every capability's) as Flask routes under /octo.

Most requests of these operations are answered before Flask (direct_routes.py); these rules
answer the rest (HEAD) the same way, with serve.answer, and give Flask's router the
operations' paths, so that a known path asked with another method is a 405 and not a 404.
"""
from __future__ import annotations

import re

from flask import Flask, current_app, request

from ..capabilities import installed
from ..core.endpoints import endpoints as core_endpoints
from ..kernel.operations import Operation
from ..kernel.plugins import Plugins
from .http import as_response
from .serve import answer


def operations(plugins: Plugins | None = None) -> list[Operation]:
    """Every OCTO operation the mock serves: core's, then each installed capability's."""
    plugins = plugins or installed()
    return [*core_endpoints, *(op for cap in plugins.installed for op in cap.operations)]


def add_routes(app: Flask, prefix: str, operations: list[Operation]) -> None:
    """One Flask rule per operation; several methods on one path share the rule's URL."""
    for op in operations:
        rule = prefix + re.sub(r"\{([^/}]+)\}", r"<\1>", op.path)
        app.add_url_rule(rule, op.operation_id, _view(op, prefix), methods=[op.method])


def _view(op: Operation, prefix: str):
    def view(**params):
        return as_response(answer(current_app.extensions["octo_mock"], op, request.environ, params, prefix))
    view.__name__ = op.operation_id
    view.__doc__ = op.summary
    return view
