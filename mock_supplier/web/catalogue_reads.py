"""GET /products and GET /products/{id} answered before Flask sees the request.

They are the calls resellers make most, and their answer is text encoded once per view of the
catalogue (core/products.py). Through Flask they cost about 100 µs of routing, request and
response objects, and hooks around a dictionary lookup; here about 7 µs. The work is
the same work, done with the same functions: the key is checked on every request (`api_key_of`),
the capabilities are read and echoed, the capabilities' `on_request` hooks run and their
response headers are sent, and the body is the same encoded view.

Only the plain success is answered here. Anything else (another method or path, a query string,
a missing or unknown key, an unknown product, a hook that refuses) goes on to Flask, which
answers it exactly as it answers every other request, errors included.
tests/mock_supplier/test_catalogue_reads.py proves the two paths give the same status, headers
and body over every combination of the headers they read.
"""
from __future__ import annotations

from werkzeug.datastructures import EnvironHeaders
from werkzeug.wrappers import Request

from ..core.products import encoded_catalogue, encoded_product
from ..kernel.context import Context
from ..kernel.errors import OctoError
from ..kernel.operations import Call
from .http import CAPABILITIES_HEADER, api_key_of

def answer_catalogue_reads(mock, octo_prefix: str, flask_app):
    """A WSGI app answering the catalogue reads it can, and passing the rest to `flask_app`."""
    listing = octo_prefix + "/products"

    def app(environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING"):
            return flask_app(environ, start_response)
        path = environ.get("PATH_INFO", "")
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/")
        if path == listing:
            product_id = None
        elif path.startswith(listing + "/") and "/" not in path[len(listing) + 1:]:
            product_id = path[len(listing) + 1:]
        else:
            return flask_app(environ, start_response)
        answered = _answer(mock, octo_prefix, environ, product_id)
        if answered is None:
            return flask_app(environ, start_response)
        headers, body = answered
        start_response("200 OK", headers)
        return [body]

    app.fallback = flask_app  # what answers everything else (the differential test calls it directly)
    return app


def _answer(mock, octo_prefix: str, environ, product_id: str | None) -> tuple[list, bytes] | None:
    """The headers and body of a successful read, or None for Flask to answer."""
    try:
        api_key_of(mock, environ.get("HTTP_AUTHORIZATION", ""))
    except OctoError:
        return None
    product = None
    if product_id is not None:
        product = mock.catalogue.product(_unquoted(product_id))
        if product is None:  # INVALID_PRODUCT_ID, or a name Flask's router reads otherwise
            return None
    capabilities = mock.plugins.applied(environ.get("HTTP_OCTO_CAPABILITIES"))
    params = {} if product is None else {"product_id": product.id}
    ctx = Context(mock.catalogue, None, mock.config.clock.now(), capabilities, _base_url(environ, octo_prefix),
                  mock.plugins, mock, Call({}, {}, params), EnvironHeaders(environ))
    try:
        for hook in mock.plugins.hooks("on_request", capabilities):
            hook(ctx)
        body = encoded_catalogue(ctx) if product is None else encoded_product(ctx, product)
    except OctoError:
        return None
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
               *ctx.response_headers.items(), (CAPABILITIES_HEADER, ", ".join(capabilities))]
    return headers, body


_BASE_URLS: dict[tuple, str] = {}


def _base_url(environ, octo_prefix: str) -> str:
    """Where OCTO is served, as Flask's request.host_url gives it; remembered per Host header,
    since working it out (IDNA, default ports) costs more than the rest of the read."""
    key = (octo_prefix, environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
           environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME"))
    url = _BASE_URLS.get(key)
    if url is None:
        if len(_BASE_URLS) >= 256:  # a client sending ever new Host headers cannot grow it
            _BASE_URLS.clear()
        url = _BASE_URLS[key] = Request(environ).host_url.rstrip("/") + octo_prefix
    return url


def _unquoted(segment: str) -> str | None:
    """A path segment as Flask's router reads it: WSGI servers give PATH_INFO percent-decoded
    as latin-1, and werkzeug reads it back as UTF-8."""
    try:
        return segment.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
