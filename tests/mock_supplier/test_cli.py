"""octo-mock's start-up errors are one plain line, never a traceback; its worker processes
(--workers) are supervised and never outlive the server."""
import contextlib
import importlib.util
import io
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from mock_supplier.testing import LOOPBACK

COMMAND = [sys.executable, "-m", "mock_supplier"]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=60)


def test_a_database_in_a_missing_directory(tmp_path):
    done = _run("--db", str(tmp_path / "missing" / "mock.sqlite3"), "--port", "0")
    assert done.returncode == 1
    assert "cannot use" in done.stderr and "Traceback" not in done.stderr


def test_a_database_file_that_is_not_sqlite(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("this is not a database " * 100)
    done = _run("--db", str(junk), "--port", "0")
    assert done.returncode == 1
    assert "file is not a database" in done.stderr and "Traceback" not in done.stderr


def test_a_port_already_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        done = _run("--db", str(tmp_path / "mock.sqlite3"), "--port", str(taken.getsockname()[1]))
    assert done.returncode == 1
    assert "cannot listen on" in done.stderr and "Traceback" not in done.stderr
    assert "OCTO mock supplier at" not in done.stdout  # no banner for a server that never started


@pytest.mark.parametrize("argument", ["--port=notanumber", "--threads=many", "--workers=0", "--threads=0"])
def test_bad_arguments_are_usage_errors(argument):
    done = _run(argument)
    assert done.returncode == 2 and "usage: octo-mock" in done.stderr


# --- worker processes -------------------------------------------------------------------------


def _workers_of(parent: int) -> set[int]:
    """The pids of a server's worker processes (Linux /proc)."""
    path = Path(f"/proc/{parent}/task/{parent}/children")
    return {int(pid) for pid in path.read_text().split()} if path.exists() else set()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not collected it yet


def _wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker pids from Linux /proc")


@needs_proc
def test_workers_share_one_port_and_a_dead_worker_is_replaced(mock_processes, tmp_path):
    process, client = mock_processes.start(tmp_path / "mock.sqlite3", workers=3)
    workers = _workers_of(process.pid)
    assert len(workers) == 3
    victim = min(workers)
    os.kill(victim, signal.SIGKILL)
    assert _wait_for(lambda: len(_workers_of(process.pid) - {victim}) == 3), "the dead worker was not replaced"
    assert all(client.get("/supplier").status == 200 for _ in range(20))


@needs_proc
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_server_stops_every_worker(mock_processes, tmp_path, stop):
    process, _ = mock_processes.start(tmp_path / "mock.sqlite3", workers=2)
    workers = _workers_of(process.pid)
    process.send_signal(stop)
    assert process.wait(timeout=15) == 0
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers))


@needs_proc
def test_workers_of_a_killed_server_exit_and_free_the_port(mock_processes, tmp_path):
    process, client = mock_processes.start(tmp_path / "mock.sqlite3", workers=2)
    workers = _workers_of(process.pid)
    process.kill()  # the parent alone: its workers must notice and leave
    process.wait(timeout=10)
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers)), "workers outlived their server"
    with pytest.raises(requests.ConnectionError):
        client.get("/supplier")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_workers_that_cannot_start_stop_the_server():
    """Workers that fail at once are not restarted for ever: the server stops with one line."""
    program = ("import sys\n"
               "from mock_supplier.server import ServeError, serve\n"
               "def broken(): raise RuntimeError('no app today')\n"
               "try:\n    serve(broken, '127.0.0.1', 0, 2, 2, lambda *announced: None)\n"
               "except ServeError as exc:\n    sys.exit(f'stopped: {exc}')\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "stopped: a worker could not start" in done.stderr
    assert "no app today" in done.stderr and "Traceback" not in done.stderr


def test_queueing_under_load_is_not_logged(mock_processes, tmp_path):
    """Requests that wait for a free thread are normal under load: stderr stays quiet."""
    log = tmp_path / "stderr.log"
    process, client = mock_processes.start(tmp_path / "mock.sqlite3", "--threads", "1", stderr=log)
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda _: client.get("/products").status, range(200)))
    assert statuses == [200] * 200
    process.stop()
    stderr = log.read_text()
    assert "queue" not in stderr.lower(), stderr[:500]


