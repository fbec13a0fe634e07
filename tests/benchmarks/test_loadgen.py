"""The benchmark's load client speaks enough HTTP/1.1 for any OCTO server, and run.py works end to
end against a live target (briefly: figures are for benchmarks/run.py, never asserted here)."""
from __future__ import annotations

import json
import multiprocessing
import os
import socket
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from mock_supplier.testing import ThreadedMockServer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import loadgen  # noqa: E402 - benchmarks/ is a folder of scripts, not a package
import run  # noqa: E402


@contextmanager
def scripted(*replies: bytes):
    """A loopback server answering successive requests, whichever connection they come on, with
    `replies` in order; a reply ending in b"<close>" closes its connection after it is sent.
    Yields (base_url, connections): connections counts the connections accepted."""
    server = socket.create_server(("127.0.0.1", 0))
    queue, accepted = list(replies), []

    def serve(conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while queue:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                while len(buffer) < length:
                    buffer += conn.recv(65536)
                buffer = buffer[length:]
                reply = queue.pop(0)
                conn.sendall(reply.removesuffix(b"<close>"))
                if reply.endswith(b"<close>"):
                    return

    def accept() -> None:
        while queue:
            try:
                conn = server.accept()[0]
            except OSError:
                return
            accepted.append(conn)
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/octo", accepted
    finally:
        server.close()


def ok(body: bytes, *headers: str) -> bytes:
    head = "".join(f"{h}\r\n" for h in headers)
    return f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode() + body


def test_keep_alive_reuses_one_connection():
    with scripted(ok(b'{"a":1}'), ok(b'{"b":2}')) as (base, accepted):
        client = loadgen.Client(base, "key")
        assert client.json("GET", "/x") == {"a": 1}
        assert client.json("POST", "/y", {"q": 1}) == {"b": 2}
        client.close()
    assert len(accepted) == 1


def test_chunked_bodies_with_extensions_and_trailers():
    body = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n[1,2\r\n2\r\n,3\r\n1\r\n]\r\n0\r\nX-Trailer: t\r\n\r\n"
    with scripted(body, ok(b"[]")) as (base, accepted):
        client = loadgen.Client(base, "key")
        assert client.json("GET", "/x") == [1, 2, 3]
        assert client.json("GET", "/x") == []  # the chunked body was read to its very end
        client.close()
    assert len(accepted) == 1


def test_a_body_delimited_by_close_then_a_new_connection():
    with scripted(b"HTTP/1.0 200 OK\r\n\r\n{\"old\":true}<close>", ok(b"{}")) as (base, accepted):
        client = loadgen.Client(base, "key")
        assert client.json("GET", "/x") == {"old": True}
        assert client.json("GET", "/x") == {}
        client.close()
    assert len(accepted) == 2


def test_a_server_closing_an_idle_connection_costs_one_retry():
    with scripted(ok(b"1", "Connection: keep-alive") + b"<close>", ok(b"2")) as (base, accepted):
        client = loadgen.Client(base, "key")
        assert client.request("GET", "/x") == (200, b"1")
        assert client.request("GET", "/x") == (200, b"2")  # sent on the dead connection first
        client.close()
    assert len(accepted) == 2


def test_an_unexpected_status_is_an_error_naming_it():
    with scripted(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}") as (base, _):
        with pytest.raises(RuntimeError, match="-> 400"):
            loadgen.Client(base, "key").json("GET", "/x")


def test_load_goes_to_loopback_only():
    with pytest.raises(SystemExit, match="loopback targets only"):
        loadgen.Client("http://example.com/octo", "key")


def test_run_py_loads_a_live_target_end_to_end(tmp_path):
    output = tmp_path / "results.json"
    with ThreadedMockServer() as mock:
        base = mock.base_url
        # the target serves from this very process: --target-pid reads its CPU time
        code = run.main(["--no-mock", "--base-url", base, "--target-pid", str(os.getpid()), "--quick",
                         "--seconds", "0.2", "--output", str(output)])
    assert code == 0
    results = json.loads(output.read_text())
    measured = results["http"][base]
    assert set(measured) == {"GET /products", "GET /products/{id}", "POST /availability", "reserve->confirm->cancel"}
    for levels in measured.values():
        assert [lvl["concurrency"] for lvl in levels] == [1, 8, 32]
        assert all(lvl["ops"] > 0 and lvl["errors"] == 0 for lvl in levels)
        assert all(lvl["target_cpu_ms_per_op"] > 0 for lvl in levels)
    assert set(measured["reserve->confirm->cancel"][0]["steps"]) == {"reserve", "confirm", "cancel"}


def test_a_post_whose_answer_was_cut_short_is_not_sent_again():
    with scripted(ok(b"{}"), b"HTTP/1.1 200 OK\r\nContent-Len<close>", ok(b"{}")) as (base, accepted):
        client = loadgen.Client(base, "key")
        client.json("GET", "/x")
        with pytest.raises(EOFError):
            client.request("POST", "/bookings", {"productId": "p"})
        client.close()
    assert len(accepted) == 1  # no second connection: the POST was not resent


def test_interim_answers_and_connection_tokens():
    interim = b"HTTP/1.1 100 Continue\r\n\r\n"
    with scripted(interim + ok(b"[1]", "Connection: keep-alive, close"), ok(b"[2]")) as (base, accepted):
        client = loadgen.Client(base, "key")
        assert client.json("GET", "/x") == [1]
        assert client.json("GET", "/x") == [2]
        client.close()
    assert len(accepted) == 2  # "close" among the tokens closed the first connection


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert loadgen.percentile(values, 99) == 99
    assert loadgen.percentile(values, 50) == 50
    assert loadgen.percentile(list(range(1, 301)), 99) == 297


FORKS = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="processes are forked")


