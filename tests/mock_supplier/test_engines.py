"""octo-mock on each HTTP server it can run (mock_supplier/engines.py): both serve the same
answers, whole; `auto` takes granian when it is installed and waitress when it is not, and an
explicit `--server granian` that cannot start says why instead of falling back."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest
import requests

from mock_supplier import DEFAULT_API_KEY
from mock_supplier.testing import octo_mock_command

pytest.importorskip("granian", reason="granian has no wheel here; the mock serves with waitress")
KEY = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


@pytest.mark.parametrize("server", ["granian", "waitress"])
@pytest.mark.parametrize("workers", [1, 2])
def test_each_server_answers_whole_bodies_with_their_length(mock_processes, tmp_path, server, workers):
    """Every answer is whole, with its Content-Length, on either server and with workers. (That
    granian answers in one write, where separate writes waited 44 ms for the client's delayed
    ACK, is a latency, measured by benchmarks/run.py at one client, not asserted here.)"""
    process, _ = mock_processes.start(tmp_path / "mock.sqlite3", "--server", server, workers=workers)
    session = requests.Session()
    day = (date.today() + timedelta(days=4)).isoformat()
    answers = [session.get(f"{process.base_url}/supplier", headers=KEY),
               session.post(f"{process.base_url}/availability", headers=KEY,
                            json={"productId": "walking-tour", "optionId": "DEFAULT", "localDate": day}),
               session.get(f"{process.base_url}/products/walking-tour", headers=KEY),
               session.get(f"{process.base_url}/products/nope", headers=KEY)]
    assert [a.status_code for a in answers] == [200, 200, 200, 400]
    for answer in answers:
        assert answer.headers["Content-Type"] == "application/json"
        assert int(answer.headers["Content-Length"]) == len(answer.content)
        assert "Transfer-Encoding" not in answer.headers


@pytest.mark.parametrize("server", ["granian", "waitress"])
def test_the_servers_environment_is_not_taken_for_request_headers(mock_processes, tmp_path, monkeypatch, server):
    """granian's own WSGI glue copies the process's environment into every request: a variable
    named like a header (HTTP_OCTO_CAPABILITIES, a shell's HTTP_PROXY) became one."""
    monkeypatch.setenv("HTTP_OCTO_CAPABILITIES", "octo/pricing")
    monkeypatch.setenv("HTTP_ACCEPT_LANGUAGE", "es")
    process, _ = mock_processes.start(tmp_path / "mock.sqlite3", "--server", server)
    answer = requests.get(f"{process.base_url}/products/walking-tour", headers=KEY)
    assert answer.headers["Octo-Capabilities"] == "" and "pricingPer" not in answer.json()


def test_auto_takes_granian_and_says_so(tmp_path):
    command = [*octo_mock_command(), "--port", "0", "--db", str(tmp_path / "mock.sqlite3"), "--server", "auto"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            banner = process.stdout.readline()
        finally:
            process.terminate()
    assert "(served by granian)" in banner, banner


def _serve_without_granian(choice: str) -> subprocess.CompletedProcess:
    """engines.run with granian's worker missing, as on a platform without its wheel."""
    program = ("import socket, sys\n"
               "sys.modules['granian._granian'] = None\n"
               "from mock_supplier import engines\n"
               "sock = socket.socket(); sock.bind(('127.0.0.1', 0)); sock.listen()\n"
               "def ready(name):\n    print('serving with', name, flush=True); sys.exit(0)\n"
               f"try:\n    engines.run({choice!r}, lambda e, s: [], [sock], 1, ready)\n"
               "except engines.EngineError as exc:\n    sys.exit(f'cannot: {exc}')\n")
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)


def test_auto_falls_back_to_waitress_without_granian():
    done = _serve_without_granian("auto")
    assert done.returncode == 0 and done.stdout.strip() == "serving with waitress", done.stderr


def test_granian_asked_for_and_missing_is_an_error_not_a_fallback():
    done = _serve_without_granian("granian")
    assert done.returncode == 1 and "cannot: granian is not installed" in done.stderr, done.stderr
