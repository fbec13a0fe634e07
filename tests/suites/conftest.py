"""Fixtures serving the mock for the suites' own tests."""
from __future__ import annotations

import pytest

from tests.harness import served_mock


@pytest.fixture
def serve_mock(tmp_path):
    """Serve a mock app (made after any patches are applied) on a loopback port, its WSGI app
    passed through `wrap` when given; every one is stopped at teardown."""
    servers = []

    def serve(wrap=None):
        servers.append(served_mock(tmp_path / "mock.sqlite3", wrap))
        return servers[-1]

    yield serve
    for server in servers:
        server.stop()
