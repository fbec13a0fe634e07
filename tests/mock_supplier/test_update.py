"""PATCH /bookings/{uuid}: changes allowed while the booking is cancellable."""
import uuid
from datetime import timedelta

import pytest

from tests.harness import (advance_clock, assert_unchanged, availability_of, confirm, find_slot, open_date,
                           parse_utc, reservation, reserve)


NO_SLOT = "2030-01-01T09:00:00+07:00"  # no departure of walking-tour has this offset


def patch(client, booking, body):
    return client.patch(f"/bookings/{booking['uuid']}", body)



def test_notes_and_reseller_reference_change(client, booked):
    updated = patch(client, booked, {"notes": "vegetarian lunch", "resellerReference": "RES-9"}).ok()
    assert (updated["notes"], updated["resellerReference"]) == ("vegetarian lunch", "RES-9")
    assert updated["status"] == "ON_HOLD"
    assert updated["utcUpdatedAt"] >= booked["utcUpdatedAt"]
    assert client.get(f"/bookings/{booked['uuid']}").ok() == updated


def test_notes_can_be_cleared(client, booked):
    patch(client, booked, {"notes": "x"}).ok()
    assert patch(client, booked, {"notes": None}).ok()["notes"] is None


def test_a_contact_update_changes_only_the_fields_sent(client, booked):
    patch(client, booked, {"contact": {"firstName": "Ada", "emailAddress": "ada@example.com"}}).ok()
    contact = patch(client, booked, {"contact": {"phoneNumber": "+441234"}}).ok()["contact"]
    assert (contact["firstName"], contact["emailAddress"]) == ("Ada", "ada@example.com")
    assert contact["phoneNumber"] == "+441234"


def test_unit_items_change_and_seats_follow(client, booked):
    more = patch(client, booked, {"unitItems": [{"unitId": "adult"}, {"unitId": "adult"}, {"unitId": "child"}]}).ok()
    assert [i["unitId"] for i in more["unitItems"]] == ["adult", "adult", "child"]
    assert more["unitItems"][0]["uuid"] == booked["unitItems"][0]["uuid"]
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 7
    fewer = patch(client, booked, {"unitItems": [{"unitId": "adult", "uuid": more["unitItems"][1]["uuid"]}]}).ok()
    assert [i["uuid"] for i in fewer["unitItems"]] == [more["unitItems"][1]["uuid"]]
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 9


def test_moving_to_another_departure_moves_the_seats(client, booked):
    later = find_slot(client, "walking-tour", "13:00")
    moved = patch(client, booked, {"availabilityId": later["id"]}).ok()
    assert moved["availabilityId"] == moved["availability"]["id"] == later["id"]
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 10
    assert availability_of(client, later["id"])["vacancies"] == 9


def test_moving_to_another_option(client, booked):
    evening = find_slot(client, "walking-tour", "19:30", option_id="EVENING")
    moved = patch(client, booked, {"optionId": "EVENING", "availabilityId": evening["id"]}).ok()
    assert (moved["optionId"], moved["availabilityId"]) == ("EVENING", evening["id"])
    assert availability_of(client, evening["id"], option_id="EVENING")["vacancies"] == 7
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 10


def test_moving_to_another_product(client, booked):
    museum = find_slot(client, "museum-pass")
    moved = patch(client, booked, {"productId": "museum-pass", "availabilityId": museum["id"],
                                   "unitItems": [{"unitId": "adult"}, {"unitId": "youth"}]}).ok()
    assert (moved["productId"], moved["freesale"], moved["voucher"]) == ("museum-pass", True, None)
    assert [i["unitId"] for i in moved["unitItems"]] == ["adult", "youth"]
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 10


def test_expiration_minutes_extend_an_on_hold_booking(client, booked):
    updated = patch(client, booked, {"expirationMinutes": 90}).ok()
    assert parse_utc(updated["utcExpiresAt"]) - parse_utc(updated["utcUpdatedAt"]) == timedelta(minutes=90)


def test_a_confirmed_booking_can_still_be_updated(client, booked):
    confirmed = confirm(client, booked)
    updated = patch(client, booked, {"notes": "late", "unitItems": [{"unitId": "adult"}, {"unitId": "child"}]}).ok()
    assert (updated["status"], updated["notes"]) == ("CONFIRMED", "late")
    assert updated["utcConfirmedAt"] == confirmed["utcConfirmedAt"]
    assert updated["voucher"] == confirmed["voucher"]
    assert updated["unitItems"][0]["ticket"] == confirmed["unitItems"][0]["ticket"]
    assert updated["unitItems"][1]["ticket"]["deliveryOptions"]  # the new unit gets its ticket
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 8


def test_an_empty_update_changes_nothing_but_the_update_time(client, booked):
    updated = patch(client, booked, {}).ok()
    assert {**updated, "utcUpdatedAt": None} == {**booked, "utcUpdatedAt": None}


