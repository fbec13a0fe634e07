"""octo/pickups (SPEC-CAPABILITIES §2): pickup on options and departures, and pickups asked for on
reserve, update and confirm, kept on the booking and resolved to a point with its time."""
from datetime import datetime, timedelta

import pytest

from mock_supplier import MockConfig, create_app
from tests.harness import (CONTACT, FOREIGN_CATALOGUE, FlaskTransport, OctoClient, assert_unchanged, confirm, find_slot,
                           reservation)

PICKUPS = "octo/pickups"
OFFERED = ("river-cruise", "DEFAULT")  # pickup offered, not required; park-plaza-westminster serves 10:00-13:00
REQUIRED = ("walking-tour", "EVENING")  # pickup required
NONE_FIELDS = {"pickupRequested": False, "pickupPointId": None, "pickupHotel": None, "pickupHotelRoom": None,
               "pickupPoint": None}


@pytest.fixture
def pickups(client):
    """The client asking for octo/pickups."""
    return client.with_capabilities(PICKUPS)


def option(client, product_id: str, option_id: str) -> dict:
    return next(o for o in client.get(f"/products/{product_id}").ok()["options"] if o["id"] == option_id)


def book(client, where=OFFERED, start="10:00", units=("adult",), **fields) -> dict:
    return client.post("/bookings", reservation(client, where[0], units, option_id=where[1], start=start,
                                                **fields)).ok()


def booking_body(client, where=OFFERED, start="10:00", **fields) -> dict:
    return reservation(client, where[0], ("adult",), option_id=where[1], start=start, **fields)


def pickup_of(booking: dict) -> dict:
    return {key: booking[key] for key in NONE_FIELDS}


# --- options and departures ------------------------------------------------------------------


def test_options_say_whether_pickup_is_available_required_or_not_offered(pickups):
    offered, required, none = option(pickups, *OFFERED), option(pickups, *REQUIRED), option(pickups, "theatre-show",
                                                                                             "DEFAULT")
    assert (offered["pickupAvailable"], offered["pickupRequired"]) == (True, False)
    assert [p["id"] for p in offered["pickupPoints"]] == ["savoy-strand", "tower-hotel", "park-plaza-westminster"]
    assert (required["pickupAvailable"], required["pickupRequired"], len(required["pickupPoints"])) == (True, True, 2)
    assert (none["pickupAvailable"], none["pickupRequired"], none["pickupPoints"]) == (False, False, [])


def test_an_options_points_have_addresses_and_no_time(pickups):
    savoy = option(pickups, *OFFERED)["pickupPoints"][0]
    assert savoy["name"] == "The Savoy, Strand entrance" and savoy["address"].startswith("Strand, London")
    assert (savoy["street"], savoy["postalCode"], savoy["locality"], savoy["country"]) == (
        "Strand", "WC2R 0EZ", "London", "GB")
    assert isinstance(savoy["latitude"], float) and savoy["directions"]
    assert savoy["localDateTime"] is None and savoy["localDateTimeTo"] is None


def test_each_departure_lists_the_points_serving_it_with_their_times(pickups):
    morning, afternoon = find_slot(pickups, "river-cruise", "10:00"), find_slot(pickups, "river-cruise", "16:00")
    assert [p["id"] for p in morning["pickupPoints"]] == ["savoy-strand", "tower-hotel", "park-plaza-westminster"]
    assert [p["id"] for p in afternoon["pickupPoints"]] == ["savoy-strand", "tower-hotel"]
    start = datetime.fromisoformat(morning["localDateTimeStart"])
    savoy = morning["pickupPoints"][0]
    assert datetime.fromisoformat(savoy["localDateTime"]) == start - timedelta(minutes=40)
    assert datetime.fromisoformat(savoy["localDateTimeTo"]) == start - timedelta(minutes=30)
    assert (morning["pickupAvailable"], morning["pickupRequired"]) == (True, False)


def test_pickup_fields_are_absent_without_the_capability(client):
    assert "pickupAvailable" not in option(client, *OFFERED)
    assert "pickupPoints" not in find_slot(client, "river-cruise", "10:00")
    assert "pickupRequested" not in book(client)


# --- reserving with a pickup -----------------------------------------------------------------


def test_a_booking_without_a_pickup_says_so(pickups):
    booking = book(pickups)
    assert pickup_of(booking) == NONE_FIELDS
    assert booking["availability"]["pickupAvailable"] is True


