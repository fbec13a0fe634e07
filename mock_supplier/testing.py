"""The mock supplier inside your own tests: served in a thread, or as `octo-mock` processes.

    import requests
    from mock_supplier.testing import ThreadedMockServer

    with ThreadedMockServer() as mock:  # a fresh mock on 127.0.0.1 and a free port
        products = requests.get(mock.base_url + "/products",
                                headers={"Authorization": f"Bearer {mock.api_key}"}).json()

- `ThreadedMockServer`: the mock app served over real HTTP by waitress (the server `octo-mock`
  runs) in a background thread of this process. Cheap to start and stop, so one per test is
  fine; `ThreadedMockServer(app)` serves an app you made (wrapped in middleware, say), and
  `ThreadedMockServer.from_config(MockConfig(...))` one made from a config.
- `MockProcess`: the `octo-mock` command in a subprocess (several worker processes if asked),
  for what a thread cannot show: a restart on the same database, a killed server, workers.

Both listen on 127.0.0.1 only, answer at `base_url` (".../octo") and stop with `stop()` or at
the end of a `with` block. Nothing here depends on pytest.
"""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from waitress import wasyncore

from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from mock_supplier.engines import waitress_server

__all__ = ["ThreadedMockServer", "MockProcess", "wait_until_ready", "free_port", "octo_mock_command"]

LOOPBACK = "127.0.0.1"
OCTO = "/octo"


class ThreadedMockServer:
    """A mock app served by waitress in a background thread, on 127.0.0.1 and a free port.

    It serves from the moment it is made until `stop()` (or the end of its `with` block):

        mock = ThreadedMockServer()                # a fresh mock on a temporary database
        mock = ThreadedMockServer(app)             # an app you made with create_app()
        mock = ThreadedMockServer.from_config(MockConfig(db_path="mock.sqlite3"))

    `base_url` is its OCTO root ("http://127.0.0.1:PORT/octo"), `root_url` the server's root,
    `api_key` a key it accepts (the first of its config's keys unless given). `stop()` gives
    back every thread and file the server holds, the app's store included, so a process can
    start and stop mocks for ever.
    """

    def __init__(self, app=None, api_key: str | None = None, *, threads: int = 8):
        self.app = app if app is not None else create_app(MockConfig(db_path=None))
        state = _mock_state(self.app)
        self.api_key = api_key or (state.config.api_keys[0] if state.config.api_keys else DEFAULT_API_KEY)
        self._store = state.store
        self._server = waitress_server(self.app, host=LOOPBACK, port=0, threads=threads)
        self.root_url = f"http://{LOOPBACK}:{self._server.effective_port}"
        self.base_url = self.root_url + OCTO
        self._thread = threading.Thread(target=self._server.run, name="octo-embedded-mock", daemon=True)
        self._stopped = False
        self._thread.start()

    @classmethod
    def from_config(cls, config: MockConfig, api_key: str | None = None, **options) -> "ThreadedMockServer":
        """Serve a new mock app made from `config`."""
        return cls(create_app(config), api_key, **options)

    @property
    def port(self) -> int:
        """The loopback port it listens on."""
        return self._server.effective_port

    def __enter__(self) -> "ThreadedMockServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Close everything the server holds, so a process can start and stop mocks for ever.
        A second call does nothing.

        Its worker threads stop first, so that none touches a connection after it is closed.
        Then the connections, the listening socket and the trigger are closed from inside the
        server's own loop (closing them from here races its select()), each exactly once (a
        second close of a number the system has handed out again would close someone else's
        file), which ends the loop; then the store's files close. Leaving connections or threads
        behind leaked about 20 file descriptors a mock, and past 1024 select() stops seeing them."""
        if self._stopped:
            return
        self._stopped = True
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


def _mock_state(app):
    """The app's config and store: the one place this module reaches inside a mock app."""
    return app.extensions["octo_mock"]


