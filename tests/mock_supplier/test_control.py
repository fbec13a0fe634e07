"""The control interface under /octo/_control: reset, clock and sandboxes, each for the caller only."""
import pytest

from mock_supplier import MockConfig, create_app
from tests.harness import (FlaskTransport, OctoClient, advance_clock, all_bookings, availability_of, confirm,
                           reserve, set_clock)


def clock(client) -> dict:
    return client.get("/_control/clock").ok()


def test_a_fresh_sandbox_runs_on_real_time(other_client):
    other_client.post("/_control/reset").ok()
    now = clock(other_client)
    assert now["offsetSeconds"] == 0 and now["utcNow"].endswith("Z")


def test_the_clock_can_be_set_to_a_moment(client):
    set_clock(client, "2031-01-01T09:00:00Z")
    assert clock(client)["utcNow"][:15] == "2031-01-01T09:0"
    assert reserve(client)["utcCreatedAt"][:15] == "2031-01-01T09:0"


@pytest.mark.parametrize("body, minutes", [({"advanceMinutes": 90}, 90), ({"advanceSeconds": 150}, 2.5),
                                            ({"advanceMinutes": 0.5}, 0.5), ({"advanceMinutes": 0}, 0)])
def test_the_clock_can_be_moved_forward(client, body, minutes):
    before = clock(client)
    moved = client.post("/_control/clock", body).ok()
    # The offset grows by the amount, not by the target less a later "now": ten minutes are 600 s,
    # not 599.999954. Within a microsecond, as offsets are floats (28622.377271 + 5400 is
    # 34022.377271000005): the drift this guards against is tens of microseconds.
    assert moved["offsetSeconds"] - before["offsetSeconds"] == pytest.approx(minutes * 60, abs=1e-6)
    assert moved["utcNow"] >= before["utcNow"]


@pytest.mark.parametrize("body", [
    {}, {"advanceMinutes": 1, "advanceSeconds": 1}, {"advanceMinutes": -5}, {"advanceSeconds": "60"},
    {"advanceMinutes": True}, {"advanceMinutes": None}, {"utcNow": "2031-01-01T09:00:00+01:00"},
    {"utcNow": "tomorrow"}, {"utcNow": 1924981200}, {"rewind": 5},
], ids=["empty", "two-fields", "negative", "string", "bool", "null", "not-utc", "word", "epoch", "unknown-field"])
def test_a_malformed_clock_move_is_bad_request(client, body):
    before = clock(client)["offsetSeconds"]
    client.post("/_control/clock", body).error("BAD_REQUEST")
    assert clock(client)["offsetSeconds"] == before