def test_a_pickup_point_is_kept_and_resolved_with_its_time_for_the_departure(pickups):
    booking = book(pickups, pickupRequested=True, pickupPointId="tower-hotel")
    assert (booking["pickupRequested"], booking["pickupPointId"], booking["pickupHotel"]) == (True, "tower-hotel", None)
    point = booking["pickupPoint"]
    assert point["id"] == "tower-hotel" and point["name"] == "The Tower Hotel"
    start = datetime.fromisoformat(booking["availability"]["localDateTimeStart"])
    assert datetime.fromisoformat(point["localDateTime"]) == start - timedelta(minutes=30)
    assert pickups.get(f"/bookings/{booking['uuid']}").ok() == booking


def test_a_point_alone_asks_for_the_pickup(pickups):
    assert book(pickups, pickupPointId="savoy-strand")["pickupRequested"] is True


def test_a_hotel_pickup_keeps_the_hotel_and_room_and_no_point(pickups):
    booking = book(pickups, pickupRequested=True, pickupHotel="The Ritz, 150 Piccadilly", pickupHotelRoom="214")
    assert pickup_of(booking) == {"pickupRequested": True, "pickupPointId": None,
                                  "pickupHotel": "The Ritz, 150 Piccadilly", "pickupHotelRoom": "214",
                                  "pickupPoint": None}


def test_with_a_point_and_a_hotel_the_point_is_the_pickup(pickups):
    booking = book(pickups, pickupPointId="savoy-strand", pickupHotel="The Ritz")
    assert booking["pickupPoint"]["id"] == "savoy-strand" and booking["pickupHotel"] == "The Ritz"


def test_an_unknown_pickup_point_is_a_bad_request(pickups):
    reply = pickups.post("/bookings", booking_body(pickups, pickupRequested=True, pickupPointId="nowhere"))
    assert "nowhere" in reply.error("BAD_REQUEST")["errorMessage"]


def test_a_point_that_does_not_serve_the_departure_is_unprocessable(pickups):
    reply = pickups.post("/bookings", booking_body(pickups, start="16:00", pickupPointId="park-plaza-westminster"))
    assert "does not serve" in reply.error("UNPROCESSABLE_ENTITY")["errorMessage"]


def test_a_pickup_on_an_option_offering_none_is_unprocessable(pickups):
    body = reservation(pickups, "theatre-show", ("adult",), pickupRequested=True, pickupHotel="The Ritz")
    assert "offers no pickup" in pickups.post("/bookings", body).error("UNPROCESSABLE_ENTITY")["errorMessage"]


def test_not_requesting_a_pickup_on_an_option_offering_none_is_fine(pickups):
    body = reservation(pickups, "theatre-show", ("adult",), pickupRequested=False)
    assert pickups.post("/bookings", body).ok()["pickupRequested"] is False


def test_pickup_requested_false_with_a_place_is_a_bad_request(pickups):
    pickups.post("/bookings", booking_body(pickups, pickupRequested=False, pickupPointId="savoy-strand")).error(
        "BAD_REQUEST")


def test_pickup_fields_without_the_capability_are_a_bad_request(client):
    reply = client.post("/bookings", booking_body(client, pickupPointId="savoy-strand"))
    assert PICKUPS in reply.error("BAD_REQUEST")["errorMessage"]


@pytest.mark.parametrize("field,value", [("pickupRequested", "yes"), ("pickupPointId", 7), ("pickupHotel", [])])
def test_pickup_fields_of_the_wrong_type_are_a_bad_request(pickups, field, value):
    pickups.post("/bookings", booking_body(pickups, **{field: value})).error("BAD_REQUEST")


# --- update and confirm ----------------------------------------------------------------------


def test_an_update_sets_changes_and_clears_the_pickup(pickups):
    booking = book(pickups)
    point = pickups.patch(f"/bookings/{booking['uuid']}", {"pickupPointId": "savoy-strand"}).ok()
    assert (point["pickupRequested"], point["pickupPoint"]["id"]) == (True, "savoy-strand")
    hotel = pickups.patch(f"/bookings/{booking['uuid']}", {"pickupHotel": "The Ritz", "pickupHotelRoom": "5"}).ok()
    assert (hotel["pickupPointId"], hotel["pickupPoint"], hotel["pickupHotel"]) == (None, None, "The Ritz")
    back = pickups.patch(f"/bookings/{booking['uuid']}", {"pickupPointId": "tower-hotel"}).ok()
    assert (back["pickupPointId"], back["pickupHotel"], back["pickupHotelRoom"]) == ("tower-hotel", None, None)
    cleared = pickups.patch(f"/bookings/{booking['uuid']}", {"pickupRequested": False}).ok()
    assert pickup_of(cleared) == NONE_FIELDS


def test_an_update_of_other_fields_keeps_the_pickup(pickups):
    booking = book(pickups, pickupPointId="tower-hotel")
    updated = pickups.patch(f"/bookings/{booking['uuid']}", {"notes": "window seat"}).ok()
    assert pickup_of(updated) == pickup_of(booking)


