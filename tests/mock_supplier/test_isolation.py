"""State is scoped per API key: one sandbox never sees nor changes another's bookings."""
import pytest

from mock_supplier import MockConfig, create_app
from tests.harness import (CONTACT, FlaskTransport, OctoClient, all_bookings, assert_unchanged, at_noon,
                           availability_of, confirm, reservation, reserve)


def test_another_key_cannot_read_a_booking(client, other_client, booked):
    other_client.get(f"/bookings/{booked['uuid']}").error("INVALID_BOOKING_UUID", uuid=booked["uuid"])


def test_another_key_lists_none_of_the_bookings(client, other_client):
    booking = confirm(client, reserve(client, resellerReference="MINE"), resellerReference="MINE")
    day = booking["availability"]["localDateTimeStart"][:10]
    for query in ({"resellerReference": "MINE"}, {"supplierReference": booking["supplierReference"]},
                  {"localDate": day}, {"localDateStart": day, "localDateEnd": day}):
        assert other_client.get("/bookings", query).ok() == []
        assert [b["uuid"] for b in client.get("/bookings", query).ok()] == [booking["uuid"]]


@pytest.mark.parametrize("method, suffix, body", [
    ("POST", "/confirm", {"contact": CONTACT}), ("POST", "/cancel", {}), ("DELETE", "", {}),
    ("POST", "/extend", {"expirationMinutes": 60}), ("PATCH", "", {"notes": "mine now"}),
])
def test_another_key_cannot_change_a_booking(client, other_client, booked, method, suffix, body):
    reply = other_client.request(method, f"/bookings/{booked['uuid']}{suffix}", body)
    reply.error("INVALID_BOOKING_UUID", uuid=booked["uuid"])
    assert_unchanged(client, booked)


def test_holds_in_one_sandbox_leave_anothers_inventory_alone(client, other_client):
    mine = reserve(client, units=("adult",) * 4, start="17:00")
    assert availability_of(client, mine["availabilityId"])["status"] == "SOLD_OUT"
    theirs = availability_of(other_client, mine["availabilityId"])
    assert (theirs["vacancies"], theirs["status"]) == (4, "LIMITED")
    assert reserve(other_client, units=("adult",) * 4, start="17:00")["status"] == "ON_HOLD"


def test_the_same_uuid_makes_separate_bookings_in_separate_sandboxes(client, other_client):
    body = reservation(client, uuid="5d1f3a52-9a43-4b37-8a4e-6c1e7d0b2f11")
    mine = client.post("/bookings", body).ok()
    theirs = other_client.post("/bookings", {**body, "unitItems": [{"unitId": "adult"}] * 2}).ok()
    assert mine["uuid"] == theirs["uuid"] == body["uuid"]
    assert (len(mine["unitItems"]), len(theirs["unitItems"])) == (1, 2)
    assert_unchanged(client, mine)


def test_configured_keys_each_have_their_own_sandbox(tmp_path):
    app = create_app(MockConfig(db_path=str(tmp_path / "keys.sqlite3"), api_keys=("team-a", "team-b")))
    team_a = at_noon(OctoClient(FlaskTransport(app), api_key="team-a"))
    team_b = at_noon(team_a.with_key("team-b"))
    booking = reserve(team_a)
    team_b.get(f"/bookings/{booking['uuid']}").error("INVALID_BOOKING_UUID", uuid=booking["uuid"])
    assert all_bookings(team_b) == [] and len(all_bookings(team_a)) == 1
    team_a.with_key("octo-mock-dev-key").get("/supplier").error("FORBIDDEN")
