"""Where subscriptions, the changes they are told about and their deliveries are stored.

`webhook_events` is an outbox: a change of a booking writes its events in the transaction that
stores the change, so an event exists exactly when its change was committed, and the delivery
thread (dispatcher.py) reads it from there after the commit. `webhook_bookings` keeps the last
version of each booking a subscribed sandbox changed, for the diff of the next change.
"""
from __future__ import annotations

import sqlite3

from ...kernel.encoding import json_text, json_value
from ...kernel.store import Sandbox

TABLES = """
CREATE TABLE IF NOT EXISTS webhooks (
    sandbox TEXT NOT NULL,
    id TEXT NOT NULL,
    event TEXT NOT NULL,
    base_url TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (sandbox, id)
);
CREATE TABLE IF NOT EXISTS webhook_bookings (
    sandbox TEXT NOT NULL,
    uuid TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (sandbox, uuid)
);
CREATE TABLE IF NOT EXISTS webhook_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sandbox TEXT NOT NULL,
    webhook_id TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    change TEXT NOT NULL,         -- JSON: what changed (kind-specific)
    utc_changed_at TEXT NOT NULL, -- sandbox time of the change
    created REAL NOT NULL,        -- wall-clock seconds: when the change was committed
    due REAL NOT NULL,            -- wall-clock seconds: when the next attempt may start
    state TEXT NOT NULL,          -- pending, delivered, failed, cancelled
    attempts INTEGER NOT NULL DEFAULT 0,
    payload TEXT,                 -- the body, rendered at the first attempt and sent again on retries
    outcome TEXT                  -- the last attempt's answer or error
);
CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events (state, due);
CREATE INDEX IF NOT EXISTS webhook_events_by_webhook ON webhook_events (sandbox, webhook_id);
"""
SANDBOX_TABLES = ("webhooks", "webhook_bookings", "webhook_events")


def subscriptions(box: Sandbox) -> list[dict]:
    """Every subscription of the sandbox, oldest first, with its id, event and base_url."""
    rows = box.conn.execute("SELECT doc, base_url FROM webhooks WHERE sandbox = ? ORDER BY rowid", (box.key,))
    return [{**json_value(doc), "_base_url": base_url} for doc, base_url in rows.fetchall()]


def subscription(conn: sqlite3.Connection, sandbox: str, webhook_id: str) -> dict | None:
    row = conn.execute("SELECT doc, base_url FROM webhooks WHERE sandbox = ? AND id = ?",
                       (sandbox, webhook_id)).fetchone()
    return {**json_value(row[0]), "_base_url": row[1]} if row else None


def add_subscription(box: Sandbox, webhook: dict, base_url: str) -> None:
    box.conn.execute("INSERT INTO webhooks VALUES (?, ?, ?, ?, ?)",
                     (box.key, webhook["id"], webhook["event"], base_url, json_text(webhook)))


def remove_subscription(box: Sandbox, webhook_id: str) -> bool:
    """Delete a subscription and cancel what it has not been sent yet; False when there was none."""
    gone = box.conn.execute("DELETE FROM webhooks WHERE sandbox = ? AND id = ?", (box.key, webhook_id)).rowcount
    box.conn.execute("UPDATE webhook_events SET state = 'cancelled' WHERE sandbox = ? AND webhook_id = ? "
                     "AND state = 'pending'", (box.key, webhook_id))
    if not box.conn.execute("SELECT 1 FROM webhooks WHERE sandbox = ? LIMIT 1", (box.key,)).fetchone():
        box.conn.execute("DELETE FROM webhook_bookings WHERE sandbox = ?", (box.key,))
    return gone > 0


def exchange_snapshot(box: Sandbox, uuid: str, doc: dict) -> dict | None:
    """Keep this version of a booking; the version kept before it (None: none was)."""
    row = box.conn.execute("SELECT doc FROM webhook_bookings WHERE sandbox = ? AND uuid = ?",
                           (box.key, uuid)).fetchone()
    box.conn.execute("INSERT OR REPLACE INTO webhook_bookings VALUES (?, ?, ?)", (box.key, uuid, json_text(doc)))
    return json_value(row[0]) if row else None


def add_event(box: Sandbox, webhook_id: str, delivery_id: str, change: dict, utc_changed_at: str,
              created: float) -> None:
    box.conn.execute("INSERT INTO webhook_events (sandbox, webhook_id, delivery_id, change, utc_changed_at, "
                     "created, due, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')",
                     (box.key, webhook_id, delivery_id, json_text(change), utc_changed_at, created, created))


def events(conn: sqlite3.Connection, sandbox: str, webhook_id: str | None = None) -> list[dict]:
    """A sandbox's events (of one subscription), oldest first: what tests inspect."""
    query = "SELECT * FROM webhook_events WHERE sandbox = ?" + (" AND webhook_id = ?" if webhook_id else "")
    cursor = conn.execute(query + " ORDER BY id", (sandbox, webhook_id) if webhook_id else (sandbox,))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
