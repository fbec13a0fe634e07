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

import time
import uuid as uuidlib

from ...kernel.holds import CONFIRMED, ON_HOLD, REDEEMED
from . import dispatcher, table
from .subscriptions import AVAILABILITY_UPDATE, BOOKING_UPDATE

HOLDING = (ON_HOLD, CONFIRMED, REDEEMED)


def booking_saved(ctx, booking, created: bool) -> None:
    """Write the events of this change for every subscription of the sandbox, and wake the
    delivery thread once the change is committed."""
    box = ctx.box
    subscriptions = table.subscriptions(box)
    if not subscriptions:
        return
    doc = booking.to_doc()
    before = table.exchange_snapshot(box, booking.uuid, doc)
    committed = time.time()
    for webhook in subscriptions:
        if webhook["event"] == BOOKING_UPDATE and not created:
            change = {"kind": BOOKING_UPDATE, "booking": doc, "before": before}
            table.add_event(box, webhook["id"], str(uuidlib.uuid4()), change, booking.utc_updated_at, committed)
        elif webhook["event"] == AVAILABILITY_UPDATE:
            for slot in _slots_changed(before, doc):
                change = {"kind": AVAILABILITY_UPDATE, **slot}
                table.add_event(box, webhook["id"], str(uuidlib.uuid4()), change, booking.utc_updated_at, committed)
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
