"""SQLite state, scoped per API key (a "sandbox").

Every change runs inside one `BEGIN IMMEDIATE` transaction, which takes SQLite's write
lock up front: two threads or two processes reserving the last seats of a slot are
serialised, so the second one sees the first one's hold and cannot overbook. Writers queue
without a time limit, so a write must never open another write on the same database.
Bookings are stored as JSON documents, with the columns that queries filter on
(references, travel date, slot, status, expiry, seats) kept beside them and indexed.
"""
from __future__ import annotations

import atexit
import collections
import json
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
CREATE TABLE IF NOT EXISTS bookings (
    sandbox TEXT NOT NULL,
    uuid TEXT NOT NULL,
    supplier_reference TEXT NOT NULL,
    reseller_reference TEXT,
    product_id TEXT NOT NULL,
    option_id TEXT NOT NULL,
    availability_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    status TEXT NOT NULL,
    utc_expires_at TEXT,
    seats INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (sandbox, uuid)
);
CREATE INDEX IF NOT EXISTS bookings_by_slot
    ON bookings (sandbox, product_id, option_id, local_date, availability_id);
-- Seat counting (held_seats) reads only this: partial, so cancelled and expired bookings are not
-- in it at all, and covering, so the booking rows (with their JSON docs) are never read.
CREATE INDEX IF NOT EXISTS bookings_holding_by_slot
    ON bookings (sandbox, product_id, option_id, local_date, availability_id, status, utc_expires_at, seats, uuid)
    WHERE status IN ('CONFIRMED', 'REDEEMED', 'ON_HOLD');
