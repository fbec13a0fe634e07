"""Extend and expiry rules (seed 002, "Extend Reservation" and the EXPIRED status)."""
from __future__ import annotations

import pytest

from suites.plugin.checks import expect, expect_equal, expect_held_for, octo_error, utc_moment


def test_extend_moves_expiry(api, discover):
    """Extending an ON_HOLD booking sets utcExpiresAt to now + expirationMinutes (seed 002, Extend Reservation).

    "Now" is the extension's utcUpdatedAt, or the suite's clock (±5 minutes) where the target
    leaves utcUpdatedAt null on holds, as the v1 types allow."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference(), expirationMinutes=5))
    extended = api.tested.extend(booking["uuid"], {"expirationMinutes": 60})
    before, after = utc_moment(booking.get("utcExpiresAt")), utc_moment(extended.get("utcExpiresAt"))
    expect(before and after and after > before, "a later utcExpiresAt",
           f"{booking.get('utcExpiresAt')} then {extended.get('utcExpiresAt')}")
    expect_held_for(extended, 60, since="utcUpdatedAt")


def test_extend_refused_unless_on_hold(api, client, discover, people):
    """A confirmed booking cannot be extended (seed 002: extend works if the status is ON_HOLD)."""
    booking = api.confirmed(discover.offer(), people)
    octo_error(client.post(f"/bookings/{booking['uuid']}/extend", {"expirationMinutes": 30}),
               ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))


def test_extend_refused_when_cancelled(api, client, discover):
    """A cancelled booking cannot be extended (seed 002: extend works if the status is ON_HOLD)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    api.cancel(booking["uuid"])
    octo_error(client.post(f"/bookings/{booking['uuid']}/extend", {"expirationMinutes": 30}),
               ("UNPROCESSABLE_ENTITY", "BAD_REQUEST", "INVALID_BOOKING_UUID"))


def test_extend_without_minutes_keeps_it_on_hold(api, discover):
    """Extending with an empty body keeps the hold ON_HOLD, its expiry not earlier (seed 002: expirationMinutes is optional)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference(), expirationMinutes=30))
    extended = api.tested.extend(booking["uuid"], {})
    before, after = utc_moment(booking.get("utcExpiresAt")), utc_moment(extended.get("utcExpiresAt"))
    expect(before and after and after >= before, "utcExpiresAt not earlier than before",
           f"{booking.get('utcExpiresAt')} then {extended.get('utcExpiresAt')}")


def test_extending_unknown_booking_is_refused(client):
    """Extending an unknown uuid gets INVALID_BOOKING_UUID echoing uuid (SPEC-DIGEST §3; validator)."""
    unknown = "00000000-0000-4000-8000-00000000c0de"
    octo_error(client.post(f"/bookings/{unknown}/extend", {"expirationMinutes": 30}), "INVALID_BOOKING_UUID",
               {"uuid": unknown})


def _expired_hold(api, offer, advance) -> dict:
    """Reserve a short hold and let it run out; returns the hold as reserved."""
    booking = api.reserve(offer.reservation(api.reseller_reference(), expirationMinutes=1))
    advance()
    return booking


@pytest.mark.real_time
def test_expired_hold_reads_expired(expiring):
    """A hold past utcExpiresAt reads EXPIRED (seed 002: not confirmed before the hold expires)."""
    api, discover, advance = expiring
    booking = _expired_hold(api, discover.offer(), advance)
    expect_equal(api.tested.get(booking["uuid"]).get("status"), "EXPIRED", "status after expiry")


@pytest.mark.real_time
def test_expired_hold_is_not_listed_on_hold(expiring):
    """A hold past utcExpiresAt is not listed as ON_HOLD (seed 002, List Bookings; PEERS: octomock lists it ON_HOLD)."""
    api, discover, advance = expiring
    offer = discover.offer()
    booking = _expired_hold(api, offer, advance)
    day = offer.availability["localDateTimeStart"][:10]
    listed = [b for b in api.search({"localDate": day}) if b["uuid"] == booking["uuid"]]
    expect(all(b.get("status") != "ON_HOLD" for b in listed), "the expired hold listed as EXPIRED, or not listed",
           [b.get("status") for b in listed])


@pytest.mark.real_time
def test_expired_hold_cannot_be_confirmed(expiring, people):
    """An expired hold cannot be confirmed (SPEC-DIGEST §3: INVALID_BOOKING_UUID for an expired booking)."""
    api, discover, advance = expiring
    booking = _expired_hold(api, discover.offer(), advance)
    octo_error(api.client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": people.contact()}),
               ("INVALID_BOOKING_UUID", "UNPROCESSABLE_ENTITY"))


@pytest.mark.real_time
def test_expired_hold_cannot_be_extended(expiring):
    """An expired hold cannot be extended (seed 002: extend works if the status is ON_HOLD)."""
    api, discover, advance = expiring
    booking = _expired_hold(api, discover.offer(), advance)
    octo_error(api.client.post(f"/bookings/{booking['uuid']}/extend", {"expirationMinutes": 30}),
               ("UNPROCESSABLE_ENTITY", "BAD_REQUEST", "INVALID_BOOKING_UUID"))


@pytest.mark.real_time
def test_expiry_releases_seats(expiring):
    """An expired hold gives its seats back (seed 002: the hold reserves availability only until it expires)."""
    api, discover, advance = expiring
    offer = discover.offer(slot_filter=lambda s: isinstance(s.get("vacancies"), int), need="departure with a capacity")
    before = api.departure(offer)["vacancies"]
    _expired_hold(api, offer, advance)
    expect_equal(api.departure(offer)["vacancies"], before, "vacancies after the hold expired")