# --- refused updates ----------------------------------------------------------------------------


def test_an_unknown_booking_is_invalid_booking_uuid(client):
    missing = str(uuid.uuid4())
    client.patch(f"/bookings/{missing}", {"notes": "x"}).error("INVALID_BOOKING_UUID", uuid=missing)


def test_a_cancelled_booking_cannot_be_updated(client, booked):
    cancelled = client.post(f"/bookings/{booked['uuid']}/cancel", {}).ok()
    patch(client, booked, {"notes": "x"}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, cancelled)


def test_an_expired_booking_cannot_be_updated(client, booked):
    advance_clock(client, 31)
    expired = client.get(f"/bookings/{booked['uuid']}").ok()
    patch(client, booked, {"notes": "x"}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, expired)


def test_a_confirmed_booking_inside_its_cancellation_cutoff_cannot_be_updated(client):
    booking = confirm(client, reserve(client, "cooking-class", units=("adult",)))
    assert booking["cancellable"] is False
    patch(client, booking, {"notes": "x", "unitItems": [{"unitId": "adult"}] * 2}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, booking)


def test_a_confirmed_booking_outside_its_cancellation_cutoff_can_be_updated(client):
    far = open_date(client, "cooking-class", days_ahead=40)
    booking = confirm(client, reserve(client, "cooking-class", units=("adult",), local_date=far))
    assert booking["cancellable"] is True
    assert patch(client, booking, {"notes": "x"}).ok()["notes"] == "x"


@pytest.mark.parametrize("body, code, echo", [
    ({"availabilityId": NO_SLOT}, "INVALID_AVAILABILITY_ID", {"availabilityId": NO_SLOT}),
    ({"unitItems": [{"unitId": "pirate"}]}, "INVALID_UNIT_ID", {"unitId": "pirate"}),
    ({"productId": "nope"}, "INVALID_PRODUCT_ID", {"productId": "nope"}),
    ({"optionId": "NOPE"}, "INVALID_OPTION_ID", {"optionId": "NOPE"}),
    ({"productId": "museum-pass"}, "INVALID_AVAILABILITY_ID", {}),
    ({"unitItems": []}, "UNPROCESSABLE_ENTITY", {}),
    ({"unitItems": [{"unitId": "child"}]}, "UNPROCESSABLE_ENTITY", {}),
    ({"unitItems": [{"unitId": "adult"}] * 11}, "UNPROCESSABLE_ENTITY", {}),
    ({"notes": 5}, "BAD_REQUEST", {}),
    ({"unitItems": {"unitId": "adult"}}, "BAD_REQUEST", {}),
    ({"expirationMinutes": 0}, "BAD_REQUEST", {}),
], ids=["availability", "unit", "product", "option", "availability-of-old-product", "no-units", "child-alone",
        "above-max-units", "notes-type", "unit-items-type", "expiration"])
def test_invalid_changes_are_refused_and_change_nothing(client, booked, body, code, echo):
    patch(client, booked, body).error(code, **echo)
    assert_unchanged(client, booked)
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 9


def test_a_unit_item_uuid_of_another_booking_is_invalid_booking_uuid(client, booked):
    other = reserve(client, start="13:00")
    taken = other["unitItems"][0]["uuid"]
    patch(client, booked, {"unitItems": [{"unitId": "adult", "uuid": taken}]}).error("INVALID_BOOKING_UUID", uuid=taken)
    assert_unchanged(client, booked)
    assert_unchanged(client, other)


def test_a_unit_item_uuid_an_update_dropped_is_free_for_another_booking(client, booked):
    """Dropped unit items leave the booking's index too: their uuids belong to nobody any more."""
    two = patch(client, booked, {"unitItems": [{"unitId": "adult"}, {"unitId": "adult"}]}).ok()
    kept, dropped = (item["uuid"] for item in two["unitItems"])
    patch(client, booked, {"unitItems": [{"unitId": "adult", "uuid": kept}]}).ok()
    other = client.post("/bookings", reservation(client, start="13:00", unitItems=[{"unitId": "adult", "uuid": dropped}]))
    assert other.ok()["uuid"] != booked["uuid"]
    assert [item["uuid"] for item in other.body["unitItems"]] == [dropped]


def test_moving_to_a_sold_out_departure_is_unprocessable(client):
    booking = reserve(client, "harbour-cruise", units=("adult", "adult"), start="10:00")
    sold_out = find_slot(client, "harbour-cruise", "20:00")
    patch(client, booking, {"availabilityId": sold_out["id"]}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, booking)


def test_growing_past_the_seats_left_is_unprocessable(client):
    booking = reserve(client, units=("adult",), start="17:00")
    patch(client, booking, {"unitItems": [{"unitId": "adult"}] * 5}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, booking)
    assert availability_of(client, booking["availabilityId"])["vacancies"] == 3
