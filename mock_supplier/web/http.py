"""What every route shares: authentication, capabilities, JSON bodies, the sandbox context and
OCTO error rendering. The only module besides routes.py that knows the request is Flask's."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

import schemas

from ..kernel.context import Context
from ..kernel.encoding import Encoded, json_bytes, json_object
from ..kernel.errors import BadRequest, Forbidden, InternalServerError, OctoError, Unauthorized, http_status
from ..kernel.operations import Call

CAPABILITIES_HEADER = "Octo-Capabilities"  # read on every request, echoed with those applied
MAX_BODY_BYTES = 1 << 20  # an OCTO request body is a few KiB; anything near a MiB is abuse


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
    if isinstance(payload, Encoded):
        return Response(payload.content, status=200, mimetype=payload.mimetype)
    return Response(json_bytes(payload), status=200, mimetype="application/json")


def render_error(error: OctoError) -> Response:
    """The OCTO error body with the status from the one table in kernel/errors.py."""
    response = respond(error.body())
    response.status_code = http_status(error)
    return response


def authenticate() -> None:
    """`Authorization: Bearer KEY` must name a known key."""
    g.api_key = api_key_of(current_app.extensions["octo_mock"], request.headers.get("Authorization", ""))


def api_key_of(mock, authorization: str) -> str:
    """The API key an Authorization header names: UNAUTHORIZED without a Bearer key, FORBIDDEN
    when the key is neither configured nor minted by the control interface."""
    header = authorization.strip()
    scheme, _, key = header.partition(" ")
    if not header:
        raise Unauthorized("Send your API key as 'Authorization: Bearer <key>'")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <key>'")
    key = key.strip()
    if key not in mock.config.api_keys and not mock.store.is_minted_key(key):
        raise Forbidden("The API key is not valid")
    return key


def require_capability(capability: str) -> None:
    """Refuse a caller who did not ask for `capability` (with its dependencies)."""
    if capability not in g.capabilities:
        info = current_app.extensions["octo_mock"].plugins.info(capability)
        needed = ", ".join((*info.dependencies, capability))
        raise BadRequest(f"This endpoint needs the header Octo-Capabilities: {needed}")


def json_body(schema_name: str | None = None) -> dict:
    """The request body as a JSON object, checked against a request schema; {} when empty."""
    body = json_object(request.get_data(cache=False))
    if schema_name:
        problems = schemas.violations(schema_name, body)
        if problems:
            raise BadRequest("Invalid request body: " + "; ".join(str(p) for p in problems[:5]))
    return body


@contextmanager
def sandbox(write: bool = False, call: Call | None = None) -> Iterator[Context]:
    """The caller's sandbox, inside one transaction, seen at the sandbox's own time."""
    mock = current_app.extensions["octo_mock"]
    opener = mock.store.write if write else mock.store.read
    with opener(g.api_key) as box:
        yield _context(mock, box, mock.config.clock.now(box.clock_offset()), call)


def stateless(call: Call | None = None) -> Context:
    """A context without a sandbox, for operations that read no state."""
    mock = current_app.extensions["octo_mock"]
    return _context(mock, None, mock.config.clock.now(), call)


def _context(mock, box, now, call: Call | None) -> Context:
    return Context(mock.catalogue, box, now, g.capabilities, request.host_url.rstrip("/") + "/octo", mock.plugins,
                   mock, call or Call(), request.headers)


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
        return render_error(BadRequest(f"The request body is larger than {MAX_BODY_BYTES} bytes"))
    return render_error(BadRequest(error.description or error.name))


def _unexpected_error(error: Exception) -> Response:
    current_app.logger.exception("Unhandled error")
    return render_error(InternalServerError(f"The mock supplier failed: {type(error).__name__}"))
