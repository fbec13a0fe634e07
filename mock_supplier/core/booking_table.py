"""Where bookings are stored: one JSON document per booking, with the columns that queries filter
on (references, travel date, slot, status, expiry, seats) kept beside it and indexed, and the
index of every code a booking can be found by (references, voucher and ticket codes)."""
from __future__ import annotations

import sqlite3

from ..kernel.encoding import json_text, json_value
from ..kernel.store import Sandbox
from .records import Booking

TABLES = """
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
"""
SANDBOX_TABLES = ("bookings", "unit_items", "codes")


def still_holding(table: str = "") -> str:
    """SQL: a booking keeps what it took (seats, and whatever a capability lets it take) while
    confirmed, redeemed, or on an unexpired hold; `table` is the alias of bookings in the query. Takes the time as a parameter."""
    prefix = f"{table}." if table else ""
    return (f"({prefix}status IN ('CONFIRMED', 'REDEEMED') "
            f"OR ({prefix}status = 'ON_HOLD' AND {prefix}utc_expires_at > ?))")


def load(box: Sandbox, uuid: str) -> Booking | None:
    row = box.conn.execute("SELECT doc FROM bookings WHERE sandbox = ? AND uuid = ?", (box.key, uuid)).fetchone()
    return Booking.from_doc(json_value(row[0])) if row else None


# The columns beside the document, in table order after (sandbox, uuid).
_COLUMNS = ("supplier_reference", "reseller_reference", "product_id", "option_id", "availability_id", "local_date",
            "status", "utc_expires_at", "seats")


