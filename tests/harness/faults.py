"""Loads a server is killed in the middle of, for the durability tests: what it acknowledged
before the SIGKILL must all be there when it is started again on the same database."""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import requests

from mock_supplier.testing import MockProcess


class Acknowledged:
    """The state the server last acknowledged for each thing (by key), and which confirmations
    were sent but not yet answered when it died: those may have committed or not, but whole."""

    def __init__(self):
        self.status: dict[str, str] = {}
        self.in_flight: set[str] = set()

    def allowed(self, key: str) -> set[str]:
        status = self.status[key]
        return {status, "CONFIRMED"} if key in self.in_flight else {status}


def load_until_killed(process: MockProcess, hold: Callable[[int], str], confirm: Callable[[str], str], *,
                      kill_after: int, workers: int = 4, flows_per_worker: int = 40) -> Acknowledged:
    """Run `workers` threads that each hold something (`hold(n)` makes the n-th and gives its key)
    and confirm it (`confirm(key)` gives the acknowledged status), until `kill_after` things are
    acknowledged; then SIGKILL every server process with requests in flight."""
    seen = Acknowledged()
    enough, stop = threading.Event(), threading.Event()

    def work() -> None:
        for n in range(flows_per_worker):  # a bound: the server is killed long before most of them run
            if stop.is_set():
                return
            try:
                key = hold(n)
                seen.status[key] = "ON_HOLD"
                seen.in_flight.add(key)
                seen.status[key] = confirm(key)
                seen.in_flight.discard(key)
            except (requests.RequestException, AssertionError):
                return  # the server is gone (or a reply was cut short): what was acknowledged stands
            if len(seen.status) >= kill_after:
                enough.set()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in range(workers):
            pool.submit(work)
        assert enough.wait(timeout=60), "the load never got going"
        process.kill_group()
        stop.set()
    assert len(seen.status) >= kill_after
    return seen
