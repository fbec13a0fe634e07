"""How octo-mock serves HTTP: one process, or several pre-forked workers, each running the HTTP
server engines.py picks (granian, or waitress).

One Python process runs on one core (the GIL), so `--workers N` forks N processes that accept
on one port (see BALANCED for how). Each worker builds its own app and store after the fork; they
share the database file, and the store serialises writers across processes, so any worker can
take any request. The parent only supervises: it restarts a worker that dies (stopping the
server instead if a worker could not even start), and stops them all on SIGTERM or SIGINT. A
worker whose parent disappears (killed with SIGKILL) exits too, so a killed server never leaves
workers behind that still acknowledge requests.
"""
from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
from typing import Callable

from . import engines
from .engines import IDENT
CANNOT_START = 3  # a worker's exit code when it failed before serving: restarting would not help
STOP_TIMEOUT = 10.0  # seconds workers get to exit after SIGTERM before they are killed
RESTART_PAUSE = 0.5  # seconds between restarts, so a worker dying at once cannot spin the CPU
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


class ServeError(Exception):
    """The server could not start: one line for the user, no traceback."""


def serve(make_app: Callable, host: str, port: int, threads: int, workers: int,
          announce: Callable[[int, str], None], engine: str = "auto") -> None:
    """Serve `make_app()` on host:port until stopped; `announce(port, server)` once it is
    listening (server: the engine's name, or "" when workers each pick theirs)."""
    if workers > 1 and not hasattr(os, "fork"):
        raise ServeError("--workers above 1 needs a system with fork(); run one worker here")
    if workers == 1:
        app = make_app()
        sockets = _listen(host, port, shared=True)
        try:
            engines.run(engine, app, sockets, threads, lambda name: announce(sockets[0].getsockname()[1], name))
        except engines.EngineError as exc:
            raise ServeError(str(exc)) from exc
        finally:
            for sock in sockets:
                sock.close()
        return
    listeners = _listen(host, port)
    _supervise(make_app, listeners, threads, workers, engine, lambda: announce(listeners[0].getsockname()[1], ""))


# Linux spreads new connections evenly over sockets bound with SO_REUSEPORT. One socket shared
# by every worker goes to whichever accepts first: 32 keep-alive clients were split 26/8 or
# 30/4 between two workers, and the clients of the crowded one waited several times longer.
BALANCED = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _listen(host: str, port: int, shared: bool = not BALANCED) -> list[socket.socket]:
    """TCP sockets, one per address of `host`. When shared they listen (one process serves
    them, or the workers share them); otherwise they only hold the port, and each worker listens
    on sockets of its own (see _worker_sockets)."""
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                   flags=socket.AI_PASSIVE):
            address = (address[0], port, *address[2:])  # port 0: every address on the first one's port
            if not shared:  # any program may hold the port with SO_REUSEPORT too: refuse to share it
                with _socket(family, kind, proto, reuse_port=False) as probe:
                    probe.bind(address)
                    address = probe.getsockname()
            sock = _socket(family, kind, proto, reuse_port=not shared)
            sockets.append(sock)
            sock.bind(address)
            if shared:
                sock.listen(1024)
            port = sock.getsockname()[1]
    except OSError as exc:
        for sock in sockets:
            sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sockets


def _worker_sockets(held: list[socket.socket]) -> list[socket.socket]:
    """The sockets a worker accepts on: its own, on the held addresses, when BALANCED."""
    if not BALANCED:
        return held
    own = []
    for sock in held:
        mine = _socket(sock.family, sock.type, sock.proto)
        mine.bind(sock.getsockname())
        mine.listen(1024)
        own.append(mine)
    return own


def _socket(family, kind, proto, reuse_port: bool = BALANCED) -> socket.socket:
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    if family == socket.AF_INET6:  # as waitress does: "::" means IPv6 only
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    return sock


def _supervise(make_app: Callable, listeners: list[socket.socket], threads: int, workers: int, engine: str,
               announce: Callable[[], None]) -> None:
    started: set[int] = set()  # worker pids
    stopping: list[float] = []  # the deadline for stopping, once a stop was asked for

    def spawn() -> None:
        # Stop signals wait until the fork is over and the pid is known: a stop arriving in
        # between would miss the new worker, or run the parent's handler inside the child.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            if stopping:
                return
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:
                _work(make_app, listeners, threads, engine, parent)  # never returns
            started.add(pid)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    def stop(signum=None, frame=None) -> None:
        if not stopping:
            stopping.append(time.monotonic() + STOP_TIMEOUT)
            _signal_all(started, signal.SIGTERM)

    for signum in STOP_SIGNALS:
        signal.signal(signum, stop)
    for _ in range(workers):
        spawn()
    announce()
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
            time.sleep(RESTART_PAUSE)
            spawn()
    for sock in listeners:
        sock.close()
    if failed:
        raise ServeError("a worker could not start")


def _signal_all(pids, signum: int) -> None:
    for pid in list(pids):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def _work(make_app: Callable, listeners: list[socket.socket], threads: int, engine: str, parent: int) -> None:
    """The body of a forked worker; never returns. SIGTERM ends it at once: a change is one
    SQLite transaction, so a request cut short is applied whole or not at all."""
    code, serving = CANNOT_START, []  # until the server serves, a failure is one a restart would repeat
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
        app, sockets = make_app(), _worker_sockets(listeners)
        engines.run(engine, app, sockets, threads, serving.append)
        code = 0
    except Exception as exc:  # noqa: BLE001 - one line for the user; the parent reports the rest
        print(f"{IDENT}: worker {os.getpid()}: {exc}", file=sys.stderr, flush=True)
        code = 1 if serving else CANNOT_START
    finally:
        os._exit(code)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
