"""A declared operation answered from its WSGI request, with no web framework.

Every OCTO operation is answered here, whichever way the request came: the WSGI router in
direct_routes.py sends the declared operations straight here, and the Flask routes
(routes.py) send what that router passes on (HEAD, paths it does not read). The steps are
the same for every operation: the capabilities asked for are read (and echoed on every
answer, errors included), the key is checked, a capability's operation is refused to a caller
who did not ask for it, the body is read and judged against its request schema, the
capabilities' every-request hooks and the handler run, in one transaction when the operation
touches the caller's sandbox, and the work queued for after the commit runs. Refusals become
the OCTO error body; anything unexpected is logged and becomes an INTERNAL_SERVER_ERROR body,
never a traceback or an HTML page.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator, Mapping

from werkzeug.datastructures import EnvironHeaders
from werkzeug.exceptions import ClientDisconnected, HTTPException, RequestEntityTooLarge
from werkzeug.utils import get_content_type
from werkzeug.wrappers import Request
from werkzeug.wsgi import get_input_stream

import schemas

from ..kernel.context import Context
from ..kernel.encoding import Encoded, json_bytes, json_object
from ..kernel.errors import BadRequest, Forbidden, InternalServerError, OctoError, Unauthorized, http_status
from ..kernel.operations import NONE, WRITE, Call, Operation

CAPABILITIES_HEADER = "Octo-Capabilities"  # read on every request, echoed with those applied
MAX_BODY_BYTES = 1 << 20  # an OCTO request body is a few KiB; anything near a MiB is abuse
LOG = logging.getLogger("mock_supplier")  # the logger Flask's app.logger is, for the app's name

Answer = tuple[int, list[tuple[str, str]], bytes]  # status, headers, body


def answer(mock, op: Operation, environ: dict, params: dict[str, str], octo_prefix: str) -> Answer:
    """What to send for a WSGI request of `op` (its path parameters already read): its answer, or
    the OCTO error that refused it. Everything read from the request is read in here, so that
    whatever a request holds ends in an OCTO answer."""
    headers = EnvironHeaders(environ)
    capabilities = mock.plugins.applied(headers.get(CAPABILITIES_HEADER))
    try:
        status, answer_headers, body = _served(mock, op, environ, headers, params, octo_prefix, capabilities)
    except OctoError as error:
        status, answer_headers, body = error_answer(error)
    except Exception as error:  # a bug of the mock's: say so in OCTO's shape, keep the traceback in the log
        LOG.exception("Unhandled error")
        status, answer_headers, body = error_answer(
            InternalServerError(f"The mock supplier failed: {type(error).__name__}"))
    answer_headers.append((CAPABILITIES_HEADER, ", ".join(capabilities)))
    return status, answer_headers, body


def error_answer(error: OctoError) -> Answer:
    """The OCTO error body with the status from the one table in kernel/errors.py."""
    return http_status(error), *encoded(error.body())


def encoded(payload: object) -> tuple[list[tuple[str, str]], bytes]:
    """The headers and body of a JSON value, or of an answer already encoded."""
    if isinstance(payload, Encoded):
        content = payload.content.encode() if isinstance(payload.content, str) else payload.content
        mimetype = payload.mimetype
    else:
        content, mimetype = json_bytes(payload), "application/json"
    return [("Content-Type", get_content_type(mimetype, "utf-8")), ("Content-Length", str(len(content)))], content


def _served(mock, op: Operation, environ: dict, headers: EnvironHeaders, params: dict[str, str], octo_prefix: str,
            capabilities: tuple[str, ...]) -> Answer:
    api_key = api_key_of(mock, headers.get("Authorization", "")) if op.authenticated else None
    if op.capability and op.requires_capability and op.capability not in capabilities:
        raise missing_capability(mock, op.capability)
    call = Call(request_body(body_of(environ), op.request) if op.request else {}, query_of(environ), params)
    where = base_url(environ, octo_prefix)
    if op.access == NONE:
        ctx = context(mock, None, mock.config.clock.now(), capabilities, where, call, headers)
        payload = _run(ctx, op, call)
    else:
        # A change and the view of it run in one write transaction: the answer shows exactly
        # the state the change committed, and a view that fails rolls the change back. Only
        # the encoding happens after the commit, to keep the write lock (which every worker
        # queues for) short.
        with sandbox_context(mock, api_key, op.access == WRITE, capabilities, where, headers, call) as ctx:
            payload = _run(ctx, op, call)
    for work in ctx.after_commit:  # never inside the transaction
        work()
    answer_headers, body = encoded(payload)
    added = {name.lower() for name in ctx.response_headers}  # a hook's header replaces one already there
    answer_headers = [(name, value) for name, value in answer_headers if name.lower() not in added]
    answer_headers.extend((name, str(value)) for name, value in ctx.response_headers.items())
    return 200, answer_headers, body


def _run(ctx: Context, op: Operation, call: Call):
    """The capabilities' every-request hooks, then the handler: what to answer."""
    for hook in ctx.plugins.hooks("on_request", ctx.capabilities):
        hook(ctx)
    return op.handler(ctx, call)


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


