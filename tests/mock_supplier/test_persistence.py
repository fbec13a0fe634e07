"""State lives in the SQLite file: it survives a new app, and a restart of the `octo-mock` server."""
import json

from mock_supplier import MockConfig, create_app
from tests.harness import (FlaskTransport, OctoClient, advance_clock, all_bookings, at_noon, availability_of,
                           confirm, reservation, reserve)


def make_bookings(client) -> dict:
    """An ON_HOLD, a CONFIRMED and a CANCELLED booking, plus a replayable reservation body."""
    replayable = reservation(client, uuid="3f6e2b1c-8d4a-4e5f-9a7b-1c2d3e4f5a6b", start="13:00")
    bookings = {
        "held": reserve(client, units=("adult", "child")),
        "confirmed": confirm(client, reserve(client, "museum-pass", ("adult",)), resellerReference="KEEP"),
        "cancelled": reserve(client, "harbour-cruise", ("adult", "adult"), start="10:00"),
        "replayed": client.post("/bookings", replayable).ok(),
    }
    client.post(f"/bookings/{bookings['cancelled']['uuid']}/cancel", {"reason": "test"}).ok()
    return {"bookings": bookings, "replayable": replayable}


def snapshot(client, made: dict, base_url: str = "") -> str:
    """Everything a client can read of those bookings, with this server's URL taken out."""
    state = {name: client.get(f"/bookings/{b['uuid']}").ok() for name, b in made["bookings"].items()}
    state["all"] = all_bookings(client)
    state["vacancies"] = availability_of(client, made["bookings"]["held"]["availabilityId"])["vacancies"]
    state["clock_offset"] = client.get("/_control/clock").ok()["offsetSeconds"]
    text = json.dumps(state, sort_keys=True)
    return text.replace(base_url, "{base}") if base_url else text


def without_url(booking: dict, server) -> str:
    """A booking as JSON text, with the server's own address (in PDF links) taken out."""
    return json.dumps(booking, sort_keys=True).replace(server.transport.root_url, "{base}")


def test_a_new_app_on_the_same_file_sees_the_same_state(tmp_path):
    config = MockConfig(db_path=str(tmp_path / "kept.sqlite3"))
    first = at_noon(OctoClient(FlaskTransport(create_app(config))))
    made = make_bookings(first)
    minted = first.post("/_control/sandboxes").ok()["apiKey"]
    before = snapshot(first, made)
    second = OctoClient(FlaskTransport(create_app(config)))
    assert snapshot(second, made) == before
    assert second.post("/bookings", made["replayable"]).ok() == made["bookings"]["replayed"]
    assert all_bookings(second.with_key(minted)) == []


def test_bookings_survive_a_server_restart(mock_processes, tmp_path):
    db = tmp_path / "restart.sqlite3"
    process, first = mock_processes.start(db)
    client = at_noon(first)
    made = make_bookings(client)
    advance_clock(client, 5)
    minted = client.post("/_control/sandboxes").ok()["apiKey"]
    theirs = reserve(at_noon(client.with_key(minted)))
    before = snapshot(client, made, first.transport.root_url)
    process.stop()

    _, second = mock_processes.start(db)
    assert snapshot(second, made, second.transport.root_url) == before
    assert second.post("/bookings", made["replayable"]).ok()["uuid"] == made["bookings"]["replayed"]["uuid"]
    assert len(all_bookings(second)) == 4
    assert [b["uuid"] for b in all_bookings(second.with_key(minted))] == [theirs["uuid"]]


def test_committed_bookings_survive_a_killed_server(mock_processes, tmp_path):
    db = tmp_path / "killed.sqlite3"
    process, first = mock_processes.start(db)
    client = at_noon(first)
    booking = confirm(client, reserve(client))
    process.kill()
    process.wait(timeout=10)
    _, second = mock_processes.start(db)
    again = second.get(f"/bookings/{booking['uuid']}").ok()
    assert without_url(again, second) == without_url(booking, first)
