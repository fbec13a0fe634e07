"""A webhook receiver on loopback: an HTTP server in a thread that records every POST it gets.

The webhook rules subscribe one of its paths (a fresh path per subscription, so that a rule
sees only its own deliveries) and wait for what arrives. The project's tests use it against
the mock too, and make it answer 500 or hang to show that a bad receiver never slows the mock.

    with Receiver() as receiver:
        path = receiver.new_path()           # "/hooks/3f2a..."
        url = receiver.url(path)             # or, behind a tunnel: public_url + path
        deliveries = receiver.wait(path, lambda got: len(got) >= 1, timeout=10)
"""
from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

MAX_BODY = 5 << 20
HANG_AT_MOST = 60.0  # a hanging answer is given up after this long, so that no thread is left


@dataclass
class Delivery:
    """One POST the receiver got."""

    path: str
    headers: dict[str, str]
    raw: bytes
    received_at: float = field(default_factory=time.monotonic)

    @property
    def body(self):
        """The JSON body, or None when it is not JSON."""
        try:
            return json.loads(self.raw)
        except ValueError:
            return None


class Receiver:
    """Records POSTs to any path; answers 200 unless told to answer otherwise or to hang."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self._lock = threading.Condition()
        self._deliveries: list[Delivery] = []
        self._status: dict[str, int] = {}
        self._hang: dict[str, threading.Event] = {}
        self._released = threading.Event()
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self.host, self.port = host, self._server.server_address[1]
        # serve_forever notices a shutdown only between polls: its default half second would be every run's to wait
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="octo-webhook-receiver", daemon=True)
        self._thread.start()

    def url(self, path: str = "") -> str:
        """The local address of a path."""
        return f"http://{self.host}:{self.port}{path}"

    @staticmethod
    def new_path() -> str:
        """A path nobody else uses."""
        return f"/hooks/{secrets.token_hex(8)}"

    def answer(self, path: str, status: int) -> None:
        """Answer POSTs to `path` with this status from now on."""
        self._status[path] = status

    def hang(self, path: str) -> threading.Event:
        """Keep POSTs to `path` waiting until the returned event is set (or HANG_AT_MOST passes)."""
        event = self._hang[path] = threading.Event()
        return event

    def received(self, path: str | None = None) -> list[Delivery]:
        """What arrived so far (at one path)."""
        with self._lock:
            return [d for d in self._deliveries if path is None or d.path == path]

    def wait(self, path: str, enough: Callable[[list[Delivery]], bool], timeout: float) -> list[Delivery]:
        """What arrived at `path` once `enough` holds of it, or when `timeout` seconds have passed."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                got = [d for d in self._deliveries if d.path == path]
                left = deadline - time.monotonic()
                if enough(got) or left <= 0:
                    return got
                self._lock.wait(min(left, 0.5))

    def stop(self) -> None:
        """Release every hanging answer and stop serving."""
        self._released.set()
        for event in self._hang.values():
            event.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> "Receiver":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _record(self, delivery: Delivery) -> None:
        with self._lock:
            self._deliveries.append(delivery)
            self._lock.notify_all()

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_POST(self):  # noqa: N802 - http.server's name
                length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
                raw = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                receiver._record(Delivery(path, {k.lower(): v for k, v in self.headers.items()}, raw))
                hang = receiver._hang.get(path)
                if hang is not None:
                    hang.wait(HANG_AT_MOST)
                status = receiver._status.get(path, 200)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # quiet
                pass

        return Handler
