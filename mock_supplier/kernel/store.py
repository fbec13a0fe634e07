"""SQLite state, scoped per API key (a "sandbox"): connections, transactions and write locks.

The tables are declared by the layers that own them (core's bookings, a capability's own):
the store creates them when it opens and empties a sandbox's rows of them on a reset.

Every change runs inside one `BEGIN IMMEDIATE` transaction, which takes SQLite's write
lock up front: two threads or two processes reserving the last seats of a slot are
serialised, so the second one sees the first one's hold and cannot overbook. Writers queue
without a time limit, so a write must never open another write on the same database.
"""
from __future__ import annotations

import atexit
import collections
import os
import sqlite3
import tempfile
import threading
from contextlib import contextmanager
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows: processes queue in SQLite's busy handler instead
    fcntl = None

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sandboxes (
    api_key TEXT PRIMARY KEY,
    clock_offset REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS minted_keys (
    api_key TEXT PRIMARY KEY,
    utc_created_at TEXT NOT NULL
);
"""


class Store:
    """The database file and a connection per thread."""

    def __init__(self, path: str | None = None, tables: tuple[str, ...] = (), sandbox_tables: tuple[str, ...] = ()):
        if path is None:
            fd, path = tempfile.mkstemp(prefix="octo-mock-", suffix=".sqlite3")
            os.close(fd)
            atexit.register(_remove_quietly, path)
        self.path = path
        self._local = threading.local()
        # Writers queue on locks that hand over at once, where SQLite's busy handler would sleep
        # and retry with growing back-off: a thread lock within this process, then an flock on a
        # file beside the database between processes (octo-mock --workers). BEGIN IMMEDIATE still
        # keeps out any other program that writes to the file.
        self._write_lock = _FifoLock()
        self._process_lock = _ProcessLock(path + "-writer.lock")
        self.sandbox_tables = sandbox_tables
        with self._connection() as conn:
            conn.executescript(_SCHEMA + "".join(tables))

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            # In WAL mode a commit hands its pages to the operating system before it returns, so a
            # killed process (SIGKILL, a crash) loses nothing at any setting. NORMAL adds fsyncs at
            # each checkpoint, inside the write lock every writer queues for, to survive a power cut
            # or a kernel crash as well: a fifth of the booking-write throughput
            # (benchmarks/README.md). A mock's sandbox of test bookings need not survive those; after
            # one the file may be damaged and is deleted, as the README says.
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("PRAGMA busy_timeout=30000")
            # SQLite copies the WAL back into the file in the commit that takes the WAL past this
            # many pages, inside the write lock. At its default of 1,000 that commit wrote up to a
            # thousand scattered pages of a 100,000-booking store, and reserve's p99 there was
            # 1.10-1.33 times its p99 at 1,000 bookings; at 100 it is 0.83-1.02 times, and booking
            # flows are unchanged within the noise (benchmarks/README.md, fourth round).
            conn.execute("PRAGMA wal_autocheckpoint=100")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection and the lock file (both reopen if the store is used again)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        self._process_lock.close()

    @contextmanager
    def write(self, sandbox: str) -> Iterator["Sandbox"]:
        """One atomic change to a sandbox: committed whole or not at all."""
        with self._write_lock, self._process_lock, self._transaction("BEGIN IMMEDIATE", sandbox) as box:
            yield box

    @contextmanager
    def read(self, sandbox: str) -> Iterator["Sandbox"]:
        """A consistent read of a sandbox."""
        with self._transaction("BEGIN", sandbox) as box:
            yield box

    @contextmanager
    def _transaction(self, begin: str, sandbox: str) -> Iterator["Sandbox"]:
        conn = self._connection()
        conn.execute(begin)
        try:
            yield Sandbox(conn, sandbox, self.sandbox_tables)
            conn.execute("COMMIT")
        finally:
            # after an error, or a COMMIT that failed: never leave the connection inside a
            # transaction (it would keep SQLite's write lock); SQLite may have rolled back already
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def is_minted_key(self, api_key: str) -> bool:
        """Whether the control interface minted this key."""
        row = self._connection().execute("SELECT 1 FROM minted_keys WHERE api_key = ?", (api_key,)).fetchone()
        return row is not None

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, for reads across sandboxes outside a transaction."""
        return self._connection()

    def mint_key(self, api_key: str, utc_now: str) -> None:
        """Record a freshly minted sandbox key."""
        self._connection().execute("INSERT INTO minted_keys VALUES (?, ?)", (api_key, utc_now))


class Sandbox:
    """The state of one API key, inside an open transaction."""

    def __init__(self, conn: sqlite3.Connection, key: str, tables: tuple[str, ...] = ()):
        self.conn = conn
        self.key = key
        self._tables = tables

    def clock_offset(self) -> float:
        row = self.conn.execute("SELECT clock_offset FROM sandboxes WHERE api_key = ?", (self.key,)).fetchone()
        return row[0] if row else 0.0

    def set_clock_offset(self, seconds: float) -> None:
        self.conn.execute(
            "INSERT INTO sandboxes (api_key, clock_offset) VALUES (?, ?) "
            "ON CONFLICT (api_key) DO UPDATE SET clock_offset = excluded.clock_offset",
            (self.key, seconds),
        )

    def reset(self) -> None:
        """Forget everything of this sandbox and put its clock back."""
        for table in self._tables:
            self.conn.execute(f"DELETE FROM {table} WHERE sandbox = ?", (self.key,))
        self.conn.execute("DELETE FROM sandboxes WHERE api_key = ?", (self.key,))


class _FifoLock:
    """A thread lock granted in arrival order. threading.Lock wakes an arbitrary waiter, so under
    load some writers wait many times longer than others: the p99 of every write suffers."""

    def __init__(self):
        self._mutex = threading.Lock()
        self._queue: collections.deque[threading.Lock] = collections.deque()
        self._held = False

    def __enter__(self) -> None:
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._queue.append(turn)
        try:
            turn.acquire()  # released by the holder before us, which hands the lock over
        except BaseException:  # interrupted while waiting: leave the queue, or pass on what we got
            with self._mutex:
                handed_over = turn not in self._queue
                if not handed_over:
                    self._queue.remove(turn)
            if handed_over:
                self.__exit__()
            raise

    def __exit__(self, *exc) -> None:
        with self._mutex:
            if self._queue:
                self._queue.popleft().release()
            else:
                self._held = False


class _ProcessLock:
    """An exclusive flock on a lock file, held by one process at a time (no-op without fcntl)."""

    def __init__(self, path: str):
        self._path = path
        self._file = None

    def __enter__(self) -> None:
        if fcntl is None:
            return
        if self._file is None:
            self._file = open(self._path, "a+b")  # noqa: SIM115 - kept open for the store's life
        fcntl.flock(self._file, fcntl.LOCK_EX)

    def __exit__(self, *exc) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _remove_quietly(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-writer.lock"):
        try:
            os.remove(path + suffix)
        except OSError:
            pass