# --- octo-mock in a subprocess ------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on right now (someone may take it before you bind it)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def octo_mock_command() -> list[str]:
    """How to run `octo-mock` with this Python: the installed script beside it, else the module."""
    script = Path(sys.executable).with_name("octo-mock")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mock_supplier"]


def wait_until_ready(base_url: str, api_key: str, *, timeout: float = 20,
                     process: subprocess.Popen | None = None) -> bool:
    """Whether GET {base_url}/supplier answers 200 to `api_key` within `timeout` seconds (False
    at once if `process`, the server, exits first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (process is None or process.poll() is None):
        try:
            reply = requests.get(base_url + "/supplier", headers={"Authorization": f"Bearer {api_key}"},
                                 timeout=max(0.5, min(5.0, deadline - time.monotonic())))
            if reply.status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.1)
    return False


class MockProcess:
    """`octo-mock --db DB_PATH --workers N [options]` on 127.0.0.1 and a free port, ready to
    answer when made; stopped by `stop()` or at the end of its `with` block.

        with MockProcess("mock.sqlite3", "--quiet", workers=2) as mock:
            ...  # mock.base_url, mock.api_key; mock.stop() and start another on the same file

    `api_keys` are the keys it accepts (`api_key` is the first). It also accepts a key of its
    own, which the readiness probe uses: a server of someone else that took the port between
    choosing it and binding it would refuse that key, and the start is tried again on another
    port (`attempts` times in all). Its stdout is dropped and its stderr appended to the file
    `stderr` (else dropped too). It runs in a process group of its own, so `kill_group()` can
    SIGKILL the server and every worker it forked at once.

    The process is also reachable as `popen`; `pid`, `poll()`, `wait()`, `send_signal()` and
    `kill()` (SIGKILL to the server alone, not its workers) are those of the subprocess.
    """

    def __init__(self, db_path: str | os.PathLike, *options: str, workers: int = 1,
                 api_keys: tuple[str, ...] = (DEFAULT_API_KEY,), stderr: str | os.PathLike | None = None,
                 attempts: int = 3, timeout: float = 20):
        self.db_path = Path(db_path)
        self.api_keys = tuple(api_keys)
        self.api_key = self.api_keys[0]
        probe_key = f"probe-{secrets.token_hex(8)}"
        keys = [argument for key in (*self.api_keys, probe_key) for argument in ("--api-key", key)]
        for _ in range(attempts):  # a port found free can be taken before the server binds it
            self.port = free_port()
            self.root_url = f"http://{LOOPBACK}:{self.port}"
            self.base_url = self.root_url + OCTO
            command = [*octo_mock_command(), "--host", LOOPBACK, "--port", str(self.port),
                       "--db", str(self.db_path), *keys, "--workers", str(workers), *options]
            with open(stderr, "ab") if stderr else open(os.devnull, "wb") as errors:
                self.popen = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                                              start_new_session=True)
            if wait_until_ready(self.base_url, probe_key, timeout=timeout, process=self.popen):
                return
            self.stop()
        raise RuntimeError(f"octo-mock did not start ({attempts} attempts): {' '.join(command)}")

    @property
    def pid(self) -> int:
        """The server's process id (its workers are its children)."""
        return self.popen.pid

    def poll(self) -> int | None:
        return self.popen.poll()

    def wait(self, timeout: float | None = None) -> int:
        return self.popen.wait(timeout)

    def send_signal(self, signum: int) -> None:
        self.popen.send_signal(signum)

    def kill(self) -> None:
        """SIGKILL to the server process alone: its workers notice and exit on their own."""
        self.popen.kill()

    def stop(self, timeout: float = 10) -> None:
        """Terminate the server (it stops its workers); killed if it is not gone within `timeout`
        seconds. Nothing happens if it has already exited."""
        if self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=timeout)

    def kill_group(self) -> None:
        """SIGKILL the server and every worker process it forked, all at once."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def __enter__(self) -> "MockProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
