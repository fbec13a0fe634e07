"""Flask's side of the web layer: capability echo, OCTO error bodies and body limits for every
answer Flask gives, and the helpers of the routes that are Flask's alone (the control
interface, the OpenAPI document). The operations' own steps are in serve.py."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from ..kernel.context import Context
from ..kernel.errors import BadRequest, InternalServerError, OctoError
from .serve import (CAPABILITIES_HEADER, MAX_BODY_BYTES, Answer, api_key_of, base_url, body_of, encoded, error_answer,
                    request_body, sandbox_context, too_large)


def install(app: Flask) -> None:
    """Wire capability echo, OCTO error bodies and body limits into the app."""
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.before_request(_read_capabilities)
    app.after_request(_echo_capabilities)
    app.register_error_handler(OctoError, render_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def respond(payload: object) -> Response:
    """A 200 response: JSON of a value, or an answer already encoded."""
    return as_response((200, *encoded(payload)))


def render_error(error: OctoError) -> Response:
    """The OCTO error body with the status from the one table in kernel/errors.py."""
    return as_response(error_answer(error))


def as_response(answer: Answer) -> Response:
    """serve's (status, headers, body) as Flask's response."""
    status, headers, body = answer
    return Response(body, status=status, headers=headers)


def authenticate() -> None:
    """`Authorization: Bearer KEY` must name a known key."""
    g.api_key = api_key_of(current_app.extensions["octo_mock"], request.headers.get("Authorization", ""))


def json_body() -> dict:
    """The request body as a JSON object; {} when empty."""
    return request_body(body_of(request.environ))


@contextmanager
def sandbox(write: bool = False) -> Iterator[Context]:
    """The caller's sandbox, inside one transaction, seen at the sandbox's own time."""
    where = base_url(request.environ, "/octo")  # the control interface lives under /octo, as app.py mounts it
    with sandbox_context(current_app.extensions["octo_mock"], g.api_key, write, g.capabilities, where,
                         request.headers) as ctx:
        yield ctx


def _read_capabilities() -> None:
    g.capabilities = current_app.extensions["octo_mock"].plugins.applied(request.headers.get(CAPABILITIES_HEADER))


def _echo_capabilities(response: Response) -> Response:
    response.headers[CAPABILITIES_HEADER] = ", ".join(g.get("capabilities", ()))
    return response


def _http_error(error: HTTPException) -> Response:
    if error.code == 404:
        return render_error(BadRequest(f"There is no endpoint {request.method} {request.path}"))
    if error.code == 405:
        return render_error(BadRequest(f"{request.path} does not accept {request.method}"))
    if error.code == 413:
        return render_error(too_large())
    return render_error(BadRequest(error.description or error.name))


def _unexpected_error(error: Exception) -> Response:
    current_app.logger.exception("Unhandled error")
    return render_error(InternalServerError(f"The mock supplier failed: {type(error).__name__}"))