def save(box: Sandbox, booking: Booking, *, local_date: str, seats: int) -> None:
    """Insert or change a booking, the index of its unit-item uuids and of its codes.

    A change writes only what changed: the columns whose values differ (SQLite then leaves alone
    every index that holds none of them), and the unit items and codes added or gone. Every page
    a change dirties is written to the WAL at the commit and copied back at the checkpoint, inside
    the write lock: rewriting everything dirtied 54 pages per reserve→confirm→cancel, this 31
    (benchmarks/README.md, fourth round)."""
    conn, key, uuid = box.conn, box.key, booking.uuid
    values = (booking.supplier_reference, booking.reseller_reference, booking.product_id, booking.option_id,
              booking.availability_id, local_date, booking.status, booking.utc_expires_at, seats)
    doc = json_text(booking.to_doc())
    old = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM bookings WHERE sandbox = ? AND uuid = ?",
                       (key, uuid)).fetchone()
    if old is None:
        conn.execute("INSERT INTO bookings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (key, uuid, *values, doc))
    else:
        changed = [(column, value) for column, value, was in zip(_COLUMNS, values, old) if value != was]
        assignments = "".join(f"{column} = ?, " for column, _ in changed)
        conn.execute(f"UPDATE bookings SET {assignments}doc = ? WHERE sandbox = ? AND uuid = ?",
                     (*(value for _, value in changed), doc, key, uuid))
    _replace_rows(conn, "unit_items", ("uuid",), key, uuid, [(item.uuid,) for item in booking.unit_items])
    _replace_rows(conn, "codes", ("code", "unit_uuid"), key, uuid, codes_of(booking))


def _replace_rows(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], key: str, uuid: str,
                  rows: list[tuple]) -> None:
    """Make a booking's rows of an index table exactly `rows` (tuples of `columns`), touching only
    those added or gone, and adding them in the order given."""
    stored = set(conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE sandbox = ? AND booking_uuid = ?", (key, uuid)).fetchall())
    wanted = dict.fromkeys(rows)  # in order, once each
    match = " AND ".join(f"{name} = ?" for name in columns)
    conn.executemany(f"DELETE FROM {table} WHERE sandbox = ? AND booking_uuid = ? AND {match}",
                     [(key, uuid, *row) for row in stored if row not in wanted])
    conn.executemany(f"INSERT INTO {table} (sandbox, booking_uuid, {', '.join(columns)}) "
                     f"VALUES (?, ?, {', '.join('?' * len(columns))})",
                     [(key, uuid, *row) for row in wanted if row not in stored])


def codes_of(booking: Booking) -> list[tuple[str, str]]:
    """Every code a scanner may read for a booking, with the unit item's uuid ('' for the booking):
    its references, voucher and tickets."""
    codes = [(code, "") for code in (booking.supplier_reference, booking.reseller_reference, booking.voucher_code)
             if code]
    for item in booking.unit_items:
        codes += [(code, item.uuid) for code in (item.supplier_reference, item.ticket_code) if code]
    return codes


def find(box: Sandbox, filters: dict[str, object]) -> list[Booking]:
    """Bookings matching every filter: column name -> value, or local_date -> (start, end)."""
    clauses, params = ["sandbox = ?"], [box.key]
    for column, value in filters.items():
        if isinstance(value, tuple):
            clauses.append(f"{column} BETWEEN ? AND ?")
            params.extend(value)
        else:
            clauses.append(f"{column} = ?")
            params.append(value)
    rows = box.conn.execute(f"SELECT doc FROM bookings WHERE {' AND '.join(clauses)} ORDER BY local_date, rowid", params)
    return [Booking.from_doc(json_value(doc)) for (doc,) in rows.fetchall()]


def held_seats(box: Sandbox, product_id: str, option_id: str, first_date: str, last_date: str,
               utc_now: str, excluding: str | None = None) -> dict[str, int]:
    """Seats held per availability id on the given travel dates, one booking left out."""
    rows = box.conn.execute(
        "SELECT availability_id, SUM(seats) FROM bookings "
        "WHERE sandbox = ? AND product_id = ? AND option_id = ? AND local_date BETWEEN ? AND ? "
        # Repeats the WHERE of bookings_holding_by_slot word for word, so SQLite may use that index.
        "AND status IN ('CONFIRMED', 'REDEEMED', 'ON_HOLD') "
        f"AND uuid != ? AND {still_holding()} GROUP BY availability_id",
        (box.key, product_id, option_id, first_date, last_date, excluding or "", utc_now))
    return dict(rows.fetchall())


def unit_item_owner(box: Sandbox, unit_item_uuid: str) -> str | None:
    """The uuid of the booking a unit-item uuid belongs to, if any."""
    row = box.conn.execute("SELECT booking_uuid FROM unit_items WHERE sandbox = ? AND uuid = ?",
                           (box.key, unit_item_uuid)).fetchone()
    return row[0] if row else None


def reference_taken(box: Sandbox, reference: str) -> bool:
    row = box.conn.execute("SELECT 1 FROM bookings WHERE sandbox = ? AND supplier_reference = ?",
                           (box.key, reference)).fetchone()
    return row is not None


def code_matches(box: Sandbox, code: str) -> list[tuple[str, str]]:
    """(booking uuid, unit uuid or '') for every booking or unit item a scanned code names."""
    rows = box.conn.execute("SELECT DISTINCT booking_uuid, unit_uuid FROM codes WHERE code = ? AND sandbox = ? "
                            "ORDER BY rowid", (code, box.key))
    return rows.fetchall()


def sandboxes_knowing(conn: sqlite3.Connection, code: str, keys: list[str]) -> set[str]:
    """Which of these sandboxes (API keys) have a booking that the code names."""
    if not keys:
        return set()
    marks = ", ".join("?" * len(keys))
    rows = conn.execute(f"SELECT DISTINCT sandbox FROM codes WHERE code = ? AND sandbox IN ({marks})", (code, *keys))
    return {sandbox for (sandbox,) in rows.fetchall()}


def document_status(conn: sqlite3.Connection, code: str) -> str | None:
    """The status of the booking a printed code belongs to, in whichever sandbox."""
    row = conn.execute("SELECT b.status FROM codes c JOIN bookings b ON b.sandbox = c.sandbox "
                       "AND b.uuid = c.booking_uuid WHERE c.code = ? LIMIT 1", (code,)).fetchone()
    return row[0] if row else None
