"""The load generator: lean keep-alive HTTP clients, one thread each (at most 8 to a process), timing every operation.

The client is written on a raw socket on purpose. Client and target share the machine's two
cores, so every millisecond of client CPU is taken from the target: `http.client` spent about
0.45 ms of CPU per request (mostly parsing headers), this client about 0.05 ms. It speaks just
enough HTTP/1.1 for any OCTO server: Content-Length, chunked and close-delimited bodies.
"""
from __future__ import annotations

import json
import math
import multiprocessing
import multiprocessing.connection
import socket
import threading
import time
import urllib.parse
from typing import Callable

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Client:
    """One persistent HTTP/1.1 connection; reconnects once if the server closed it."""

    def __init__(self, base: str, key: str):
        url = urllib.parse.urlsplit(base)
        if url.hostname not in LOOPBACK:
            raise SystemExit(f"refusing to send load to {url.hostname}: loopback targets only")
        self.address, self.prefix = (url.hostname, url.port or 80), url.path.rstrip("/")
        self.head = (f"Host: {url.netloc}\r\nAuthorization: Bearer {key}\r\n"
                     "Accept: application/json\r\n").encode()
        self.sock: socket.socket | None = None
        self.buffer = b""
        self.answered = False  # whether any byte of the current answer has arrived

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else b""
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        if body is not None:
            extra += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
        message = f"{method} {self.prefix}{path} HTTP/1.1\r\n".encode() + self.head + extra.encode() + b"\r\n" + data
        for attempt in (0, 1):
            fresh = self.sock is None
            if fresh:
                self.sock = socket.create_connection(self.address, timeout=60)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.buffer = b""
            self.answered = False
            try:
                self.sock.sendall(message)
                return self._response(method)
            except (ConnectionError, EOFError):
                self.close()
                # Retried once only if a kept-alive connection closed before any byte of the
                # answer: the server had closed it while idle. A POST it may have seen is not resent.
                if attempt or fresh or self.answered:
                    raise
            except BaseException:  # a timeout or a garbled answer: the connection is out of step
                self.close()
                raise
        raise AssertionError("unreachable")

    def _response(self, method: str) -> tuple[int, bytes]:
        status = 100
        while 100 <= status < 200:  # interim answers (100 Continue) come before the real one
            head = self._until(b"\r\n\r\n")
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split(" ", 2)[1])
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if method == "HEAD" or status in (204, 304):
            body = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = self._chunked()
        elif "content-length" in headers:
            body = self._exactly(int(headers["content-length"]))
        else:  # delimited by the server closing the connection
            body = self.buffer + b"".join(iter(lambda: self.sock.recv(65536), b""))
            headers["connection"] = "close"
        tokens = {token.strip().lower() for token in headers.get("connection", "").split(",")}
        if "close" in tokens or (status_line.startswith("HTTP/1.0") and "keep-alive" not in tokens):
            self.close()
        return status, body

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("the server closed the connection")
        self.answered = True
        self.buffer += chunk

    def _until(self, marker: bytes) -> bytes:
        while (end := self.buffer.find(marker)) < 0:
            self._fill()
        found, self.buffer = self.buffer[:end], self.buffer[end + len(marker):]
        return found

    def _exactly(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._fill()
        found, self.buffer = self.buffer[:n], self.buffer[n:]
        return found

    def _chunked(self) -> bytes:
        parts = []
        while size := int(self._until(b"\r\n").split(b";")[0], 16):
            parts.append(self._exactly(size))
            self._until(b"\r\n")
        while self._until(b"\r\n"):  # trailers, up to the empty line
            pass
        return b"".join(parts)

    def answer(self, method: str, path: str, body: dict | None = None, headers: dict | None = None,
               want=200) -> bytes:
        """The whole body of an answer with the status wanted (RuntimeError otherwise)."""
        status, payload = self.request(method, path, body, headers)
        if status != want:
            raise RuntimeError(f"{method} {path} -> {status}: {payload[:300]!r}")
        return payload

    def json(self, method: str, path: str, body: dict | None = None, headers: dict | None = None, want=200):
        return json.loads(self.answer(method, path, body, headers, want))

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, math.ceil(q / 100 * len(sorted_values)) - 1))  # nearest rank
    return sorted_values[index]


# One process's threads take turns on its GIL: 32 client threads in one process spent 0.045 ms of
# CPU per GET /products/{id} against 0.024 for 8, and sent fewer requests than 4 processes of 8
# (benchmarks/README.md, fourth round). Above this many clients the load is spread over processes.
CLIENTS_PER_PROCESS = 8


