"""POST /bookings: a reservation holds inventory ON_HOLD; invalid ones hold nothing."""
import re
import uuid
from datetime import timedelta

import pytest

from tests.harness import (advance_clock, all_bookings, availability_of, find_slot, parse_utc, reservation, reserve,
                           sandbox_today, set_clock, utc_text)

UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def refused(client, body: dict, code: str, **echo) -> dict:
    """Reserve `body`, expect the error, and check that no booking and no seat was taken."""
    before = all_bookings(client), find_slot(client, "walking-tour", "09:00")
    error = client.post("/bookings", body).error(code, **echo)
    assert (all_bookings(client), find_slot(client, "walking-tour", "09:00")) == before
    return error


# --- what a reservation is -------------------------------------------------------------------


def test_a_reservation_is_on_hold_for_the_default_30_minutes(client):
    body = reservation(client, units=("adult", "child"), start="09:00")
    booking = client.post("/bookings", body).ok()
    assert booking["status"] == "ON_HOLD"
    assert uuid.UUID(booking["uuid"]) and booking["id"] == booking["uuid"]
    assert booking["supplierReference"]
    assert (booking["productId"], booking["optionId"]) == ("walking-tour", "DEFAULT")
    assert booking["availabilityId"] == booking["availability"]["id"] == body["availabilityId"]
    assert parse_utc(booking["utcExpiresAt"]) - parse_utc(booking["utcCreatedAt"]) == timedelta(minutes=30)
    assert booking["utcConfirmedAt"] is None and booking["utcRedeemedAt"] is None
    assert booking["cancellation"] is None and booking["cancellable"] is True
    assert booking["freesale"] is False and booking["testMode"] is True
    assert [i["unitId"] for i in booking["unitItems"]] == ["adult", "child"]
    assert all(i["status"] == "ON_HOLD" and uuid.UUID(i["uuid"]) for i in booking["unitItems"])
    assert len({i["uuid"] for i in booking["unitItems"]}) == 2


def test_a_reservation_can_be_read_back(client, booked):
    assert client.get(f"/bookings/{booked['uuid']}").ok() == booked


def test_every_timestamp_is_utc_with_z(client):
    set_clock(client, "2031-03-30T00:30:00Z")  # the night British Summer Time starts
    booking = reserve(client, units=("adult",))
    stamps = [v for k, v in booking.items() if k.startswith("utc") and v] + [booking["availability"]["utcCutoffAt"]]
    assert len(stamps) == 4 and all(UTC_Z.match(s) for s in stamps), stamps
    assert booking["utcCreatedAt"].startswith("2031-03-30T00:3")


def test_expiration_minutes_sets_the_hold(client):
    booking = client.post("/bookings", reservation(client, expirationMinutes=45)).ok()
    assert parse_utc(booking["utcExpiresAt"]) - parse_utc(booking["utcCreatedAt"]) == timedelta(minutes=45)


def test_a_reservation_keeps_the_given_uuids_notes_reference_and_contact(client):
    booking_uuid, item_uuid = str(uuid.uuid4()), str(uuid.uuid4())
    body = reservation(client, uuid=booking_uuid, notes="window seat", resellerReference="RES-1",
                       contact={"firstName": "Ada", "lastName": "Lovelace", "emailAddress": "ada@example.com"})
    body["unitItems"] = [{"unitId": "adult", "uuid": item_uuid, "resellerReference": "ITEM-1"}]
    booking = client.post("/bookings", body).ok()
    assert booking["uuid"] == booking_uuid and booking["unitItems"][0]["uuid"] == item_uuid
    assert booking["unitItems"][0]["resellerReference"] == "ITEM-1"
    assert (booking["notes"], booking["resellerReference"]) == ("window seat", "RES-1")
    assert booking["contact"]["fullName"] == "Ada Lovelace"
    assert booking["contact"]["emailAddress"] == "ada@example.com"


def test_delivery_options_are_empty_before_confirmation(client, booked):
    assert booked["deliveryMethods"] == ["VOUCHER", "TICKET"]
    assert booked["voucher"]["deliveryOptions"] == []
    assert all(i["ticket"]["deliveryOptions"] == [] for i in booked["unitItems"])


