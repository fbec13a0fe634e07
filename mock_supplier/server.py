"""How octo-mock serves HTTP: waitress in this process, or several pre-forked waitress workers.

One Python process runs on one core (the GIL), so `--workers N` forks N processes that accept
on one shared listening socket. Each worker builds its own app and store after the fork; they
share the database file, and the store serialises writers across processes, so any worker can
take any request. The parent only supervises: it restarts a worker that dies (stopping the
server instead if a worker could not even start), and stops them all on SIGTERM or SIGINT. A worker whose parent disappears (killed with SIGKILL) exits too, so a
killed server never leaves workers behind that still acknowledge requests.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import time
from typing import Callable

import waitress

IDENT = "octo-mock"
CANNOT_START = 3  # a worker's exit code when it failed before serving: restarting would not help
STOP_GRACE = 10.0  # seconds a worker gets to stop after SIGTERM before it is killed


def waitress_server(app, **options):
    """A waitress server for the app (not started). Waitress logs a warning for every request
    that waits for a free thread; under load that is normal queueing, not news, so it stays quiet."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return waitress.create_server(app, ident=IDENT, **options)


class ServeError(Exception):
    """The server could not start: one line for the user, no traceback."""


def serve(make_app: Callable, host: str, port: int, threads: int, workers: int,
          announce: Callable[[int], None]) -> None:
    """Serve `make_app()` on host:port until stopped; `announce(port)` once it is listening."""
    if workers == 1:
        try:
            server = waitress_server(make_app(), host=host, port=port, threads=threads)
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        announce(server.effective_port)
        server.run()
        return
    if not hasattr(os, "fork"):
        raise ServeError("--workers above 1 needs a system with fork(); run one worker here")
    listener = _listen(host, port)
    announce(listener.getsockname()[1])
    _supervise(make_app, listener, threads, workers)


def _listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket the workers will share."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                              flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def _supervise(make_app: Callable, listener: socket.socket, threads: int, workers: int) -> None:
    started: set[int] = set()  # worker pids
    stopping: list[float] = []  # the deadline for stopping, once a stop was asked for

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:
            _work(make_app, listener, threads, os.getppid())
        started.add(pid)

    def stop(signum=None, frame=None) -> None:
        if not stopping:
            stopping.append(time.monotonic() + STOP_GRACE)
            _signal_all(started, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        spawn()
    failed = False
    while started:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            if stopping and time.monotonic() > stopping[0]:
                _signal_all(started, signal.SIGKILL)
            time.sleep(0.1)
            continue
        started.discard(pid)
        if stopping:
            continue
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == CANNOT_START:
            failed = True
            stop()
        else:
            print(f"{IDENT}: a worker died; starting another", file=sys.stderr, flush=True)
            spawn()
    listener.close()
    if failed:
        raise ServeError("a worker could not start")


def _signal_all(pids, signum: int) -> None:
    for pid in list(pids):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def _work(make_app: Callable, listener: socket.socket, threads: int, parent: int) -> None:
    """The body of a forked worker; never returns."""
    code = CANNOT_START
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
        server = waitress_server(make_app(), sockets=[listener], threads=threads)
        code = 1
        server.run()
        code = 0
    except Exception as exc:  # noqa: BLE001 - one line for the user; the parent reports the rest
        print(f"{IDENT}: worker {os.getpid()}: {exc}", file=sys.stderr, flush=True)
    finally:
        os._exit(code)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
