"""Where gifts and the payments bookings take from them are stored."""
from __future__ import annotations

import sqlite3

from ...core.booking_table import still_holding
from ...kernel.encoding import json_text, json_value
from ...kernel.store import Sandbox
from .records import Gift

TABLES = """
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
SANDBOX_TABLES = ("gifts", "gift_payments")


def load(box: Sandbox, uuid: str) -> Gift | None:
    row = box.conn.execute("SELECT doc FROM gifts WHERE sandbox = ? AND uuid = ?", (box.key, uuid)).fetchone()
    return Gift.from_doc(json_value(row[0])) if row else None


def by_code(box: Sandbox, code: str) -> Gift | None:
    """The gift a payment names, by its voucher code or its supplier reference."""
    row = box.conn.execute("SELECT doc FROM gifts WHERE sandbox = ? AND (code = ? OR supplier_reference = ?)",
                           (box.key, code, code)).fetchone()
    return Gift.from_doc(json_value(row[0])) if row else None


def save(box: Sandbox, gift: Gift) -> None:
    box.conn.execute("INSERT OR REPLACE INTO gifts VALUES (?, ?, ?, ?, ?, ?)",
                     (box.key, gift.uuid, gift.supplier_reference, gift.reseller_reference, gift.code,
                      json_text(gift.to_doc())))


def find(box: Sandbox, filters: dict[str, str]) -> list[Gift]:
    """Gifts matching every filter (column name -> value)."""
    clauses = " AND ".join(["sandbox = ?"] + [f"{column} = ?" for column in filters])
    rows = box.conn.execute(f"SELECT doc FROM gifts WHERE {clauses} ORDER BY rowid", (box.key, *filters.values()))
    return [Gift.from_doc(json_value(doc)) for (doc,) in rows.fetchall()]


def save_payment(box: Sandbox, booking_uuid: str, payment: dict | None, utc_now: str) -> None:
    """Record what a booking takes from a gift (nothing: no row). An unchanged payment keeps the
    time it was applied: a gift's utcRedeemedAt comes from it."""
    key = (box.key, booking_uuid)
    before = box.conn.execute("SELECT gift_code, amount, utc_applied_at FROM gift_payments "
                              "WHERE sandbox = ? AND booking_uuid = ?", key).fetchone()
    box.conn.execute("DELETE FROM gift_payments WHERE sandbox = ? AND booking_uuid = ?", key)
    if payment:
        unchanged = before is not None and tuple(before[:2]) == (payment["code"], payment["amount"])
        applied_at = before[2] if unchanged else utc_now
        box.conn.execute("INSERT INTO gift_payments VALUES (?, ?, ?, ?, ?)",
                         (*key, payment["code"], payment["amount"], applied_at))


def spent(box: Sandbox, code: str, utc_now: str, excluding: str | None = None) -> tuple[int, str | None]:
    """What bookings that still hold their payment took from a gift, and when it was last used."""
    row = box.conn.execute(
        "SELECT COALESCE(SUM(p.amount), 0), MAX(p.utc_applied_at) FROM gift_payments p "
        "JOIN bookings b ON b.sandbox = p.sandbox AND b.uuid = p.booking_uuid "
        f"WHERE p.sandbox = ? AND p.gift_code = ? AND p.booking_uuid != ? AND {still_holding('b')}",
        (box.key, code, excluding or "", utc_now)).fetchone()
    return row[0], row[1]


def document_status(conn: sqlite3.Connection, code: str) -> str | None:
    """The stored status of the gift a printed code belongs to, in whichever sandbox."""
    row = conn.execute("SELECT json_extract(doc, '$.status') FROM gifts WHERE code = ? LIMIT 1", (code,)).fetchone()
    return row[0] if row else None
