"""What every route shares: authentication, capabilities, JSON bodies, the sandbox context
and OCTO error rendering. The routes themselves stay thin: parse, call a rule, serialise."""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Iterator

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

import schemas

from .capabilities import SUPPORTED, parse_header
from .errors import BadRequest, Forbidden, InternalServerError, OctoError, Unauthorized, http_status
from .core.context import Context

MAX_BODY_BYTES = 1 << 20  # an OCTO request body is a few KiB; anything near a MiB is abuse


def install(app: Flask) -> None:
    """Wire capability echo, OCTO error bodies and body limits into the app."""
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.before_request(_read_capabilities)
    app.after_request(_echo_capabilities)
    app.register_error_handler(OctoError, render_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def json_response(payload: object) -> Response:
    """A JSON 200 response."""
    return json_text_response(json_text(payload))


def json_text(payload: object) -> str:
    """Compact JSON, as every response is sent."""
    return json.dumps(payload, separators=(",", ":"))


def json_text_response(text: str) -> Response:
    """A 200 response of JSON that is already encoded."""
    return Response(text, status=200, mimetype="application/json")


def render_error(error: OctoError) -> Response:
    """The OCTO error body with the status from the one table in errors.py."""
    response = json_response(error.body())
    response.status_code = http_status(error)
    return response


def authenticate() -> None:
    """Before each OCTO route: `Authorization: Bearer KEY` must name a known key."""
    header = request.headers.get("Authorization", "").strip()
    scheme, _, key = header.partition(" ")
    if not header:
        raise Unauthorized("Send your API key as 'Authorization: Bearer <key>'")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <key>'")
    key = key.strip()
    mock = current_app.extensions["octo_mock"]
    if key not in mock.config.api_keys and not mock.store.is_minted_key(key):
        raise Forbidden("The API key is not valid")
    g.api_key = key


def json_body(schema_name: str | None = None) -> dict:
    """The request body as a JSON object, checked against a request schema; {} when empty."""
    raw = request.get_data(cache=False)
    if not raw.strip():
        body: object = {}
    else:
        try:
            body = json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise BadRequest(f"The request body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    if schema_name:
        problems = schemas.violations(schema_name, body)
        if problems:
            raise BadRequest("Invalid request body: " + "; ".join(str(p) for p in problems[:5]))
    return body


@contextmanager
def sandbox(write: bool = False) -> Iterator[Context]:
    """The caller's sandbox, inside one transaction, seen at the sandbox's own time."""
    mock = current_app.extensions["octo_mock"]
    opener = mock.store.write if write else mock.store.read
    with opener(g.api_key) as box:
        now = mock.config.clock.now(box.clock_offset())
        yield Context(mock.catalogue, box, now, g.capabilities, request.host_url.rstrip("/") + "/octo")


def change(rule, uuid: str, schema_name: str, view):
    """The shape of every state-changing route: parse and check the body, apply the rule in one
    write transaction, answer the view of what it returns."""
    body = json_body(schema_name)
    return commit_and_view(lambda ctx: rule(ctx, uuid, body), view)


def commit_and_view(apply, view) -> Response:
    """Answer `view(ctx, apply(ctx))`, both in one write transaction: the answer shows exactly the
    state the change committed, and a view that fails rolls the change back. Only the encoding
    happens after the commit, to keep the write lock (which every worker queues for) short."""
    with sandbox(write=True) as ctx:
        payload = view(ctx, apply(ctx))
    return json_response(payload)


def requiring(capability: str):
    """A before_request hook refusing callers who did not ask for `capability` (or its dependencies)."""
    needed = ", ".join((*SUPPORTED[capability][1], capability))

    def require_capability() -> None:
        if capability not in g.capabilities:
            raise BadRequest(f"This endpoint needs the header Octo-Capabilities: {needed}")
    return require_capability


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _read_capabilities() -> None:
    g.capabilities = parse_header(request.headers.get("Octo-Capabilities"))


def _echo_capabilities(response: Response) -> Response:
    response.headers["Octo-Capabilities"] = ", ".join(g.get("capabilities", ()))
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
