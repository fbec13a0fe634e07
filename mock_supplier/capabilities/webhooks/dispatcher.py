"""The delivery thread: one per mock app and process, sending the outbox's events (table.py)
after their changes commit, never inside a request or its transaction.

It claims due events for a while (a lease, so that another process of `octo-mock --workers`
does not send them too), renders each payload once, POSTs it, and records every attempt:
delivered on a 2xx; otherwise, when the subscription says retryOnError, tried again after
RETRY_DELAYS (at most MAX_ATTEMPTS attempts, and never later than MAX_AGE_SECONDS after the
change), else failed. An attempt waits at most TIMEOUT for the receiver, in this thread only:
a receiver that hangs or fails slows other deliveries, never an answer of the mock.

It starts when a subscription is made (or a booking of a subscribed sandbox is reserved,
changed or confirmed) and stops when no subscription and no pending event is left, or when the
app is gone. It is a daemon thread and holds nothing a crash must clean up: an event whose
attempt a crash cut short is taken up again when its lease ends, by this process or another,
once one of them has a thread running.
"""
from __future__ import annotations

import logging
import threading
import time
import weakref
from urllib.parse import urlsplit

import requests

from ...kernel.encoding import json_text, json_value
from . import payloads, table, targets

POLL_SECONDS = 0.2  # how often an idle thread looks for events no request woke it for
RETRY_DELAYS = (2.0, 10.0, 30.0, 90.0)  # seconds before the 2nd, 3rd, ... attempt
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
MAX_AGE_SECONDS = 600.0  # an event not delivered this long after its change is given up
TIMEOUT = (2.0, 5.0)  # seconds to connect, and to wait for the receiver's answer
LEASE_SECONDS = 60.0  # a claimed event is left to its claimer this long
BATCH = 20

log = logging.getLogger("mock_supplier.webhooks")
_registry: dict[int, "Dispatcher"] = {}
_registry_lock = threading.Lock()
# Mocks gone, whose registry entries `ensure` drops. A finalizer runs in whatever thread the
# garbage collector happens to run in, possibly one holding the lock or one that the lock's
# holder waits for (a thread being started): so it only appends here and never takes the lock.
_gone: list[tuple[int, "Dispatcher"]] = []


def wake(mock) -> None:
    """Make sure the mock's delivery thread runs, and have it look for events now."""
    dispatcher = ensure(mock)
    dispatcher.woken.set()


def ensure(mock) -> "Dispatcher":
    """The mock's delivery thread, started if it is not running."""
    with _registry_lock:
        while _gone:
            key, gone = _gone.pop()
            if _registry.get(key) is gone:
                del _registry[key]
        dispatcher = _registry.get(id(mock))
        if dispatcher is None or dispatcher.mock() is not mock:
            dispatcher = _registry[id(mock)] = Dispatcher(mock)
            weakref.finalize(mock, _gone.append, (id(mock), dispatcher))
        if not dispatcher.running():
            dispatcher.start()
        return dispatcher


class Dispatcher:
    """Sends one mock's events from a background thread."""

    def __init__(self, mock):
        self.mock = weakref.ref(mock)
        self.woken = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stopping

    def start(self) -> None:
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="octo-mock-webhooks", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        session = requests.Session()
        session.trust_env = False  # no proxy: a delivery goes where its url says, and only there
        try:
            while True:
                mock = self.mock()
                if mock is None:
                    return
                claimed = _claim(mock.store)
                for event in claimed:
                    _attempt(mock, event, session)
                if not claimed:
                    if self._idle(mock):
                        return
                    del mock  # the app may go while we wait
                    self.woken.wait(POLL_SECONDS)
                    self.woken.clear()
        except Exception:  # noqa: BLE001 - a broken database (a test's, deleted) must not loop for ever
            log.exception("the webhook delivery thread stopped")
            self._stopping = True
        finally:
            session.close()

    def _idle(self, mock) -> bool:
        """Stop when nothing is subscribed and nothing pending (decided under the registry lock,
        so that a subscription made meanwhile starts a new thread)."""
        with _registry_lock:
            conn = mock.store.connection()
            if (conn.execute("SELECT 1 FROM webhooks LIMIT 1").fetchone()
                    or conn.execute("SELECT 1 FROM webhook_events WHERE state = 'pending' LIMIT 1").fetchone()):
                return False
            self._stopping = True
            return True