def test_reserving_holds_seats_of_the_slot(client):
    booking = reserve(client, units=("adult", "adult", "child", "infant"), start="13:00")
    assert availability_of(client, booking["availabilityId"])["vacancies"] == 6


def test_a_unit_holds_as_many_seats_as_its_pax_count(client):
    booking = reserve(client, "cooking-class", units=("family",), start="11:00")
    slot = availability_of(client, booking["availabilityId"], "cooking-class")
    assert (slot["vacancies"], slot["capacity"]) == (4, 8)


def test_the_last_seats_can_be_booked_and_the_slot_is_then_sold_out(client):
    booking = reserve(client, units=("adult",) * 4, start="17:00")
    slot = availability_of(client, booking["availabilityId"])
    assert (slot["vacancies"], slot["status"], slot["available"]) == (0, "SOLD_OUT", False)


def test_a_freesale_reservation_says_so(client):
    booking = reserve(client, "museum-pass", units=("adult", "youth"))
    assert booking["freesale"] is True
    assert booking["availability"]["status"] == "FREESALE"
    assert booking["voucher"] is None and all(i["ticket"] is not None for i in booking["unitItems"])


def test_a_voucher_only_product_has_no_tickets(client):
    booking = reserve(client, "harbour-cruise", units=("adult", "adult"), start="10:00")
    assert booking["deliveryMethods"] == ["VOUCHER"]
    assert booking["voucher"]["redemptionMethod"] == "PRINT"
    assert all(i["ticket"] is None for i in booking["unitItems"])


# --- refused reservations --------------------------------------------------------------------------


def test_unknown_product_is_invalid_product_id(client):
    refused(client, reservation(client, productId="nope"), "INVALID_PRODUCT_ID", productId="nope")


def test_unknown_option_is_invalid_option_id(client):
    refused(client, reservation(client, optionId="NOPE"), "INVALID_OPTION_ID", optionId="NOPE")


def test_unknown_unit_is_invalid_unit_id(client):
    refused(client, reservation(client, units=("adult", "pirate")), "INVALID_UNIT_ID", unitId="pirate")


def test_another_options_unit_is_invalid_unit_id(client):
    refused(client, reservation(client, option_id="EVENING", units=("adult", "infant")),
            "INVALID_UNIT_ID", unitId="infant")


@pytest.mark.parametrize("availability_id", ["2030-01-01T09:00:00+00:00x", "tomorrow", "2030-01-01T10:00:00+00:00"])
def test_unknown_availability_is_invalid_availability_id(client, availability_id):
    refused(client, reservation(client, availabilityId=availability_id),
            "INVALID_AVAILABILITY_ID", availabilityId=availability_id)


def test_another_options_departure_is_invalid_availability_id(client):
    evening = find_slot(client, "walking-tour", "19:30", option_id="EVENING")["id"]
    refused(client, reservation(client, availabilityId=evening), "INVALID_AVAILABILITY_ID", availabilityId=evening)


def test_a_sold_out_departure_is_unprocessable(client):
    refused(client, reservation(client, "harbour-cruise", units=("adult", "adult"), start="20:00"),
            "UNPROCESSABLE_ENTITY")


def test_more_seats_than_left_is_unprocessable(client):
    body = reservation(client, units=("adult",) * 5, start="17:00")
    refused(client, body, "UNPROCESSABLE_ENTITY")
    assert availability_of(client, body["availabilityId"])["vacancies"] == 4


def test_a_closed_departure_is_unprocessable(client):
    body = reservation(client, start="09:00")
    cutoff = parse_utc(availability_of(client, body["availabilityId"])["utcCutoffAt"])
    set_clock(client, utc_text(cutoff + timedelta(minutes=5)))
    client.post("/bookings", body).error("UNPROCESSABLE_ENTITY")
    assert all_bookings(client) == []


def test_a_departure_that_has_started_today_is_unprocessable(client):
    # The sandbox clock reads noon UTC: the 09:00 London tour left hours ago.
    today = sandbox_today(client).isoformat()
    started = find_slot(client, "walking-tour", "09:00", local_date=today)
    assert (started["status"], started["available"]) == ("CLOSED", False)
    refused(client, reservation(client, start="09:00", local_date=today), "UNPROCESSABLE_ENTITY")


