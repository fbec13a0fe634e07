"""Where orders are stored, and which bookings belong to each (in the order they joined)."""
from __future__ import annotations


from ...kernel.encoding import json_text, json_value
from ...kernel.store import Sandbox
from .records import Order

TABLES = """
CREATE TABLE IF NOT EXISTS orders (
    sandbox TEXT NOT NULL,
    id TEXT NOT NULL,
    supplier_reference TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (sandbox, id)
);
CREATE TABLE IF NOT EXISTS order_bookings (
    sandbox TEXT NOT NULL,
    booking_uuid TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (sandbox, booking_uuid)
);
CREATE INDEX IF NOT EXISTS order_bookings_by_order ON order_bookings (sandbox, order_id);
"""
SANDBOX_TABLES = ("orders", "order_bookings")


def load(box: Sandbox, order_id: str) -> Order | None:
    row = box.conn.execute("SELECT doc FROM orders WHERE sandbox = ? AND id = ?", (box.key, order_id)).fetchone()
    return Order.from_doc(json_value(row[0])) if row else None


def save(box: Sandbox, order: Order) -> None:
    box.conn.execute("INSERT OR REPLACE INTO orders VALUES (?, ?, ?, ?)",
                     (box.key, order.id, order.supplier_reference, json_text(order.to_doc())))


def add_booking(box: Sandbox, order_id: str, booking_uuid: str) -> None:
    """List a booking in its order (once: a booking never changes order)."""
    box.conn.execute("INSERT OR IGNORE INTO order_bookings VALUES (?, ?, ?)", (box.key, booking_uuid, order_id))


def booking_uuids(box: Sandbox, order_id: str) -> list[str]:
    """The order's bookings, first joined first."""
    rows = box.conn.execute("SELECT booking_uuid FROM order_bookings WHERE sandbox = ? AND order_id = ? ORDER BY rowid",
                            (box.key, order_id))
    return [uuid for (uuid,) in rows.fetchall()]
