"""The threaded mock (mock_supplier.testing.ThreadedMockServer, the suites' embedded target) gives
back everything it took when it stops, so one process (a pytest worker running many suites
against served mocks) can start and stop mocks without running out."""
from __future__ import annotations

import os
import threading

import pytest
import requests

from mock_supplier import MockConfig, create_app
from mock_supplier.testing import ThreadedMockServer


def _supplier(mock: ThreadedMockServer, session=requests) -> dict:
    reply = session.get(mock.base_url + "/supplier", headers={"Authorization": f"Bearer {mock.api_key}"}, timeout=10)
    reply.raise_for_status()
    return reply.json()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc (Linux)")
def test_stopping_a_mock_releases_its_threads_and_files(tmp_path):
    """Twenty mocks, each used over kept-alive connections and stopped: none of their threads is
    left, and the open file descriptors do not grow with the number of mocks (they grew by ~20 a
    mock). Threads are compared by identity, not counted: under xdist a thread another test
    started may end meanwhile (CI saw 7 threads become 1), which is no leak of ours."""
    def cycle(n: int) -> None:
        mock = ThreadedMockServer(create_app(MockConfig(db_path=str(tmp_path / f"{n}.sqlite3"))))
        with requests.Session() as session:  # keep-alive: the connection is still open at stop()
            for _ in range(3):
                _supplier(mock, session)
            mock.stop()

    cycle(0)
    threads, files = set(threading.enumerate()), len(os.listdir("/proc/self/fd"))
    for n in range(1, 21):
        cycle(n)
    assert [thread.name for thread in threading.enumerate() if thread not in threads] == []
    assert len(os.listdir("/proc/self/fd")) < files + 20


def test_a_mock_stops_even_when_its_wake_up_pipe_was_closed_under_it(tmp_path):
    """stop() cannot wake the server's loop through a closed trigger: it still stops it, and
    raises nothing (seen once under load in CI)."""
    mock = ThreadedMockServer(create_app(MockConfig(db_path=str(tmp_path / "mock.sqlite3"))))
    _supplier(mock)
    os.close(mock._server.trigger.trigger)  # the write end, as if someone closed its number
    mock.stop()
    assert not mock._thread.is_alive()


def test_a_mock_from_a_config_serves_as_its_first_key_until_its_block_ends(tmp_path):
    """from_config() and the with block: the key is the config's, the URLs are loopback ones,
    and the server is gone (and a second stop() harmless) once the block is left."""
    config = MockConfig(db_path=str(tmp_path / "mock.sqlite3"), api_keys=("my-key", "another"),
                        supplier_name="Test Supplier")
    with ThreadedMockServer.from_config(config) as mock:
        assert mock.api_key == "my-key"
        assert mock.base_url == f"http://127.0.0.1:{mock.port}/octo" == mock.root_url + "/octo"
        assert _supplier(mock)["name"] == "Test Supplier"
    assert not mock._thread.is_alive()
    mock.stop()
    with pytest.raises(requests.ConnectionError):
        _supplier(mock)