@pytest.mark.parametrize("options", [
    ("--server", "waitress"),
    pytest.param(("--server", "granian", "--threads", "2"), marks=pytest.mark.skipif(
        importlib.util.find_spec("granian") is None, reason="granian has no wheel here")),
])
def test_a_client_that_sends_less_body_than_promised_leaves_the_others_served(mock_processes, tmp_path, options):
    """What the README offers for a mock that many share: waitress reads every body whole before a
    thread sees it, and under granian a second thread serves while the first waits for a body."""
    process, client = mock_processes.start(tmp_path / "mock.sqlite3", *options)
    with socket.create_connection((LOOPBACK, process.port), timeout=10) as stalled:
        stalled.sendall(b"POST /octo/availability HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer "
                        + process.api_key.encode() + b"\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 100\r\n\r\n{\"productId\"")
        time.sleep(0.3)  # the server has taken the stalled request up
        assert client.get("/products").status == 200


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_a_stop_right_after_the_banner_stops_every_worker_at_once(tmp_path):
    """The banner comes once every worker is forked, so a stop sent on seeing it reaches them all."""
    server = subprocess.Popen([*COMMAND, "--db", str(tmp_path / "mock.sqlite3"), "--port", "0", "--workers", "3"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert "OCTO mock supplier at" in server.stdout.readline()
        workers = _workers_of(server.pid) if Path("/proc/self/task").exists() else set()
        assert len(workers) in (0, 3)  # 0 only where /proc cannot tell
        server.terminate()
        assert server.wait(timeout=5) == 0
        assert not any(_alive(pid) for pid in workers)
    finally:
        if server.poll() is None:
            server.kill()
        server.stdout.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_port_held_by_a_server_with_workers_is_not_shared(mock_processes, tmp_path, workers):
    """Workers spread connections with SO_REUSEPORT on Linux; no other server may join them."""
    _, client = mock_processes.start(tmp_path / "first.sqlite3", workers=2)
    port = client.transport.root_url.rsplit(":", 1)[1]
    done = _run("--db", str(tmp_path / "second.sqlite3"), "--port", port, "--workers", str(workers))
    assert done.returncode == 1
    assert "cannot listen on" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("argument", ["--port=99999", "--port=-1"])
def test_a_port_out_of_range_is_a_usage_error(argument):
    done = _run(argument)
    assert done.returncode == 2 and "must be between 0 and 65535" in done.stderr


def test_version():
    done = _run("--version")
    assert done.returncode == 0 and done.stdout.startswith("octo-mock ")


def test_every_request_gets_a_line_unless_quiet(tmp_path):
    """The access log: method, path with query, status and time, one line per request; no key."""
    from mock_supplier import MockConfig
    from mock_supplier.access_log import logging_requests
    from mock_supplier.cli import _app

    config = MockConfig(db_path=str(tmp_path / "mock.sqlite3"))
    assert not _app(config, quiet=True).wsgi_app.__qualname__.startswith("logging_requests")
    app = _app(config, quiet=True)
    lines = io.StringIO()
    app.wsgi_app = logging_requests(app.wsgi_app, lines)
    client = app.test_client()
    client.get("/octo/supplier", headers={"Authorization": "Bearer octo-mock-dev-key"})
    client.get("/octo/bookings?resellerReference=R1", headers={"Authorization": "Bearer octo-mock-dev-key"})
    client.get("/octo/supplier", headers={"Authorization": "Bearer wrong-key"})
    logged = lines.getvalue().splitlines()
    assert [line.split()[1:4] for line in logged] == [
        ["GET", "/octo/supplier", "200"], ["GET", "/octo/bookings?resellerReference=R1", "200"],
        ["GET", "/octo/supplier", "400"]], logged  # OCTO answers a wrong key with 400
    assert all(line.endswith(" ms") for line in logged) and "octo-mock-dev-key" not in lines.getvalue()
    assert _app(config, quiet=False).wsgi_app.__qualname__.startswith("logging_requests")


def test_the_access_log_gives_the_status_and_headers_before_the_body_is_read(tmp_path):
    """granian reads the status and headers as soon as the app returns, before it iterates the
    body: the access log must not hold them back until then (a generator did, and every logged
    answer lost its Content-Type)."""
    from werkzeug.test import EnvironBuilder

    from mock_supplier import MockConfig
    from mock_supplier.cli import _app

    app, started = _app(MockConfig(db_path=str(tmp_path / "mock.sqlite3")), quiet=False), []
    environ = EnvironBuilder(path="/octo/supplier", headers={"Authorization": "Bearer octo-mock-dev-key"}).get_environ()
    with contextlib.redirect_stdout(io.StringIO()):
        body = app(environ, lambda status, headers, exc_info=None: started.append((status, dict(headers))))
        assert started and started[0][0] == "200 OK" and started[0][1]["Content-Type"] == "application/json"
        assert b"".join(body).startswith(b'{"id":')


def test_the_root_says_where_the_api_and_its_description_are():
    from mock_supplier import create_app

    client = create_app().test_client()
    for path in ("/", "/octo", "/octo/"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.get_json()["openapi"] == "http://localhost/octo/openapi.json"
