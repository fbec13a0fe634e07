"""The HTTP servers that can run the mock's WSGI app on sockets server.py opened: granian or waitress.

granian (Rust: HTTP parsing, connections and the response writes happen outside the GIL) costs
a fraction of waitress's CPU per request: see benchmarks/README.md. It has no wheel for some
platforms, though, and a Rust build is not something `pip install` should need. So it is an
optional choice: `--server auto` (the default) takes granian when it is installed and its
worker starts, waitress otherwise, and `--server waitress` always takes waitress.

server.py owns the sockets and the worker processes in both cases (port 0, SO_REUSEPORT
balancing, restarts, exit on the parent's death), so the two servers behave the same around
the app. granian's own process manager cannot take over: its workers each bind the address
again, so port 0 would give every worker a different port. Each worker here runs granian's
Rust WSGI worker directly on the socket it was given, as granian's own worker process does
(granian/server/mp.py). That is granian's internal interface, hence the pin below 2.9 in
pyproject.toml, and the fallback to waitress when it does not start.
"""
from __future__ import annotations

import logging
import signal
import socket
import sys
import threading
from typing import Callable

import waitress

IDENT = "octo-mock"
CHOICES = ("auto", "granian", "waitress")
BACKPRESSURE = 1024


class EngineError(Exception):
    """The chosen server cannot run here."""


def run(choice: str, app, sockets: list[socket.socket], threads: int, ready: Callable[[str], None]) -> None:
    """Serve `app` on listening `sockets` with `threads` Python threads until the process is
    stopped; `ready(name)` once serving, with the name of the server that serves."""
    if choice in ("auto", "granian"):
        try:
            stop = _granian(app, sockets, threads)
        except EngineError:
            if choice == "granian":
                raise
        else:
            ready("granian")
            try:
                stop.wait()
            except KeyboardInterrupt:  # Ctrl-C in a single-process server: stop, as waitress does
                pass
            return
    server = waitress_server(app, sockets=sockets, threads=threads)
    ready("waitress")
    server.run()


def waitress_server(app, **options):
    """A waitress server for the app (not started). Waitress logs a warning for every request
    that waits for a free thread; under load that is normal queueing, not news, so it stays quiet."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return waitress.create_server(app, ident=IDENT, **options)


def _granian(app, sockets: list[socket.socket], threads: int):
    """granian's WSGI worker on each socket; the event set when the process is asked to stop."""
    try:
        from granian._futures import _new_cbscheduler  # noqa: PLC0415 - optional, imported when chosen
        from granian._granian import SocketHolder, WSGIWorker  # noqa: PLC0415
        from granian._loops import loops  # noqa: PLC0415
        from granian._signals import set_sync_signals  # noqa: PLC0415
        from granian.constants import Loops  # noqa: PLC0415
    except ImportError as exc:
        raise EngineError(f"granian is not installed ({exc.name})") from None
    try:
        callback = _granian_callback(app)
        # granian's workers stop on SIGTERM and SIGINT through the event it hands them; the
        # process keeps the handlers server.py gave it (a worker dies at once on SIGTERM, as
        # with waitress: a change is one transaction, applied whole or not at all).
        handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
        stop = set_sync_signals()
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        loop = loops.get(Loops.auto)
        for sock in sockets:  # accepted connections inherit it: no answer waits for a delayed ACK
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for index, sock in enumerate(sockets, start=1):
            holder = SocketHolder(sock.fileno(), False, 1024)
            # worker id, (spec, socket), ipc, runtime threads, runtime blocking threads, Python
            # threads, their idle timeout, backpressure (connections served at once: keep-alive
            # clients hold theirs, so it is granian's own default, never the thread count),
            # HTTP/1 only, no HTTP settings, no static files, no TLS (8 fields), no metrics
            worker = WSGIWorker(index, (None, holder), None, 1, 512, threads, 30, BACKPRESSURE, "1", None, None, None,
                                False, None, None, None, "tls1.3", None, [], False, (None, None))
            worker.serve_mtr(_new_cbscheduler(loop, callback, impl_asyncio=True), loop, stop)
    except (TypeError, AttributeError) as exc:  # another granian's internals
        raise EngineError(f"granian's worker interface is not the one this mock knows: {exc}") from None
    return threading.Event()  # set by nothing: the process ends by a signal, as waitress's does


_ENVIRON = {"GATEWAY_INTERFACE": "CGI/1.1", "SCRIPT_NAME": "", "SERVER_SOFTWARE": IDENT, "wsgi.errors": sys.stderr,
            "wsgi.input_terminated": True, "wsgi.multiprocess": False, "wsgi.multithread": True,
            "wsgi.run_once": False, "wsgi.version": (1, 0)}


def _granian_callback(app):
    """What granian's worker calls for each request: the app, answering in one write.

    granian's own (granian/wsgi.py) differs in two ways. It copies the process's environment
    variables into every request's environ, so that a shell's HTTP_PROXY reached the app as a
    Proxy header, and an HTTP_OCTO_CAPABILITIES variable as capabilities nobody asked for. And it
    writes an iterable body (Flask answers with one) after the headers, in writes of their own:
    with Nagle's algorithm on, the second waited for the client's delayed ACK, and every answer
    on a keep-alive connection but the first took 44 ms (TCP_NODELAY, set on the sockets, cures
    that too). Every answer of the mock is built in memory anyway."""
    def run(proto, scope):
        started: list = []

        def start_response(status, headers, exc_info=None):
            started[:] = [int(status.split(" ", 1)[0]), headers]

        body = app(_ENVIRON | scope, start_response)
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        proto.response_bytes(started[0], started[1], data)
        return started[0]
    return run