def test_moving_a_booking_to_a_departure_its_point_does_not_serve_is_refused(pickups):
    booking = book(pickups, pickupPointId="park-plaza-westminster")
    later = find_slot(pickups, "river-cruise", "16:00")
    pickups.patch(f"/bookings/{booking['uuid']}", {"availabilityId": later["id"]}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(pickups, booking)
    moved = pickups.patch(f"/bookings/{booking['uuid']}", {"availabilityId": later["id"],
                                                           "pickupPointId": "savoy-strand"}).ok()
    assert moved["pickupPoint"]["id"] == "savoy-strand"
    assert moved["pickupPoint"]["localDateTime"][11:16] == "15:20"


def test_moving_a_booking_with_a_pickup_to_an_option_offering_none_is_refused(pickups):
    booking = book(pickups, pickupPointId="tower-hotel")
    sunset = find_slot(pickups, "river-cruise", option_id="SUNSET")
    pickups.patch(f"/bookings/{booking['uuid']}", {"optionId": "SUNSET", "availabilityId": sunset["id"]}).error(
        "UNPROCESSABLE_ENTITY")
    moved = pickups.patch(f"/bookings/{booking['uuid']}", {"optionId": "SUNSET", "availabilityId": sunset["id"],
                                                           "pickupRequested": False}).ok()
    assert (moved["optionId"], moved["pickupRequested"]) == ("SUNSET", False)


def test_the_pickup_survives_confirmation_and_confirmation_may_set_it(pickups):
    kept = confirm(pickups, book(pickups, pickupPointId="tower-hotel"))
    assert (kept["status"], kept["pickupPoint"]["id"]) == ("CONFIRMED", "tower-hotel")
    set_then = confirm(pickups, book(pickups), pickupHotel="The Ritz", pickupHotelRoom="12")
    assert (set_then["pickupRequested"], set_then["pickupHotel"], set_then["pickupHotelRoom"]) == (True, "The Ritz", "12")


def test_a_required_pickup_may_wait_for_the_confirmation_but_not_beyond(pickups):
    booking = book(pickups, REQUIRED, start=None)
    assert booking["status"] == "ON_HOLD" and booking["pickupRequested"] is False
    refused = pickups.post(f"/bookings/{booking['uuid']}/confirm", {"contact": CONTACT})
    assert "requires a pickup" in refused.error("UNPROCESSABLE_ENTITY")["errorMessage"]
    assert_unchanged(pickups, booking)
    confirmed = confirm(pickups, booking, pickupPointId="leicester-square")
    assert (confirmed["status"], confirmed["pickupPoint"]["localDateTime"][11:16]) == ("CONFIRMED", "19:10")


def test_a_required_pickup_given_on_reserve_confirms(pickups):
    booking = book(pickups, REQUIRED, start=None, pickupHotel="Hotel Café Royal")
    assert confirm(pickups, booking)["pickupHotel"] == "Hotel Café Royal"


def test_a_required_pickup_cannot_be_taken_off_a_confirmed_booking(pickups):
    booking = confirm(pickups, book(pickups, REQUIRED, start=None, pickupPointId="covent-garden-hotel"))
    pickups.patch(f"/bookings/{booking['uuid']}", {"pickupRequested": False}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(pickups, booking)
    changed = pickups.patch(f"/bookings/{booking['uuid']}", {"pickupHotel": "The Ritz"}).ok()
    assert (changed["pickupHotel"], changed["pickupPointId"]) == ("The Ritz", None)


def test_a_reseller_without_the_capability_is_not_held_to_a_required_pickup(client):
    booking = book(client, REQUIRED, start=None)
    assert confirm(client, booking)["status"] == "CONFIRMED"


def test_a_pickup_is_kept_while_read_without_the_capability(pickups, client):
    booking = book(pickups, pickupPointId="tower-hotel")
    assert "pickupPointId" not in client.get(f"/bookings/{booking['uuid']}").ok()
    assert client.patch(f"/bookings/{booking['uuid']}", {"notes": "hi"}).ok()["notes"] == "hi"
    assert pickups.get(f"/bookings/{booking['uuid']}").ok()["pickupPointId"] == "tower-hotel"


def test_a_foreign_catalogue_offers_no_pickup(tmp_path):
    app = create_app(MockConfig(db_path=str(tmp_path / "foreign.sqlite3"), catalogue=FOREIGN_CATALOGUE))
    product = OctoClient(FlaskTransport(app), capabilities=(PICKUPS,)).get("/products").ok()[0]
    assert all(o["pickupAvailable"] is False and o["pickupPoints"] == [] for o in product["options"])
