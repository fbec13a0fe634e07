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

        Its worker threads stop first, so that none touches a connection after it is closed.
        Then the connections, the listening socket and the trigger are closed from inside the
        server's own loop (closing them from here races its select()), each exactly once (a
        second close of a number the system has handed out again would close someone else's
        file), which ends the loop; then the store's files close. Leaving connections or threads
        behind leaked about 20 file descriptors a mock, and past 1024 select() stops seeing them."""
        self._server.task_dispatcher.shutdown()
        try:
            self._server.trigger.pull_trigger(self._close_sockets)
        except OSError:
            # The trigger's pipe was closed under us (seen once in a loaded CI run, cause unknown):
            # the loop cannot be woken, so empty its map from here without touching the pipe's
            # numbers, which may belong to someone else by now; the loop ends at its next timeout.
            self._close_sockets(trigger=False)
        self._thread.join(timeout=10)
        self._store.close()

    def _close_sockets(self, trigger: bool = True) -> None:
        server = self._server
        for channel in list(server._map.values()):
            if channel is not server and channel is not server.trigger:
                channel.close()
        wasyncore.dispatcher.close(server)  # the listening socket (server.close() closes the trigger too)
        if trigger:
            server.trigger.close()
        else:
            server.trigger.del_channel()


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
