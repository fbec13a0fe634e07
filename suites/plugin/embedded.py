"""The embedded default target: the mock supplier in this process, on a free loopback port,
served by the same production server `octo-mock` uses (a real HTTP server in a thread)."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from mock_supplier.server import waitress_server


@dataclass
class EmbeddedMock:
    """A running mock: where it listens and how to stop it."""

    base_url: str
    api_key: str
    _server: object
    _thread: threading.Thread

    def stop(self) -> None:
        """Close the server from inside its own loop: closing it from here races its select()."""
        self._server.trigger.pull_trigger(self._server.close)
        self._thread.join(timeout=10)


def start() -> EmbeddedMock:
    """Start a fresh mock (temporary database) on 127.0.0.1 and an unused port."""
    return serve(create_app(MockConfig(db_path=None)))


def serve(app, api_key: str = DEFAULT_API_KEY) -> EmbeddedMock:
    """Serve a mock app on 127.0.0.1 and an unused port, in a background thread."""
    server = waitress_server(app, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, name="octo-embedded-mock", daemon=True)
    thread.start()
    return EmbeddedMock(f"http://127.0.0.1:{server.effective_port}/octo", api_key, server, thread)