def run_load(base: str, key: str, concurrency: int, op, seconds: float, max_ops: int,
             target_cpu: Callable[[], float | None] | None = None, warmup: float = 0.3) -> dict:
    """Run `op(client)` from `concurrency` clients until `seconds` pass or `max_ops` operations
    start (whichever first), after an untimed warm-up. Each op returns the names and latencies of
    the requests it made; the op's own wall time is its latency. Clients are threads, at most
    CLIENTS_PER_PROCESS to a process: more are spread over forked processes (where fork exists),
    and the window opens for all of them at once."""
    shares = _shares(concurrency)
    budget = _Budget(max_ops)
    opened: list[float | None] = []  # the target's CPU time when the window opened

    def opening() -> None:
        opened.append(target_cpu() if target_cpu else None)

    if len(shares) == 1:
        parts = [_drive(base, key, concurrency, op, seconds, budget, warmup, opening)]
    else:
        parts = _drive_in_processes(base, key, shares, op, seconds, budget, warmup, opening)
    failures = [part["failed"] for part in parts if "failed" in part]
    if failures:  # the first that says why ("" from a process only called off by another)
        raise SystemExit(max(failures, key=bool))
    closed = target_cpu() if target_cpu else None
    used = closed - opened[0] if closed is not None and opened[0] is not None else None
    return _summary(concurrency, parts, used)


def _shares(concurrency: int) -> list[int]:
    """How many clients each process runs: one process unless there are more than
    CLIENTS_PER_PROCESS and this system can fork."""
    processes = -(-concurrency // CLIENTS_PER_PROCESS)
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [concurrency]
    return [concurrency // processes + (n < concurrency % processes) for n in range(processes)]


class _Budget:
    """The operations left to start, one budget for every thread of every process: each process
    takes them from shared memory in blocks, so that it pays for a lock once a block."""

    BLOCK = 64

    def __init__(self, total: int):
        self._shared = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                                   else None).Value("q", total)
        self._lock = threading.Lock()
        self._mine = 0

    def take(self) -> bool:
        """Whether one more operation may start."""
        with self._lock:
            if not self._mine:
                with self._shared.get_lock():
                    self._mine = min(self.BLOCK, self._shared.value)
                    self._shared.value -= self._mine
                if not self._mine:
                    return False
            self._mine -= 1
            return True


def _drive(base: str, key: str, concurrency: int, op, seconds: float, budget: _Budget, warmup: float,
           opening: Callable[[], None]) -> dict:
    """This process's share of the load: `concurrency` threads; `opening()` runs once they have all
    warmed up, just before the window opens (it may wait for other processes, or raise
    BrokenBarrierError to call the run off). The latencies, errors, CPU time and wall time of the
    window; or what failed: {"failed": why}, with "" when another process called the run off."""
    lock = threading.Lock()
    op_lat: list[float] = []
    step_lat: dict[str, list[float]] = {}
    errors: list[str] = []
    warmup_errors: list[str] = []
    window: dict[str, float] = {}

    def open_window() -> None:  # run by the last thread to arrive, before any is released
        opening()
        window["start"], window["cpu"] = time.perf_counter(), time.process_time()
        window["end"] = window["start"] + seconds

    barrier = threading.Barrier(concurrency + 1, action=open_window)

    def worker() -> None:
        client = Client(base, key)
        mine, steps, errs = [], {}, []
        try:
            warm_end = time.perf_counter() + warmup
            try:
                while time.perf_counter() < warm_end:
                    op(client)
            except Exception as exc:  # noqa: BLE001 - reported by the main thread
                warmup_errors.append(f"{type(exc).__name__}: {exc}"[:300])
                barrier.abort()  # nobody waits for a window that will never open
                return
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                return
            while time.perf_counter() < window["end"] and budget.take():
                t0 = time.perf_counter()
                try:
                    parts = op(client)
                except Exception as exc:  # noqa: BLE001 - counted and reported, not fatal
                    errs.append(f"{type(exc).__name__}: {exc}"[:200])
                    continue
                mine.append(time.perf_counter() - t0)
                for name, lat in parts:
                    steps.setdefault(name, []).append(lat)
        finally:
            client.close()
            with lock:
                op_lat.extend(mine)
                errors.extend(errs)
                for name, lats in steps.items():
                    step_lat.setdefault(name, []).extend(lats)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    try:
        barrier.wait()  # everyone warmed up: the measured window starts now
    except threading.BrokenBarrierError:
        for t in threads:
            t.join()
        return {"failed": f"the target failed during the warm-up: {warmup_errors[0]}" if warmup_errors else ""}
    for t in threads:
        t.join()
    return {"ops": op_lat, "steps": step_lat, "errors": errors,
            "wall": time.perf_counter() - window["start"], "cpu": time.process_time() - window["cpu"]}


def _drive_in_processes(base: str, key: str, shares: list[int], op, seconds: float, budget: _Budget, warmup: float,
                        opening: Callable[[], None]) -> list[dict]:
    """_drive in one forked process per share. Each says "ready" over its pipe once its clients
    have warmed up, and waits; when all are ready, `opening()` runs here and they all start. A
    process that fails its warm-up, or dies, calls the run off for the others. Forked, so `op`
    and what it holds need no pickling; each process works on its own copy."""
    context = multiprocessing.get_context("fork")
    go, called_off = context.Event(), context.Event()
    children, messages = [], []
    for share in shares:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, daemon=True,
                                args=(sender, go, called_off, base, key, share, op, seconds, budget, warmup))
        child.start()
        # Only the child holds the sending end now (the next child is forked after this), so
        # the pipe reads as closed the moment the child dies.
        sender.close()
        children.append(child)
        messages.append(_Messages(receiver, child))
    try:
        answers = [box.next(timeout=warmup + 120) for box in messages]
        if all(answer == "ready" for answer in answers):
            opening()
        else:
            called_off.set()
        go.set()
        return [answer if isinstance(answer, dict) else box.next(timeout=warmup + seconds + 120)
                for answer, box in zip(answers, messages)]
    finally:
        for child in children:
            child.join(timeout=10)
            if child.is_alive():  # interrupted, or stuck: do not leave load behind
                child.terminate()


