"""The declared operations (core's and every capability's) as Flask routes under /octo."""
from __future__ import annotations

import re

from flask import Flask, request

from ..capabilities import installed
from ..core.endpoints import endpoints as core_endpoints
from ..kernel.operations import NONE, WRITE, Call, Operation
from ..kernel.plugins import Plugins
from .http import authenticate, json_body, require_capability, respond, sandbox, stateless


def operations(plugins: Plugins | None = None) -> list[Operation]:
    """Every OCTO operation the mock serves: core's, then each installed capability's."""
    plugins = plugins or installed()
    return [*core_endpoints, *(op for cap in plugins.installed for op in cap.operations)]


def add_routes(app: Flask, prefix: str, operations: list[Operation]) -> None:
    """One Flask rule per operation; several methods on one path share the rule's URL."""
    for op in operations:
        rule = prefix + re.sub(r"\{([^/}]+)\}", r"<\1>", op.path)
        app.add_url_rule(rule, op.operation_id, _view(op), methods=[op.method])


def _run(ctx, op: Operation, call: Call):
    """The capabilities' every-request hooks, then the handler: what to answer."""
    for hook in ctx.plugins.hooks("on_request", ctx.capabilities):
        hook(ctx)
    return op.handler(ctx, call)


def _view(op: Operation):
    def view(**params):
        if op.authenticated:
            authenticate()
        if op.capability and op.requires_capability:
            require_capability(op.capability)
        body = json_body(op.request) if op.request else {}
        call = Call(body, {key: request.args[key] for key in request.args}, params)
        if op.access == NONE:
            ctx = stateless(call)
            payload = _run(ctx, op, call)
        else:
            # A change and the view of it run in one write transaction: the answer shows exactly
            # the state the change committed, and a view that fails rolls the change back. Only
            # the encoding happens after the commit, to keep the write lock (which every worker
            # queues for) short.
            with sandbox(write=op.access == WRITE, call=call) as ctx:
                payload = _run(ctx, op, call)
        for work in ctx.after_commit:  # never inside the transaction
            work()
        response = respond(payload)
        response.headers.update(ctx.response_headers)
        return response
    view.__name__ = op.operation_id
    view.__doc__ = op.summary
    return view
