"""octo-mock's start-up errors are one plain line, never a traceback."""
import socket
import subprocess
import sys

import pytest

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


@pytest.mark.parametrize("argument", ["--port=notanumber", "--threads=many"])
def test_bad_arguments_are_usage_errors(argument):
    done = _run(argument)
    assert done.returncode == 2 and "usage: octo-mock" in done.stderr
