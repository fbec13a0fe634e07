"""Reservation rules (seed 002, "Booking Reservation")."""
from __future__ import annotations

import re

import uuid as uuidlib

import pytest

from suites.plugin.checks import expect, expect_equal, expect_held_for, octo_error
from suites.plugin.discovery import SHAPE_IDS

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

COUNTED_SHAPES = [s for s in SHAPE_IDS if s != "FREESALE"]  # a FREESALE departure has no vacancies to count

UNKNOWN = "octo-conformance-unknown"


def test_reservation_is_on_hold(api, discover, shape):
    """A reservation creates a booking with status ON_HOLD (seed 002, Booking Reservation)."""
    booking = api.tested.reserve(discover.offer(shape=shape).reservation(api.reseller_reference()))
    expect_equal(booking["status"], "ON_HOLD", "status")


def test_hold_expiry_honours_expiration_minutes(api, discover):
    """utcExpiresAt lies expirationMinutes after utcCreatedAt (seed 002, Booking Reservation)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference(), expirationMinutes=45))
    expect_held_for(booking, 45, since="utcCreatedAt")


def test_unit_items_as_requested(api, discover):
    """The booking has one unit item per requested unit, with unique uuids (seed 002, Booking Reservation).

    Two or more of a unit are booked where an option allows it, so that a supplier counting
    units by quantity in one unit item is seen."""
    try:
        offer = discover.offer(units_at_least=2, need="departure for two unit items")
    except pytest.skip.Exception:
        offer = discover.offer()
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    items = booking.get("unitItems") or []
    expect_equal(sorted(i.get("unitId") for i in items), sorted(offer.unit_ids), "the unit items' unitIds")
    uuids = [i.get("uuid") for i in items]
    expect(len(set(uuids)) == len(uuids), "a uuid of its own for each unit item", uuids)


def test_unit_item_uuids_are_honoured(api, discover):
    """Unit item uuids sent with the reservation are the unit items' uuids (seed 002, unitItems[].uuid)."""
    offer = discover.offer()
    sent = [str(uuidlib.uuid4()) for _ in offer.unit_ids]
    body = offer.reservation(api.reseller_reference(),
                             unitItems=[{"unitId": u, "uuid": s} for u, s in zip(offer.unit_ids, sent)])
    booking = api.reserve(body)
    expect_equal(sorted(str(i.get("uuid")).lower() for i in booking.get("unitItems") or []), sorted(sent),
                 "the unit items' uuids (in any case: test_uuids_are_lower_case judges the case)")


def test_reservation_echoes_what_was_booked(api, discover):
    """The booking shows the requested uuid, product, option and availability (seed 002, Booking Reservation)."""
    offer = discover.offer()
    body = offer.reservation(api.reseller_reference())
    booking = api.reserve(body)
    for field, wanted in (("uuid", body["uuid"]), ("productId", offer.product_id), ("optionId", offer.option_id),
                          ("availabilityId", offer.availability_id)):
        expect_equal(booking.get(field), wanted, field)
    expect_equal((booking.get("availability") or {}).get("id"), offer.availability_id, "availability.id")


def test_booking_availability_is_the_departure_booked(api, discover, shape):
    """booking.availability is the departure booked: its id, start, end, allDay and openingHours (seed 002, Booking Reservation; validator)."""
    offer = discover.offer(shape=shape)
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    fields = ("id", "localDateTimeStart", "localDateTimeEnd", "allDay", "openingHours")
    embedded = booking.get("availability") or {}
    expect_equal({f: embedded.get(f) for f in fields}, {f: offer.availability.get(f) for f in fields},
                 "booking.availability's " + ", ".join(fields))


