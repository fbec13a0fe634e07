"""The mock served over real HTTP for the project's tests, through `mock_supplier.testing`."""
from __future__ import annotations

from pathlib import Path

from mock_supplier import MockConfig, create_app
from mock_supplier.testing import MockProcess, ThreadedMockServer

from .client import HttpTransport, OctoClient


def http_client(server: ThreadedMockServer | MockProcess) -> OctoClient:
    """A checking client of a served mock, as the key it was started with."""
    return OctoClient(HttpTransport(server.root_url), api_key=server.api_key)


def served_mock(db_path: str | Path, wrap=None, **config) -> ThreadedMockServer:
    """Serve a mock on its own SQLite file in a thread, its WSGI app passed through `wrap`
    (middleware making it misbehave, say) when given; `config`: more MockConfig fields."""
    app = create_app(MockConfig(db_path=str(db_path), **config))
    if wrap is not None:
        app.wsgi_app = wrap(app.wsgi_app)
    return ThreadedMockServer(app)


class MockProcesses:
    """`octo-mock` processes started by a test, every one stopped at teardown."""

    def __init__(self):
        self.running: list[MockProcess] = []

    def start(self, db_path: Path, *options: str, workers: int = 1,
              stderr: Path | None = None) -> tuple[MockProcess, OctoClient]:
        """Run `octo-mock --db db_path --workers N [options]` on a free loopback port (see
        MockProcess); return it, ready, with a checking client of it."""
        process = MockProcess(db_path, *options, workers=workers, stderr=stderr)
        self.running.append(process)
        return process, http_client(process)

    def stop_all(self) -> None:
        """Stop every process still running."""
        for process in self.running:
            process.stop()
