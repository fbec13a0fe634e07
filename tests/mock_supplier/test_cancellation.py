"""POST /bookings/{uuid}/cancel and DELETE /bookings/{uuid}: CANCELLED while cancellable."""
import uuid
from datetime import datetime, timedelta

import pytest

from tests.harness import (advance_clock, assert_unchanged, availability_of, confirm, open_date, reserve, set_clock,
                           utc_text)


def cancel(client, booking, body=None, method="POST"):
    if method == "DELETE":
        return client.delete(f"/bookings/{booking['uuid']}", *([] if body is None else [body]))
    return client.post(f"/bookings/{booking['uuid']}/cancel", *([] if body is None else [body]))



@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_cancelling_a_hold_releases_its_seats(client, booked, method):
    before = client.get("/_control/clock").ok()["utcNow"]
    cancelled = cancel(client, booked, {"reason": "changed plans"}, method).ok()
    after = client.get("/_control/clock").ok()["utcNow"]
    assert cancelled["status"] == "CANCELLED" and cancelled["cancellable"] is False
    assert cancelled["utcExpiresAt"] is None
    cancellation = cancelled["cancellation"]
    assert (cancellation["refund"], cancellation["reason"]) == ("FULL", "changed plans")
    assert before <= cancellation["utcCancelledAt"] <= after and cancellation["utcCancelledAt"].endswith("Z")
    assert all(i["status"] == "CANCELLED" for i in cancelled["unitItems"])
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 10
    assert client.get(f"/bookings/{booked['uuid']}").ok() == cancelled


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_cancelling_a_confirmed_booking_releases_its_seats(client, booked, method):
    confirmed = confirm(client, booked)
    cancelled = cancel(client, booked, None, method).ok()
    assert cancelled["status"] == "CANCELLED" and cancelled["cancellation"]["reason"] is None
    assert cancelled["utcConfirmedAt"] == confirmed["utcConfirmedAt"]
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 10


def test_delivery_options_are_withdrawn_on_cancellation(client, booked):
    confirm(client, booked)
    cancelled = cancel(client, booked, {}).ok()
    assert cancelled["voucher"]["deliveryOptions"] == []
    assert all(i["ticket"]["deliveryOptions"] == [] for i in cancelled["unitItems"])


def test_cancelling_twice_returns_the_same_booking(client, booked):
    first = cancel(client, booked, {"reason": "once"}).ok()
    assert cancel(client, booked, {"reason": "twice"}).ok() == first
    assert cancel(client, booked, None, "DELETE").ok() == first


def test_cancelled_seats_can_be_sold_again(client):
    booking = reserve(client, units=("adult",) * 4, start="17:00")
    cancel(client, booking, {}).ok()
    again = reserve(client, units=("adult",) * 4, start="17:00")
    assert availability_of(client, again["availabilityId"])["status"] == "SOLD_OUT"


def test_a_cooking_class_inside_its_30_day_cutoff_cannot_be_cancelled(client):
    booking = confirm(client, reserve(client, "cooking-class", units=("adult",)))
    assert booking["cancellable"] is False
    cancel(client, booking, {"reason": "too late"}).error("UNPROCESSABLE_ENTITY")
    cancel(client, booking, None, "DELETE").error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, booking)
    assert availability_of(client, booking["availabilityId"], "cooking-class")["vacancies"] == 7


def test_a_cooking_class_on_hold_inside_its_cutoff_can_still_be_cancelled(client):
    booking = reserve(client, "cooking-class", units=("adult",))
    assert booking["cancellable"] is True
    assert cancel(client, booking, {}).ok()["status"] == "CANCELLED"


def test_a_cooking_class_beyond_its_cutoff_can_be_cancelled(client):
    far = open_date(client, "cooking-class", days_ahead=40)
    booking = confirm(client, reserve(client, "cooking-class", units=("adult",), local_date=far))
    assert booking["cancellable"] is True
    assert cancel(client, booking, {}).ok()["status"] == "CANCELLED"


def test_a_booking_stops_being_cancellable_at_its_cutoff(client, booked):
    booking = confirm(client, booked)
    start = datetime.fromisoformat(booking["availability"]["localDateTimeStart"])
    set_clock(client, utc_text(start - timedelta(hours=25)))
    assert client.get(f"/bookings/{booking['uuid']}").ok()["cancellable"] is True
    set_clock(client, utc_text(start - timedelta(hours=23)))
    late = client.get(f"/bookings/{booking['uuid']}").ok()
    assert late["cancellable"] is False
    cancel(client, booking, {}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, late)


def test_an_expired_hold_cannot_be_cancelled(client, booked):
    advance_clock(client, 31)
    expired = client.get(f"/bookings/{booked['uuid']}").ok()
    assert (expired["status"], expired["cancellable"]) == ("EXPIRED", False)
    cancel(client, booked, {}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, expired)


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_an_unknown_booking_is_invalid_booking_uuid(client, method):
    missing = {"uuid": str(uuid.uuid4())}
    cancel(client, missing, {}, method).error("INVALID_BOOKING_UUID", uuid=missing["uuid"])


@pytest.mark.parametrize("body", [{"reason": 5}, {"force": "yes"}], ids=["reason-type", "force-type"])
def test_a_malformed_cancellation_is_bad_request(client, booked, body):
    cancel(client, booked, body).error("BAD_REQUEST")
    assert_unchanged(client, booked)
