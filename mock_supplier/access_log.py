"""One line per request on the console, so a reseller developer sees what their client sent.

    127.0.0.1 POST /octo/bookings 200 3.1 ms

WSGI middleware around the app: the status and the time to the end of the body. The API key is
never written (it is in a header, not in the line). The body is read whole before it is
returned (every answer of the mock is built in memory anyway): a middleware that is a
generator would call start_response only once the server iterates it, and granian reads the
status and headers before that, so every answer lost its headers."""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO


def logging_requests(app: Callable, stream: TextIO | None = None) -> Callable:
    """The app, writing a line to `stream` (stdout by default) for every request it answers."""
    def middleware(environ, start_response):
        started, status = time.perf_counter(), ["-"]

        def keep(line, headers, exc_info=None):
            status[0] = line.split(" ", 1)[0]
            return start_response(line, headers, exc_info) if exc_info else start_response(line, headers)
        try:
            body = app(environ, keep)
            try:
                return [b"".join(body)]
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            query = environ.get("QUERY_STRING")
            path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
            elapsed = (time.perf_counter() - started) * 1000
            print(f"{environ.get('REMOTE_ADDR', '-')} {environ.get('REQUEST_METHOD', '-')} {path} {status[0]} "
                  f"{elapsed:.1f} ms", file=stream or sys.stdout, flush=True)
    return middleware
