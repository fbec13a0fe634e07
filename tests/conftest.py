"""Fixtures of the project's own tests: wiring only; the harness itself is tests/harness.

Every request goes through tests.harness.OctoClient, which checks every response it gets from
the mock (see tests/harness/client.py): a test that talks to the mock validates every
response the mock gives it, in-process or over HTTP.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from mock_supplier import MockConfig, create_app
from mock_supplier.testing import ThreadedMockServer
from tests.harness import PRICING, FlaskTransport, MockProcesses, OctoClient, at_noon, http_client, reserve

# --- one mock per test -----------------------------------------------------------------------


@pytest.fixture
def mock_app(tmp_path):
    """A mock supplier app on its own SQLite file in tmp_path."""
    return create_app(MockConfig(db_path=str(tmp_path / "mock.sqlite3")))


@pytest.fixture
def client(mock_app) -> OctoClient:
    """A checking client of mock_app as the default development key, without capabilities.

    Its sandbox clock is put at noon UTC today, so that no test that moves the clock by
    minutes or hours, or reads "today" twice, crosses midnight between two requests.
    """
    return at_noon(OctoClient(FlaskTransport(mock_app)))


@pytest.fixture
def pricing_client(client) -> OctoClient:
    """The same client asking for octo/pricing."""
    return client.with_capabilities(PRICING)


@pytest.fixture
def other_client(client) -> OctoClient:
    """The same mock as a freshly minted sandbox key, its clock also at noon UTC today."""
    return at_noon(client.with_key(client.post("/_control/sandboxes").ok()["apiKey"]))


@pytest.fixture
def booked(client) -> dict:
    """A fresh ON_HOLD walking-tour booking: one adult at 09:00."""
    return reserve(client, start="09:00")


# --- real servers ----------------------------------------------------------------------------


@pytest.fixture
def live_server(tmp_path) -> Iterator[OctoClient]:
    """Serve a mock over HTTP with waitress in a thread on 127.0.0.1; returns a checking client."""
    with ThreadedMockServer.from_config(MockConfig(db_path=str(tmp_path / "live.sqlite3"))) as mock:
        yield http_client(mock)


@pytest.fixture
def mock_processes() -> Iterator[MockProcesses]:
    """Starts `octo-mock` subprocesses (see MockProcesses.start) and stops them all afterwards."""
    processes = MockProcesses()
    try:
        yield processes
    finally:
        processes.stop_all()


@pytest.fixture
def workers_server(mock_processes, tmp_path) -> OctoClient:
    """`octo-mock --workers 2 --threads 2`: two server processes on one port and one database,
    two threads each, so that writers queue on both locks (threads, then processes)."""
    return mock_processes.start(tmp_path / "workers.sqlite3", "--threads", "2", workers=2)[1]


@pytest.fixture(params=["live_server", "workers_server"])
def any_server(request) -> OctoClient:
    """The same test through one server process, then through two worker processes."""
    return request.getfixturevalue(request.param)