def _claim(store) -> list[tuple]:
    """Due events, leased to this thread (a read first: an idle poll writes nothing)."""
    now = time.time()
    conn = store.connection()
    if conn.execute("SELECT 1 FROM webhook_events WHERE state = 'pending' AND due <= ? LIMIT 1",
                    (now,)).fetchone() is None:
        return []
    with store.write("") as box:
        rows = box.conn.execute(
            "SELECT id, sandbox, webhook_id, delivery_id, change, utc_changed_at, created, attempts, payload "
            "FROM webhook_events WHERE state = 'pending' AND due <= ? ORDER BY id LIMIT ?", (now, BATCH)).fetchall()
        box.conn.executemany("UPDATE webhook_events SET due = ? WHERE id = ?",
                             [(now + LEASE_SECONDS, row[0]) for row in rows])
    return rows


def _attempt(mock, event: tuple, session: requests.Session) -> None:
    event_id, sandbox, webhook_id, delivery_id, change, utc_changed_at, created, attempts, payload = event
    webhook = table.subscription(mock.store.connection(), sandbox, webhook_id)
    if webhook is None:
        _record(mock.store, event_id, "cancelled", attempts, payload, "the webhook was deleted", None)
        return
    if payload is None:
        try:
            with mock.store.read(sandbox) as box:
                now = mock.config.clock.now(box.clock_offset())
                payload = json_text(payloads.render(mock, box, webhook, json_value(change), utc_changed_at, now))
        except Exception as exc:  # noqa: BLE001 - a payload that cannot be made is a failed event, not a dead thread
            log.exception("webhook payload %s could not be rendered", delivery_id)
            _record(mock.store, event_id, "failed", attempts, None, f"not rendered: {type(exc).__name__}", None)
            return
    delivered, outcome = _post(mock, webhook, delivery_id, payload, session)
    attempts += 1
    if delivered:
        _record(mock.store, event_id, "delivered", attempts, payload, outcome, None)
    elif (webhook["retryOnError"] and attempts < MAX_ATTEMPTS
          and time.time() + RETRY_DELAYS[attempts - 1] - created <= MAX_AGE_SECONDS):
        _record(mock.store, event_id, "pending", attempts, payload, outcome, time.time() + RETRY_DELAYS[attempts - 1])
    else:
        _record(mock.store, event_id, "failed", attempts, payload, outcome, None)


def _post(mock, webhook: dict, delivery_id: str, payload: str, session: requests.Session) -> tuple[bool, str]:
    """POST the payload; (delivered, what happened)."""
    url = webhook["url"]
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if not targets.delivery_addresses_allowed(parts.hostname or "", port, mock.config.webhook_allowed_hosts):
        return False, f"not sent: {parts.hostname} is not a loopback or allowed address"
    headers = {"Content-Type": "application/json", "User-Agent": "octo-mock-webhooks",
               "Octo-Webhook-Event": webhook["event"], "Octo-Webhook-Delivery": delivery_id,
               "Octo-Capabilities": ", ".join(webhook["capabilities"]), **webhook["headers"]}
    try:
        with session.post(url, data=payload.encode(), headers=headers, timeout=TIMEOUT,
                          allow_redirects=False, stream=True) as answer:
            status = answer.status_code
    except requests.RequestException as exc:
        return False, f"{type(exc).__name__}: {exc}"[:500]
    return 200 <= status < 300, f"HTTP {status}"


def _record(store, event_id: int, state: str, attempts: int, payload: str | None, outcome: str,
            due: float | None) -> None:
    """Write an attempt's result, unless the event was cancelled meanwhile (its webhook deleted)."""
    with store.write("") as box:
        box.conn.execute("UPDATE webhook_events SET state = ?, attempts = ?, payload = ?, outcome = ?, "
                         "due = COALESCE(?, due) WHERE id = ? AND state = 'pending'",
                         (state, attempts, payload, outcome, due, event_id))