CREATE INDEX IF NOT EXISTS bookings_by_supplier_reference ON bookings (sandbox, supplier_reference);
CREATE INDEX IF NOT EXISTS bookings_by_reseller_reference ON bookings (sandbox, reseller_reference);
CREATE INDEX IF NOT EXISTS bookings_by_local_date ON bookings (sandbox, local_date);
CREATE TABLE IF NOT EXISTS unit_items (
    sandbox TEXT NOT NULL,
    uuid TEXT NOT NULL,
    booking_uuid TEXT NOT NULL,
    PRIMARY KEY (sandbox, uuid)
);
CREATE INDEX IF NOT EXISTS unit_items_by_booking ON unit_items (sandbox, booking_uuid);
CREATE TABLE IF NOT EXISTS codes (
    sandbox TEXT NOT NULL,
    code TEXT NOT NULL,
    booking_uuid TEXT NOT NULL,
    unit_uuid TEXT NOT NULL  -- '' when the code stands for the whole booking
);
CREATE INDEX IF NOT EXISTS codes_by_code ON codes (code, sandbox);
CREATE INDEX IF NOT EXISTS codes_by_booking ON codes (sandbox, booking_uuid);
CREATE TABLE IF NOT EXISTS gifts (
    sandbox TEXT NOT NULL,
    uuid TEXT NOT NULL,
    supplier_reference TEXT NOT NULL,
    reseller_reference TEXT,
    code TEXT,
    doc TEXT NOT NULL,
    PRIMARY KEY (sandbox, uuid)
);
CREATE INDEX IF NOT EXISTS gifts_by_code ON gifts (sandbox, code);
CREATE INDEX IF NOT EXISTS gifts_by_supplier_reference ON gifts (sandbox, supplier_reference);
CREATE INDEX IF NOT EXISTS gifts_by_reseller_reference ON gifts (sandbox, reseller_reference);
CREATE TABLE IF NOT EXISTS gift_payments (
    sandbox TEXT NOT NULL,
    booking_uuid TEXT NOT NULL,
    gift_code TEXT NOT NULL,
    amount INTEGER NOT NULL,
    utc_applied_at TEXT NOT NULL,
    PRIMARY KEY (sandbox, booking_uuid)
);
CREATE INDEX IF NOT EXISTS gift_payments_by_code ON gift_payments (sandbox, gift_code);
"""

def _still_holding(table: str = "") -> str:
    """SQL: a booking keeps what it took (seats, gift credit) while confirmed, redeemed, or on an
    unexpired hold; `table` is the alias of bookings in the query. Takes the time as a parameter."""
    prefix = f"{table}." if table else ""
    return (f"({prefix}status IN ('CONFIRMED', 'REDEEMED') "
            f"OR ({prefix}status = 'ON_HOLD' AND {prefix}utc_expires_at > ?))")


class Store:
    """The database file and a connection per thread."""

    def __init__(self, path: str | None = None):
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
        with self._connection() as conn:
            conn.executescript(_SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL survives a killed process
            conn.execute("PRAGMA busy_timeout=30000")
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
            yield Sandbox(conn, sandbox)
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

    def sandboxes_knowing(self, code: str, keys: list[str]) -> set[str]:
        """Which of these sandboxes (API keys) have a booking that the code names."""
        if not keys:
            return set()
        marks = ", ".join("?" * len(keys))
        rows = self._connection().execute(
            f"SELECT DISTINCT sandbox FROM codes WHERE code = ? AND sandbox IN ({marks})", (code, *keys))
        return {sandbox for (sandbox,) in rows.fetchall()}

    def document_status(self, code: str) -> str | None:
        """The status of the booking or gift a printed code belongs to, in whichever sandbox."""
        conn = self._connection()
        row = conn.execute("SELECT b.status FROM codes c JOIN bookings b ON b.sandbox = c.sandbox "
                           "AND b.uuid = c.booking_uuid WHERE c.code = ? LIMIT 1", (code,)).fetchone()
        if row is None:
            row = conn.execute("SELECT json_extract(doc, '$.status') FROM gifts WHERE code = ? LIMIT 1",
                               (code,)).fetchone()
        return row[0] if row else None

    def mint_key(self, api_key: str, utc_now: str) -> None:
        """Record a freshly minted sandbox key."""
        self._connection().execute("INSERT INTO minted_keys VALUES (?, ?)", (api_key, utc_now))


class Sandbox:
    """The state of one API key, inside an open transaction."""

    def __init__(self, conn: sqlite3.Connection, key: str):
        self._conn = conn
        self.key = key

    def clock_offset(self) -> float:
        row = self._conn.execute("SELECT clock_offset FROM sandboxes WHERE api_key = ?", (self.key,)).fetchone()
        return row[0] if row else 0.0

    def set_clock_offset(self, seconds: float) -> None:
        self._conn.execute(
            "INSERT INTO sandboxes (api_key, clock_offset) VALUES (?, ?) "
            "ON CONFLICT (api_key) DO UPDATE SET clock_offset = excluded.clock_offset",
            (self.key, seconds),
        )

    def reset(self) -> None:
        """Forget every booking of this sandbox and put its clock back."""
        for table in ("bookings", "unit_items", "codes", "gifts", "gift_payments"):
            self._conn.execute(f"DELETE FROM {table} WHERE sandbox = ?", (self.key,))
        self._conn.execute("DELETE FROM sandboxes WHERE api_key = ?", (self.key,))

    def booking(self, uuid: str) -> dict | None:
        row = self._conn.execute(
            "SELECT doc FROM bookings WHERE sandbox = ? AND uuid = ?", (self.key, uuid)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def save_booking(self, booking: dict, *, local_date: str, seats: int) -> None:
        """Insert or replace a booking and the index of its unit-item uuids."""
        self._conn.execute(
            "INSERT OR REPLACE INTO bookings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self.key, booking["uuid"], booking["supplierReference"], booking["resellerReference"],
             booking["productId"], booking["optionId"], booking["availabilityId"], local_date,
             booking["status"], booking["utcExpiresAt"], seats, json.dumps(booking)),
        )
        self._conn.execute("DELETE FROM unit_items WHERE sandbox = ? AND booking_uuid = ?", (self.key, booking["uuid"]))
        self._conn.executemany(
            "INSERT INTO unit_items VALUES (?, ?, ?)",
            [(self.key, item["uuid"], booking["uuid"]) for item in booking["unitItems"]],
        )
        self._save_gift_payment(booking)
        self._conn.execute("DELETE FROM codes WHERE sandbox = ? AND booking_uuid = ?", (self.key, booking["uuid"]))
        self._conn.executemany(
            "INSERT INTO codes VALUES (?, ?, ?, ?)",
            [(self.key, code, booking["uuid"], unit) for code, unit in _codes_of(booking)],
        )

    def _save_gift_payment(self, booking: dict) -> None:
        # An unchanged payment keeps the time it was applied: a gift's utcRedeemedAt comes from it.
        key = (self.key, booking["uuid"])
        before = self._conn.execute("SELECT gift_code, amount, utc_applied_at FROM gift_payments "
                                    "WHERE sandbox = ? AND booking_uuid = ?", key).fetchone()
        self._conn.execute("DELETE FROM gift_payments WHERE sandbox = ? AND booking_uuid = ?", key)
        payment = booking.get("giftPayment")
        if payment:
            unchanged = before is not None and before[:2] == (payment["code"], payment["amount"])
            applied_at = before[2] if unchanged else booking["utcUpdatedAt"]
            self._conn.execute("INSERT INTO gift_payments VALUES (?, ?, ?, ?, ?)",
                               (*key, payment["code"], payment["amount"], applied_at))

    def gift_spent(self, code: str, utc_now: str, excluding: str | None = None) -> tuple[int, str | None]:
        """What bookings that still hold their payment took from a gift, and when it was last used."""
        row = self._conn.execute(
            "SELECT COALESCE(SUM(p.amount), 0), MAX(p.utc_applied_at) FROM gift_payments p "
            "JOIN bookings b ON b.sandbox = p.sandbox AND b.uuid = p.booking_uuid "
            f"WHERE p.sandbox = ? AND p.gift_code = ? AND p.booking_uuid != ? AND {_still_holding('b')}",
            (self.key, code, excluding or "", utc_now)).fetchone()
        return row[0], row[1]

    def gift(self, uuid: str) -> dict | None:
        row = self._conn.execute("SELECT doc FROM gifts WHERE sandbox = ? AND uuid = ?", (self.key, uuid)).fetchone()
        return json.loads(row[0]) if row else None

    def gift_by_code(self, code: str) -> dict | None:
        """The gift a payment names, by its voucher code or its supplier reference."""
        row = self._conn.execute("SELECT doc FROM gifts WHERE sandbox = ? AND (code = ? OR supplier_reference = ?)",
                                 (self.key, code, code)).fetchone()
        return json.loads(row[0]) if row else None

    def save_gift(self, gift: dict) -> None:
        self._conn.execute("INSERT OR REPLACE INTO gifts VALUES (?, ?, ?, ?, ?, ?)",
                           (self.key, gift["uuid"], gift["supplierReference"], gift["resellerReference"],
                            gift["code"], json.dumps(gift)))

    def find_gifts(self, filters: dict[str, str]) -> list[dict]:
        """Gifts matching every filter (column name -> value)."""
        clauses = " AND ".join(["sandbox = ?"] + [f"{column} = ?" for column in filters])
        rows = self._conn.execute(f"SELECT doc FROM gifts WHERE {clauses} ORDER BY rowid", (self.key, *filters.values()))
        return [json.loads(doc) for (doc,) in rows.fetchall()]

    def code_matches(self, code: str) -> list[tuple[str, str]]:
        """(booking uuid, unit uuid or '') for every booking or unit item a scanned code names."""
        rows = self._conn.execute(
            "SELECT DISTINCT booking_uuid, unit_uuid FROM codes WHERE code = ? AND sandbox = ? ORDER BY rowid",
            (code, self.key))
        return rows.fetchall()

    def unit_item_owner(self, unit_item_uuid: str) -> str | None:
        """The uuid of the booking a unit-item uuid belongs to, if any."""
        row = self._conn.execute(
            "SELECT booking_uuid FROM unit_items WHERE sandbox = ? AND uuid = ?", (self.key, unit_item_uuid)
        ).fetchone()
        return row[0] if row else None

    def supplier_reference_taken(self, reference: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM bookings WHERE sandbox = ? AND supplier_reference = ?", (self.key, reference)
        ).fetchone()
        return row is not None

    def held_seats(self, product_id: str, option_id: str, first_date: str, last_date: str,
                   utc_now: str, excluding: str | None = None) -> dict[str, int]:
        """Seats held per availability id on the given travel dates, one booking left out."""
        rows = self._conn.execute(
            "SELECT availability_id, SUM(seats) FROM bookings "
            "WHERE sandbox = ? AND product_id = ? AND option_id = ? AND local_date BETWEEN ? AND ? "
            # Repeats the WHERE of bookings_holding_by_slot word for word, so SQLite may use that index.
            "AND status IN ('CONFIRMED', 'REDEEMED', 'ON_HOLD') "
            f"AND uuid != ? AND {_still_holding()} GROUP BY availability_id",
            (self.key, product_id, option_id, first_date, last_date, excluding or "", utc_now),
        )
        return dict(rows.fetchall())

    def find_bookings(self, filters: dict[str, str]) -> list[dict]:
        """Bookings matching every filter: column name -> value, or local_date -> (start, end)."""
        clauses, params = ["sandbox = ?"], [self.key]
        for column, value in filters.items():
            if isinstance(value, tuple):
                clauses.append(f"{column} BETWEEN ? AND ?")
                params.extend(value)
            else:
                clauses.append(f"{column} = ?")
                params.append(value)
        rows = self._conn.execute(
            f"SELECT doc FROM bookings WHERE {' AND '.join(clauses)} ORDER BY local_date, rowid", params
        )
        return [json.loads(doc) for (doc,) in rows.fetchall()]


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


def _codes_of(booking: dict) -> list[tuple[str, str]]:
    """Every code a scanner may read for a booking: its references, voucher and tickets."""
    codes = [(booking[key], "") for key in ("supplierReference", "resellerReference", "voucherCode") if booking.get(key)]
    for item in booking["unitItems"]:
        codes += [(item[key], item["uuid"]) for key in ("supplierReference", "ticketCode") if item.get(key)]
    return codes


def _remove_quietly(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-writer.lock"):
        try:
            os.remove(path + suffix)
        except OSError:
            pass