@pytest.mark.parametrize("utc_now", ["9999-12-31T23:00:00Z", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z"])
def test_a_clock_outside_the_supported_years_is_bad_request(client, utc_now):
    before = clock(client)["offsetSeconds"]
    client.post("/_control/clock", {"utcNow": utc_now}).error("BAD_REQUEST")
    assert clock(client)["offsetSeconds"] == before


def test_advancing_the_clock_without_end_stops_at_the_last_supported_year(client):
    replies = [client.post("/_control/clock", {"advanceMinutes": 10**9}) for _ in range(6)]
    assert [r.status for r in replies].count(200) >= 1
    replies[-1].error("BAD_REQUEST")
    assert clock(client)["utcNow"] < "9000"


def test_the_far_end_of_the_clock_still_serves_bookings(client):
    set_clock(client, "8999-06-01T12:00:00Z")
    booking = confirm(client, reserve(client))
    assert booking["utcConfirmedAt"].startswith("8999-06-01T12:0")


def test_moving_the_clock_expires_holds_on_demand(client, booked):
    advance_clock(client, 31)
    assert client.get(f"/bookings/{booked['uuid']}").ok()["status"] == "EXPIRED"


def test_reset_forgets_bookings_and_puts_the_clock_back(client, booked):
    advance_clock(client, 10)
    assert client.post("/_control/reset").ok() == {"reset": True}
    client.get(f"/bookings/{booked['uuid']}").error("INVALID_BOOKING_UUID", uuid=booked["uuid"])
    assert all_bookings(client) == []
    assert clock(client)["offsetSeconds"] == 0
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 10


def test_reset_lets_a_used_uuid_be_used_again(client, booked):
    client.post("/_control/reset").ok()
    again = client.post("/bookings", {"uuid": booked["uuid"], "productId": "walking-tour", "optionId": "DEFAULT",
                                      "availabilityId": booked["availabilityId"],
                                      "unitItems": [{"unitId": "adult"}] * 2}).ok()
    assert again["uuid"] == booked["uuid"] and len(again["unitItems"]) == 2


def test_reset_touches_only_the_callers_sandbox(client, other_client, booked):
    theirs = reserve(other_client)
    advance_clock(other_client, 10)
    offset = clock(other_client)["offsetSeconds"]
    client.post("/_control/reset").ok()
    assert other_client.get(f"/bookings/{theirs['uuid']}").ok() == theirs
    assert clock(other_client)["offsetSeconds"] == offset


def test_moving_the_clock_touches_only_the_callers_sandbox(client, other_client):
    theirs = reserve(other_client)
    offset = clock(other_client)["offsetSeconds"]
    advance_clock(client, 60)
    assert clock(other_client)["offsetSeconds"] == offset
    assert other_client.get(f"/bookings/{theirs['uuid']}").ok()["status"] == "ON_HOLD"


def test_a_minted_sandbox_key_works_and_starts_empty(client, booked):
    minted = client.post("/_control/sandboxes").ok()
    assert set(minted) == {"apiKey"}
    fresh = client.with_key(minted["apiKey"])
    assert fresh.get("/supplier").ok()["id"]
    assert all_bookings(fresh) == []
    assert availability_of(fresh, booked["availabilityId"])["vacancies"] == 10
    assert all_bookings(client) == [client.get(f"/bookings/{booked['uuid']}").ok()]


def test_every_minted_key_is_new(client):
    keys = {client.post("/_control/sandboxes").ok()["apiKey"] for _ in range(3)}
    assert len(keys) == 3


def test_a_minted_key_can_mint_and_control_its_own_sandbox(other_client):
    assert other_client.post("/_control/sandboxes").ok()["apiKey"]
    other_client.post("/_control/reset").ok()


def test_the_control_interface_needs_an_api_key(client):
    for path in ("/_control/reset", "/_control/clock", "/_control/sandboxes"):
        client.with_key(None).post(path, {"advanceMinutes": 1}).error("UNAUTHORIZED")
        client.with_key("not-a-key").post(path, {"advanceMinutes": 1}).error("FORBIDDEN")
    client.with_key(None).get("/_control/clock").error("UNAUTHORIZED")


def test_the_control_interface_can_be_switched_off(tmp_path):
    app = create_app(MockConfig(db_path=str(tmp_path / "plain.sqlite3"), control_enabled=False))
    plain = OctoClient(FlaskTransport(app))
    plain.get("/supplier").ok()
    for method, path in (("GET", "/_control/clock"), ("POST", "/_control/reset"), ("POST", "/_control/sandboxes")):
        plain.request(method, path).error("BAD_REQUEST")


def test_the_clock_takes_fractional_seconds(client):
    set_clock(client, "2031-01-01T09:00:00.250Z")
    assert clock(client)["utcNow"][:19] == "2031-01-01T09:00:00"


@pytest.mark.parametrize("utc_now", ["2031-01-01T09:00:00+02:00", "2031-01-01T09:00:00"])
def test_the_clock_refuses_times_that_are_not_utc(client, utc_now):
    client.post("/_control/clock", {"utcNow": utc_now}).error("BAD_REQUEST")
