"""The booking uuid and unit-item uuids are idempotency keys for POST /bookings."""
import uuid

from tests.harness import advance_clock, all_bookings, availability_of, confirm, reservation


def keyed_reservation(client, **fields) -> dict:
    """A two-adult reservation body with a booking uuid and unit-item uuids."""
    body = reservation(client, units=("adult", "adult"), start="09:00", uuid=str(uuid.uuid4()), **fields)
    for item in body["unitItems"]:
        item["uuid"] = str(uuid.uuid4())
    return body


def test_the_same_request_again_returns_the_same_booking_and_holds_nothing_more(client):
    body = keyed_reservation(client)
    first = client.post("/bookings", body).ok()
    again = client.post("/bookings", body).ok()
    assert again == first
    assert [b["uuid"] for b in all_bookings(client)] == [body["uuid"]]
    assert availability_of(client, body["availabilityId"])["vacancies"] == 8


def test_unit_item_uuids_alone_identify_a_repeated_request(client):
    body = keyed_reservation(client)
    del body["uuid"]
    first = client.post("/bookings", body).ok()
    assert client.post("/bookings", body).ok() == first
    assert len(all_bookings(client)) == 1
    assert availability_of(client, body["availabilityId"])["vacancies"] == 8


def test_a_different_request_with_a_used_uuid_is_invalid_booking_uuid(client):
    body = keyed_reservation(client)
    first = client.post("/bookings", body).ok()
    changed = {**body, "unitItems": [{"unitId": "adult"}] * 3}
    client.post("/bookings", changed).error("INVALID_BOOKING_UUID", uuid=body["uuid"])
    assert client.get(f"/bookings/{body['uuid']}").ok() == first
    assert availability_of(client, body["availabilityId"])["vacancies"] == 8


def test_a_used_unit_item_uuid_in_another_booking_is_invalid_booking_uuid(client):
    first = client.post("/bookings", keyed_reservation(client)).ok()
    taken = first["unitItems"][1]["uuid"]
    body = reservation(client, start="09:00", uuid=str(uuid.uuid4()))
    body["unitItems"] = [{"unitId": "adult", "uuid": taken}]
    client.post("/bookings", body).error("INVALID_BOOKING_UUID", uuid=taken)
    assert [b["uuid"] for b in all_bookings(client)] == [first["uuid"]]


def test_a_used_unit_item_uuid_without_a_booking_uuid_is_invalid_booking_uuid(client):
    first = client.post("/bookings", keyed_reservation(client)).ok()
    taken = first["unitItems"][0]["uuid"]
    body = reservation(client, start="13:00")
    body["unitItems"] = [{"unitId": "adult", "uuid": taken}]
    client.post("/bookings", body).error("INVALID_BOOKING_UUID", uuid=taken)
    assert len(all_bookings(client)) == 1


def test_the_same_unit_item_uuid_twice_in_one_request_is_bad_request(client):
    body = reservation(client)
    same = str(uuid.uuid4())
    body["unitItems"] = [{"unitId": "adult", "uuid": same}, {"unitId": "adult", "uuid": same}]
    client.post("/bookings", body).error("BAD_REQUEST")
    assert all_bookings(client) == []


def test_replaying_after_confirmation_returns_the_confirmed_booking(client):
    body = keyed_reservation(client)
    confirmed = confirm(client, client.post("/bookings", body).ok())
    assert client.post("/bookings", body).ok() == confirmed
    assert availability_of(client, body["availabilityId"])["vacancies"] == 8


def test_replaying_after_expiry_holds_nothing(client):
    body = keyed_reservation(client)
    client.post("/bookings", body).ok()
    advance_clock(client, 31)
    again = client.post("/bookings", body).ok()
    assert (again["uuid"], again["status"]) == (body["uuid"], "EXPIRED")
    assert availability_of(client, body["availabilityId"])["vacancies"] == 10


def test_requests_without_uuids_make_separate_bookings(client):
    body = reservation(client, start="09:00")
    first, second = client.post("/bookings", body).ok(), client.post("/bookings", body).ok()
    assert first["uuid"] != second["uuid"]
    assert availability_of(client, body["availabilityId"])["vacancies"] == 8