def test_delivery_options_empty_before_confirmation(api, discover):
    """An ON_HOLD booking has no delivery options yet (seed 002: populated once confirmed)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    tickets = [booking.get("voucher")] + [i.get("ticket") for i in booking.get("unitItems") or []]
    given = [t["deliveryOptions"] for t in tickets if isinstance(t, dict) and t.get("deliveryOptions")]
    expect(not given, "empty deliveryOptions on the voucher and tickets of an ON_HOLD booking", given)


@pytest.mark.parametrize("shape", COUNTED_SHAPES)
def test_reservation_holds_vacancies(api, discover, shape):
    """A reservation lowers the departure's vacancies by the seats booked (seed 002: reserving holds availability)."""
    offer = discover.offer(slot_filter=lambda s: isinstance(s.get("vacancies"), int), need="departure with a capacity",
                           shape=shape)
    before = api.departure(offer)["vacancies"]
    api.reserve(offer.reservation(api.reseller_reference()))
    after = api.departure(offer)["vacancies"]
    expect_equal(after, before - offer.seats, f"vacancies after booking {offer.seats} seats (were {before})")


@pytest.mark.parametrize("confirmed", [False, True], ids=["hold", "confirmed"])
def test_cancellation_releases_vacancies(api, discover, people, confirmed):
    """Cancelling a reservation or a confirmed booking gives its seats back (seed 002, Booking Cancellation)."""
    offer = discover.offer(slot_filter=lambda s: isinstance(s.get("vacancies"), int), need="departure with a capacity")
    before = api.departure(offer)["vacancies"]
    booking = api.confirmed(offer, people) if confirmed else api.reserve(offer.reservation(api.reseller_reference()))
    api.cancel(booking["uuid"])
    expect_equal(api.departure(offer)["vacancies"], before, "vacancies after the booking was cancelled")


def test_reservation_without_uuid_gets_one(api, discover):
    """A reservation sent without uuid gets a booking with a uuid the supplier made (seed 002: uuid is optional)."""
    body = discover.offer().reservation(api.reseller_reference())
    del body["uuid"]
    booking = api.tested.reserve(body)
    expect(UUID.match(booking["uuid"]), "a booking uuid in the 8-4-4-4-12 form", booking["uuid"])


@pytest.mark.parametrize("field,code", [("productId", "INVALID_PRODUCT_ID"), ("optionId", "INVALID_OPTION_ID"),
                                        ("availabilityId", "INVALID_AVAILABILITY_ID")])
def test_reservation_missing_an_id_is_refused(api, client, discover, field, code):
    """A reservation without productId, optionId or availabilityId is refused with that id's INVALID_*_ID (BAD_REQUEST accepted) (SPEC-DIGEST §3: the id is missing or invalid)."""
    body = discover.offer().reservation(api.reseller_reference())
    del body[field]
    octo_error(client.post("/bookings", body), (code, "BAD_REQUEST"))


def test_unknown_product_is_refused(api, client, discover):
    """Reserving an unknown product gets INVALID_PRODUCT_ID echoing productId (SPEC-DIGEST §3)."""
    body = discover.offer().reservation(productId=UNKNOWN)
    octo_error(client.post("/bookings", body), "INVALID_PRODUCT_ID", {"productId": UNKNOWN})


def test_unknown_option_is_refused(api, client, discover):
    """Reserving an unknown option gets INVALID_OPTION_ID echoing optionId (SPEC-DIGEST §3)."""
    body = discover.offer().reservation(optionId=UNKNOWN)
    octo_error(client.post("/bookings", body), "INVALID_OPTION_ID", {"optionId": UNKNOWN})


def test_unknown_availability_is_refused(api, client, discover):
    """Reserving an unknown availability gets INVALID_AVAILABILITY_ID echoing availabilityId (SPEC-DIGEST §3)."""
    body = discover.offer().reservation(availabilityId=UNKNOWN)
    octo_error(client.post("/bookings", body), "INVALID_AVAILABILITY_ID", {"availabilityId": UNKNOWN})


def test_unknown_unit_is_refused(api, client, discover):
    """Reserving an unknown unit gets INVALID_UNIT_ID echoing unitId (SPEC-DIGEST §3)."""
    body = discover.offer().reservation(unitItems=[{"unitId": UNKNOWN}])
    octo_error(client.post("/bookings", body), "INVALID_UNIT_ID", {"unitId": UNKNOWN})


