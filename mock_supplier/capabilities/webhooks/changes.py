"""What a change of a booking tells the subscriptions of its sandbox.

booking_saved runs inside the transaction that stores the booking: it writes the events to the
outbox (table.py), so they exist exactly when the change commits, and the delivery thread sends
them after the commit. A new booking (a hold) is no booking_update: that event is for an
existing booking confirmed, updated or cancelled (SPEC-CAPABILITIES §6.1 Events); every later
stored change is one (confirm, update, cancel, extend, redeem). availability_update is told
when a booking takes or gives back seats of a departure (a hold, a cancellation, a change of
units or departure); a hold that lapses is not stored when it lapses, so it tells nothing.
"""
from __future__ import annotations

import threading
import time
import uuid as uuidlib
import weakref

from ...kernel.holds import CONFIRMED, ON_HOLD, REDEEMED
from . import dispatcher, table
from .subscriptions import AVAILABILITY_UPDATE, BOOKING_UPDATE

HOLDING = (ON_HOLD, CONFIRMED, REDEEMED)
RESERVE = "reserve"
# The bookings each open transaction (its Sandbox) is reserving: the plan hook sees the stage,
# the save hook does not. Gone with the transaction's Sandbox.
_reserving: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()
_reserving_lock = threading.Lock()


def booking_saved(box, booking) -> None:
    """Write the events of this change for every subscription of the sandbox."""
    subscriptions = table.subscriptions(box)
    if not subscriptions:
        return
    doc = booking.to_doc()
    before = table.exchange_snapshot(box, booking.uuid, doc)
    with _reserving_lock:
        is_new = booking.uuid in _reserving.get(box, ())
    committed = time.time()
    for webhook in subscriptions:
        if webhook["event"] == BOOKING_UPDATE and not is_new:
            change = {"kind": BOOKING_UPDATE, "booking": doc, "before": before}
            table.add_event(box, webhook["id"], str(uuidlib.uuid4()), change, booking.utc_updated_at, committed)
        elif webhook["event"] == AVAILABILITY_UPDATE:
            for slot in _slots_changed(before, doc):
                change = {"kind": AVAILABILITY_UPDATE, **slot}
                table.add_event(box, webhook["id"], str(uuidlib.uuid4()), change, booking.utc_updated_at, committed)


def plan_booking(ctx, booking, plan, body, stage) -> None:
    """On reserve, update and confirm: wake the delivery thread once the change is committed
    (a cancellation has no hook with the request's context: the thread finds its events when
    it next looks, within dispatcher.POLL_SECONDS)."""
    if ctx.box is None or not table.subscriptions(ctx.box):
        return
    if stage == RESERVE:
        with _reserving_lock:
            _reserving.setdefault(ctx.box, set()).add(booking.uuid)
    ctx.after_commit.append(lambda mock=ctx.mock: dispatcher.wake(mock))


def _slots_changed(before: dict | None, after: dict) -> list[dict]:
    """The departures whose held seats this change moved: none when it held the same units on
    the same departure before and after."""
    was, now = _taken(before), _taken(after)
    if was == now:
        return []
    return [{"productId": t[0], "optionId": t[1], "availabilityId": t[2], "currency": t[3]}
            for t in sorted({taken[:4] for taken in (was, now) if taken is not None})]


def _taken(doc: dict | None):
    if doc is None or doc["status"] not in HOLDING:
        return None
    return (doc["productId"], doc["optionId"], doc["availabilityId"], doc["currency"],
            tuple(sorted(item["unitId"] for item in doc["unitItems"])))