def missing_capability(mock, capability: str) -> BadRequest:
    """The refusal of a capability's operation to a caller who did not ask for it."""
    needed = ", ".join((*mock.plugins.info(capability).dependencies, capability))
    return BadRequest(f"This endpoint needs the header Octo-Capabilities: {needed}")


def request_body(raw: bytes, schema_name: str | None = None) -> dict:
    """The request body as a JSON object, checked against a request schema; {} when empty."""
    body = json_object(raw)
    if schema_name:
        problems = schemas.violations(schema_name, body)
        if problems:
            raise BadRequest("Invalid request body: " + "; ".join(str(p) for p in problems[:5]))
    return body


def body_of(environ) -> bytes:
    """The raw request body, refused past MAX_BODY_BYTES, or when it cannot be read whole (shorter
    than its Content-Length: the client went away), as Flask's error handler refused them."""
    try:
        return get_input_stream(environ, max_content_length=MAX_BODY_BYTES).read()
    except RequestEntityTooLarge:
        raise too_large() from None
    except ClientDisconnected:
        raise BadRequest("The request body ended before its Content-Length said it would") from None
    except HTTPException as error:  # any other refusal of werkzeug's, as Flask's handler words it
        raise BadRequest(error.description or error.name) from None


def too_large() -> BadRequest:
    return BadRequest(f"The request body is larger than {MAX_BODY_BYTES} bytes")


@contextmanager
def sandbox_context(mock, api_key: str, write: bool, capabilities: tuple[str, ...], where: str,
                    headers: Mapping[str, str], call: Call | None = None) -> Iterator[Context]:
    """The caller's sandbox, inside one transaction, seen at the sandbox's own time."""
    opener = mock.store.write if write else mock.store.read
    with opener(api_key) as box:
        yield context(mock, box, mock.config.clock.now(box.clock_offset()), capabilities, where, call, headers)


def context(mock, box, now, capabilities: tuple[str, ...], where: str, call: Call | None,
            headers: Mapping[str, str]) -> Context:
    """The context of one request: `where` is the OCTO base URL it was sent to."""
    return Context(mock.catalogue, box, now, capabilities, where, mock.plugins, mock, call or Call(), headers)


_BASE_URLS: dict[tuple, str] = {}


def base_url(environ, octo_prefix: str) -> str:
    """Where OCTO is served, as Flask's request.host_url gives it; remembered per Host header,
    since working it out (IDNA, default ports) costs more than a catalogue read."""
    key = (octo_prefix, environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
           environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME"))
    url = _BASE_URLS.get(key)
    if url is None:
        if len(_BASE_URLS) >= 256:  # a client sending ever new Host headers cannot grow it
            _BASE_URLS.clear()
        url = _BASE_URLS[key] = Request(environ).host_url.rstrip("/") + octo_prefix
    return url


def query_of(environ) -> dict[str, str]:
    """The first value of each query parameter, as Flask's request.args reads them; BAD_REQUEST
    for a query string sent as raw bytes that are not UTF-8 (percent-encoded ones are kept)."""
    if not environ.get("QUERY_STRING"):
        return {}
    try:
        args = Request(environ).args
    except UnicodeDecodeError:
        raise BadRequest("The query string is not UTF-8: percent-encode its bytes") from None
    return {key: args[key] for key in args}