class _Messages:
    """What one load process sends: "ready", then its part of the results; a part that says why
    when the process died or fell silent instead."""

    def __init__(self, receiver, child):
        self.receiver, self.child = receiver, child

    def next(self, timeout: float) -> str | dict:
        if multiprocessing.connection.wait([self.receiver], timeout):
            try:
                return self.receiver.recv()
            except EOFError:
                self.child.join(timeout=5)
                return {"failed": f"the load could not run: a load process exited with code {self.child.exitcode}"}
        return {"failed": f"the load could not run: a load process sent nothing for {timeout:.0f} s"}


def _child(sender, go, called_off, base: str, key: str, concurrency: int, op, seconds: float, budget: _Budget,
           warmup: float) -> None:
    def opening() -> None:
        sender.send("ready")
        go.wait()
        if called_off.is_set():
            raise threading.BrokenBarrierError

    try:
        part = _drive(base, key, concurrency, op, seconds, budget, warmup, opening)
    except BaseException as exc:  # noqa: BLE001 - whatever it was, the parent reports it
        part = {"failed": f"the load could not run: {type(exc).__name__}: {exc}"[:300]}
    sender.send(part)


def _summary(concurrency: int, parts: list[dict], target_cpu_s: float | None) -> dict:
    """The figures of a run from its processes' parts; `target_cpu_s`: the target's CPU time."""
    op_lat = sorted(lat for part in parts for lat in part["ops"])
    step_lat: dict[str, list[float]] = {}
    for part in parts:
        for name, lats in part["steps"].items():
            step_lat.setdefault(name, []).extend(lats)
    errors = [error for part in parts for error in part["errors"]]
    wall, cpu = max(part["wall"] for part in parts), sum(part["cpu"] for part in parts)
    n = len(op_lat)
    result = {
        "concurrency": concurrency, "ops": n, "errors": len(errors), "wall_s": round(wall, 3),
        "ops_per_s": round(n / wall, 1) if wall else None,
        "p50_ms": round(percentile(op_lat, 50) * 1000, 2), "p99_ms": round(percentile(op_lat, 99) * 1000, 2),
        "client_cpu_ms_per_op": round(cpu / n * 1000, 3) if n else None,
        "target_cpu_ms_per_op": round(target_cpu_s / n * 1000, 3) if n and target_cpu_s is not None else None,
    }
    if len(step_lat) > 1:
        result["steps"] = {name: {"p50_ms": round(percentile(sorted(v), 50) * 1000, 2),
                                  "p99_ms": round(percentile(sorted(v), 99) * 1000, 2)}
                           for name, v in step_lat.items()}
    if errors:
        result["first_errors"] = sorted(set(errors))[:3]
    return result
