"""The embedded mock gives back everything it took when it stops, so one process (a pytest worker
running many suites against served mocks) can start and stop mocks without running out."""
from __future__ import annotations

import os
import threading

import pytest
import requests

from mock_supplier import MockConfig, create_app
from suites.plugin import embedded


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc (Linux)")
def test_stopping_a_mock_releases_its_threads_and_files(tmp_path):
    """Twenty mocks, each used over kept-alive connections and stopped: no thread is left, and
    the open file descriptors do not grow with the number of mocks (they grew by ~20 a mock)."""
    def cycle(n: int) -> None:
        mock = embedded.serve(create_app(MockConfig(db_path=str(tmp_path / f"{n}.sqlite3"))))
        with requests.Session() as session:  # keep-alive: the connection is still open at stop()
            for _ in range(3):
                session.get(mock.base_url + "/supplier", headers={"Authorization": f"Bearer {mock.api_key}"},
                            timeout=10).raise_for_status()
            mock.stop()

    cycle(0)
    threads, files = threading.active_count(), len(os.listdir("/proc/self/fd"))
    for n in range(1, 21):
        cycle(n)
    assert threading.active_count() == threads
    assert len(os.listdir("/proc/self/fd")) < files + 20


def test_a_mock_stops_even_when_its_wake_up_pipe_was_closed_under_it(tmp_path):
    """stop() cannot wake the server's loop through a closed trigger: it still stops it, and
    raises nothing (seen once under load in CI)."""
    mock = embedded.serve(create_app(MockConfig(db_path=str(tmp_path / "mock.sqlite3"))))
    requests.get(mock.base_url + "/supplier", headers={"Authorization": f"Bearer {mock.api_key}"}, timeout=10)
    os.close(mock._server.trigger.trigger)  # the write end, as if someone closed its number
    mock.stop()
    assert not mock._thread.is_alive()