def test_empty_unit_items_are_refused(api, client, discover):
    """A reservation with an empty unitItems list is refused (UNPROCESSABLE_ENTITY; BAD_REQUEST accepted) (validator)."""
    body = discover.offer().reservation(unitItems=[])
    octo_error(client.post("/bookings", body), ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))


def test_missing_unit_items_are_refused(api, client, discover):
    """A reservation without unitItems is refused (UNPROCESSABLE_ENTITY; BAD_REQUEST accepted) (validator)."""
    body = discover.offer().reservation()
    del body["unitItems"]
    octo_error(client.post("/bookings", body), ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))


def test_sold_out_departure_is_refused(api, client, discover):
    """Reserving a SOLD_OUT departure gets UNPROCESSABLE_ENTITY (SPEC-DIGEST §3; validator)."""
    octo_error(client.post("/bookings", discover.sold_out().reservation()), "UNPROCESSABLE_ENTITY")


def test_over_capacity_is_refused(api, client, discover):
    """Reserving more seats than a departure has left gets UNPROCESSABLE_ENTITY, and holds nothing (SPEC-DIGEST §3)."""
    offer = discover.over_capacity()
    before = api.departure(offer)["vacancies"]
    octo_error(client.post("/bookings", offer.reservation()), "UNPROCESSABLE_ENTITY")
    expect_equal(api.departure(offer)["vacancies"], before, "vacancies after the refused reservation")


def test_unaccompanied_unit_is_refused(api, client, discover):
    """A unit that must be accompanied (accompaniedBy) cannot be booked alone (SPEC-DIGEST §2, UnitRestrictions)."""
    octo_error(client.post("/bookings", discover.unaccompanied().reservation()), "UNPROCESSABLE_ENTITY")


def test_max_units_is_enforced(api, client, discover):
    """A reservation over the option's maxUnits is refused (SPEC-DIGEST §2, Option restrictions).

    The departure has room for every unit sent, so that a refusal for want of seats does not
    pass for one of maxUnits."""
    offer = discover.beyond_units_limit("maxUnits", lambda most: most + 1)
    octo_error(client.post("/bookings", offer.reservation()), "UNPROCESSABLE_ENTITY")


def test_min_units_is_enforced(api, client, discover):
    """A reservation under the option's minUnits is refused (SPEC-DIGEST §2, Option restrictions).

    The departure has room for every unit sent, as for maxUnits."""
    offer = discover.beyond_units_limit("minUnits", lambda least: least - 1 if least >= 2 else 0)
    octo_error(client.post("/bookings", offer.reservation()), "UNPROCESSABLE_ENTITY")


def test_past_departure_is_refused(api, client, discover):
    """A departure past its booking cutoff cannot be reserved (SPEC-DIGEST §3: UNPROCESSABLE_ENTITY past the cutoff; PEERS: octomock books the past).

    Only departures the target itself lists (yesterday's or today's) are tried, past their
    utcCutoffAt (or their end); BAD_REQUEST and INVALID_AVAILABILITY_ID are accepted as well."""
    offer = discover.past()
    octo_error(client.post("/bookings", offer.reservation(api.reseller_reference())),
               ("UNPROCESSABLE_ENTITY", "BAD_REQUEST", "INVALID_AVAILABILITY_ID"))


def test_booking_on_freesale_departure_is_freesale(api, discover):
    """A booking on a FREESALE departure says freesale true (SPEC-DIGEST §2, Booking.freesale; PEERS: octomock says false)."""
    booking = api.reserve(discover.offer(shape="FREESALE").reservation(api.reseller_reference()))
    expect_equal(booking.get("freesale"), True, "freesale of a booking on a FREESALE departure")


def test_booking_on_counted_departure_is_not_freesale(api, discover):
    """A booking on a departure with counted vacancies says freesale false (SPEC-DIGEST §2, Booking.freesale)."""
    offer = discover.offer(slot_filter=lambda s: isinstance(s.get("vacancies"), int) and s.get("status") != "FREESALE",
                           need="departure with a capacity")
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    expect_equal(booking.get("freesale"), False, "freesale of a booking on a departure with a capacity")
