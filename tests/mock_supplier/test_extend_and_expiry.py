"""Holds expire at utcExpiresAt and release their seats; POST /bookings/{uuid}/extend holds longer."""
import uuid
from datetime import timedelta

import pytest

from tests.harness import (CONTACT, advance_clock, all_bookings, assert_unchanged, availability_of, confirm,
                           parse_utc, reservation, reserve)


def extend(client, booking, body=None):
    return client.post(f"/bookings/{booking['uuid']}/extend", *([] if body is None else [body]))


def read(client, booking) -> dict:
    return client.get(f"/bookings/{booking['uuid']}").ok()


def state(client, booking) -> tuple[str, int]:
    """The booking's status and the vacancies left on its departure."""
    return read(client, booking)["status"], availability_of(client, booking["availabilityId"])["vacancies"]


# --- expiry -------------------------------------------------------------------------------------


def test_a_hold_lasts_until_its_expiry(client, booked):
    advance_clock(client, 29)
    assert state(client, booked) == ("ON_HOLD", 9)


def test_a_hold_past_its_expiry_is_expired_and_releases_its_seats(client, booked):
    advance_clock(client, 31)
    expired = read(client, booked)
    assert (expired["status"], expired["cancellable"]) == ("EXPIRED", False)
    assert expired["utcExpiresAt"] == booked["utcExpiresAt"]
    assert expired["utcConfirmedAt"] is None
    assert all(i["status"] == "EXPIRED" for i in expired["unitItems"])
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 10


def test_expired_seats_can_be_sold_again(client):
    first = reserve(client, units=("adult",) * 4, start="17:00")
    advance_clock(client, 31)
    again = reserve(client, units=("adult",) * 4, start="17:00")
    assert availability_of(client, again["availabilityId"])["status"] == "SOLD_OUT"
    assert read(client, first)["status"] == "EXPIRED"


def test_a_custom_hold_expires_at_its_own_time(client):
    booking = client.post("/bookings", reservation(client, expirationMinutes=5)).ok()
    advance_clock(client, 6)
    assert read(client, booking)["status"] == "EXPIRED"


def test_expired_bookings_are_listed_as_expired(client, booked):
    advance_clock(client, 31)
    assert [(b["uuid"], b["status"]) for b in all_bookings(client)] == [(booked["uuid"], "EXPIRED")]


def test_a_confirmed_booking_does_not_expire(client, booked):
    confirm(client, booked)
    advance_clock(client, 120)
    assert state(client, booked) == ("CONFIRMED", 9)


def test_confirming_an_expired_hold_is_invalid_booking_uuid(client, booked):
    advance_clock(client, 31)
    expired = read(client, booked)
    reply = client.post(f"/bookings/{booked['uuid']}/confirm", {"contact": CONTACT})
    reply.error("INVALID_BOOKING_UUID", uuid=booked["uuid"])
    assert_unchanged(client, expired)
    assert state(client, booked) == ("EXPIRED", 10)


# --- extend -------------------------------------------------------------------------------------


def test_extending_holds_for_the_given_minutes_from_now(client, booked):
    advance_clock(client, 20)
    extended = extend(client, booked, {"expirationMinutes": 60}).ok()
    assert extended["status"] == "ON_HOLD"
    assert parse_utc(extended["utcExpiresAt"]) - parse_utc(extended["utcUpdatedAt"]) == timedelta(minutes=60)
    advance_clock(client, 45)
    assert state(client, booked) == ("ON_HOLD", 9)
    advance_clock(client, 16)
    assert state(client, booked) == ("EXPIRED", 10)


@pytest.mark.parametrize("body", [None, {}], ids=["no-body", "empty-body"])
def test_extending_without_minutes_holds_for_the_default_30(client, booked, body):
    advance_clock(client, 10)
    extended = extend(client, booked, body).ok()
    assert parse_utc(extended["utcExpiresAt"]) - parse_utc(extended["utcUpdatedAt"]) == timedelta(minutes=30)


def test_extending_a_confirmed_booking_is_unprocessable(client, booked):
    confirmed = confirm(client, booked)
    extend(client, booked, {"expirationMinutes": 60}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, confirmed)


def test_extending_a_cancelled_booking_is_unprocessable(client, booked):
    cancelled = client.post(f"/bookings/{booked['uuid']}/cancel", {}).ok()
    extend(client, booked, {"expirationMinutes": 60}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, cancelled)


def test_extending_an_expired_hold_is_invalid_booking_uuid(client, booked):
    advance_clock(client, 31)
    expired = read(client, booked)
    extend(client, booked, {"expirationMinutes": 60}).error("INVALID_BOOKING_UUID", uuid=booked["uuid"])
    assert_unchanged(client, expired)
    assert state(client, booked) == ("EXPIRED", 10)


def test_extending_an_unknown_booking_is_invalid_booking_uuid(client):
    missing = {"uuid": str(uuid.uuid4())}
    extend(client, missing, {}).error("INVALID_BOOKING_UUID", uuid=missing["uuid"])


@pytest.mark.parametrize("minutes", [0, -1, 7 * 24 * 60 + 1, "60", 1.5])
def test_an_invalid_expiration_is_bad_request(client, booked, minutes):
    extend(client, booked, {"expirationMinutes": minutes}).error("BAD_REQUEST")
    assert_unchanged(client, booked)
