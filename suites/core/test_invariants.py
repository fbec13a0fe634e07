"""State invariants of a booking through its life (SPEC-DIGEST §2; PEERS.md, validator state rules).

Every booking any rule sees is also checked against these invariants as it passes; the
rules here walk one booking through each state so that each invariant has a rule of its own.
"""
from __future__ import annotations

from suites.plugin.checks import booking_invariants, expect, expect_equal


def test_on_hold_state(api, discover):
    """ON_HOLD: utcExpiresAt set; utcConfirmedAt, utcRedeemedAt and cancellation null (validator state rules)."""
    booking_invariants(api.reserve(discover.offer().reservation(api.reseller_reference())))


def test_confirmed_state(api, discover, people):
    """CONFIRMED: utcConfirmedAt set; utcExpiresAt, utcRedeemedAt and cancellation null (validator state rules)."""
    booking_invariants(api.confirmed(discover.offer(), people))


def test_cancelled_state(api, discover, people):
    """CANCELLED: cancellation set; utcExpiresAt and utcRedeemedAt null; not cancellable (validator state rules)."""
    booking = api.confirmed(discover.offer(), people)
    booking_invariants(api.cancel(booking["uuid"]))


def test_unit_items_follow_the_booking(api, discover, people):
    """Unit items share the booking's status through reservation, confirmation and cancellation (SPEC-DIGEST §2, UnitItem)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    for step in (booking, api.confirm(booking["uuid"], {"contact": people.contact()}), api.cancel(booking["uuid"])):
        statuses = {i["status"] for i in step["unitItems"]}
        expect(statuses == {step["status"]}, f"every unit item {step['status']}", sorted(statuses))


def test_supplier_reference_is_stable(api, discover, people):
    """supplierReference never changes from reservation to cancellation (seed 002: use it to find the booking)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    steps = [api.confirm(booking["uuid"], {"contact": people.contact()}), api.update(booking["uuid"], {"notes": "n"}),
             api.get(booking["uuid"]), api.cancel(booking["uuid"])]
    expect_equal([s["supplierReference"] for s in steps], [booking["supplierReference"]] * len(steps),
                 "supplierReference at confirm, update, get and cancel")


def test_timestamps_are_ordered(api, discover, people):
    """utcCreatedAt ≤ utcConfirmedAt ≤ utcUpdatedAt, all UTC with Z (SPEC-DIGEST §2, Booking)."""
    booking = api.confirmed(discover.offer(), people)
    created, confirmed, updated = booking["utcCreatedAt"], booking["utcConfirmedAt"], booking["utcUpdatedAt"]
    expect(created <= confirmed <= updated, "utcCreatedAt ≤ utcConfirmedAt ≤ utcUpdatedAt",
           f"{created}, {confirmed}, {updated}")
