"""The embedded default target: the mock supplier in this process, on a free loopback port,
served by the same production server `octo-mock` uses (a real HTTP server in a thread)."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from waitress import wasyncore

from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from mock_supplier.server import waitress_server


@dataclass
class EmbeddedMock:
    """A running mock: where it listens and how to stop it."""

    base_url: str
    api_key: str
    _server: object
    _thread: threading.Thread
    _store: object

    def stop(self) -> None:
        """Close everything the server holds, so a process can start and stop mocks for ever.

        The listening socket, the trigger and every open connection are closed from inside the
        server's own loop (closing them from here races its select()), which ends the loop; then
        its worker threads stop and the store's files close. Leaving connections or threads
        behind leaked about 20 file descriptors a mock, and past 1024 select() stops seeing them."""
        self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._server._map))
        self._thread.join(timeout=10)
        self._server.task_dispatcher.shutdown()
        self._store.close()


def start() -> EmbeddedMock:
    """Start a fresh mock (temporary database) on 127.0.0.1 and an unused port."""
    return serve(create_app(MockConfig(db_path=None)))


def serve(app, api_key: str = DEFAULT_API_KEY) -> EmbeddedMock:
    """Serve a mock app on 127.0.0.1 and an unused port, in a background thread."""
    server = waitress_server(app, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, name="octo-embedded-mock", daemon=True)
    thread.start()
    return EmbeddedMock(f"http://127.0.0.1:{server.effective_port}/octo", api_key, server, thread,
                        app.extensions["octo_mock"].store)