def test_a_departure_of_yesterday_is_unprocessable(client):
    body = reservation(client, start="09:00", local_date=sandbox_today(client).isoformat())
    advance_clock(client, 24 * 60)
    refused(client, body, "UNPROCESSABLE_ENTITY")


@pytest.mark.parametrize("product_id, units", [
    ("harbour-cruise", ("adult",)),  # minUnits 2
    ("harbour-cruise", ("adult",) * 7),  # maxUnits 6
    ("walking-tour", ("adult",) * 11),  # maxUnits 10
    ("walking-tour", ("adult", "infant", "infant", "infant")),  # infant maxQuantity 2
    ("cooking-class", ("family", "family")),  # family maxQuantity 1
    ("walking-tour", ("child",)),  # must be accompanied by an adult
    ("walking-tour", ("child", "infant")),
    ("harbour-cruise", ("child", "child")),
], ids=["below-min-units", "above-max-units", "above-max-units-10", "infant-max-quantity",
        "family-max-quantity", "child-alone", "child-and-infant-alone", "children-alone-on-cruise"])
def test_unit_restrictions_are_unprocessable(client, product_id, units):
    refused(client, reservation(client, product_id, units, start="10:00" if product_id == "harbour-cruise" else None),
            "UNPROCESSABLE_ENTITY")


@pytest.mark.parametrize("unit_items", [[], None], ids=["empty", "missing"])
def test_no_unit_items_is_unprocessable(client, unit_items):
    body = reservation(client)
    if unit_items is None:
        del body["unitItems"]
    else:
        body["unitItems"] = unit_items
    refused(client, body, "UNPROCESSABLE_ENTITY")


@pytest.mark.parametrize("missing", ["productId", "optionId", "availabilityId"])
def test_a_missing_id_is_bad_request(client, missing):
    body = reservation(client)
    del body[missing]
    refused(client, body, "BAD_REQUEST")


@pytest.mark.parametrize("minutes", [0, -5, 7 * 24 * 60 + 1, "30"])
def test_an_invalid_expiration_is_bad_request(client, minutes):
    refused(client, reservation(client, expirationMinutes=minutes), "BAD_REQUEST")


def test_an_invalid_contact_email_is_bad_request(client):
    refused(client, reservation(client, contact={"emailAddress": "not an email"}), "BAD_REQUEST")


# --- settlement (seed 002, settlementMethod) ---------------------------------------------------


def test_a_reservation_settles_by_voucher_unless_told_otherwise(client):
    """A reseller that says nothing collects the payment and is invoiced: VOUCHER."""
    assert reserve(client, units=("adult",), start="09:00")["settlementMethod"] == "VOUCHER"
    body = reservation(client, units=("adult",), start="09:00", settlementMethod="DEFERRED")
    assert client.post("/bookings", body).ok()["settlementMethod"] == "DEFERRED"


@pytest.mark.parametrize("method", ["DIRECT", "WHOLESALE"])
def test_card_settlement_is_refused_without_card_payments(client, method):
    """DIRECT and WHOLESALE are paid by card to the supplier (octo/cardPayments): this mock takes no cards."""
    refused(client, reservation(client, units=("adult",), start="09:00", settlementMethod=method), "BAD_REQUEST")


def test_an_unknown_settlement_method_is_refused(client):
    refused(client, reservation(client, units=("adult",), start="09:00", settlementMethod="INVOICE"), "BAD_REQUEST")


def test_an_update_changes_the_settlement_method_and_keeps_it_otherwise(client):
    booking = reserve(client, units=("adult",), start="09:00")
    moved = client.patch(f"/bookings/{booking['uuid']}", {"settlementMethod": "DEPOSIT"}).ok()
    assert moved["settlementMethod"] == "DEPOSIT"
    assert client.patch(f"/bookings/{booking['uuid']}", {"notes": "n"}).ok()["settlementMethod"] == "DEPOSIT"
