"""Targets that misbehave at the HTTP level, served on loopback for the length of a test."""
from __future__ import annotations

import socket
import struct
import threading
from contextlib import contextmanager
import http.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from urllib.parse import urlsplit


@contextmanager
def refusing() -> Iterator[str]:
    """A base URL on a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield f"http://127.0.0.1:{port}/octo"


@contextmanager
def hanging() -> Iterator[str]:
    """A base URL whose server accepts connections and never answers."""
    with _raw_server(lambda conn, held: held.append(conn)) as base_url:
        yield base_url


@contextmanager
def resetting() -> Iterator[str]:
    """A base URL whose server accepts each connection and resets it at once."""
    def reset(conn: socket.socket, held: list) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST, not FIN
        conn.close()
    with _raw_server(reset) as base_url:
        yield base_url


@contextmanager
def _raw_server(on_accept) -> Iterator[str]:
    """A bare TCP server on loopback that hands each accepted connection to on_accept."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn = server.accept()[0]
            except OSError:
                continue
            on_accept(conn, held)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/octo"
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        server.close()


@contextmanager
def answering(status: int, content_type: str, body: bytes) -> Iterator[str]:
    """A base URL whose server answers every request with the same status and body."""
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    with _http_server(answer) as base_url:
        yield base_url


@contextmanager
def endless_json() -> Iterator[str]:
    """A base URL whose server answers 200 JSON with a body that never ends (until the client leaves)."""
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        chunk = b"0," * 32768
        try:
            handler.wfile.write(b"[")
            for _ in range(2000):  # 128 MiB at most: a bound, far past any client's limit
                handler.wfile.write(chunk)
        except OSError:
            pass  # the client hung up, as it should
    with _http_server(answer) as base_url:
        yield base_url


@contextmanager
def lower_case_headers(target_base_url: str) -> Iterator[str]:
    """A base URL that forwards each request to another OCTO server and answers with its header
    names in lower case, as HTTP/2 servers and some proxies do (header names are case-insensitive)."""
    target = urlsplit(target_base_url)

    def answer(handler: BaseHTTPRequestHandler, body: bytes) -> None:
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("host", "connection")}
        connection.request(handler.command, handler.path, body=body or None, headers=headers)
        reply = connection.getresponse()
        payload = reply.read()
        handler.send_response(reply.status)
        for name, value in reply.getheaders():
            if name.lower() not in ("connection", "transfer-encoding", "content-length", "date", "server"):
                handler.send_header(name.lower(), value)
        handler.send_header("content-length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)
        connection.close()
    with _http_server(answer, with_body=True) as base_url:
        yield base_url


@contextmanager
def _http_server(answer, with_body: bool = False) -> Iterator[str]:
    """An HTTP server on loopback that reads each request's body and lets `answer` reply."""
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer(self, body) if with_body else answer(self)

        do_GET = do_POST = do_PATCH = do_DELETE = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/octo"
    finally:
        server.shutdown()
        server.server_close()
