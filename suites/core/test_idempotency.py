"""Idempotency rules: uuid as an idempotency key (seed 002)."""
from __future__ import annotations

import uuid as uuidlib

from suites.plugin.checks import expect, expect_equal, octo_error


def test_same_uuid_returns_same_booking(api, discover):
    """The same reservation sent twice with the same uuid returns the same booking: its supplierReference and unit items (seed 002: uuid prevents double booking)."""
    body = discover.offer().reservation(api.reseller_reference())
    first = api.reserve(body)
    second = api.tested.reserve(body)
    expect_equal(second.get("supplierReference"), first.get("supplierReference"), "supplierReference of the repeat")
    expect_equal(sorted(str(i.get("uuid")) for i in second.get("unitItems") or []),
                 sorted(str(i.get("uuid")) for i in first.get("unitItems") or []),
                 "unit item uuids of the repeat (a second booking would have new ones)")


def test_same_uuid_holds_seats_once(api, discover):
    """Repeating a reservation with the same uuid holds its seats only once (seed 002: no duplicate booking)."""
    offer = discover.offer(slot_filter=lambda s: isinstance(s.get("vacancies"), int), need="departure with a capacity")
    before = api.departure(offer)["vacancies"]
    body = offer.reservation(api.reseller_reference())
    api.reserve(body)
    api.tested.reserve(body)
    expect_equal(api.departure(offer)["vacancies"], before - offer.seats,
                 f"vacancies after one booking of {offer.seats} seats sent twice (were {before})")


def test_same_unit_item_uuids_return_same_booking(api, discover):
    """A reservation with no booking uuid, repeated with the same unit item uuids, returns the same booking (seed 002: a unit uuid is the booking uuid's equivalent per unit).

    The booking uuid is left out, so only the unit items' uuids can tell it is a repeat."""
    offer = discover.offer()
    items = [{"unitId": u, "uuid": str(uuidlib.uuid4())} for u in offer.unit_ids]
    body = offer.reservation(api.reseller_reference(), unitItems=items)
    del body["uuid"]
    first, second = api.reserve(body), api.tested.reserve(body)
    expect_equal(second["uuid"], first["uuid"], "uuid of the booking the repeat answers")
    expect_equal(sorted(str(i.get("uuid")).lower() for i in second.get("unitItems") or []),
                 sorted(i["uuid"] for i in items), "unit item uuids of the repeat (in any case)")


def test_reused_uuid_with_other_request_is_refused(api, client, discover):
    """A used uuid sent with a different request is refused and the first booking is unchanged (seed 002, uuid)."""
    offer = discover.offer()
    body = offer.reservation(api.reseller_reference(), notes="first request")
    first = api.reserve(body)
    reply = client.post("/bookings", {**body, "notes": "a different request"})
    octo_error(reply, ("INVALID_BOOKING_UUID", "BAD_REQUEST", "UNPROCESSABLE_ENTITY"))
    expect_equal(api.get(first["uuid"]).get("notes"), "first request", "notes of the first booking")


def test_confirm_twice_returns_same_booking(api, discover, people):
    """Confirming twice with the same request returns the same confirmed booking (seed 002, Booking Confirmation)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    confirmation = {"contact": people.contact(), "resellerReference": booking["resellerReference"]}
    first = api.confirm(booking["uuid"], confirmation)
    second = api.tested.confirm(booking["uuid"], confirmation)
    for field in ("status", "supplierReference", "utcConfirmedAt"):
        expect_equal(second.get(field), first.get(field), f"{field} after the second confirmation")


def test_cancel_twice_returns_same_booking(api, discover):
    """Cancelling a hold twice returns the same cancelled booking, not an error (seed 002: a repeated request gets the same booking object)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    _cancelled_twice(api, booking)


def test_cancel_confirmed_twice_returns_same_booking(api, discover, people):
    """Cancelling a confirmed booking twice returns the same cancelled booking, not an error (seed 002: a repeated request gets the same booking object; PEERS: octomock answers 400)."""
    _cancelled_twice(api, api.confirmed(discover.offer(), people))


def _cancelled_twice(api, booking: dict) -> None:
    first = api.cancel(booking["uuid"], "changed plans")
    second = api.tested.cancel(booking["uuid"], "changed plans")
    expect(second.get("cancellation") == first.get("cancellation"), "the same cancellation object",
           f"{first.get('cancellation')} then {second.get('cancellation')}")