@pytest.mark.parametrize("clients", [4, pytest.param(12, marks=FORKS)])  # one process; two
def test_a_target_failing_in_the_warm_up_ends_the_run_with_its_error(clients):
    with scripted(*[b"HTTP/1.1 500 Oops\r\nContent-Length: 2\r\n\r\n{}"] * 50) as (base, _):
        def op(client):
            client.json("GET", "/x")
            return []
        with pytest.raises(SystemExit, match="failed during the warm-up: RuntimeError: GET /x -> 500"):
            loadgen.run_load(base, "key", clients, op, seconds=1, max_ops=10)


@FORKS
def test_more_clients_than_one_process_runs_are_spread_over_processes():
    """12 clients run as 2 processes of 6; their operations, steps and CPU add up as one run's."""
    assert loadgen._shares(12) == [6, 6] and loadgen._shares(8) == [8] and loadgen._shares(33) == [7, 7, 7, 6, 6]
    with ThreadedMockServer() as mock:
        def op(client):
            t0 = time.perf_counter()
            client.answer("GET", "/supplier")
            return [("supplier", time.perf_counter() - t0), ("again", 0.0)]
        # the budget of operations is shared: it ends the run long before the 30 seconds
        result = loadgen.run_load(mock.base_url, mock.api_key, 12, op, seconds=30, max_ops=300, warmup=0.1)
    assert result["concurrency"] == 12 and result["errors"] == 0 and result["ops"] == 300
    assert result["wall_s"] < 30
    assert set(result["steps"]) == {"supplier", "again"} and result["client_cpu_ms_per_op"] > 0


@FORKS
def test_a_load_process_that_dies_ends_the_run_at_once_saying_so(tmp_path):
    parent, first = os.getpid(), tmp_path / "first"
    with ThreadedMockServer() as mock:
        def op(client):  # the first load process to get here lives and waits; the other dies
            if os.getpid() != parent:
                if not first.exists():  # then this thread has not written its file yet
                    mine = tmp_path / f"{os.getpid()}-{threading.get_ident()}"
                    mine.write_text(str(os.getpid()))
                    with suppress(FileExistsError):
                        os.link(mine, first)  # atomic: one process's pid, whole
                if first.read_text() != str(os.getpid()):
                    os._exit(3)
            return []
        started = time.perf_counter()
        with pytest.raises(SystemExit, match="the load could not run: a load process exited with code 3"):
            loadgen.run_load(mock.base_url, mock.api_key, 12, op, seconds=30, max_ops=10)
    assert time.perf_counter() - started < 20
