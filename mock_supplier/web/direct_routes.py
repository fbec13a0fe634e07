"""The declared operations routed and answered before Flask sees the request.

Every booking write, availability search and booking read goes through here. Through Flask a
request also paid for an app and a request context, Flask's router, request and response
objects and the hooks around them: a fifth of a reserve→confirm→cancel flow's CPU. Here the
route is a dictionary lookup (or one regular expression per operation with a path parameter),
and the answer is the same function's (serve.answer) that the Flask routes call.

Only what is routed the same way by both is answered here: GET, POST, PATCH and DELETE on the
path of a declared operation whose segments read as UTF-8. Everything else goes on to Flask,
which answers it as before: HEAD and OPTIONS, unknown paths and methods (404 and 405 as OCTO
errors), paths Flask's router would redirect or read differently, the control interface and
the OpenAPI document. tests/mock_supplier/test_direct_routes.py proves both ways give the same
status, headers and body, and hand the operation the same request.
"""
from __future__ import annotations

import re

from werkzeug.http import HTTP_STATUS_CODES

from ..kernel.operations import Operation
from .serve import answer

METHODS = ("GET", "POST", "PATCH", "DELETE")


def answer_operations(mock, octo_prefix: str, operations: list[Operation], flask_app):
    """A WSGI app answering the declared operations, and passing the rest to `flask_app`."""
    route = _router(octo_prefix, operations)

    def app(environ, start_response):
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/")
        routed = route(method, path) if method in METHODS else None
        if routed is None:
            return flask_app(environ, start_response)
        op, params = routed
        status, headers, body = answer(mock, op, environ, params, octo_prefix)
        start_response(_STATUS_LINES[status], headers)
        return [body]

    app.fallback = flask_app  # what answers everything else (the differential test calls it directly)
    return app


def _router(octo_prefix: str, operations: list[Operation]):
    """route(method, path) -> (operation, path parameters), or None for Flask to answer.

    As werkzeug's router does: a path without parameters wins over a pattern, and a parameter
    is one or more characters other than '/'."""
    fixed: dict[tuple[str, str], Operation] = {}
    patterns: list[tuple[str, re.Pattern, Operation]] = []
    for op in operations:
        if op.params:
            pattern = re.sub(r"\\\{([^/}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(octo_prefix + op.path))
            patterns.append((op.method, re.compile(pattern), op))
        else:
            fixed[op.method, octo_prefix + op.path] = op

    def route(method: str, path: str):
        op = fixed.get((method, path))
        if op is not None:
            return op, {}
        if not path.startswith(octo_prefix + "/"):
            return None
        for wanted, pattern, op in patterns:
            if wanted == method:
                match = pattern.fullmatch(path)
                if match:
                    params = _decoded(match.groupdict())
                    return None if params is None else (op, params)
        return None

    return route


def _decoded(params: dict[str, str]) -> dict[str, str] | None:
    """Path parameters as Flask's router reads them: WSGI servers give PATH_INFO percent-decoded
    as latin-1, and werkzeug reads it back as UTF-8 (None: not UTF-8, for Flask to answer)."""
    try:
        return {name: value.encode("latin-1").decode("utf-8") for name, value in params.items()}
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


_STATUS_LINES = {code: f"{code} {name.upper()}" for code, name in HTTP_STATUS_CODES.items()}  # as werkzeug writes them
