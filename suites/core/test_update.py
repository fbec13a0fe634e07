"""Update rules (seed 002, "Booking Update": allowed while cancellable)."""
from __future__ import annotations

import pytest

from suites.plugin.checks import expect_equal, expect_held_for, octo_error


def test_update_on_hold_booking(api, discover, people):
    """An ON_HOLD booking's notes and contact (names, email, phone, locales) can be updated (seed 002, Booking Update)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    contact = people.contact()
    updated = api.tested.update(booking["uuid"], {"notes": "updated by octo-conformance", "contact": contact})
    expect_equal(updated.get("notes"), "updated by octo-conformance", "notes")
    for field in ("fullName", "firstName", "lastName", "emailAddress", "phoneNumber", "locales"):
        expect_equal((updated.get("contact") or {}).get(field), contact[field], f"contact.{field}")
    expect_equal(updated.get("status"), "ON_HOLD", "status")


def test_update_unit_items(api, discover):
    """Updating unitItems replaces the booking's unit items (seed 002, Booking Update)."""
    offer = discover.offer(min_vacancies=1, room_for_one_more=True)
    more = offer.unit_ids + [offer.unit_ids[0]]
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    updated = api.tested.update(booking["uuid"], {"unitItems": [{"unitId": u} for u in more]})
    expect_equal(sorted(i.get("unitId") for i in updated.get("unitItems") or []), sorted(more),
                 "the unit items' unitIds")


def test_update_availability_moves_seats(api, discover):
    """Updating availabilityId moves the booking and its seats to the new departure (seed 002, Booking Update)."""
    offer, other = discover.two_departures()
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    updated = api.tested.update(booking["uuid"], {"availabilityId": other["id"]})
    expect_equal(updated.get("availabilityId"), other["id"], "availabilityId")
    if isinstance(other.get("vacancies"), int):
        moved_to = api.availability({"productId": offer.product_id, "optionId": offer.option_id,
                                     "availabilityIds": [other["id"]]})[0]
        expect_equal(moved_to["vacancies"], other["vacancies"] - offer.seats, f"vacancies of {other['id']}")
    if isinstance(offer.availability.get("vacancies"), int):
        expect_equal(api.departure(offer)["vacancies"], offer.availability["vacancies"],
                     f"vacancies of the departure left, {offer.availability_id}")


def test_update_option(api, discover):
    """Updating optionId (with a departure of that option) changes the booking's option (seed 002, Booking Update)."""
    offer = discover.offer(option_filter=lambda p, o: len(p.get("options", [])) > 1, need="product with two options")
    other = discover.other_option(offer)
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    updated = api.tested.update(booking["uuid"], {"optionId": other.option_id, "availabilityId": other.availability_id,
                                                  "unitItems": [{"unitId": u} for u in other.unit_ids]})
    expect_equal(updated.get("optionId"), other.option_id, "optionId")
    expect_equal(updated.get("availabilityId"), other.availability_id, "availabilityId")


def test_update_product(api, discover):
    """Updating productId (with an option, departure and units of it) moves the booking to that product (seed 002, Booking Update; validator)."""
    offer = discover.offer()
    other = discover.offer(option_filter=lambda p, o: p["id"] != offer.product_id, need="second bookable product")
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    updated = api.tested.update(booking["uuid"], {"productId": other.product_id, "optionId": other.option_id,
                                                  "availabilityId": other.availability_id,
                                                  "unitItems": [{"unitId": u} for u in other.unit_ids]})
    expect_equal((updated.get("productId"), updated.get("optionId"), updated.get("availabilityId")),
                 (other.product_id, other.option_id, other.availability_id), "(productId, optionId, availabilityId)")


def test_update_confirmed_cancellable_booking(api, discover, people):
    """A CONFIRMED booking that is still cancellable can be updated (seed 002: if it can be cancelled, it can be updated)."""
    booking = api.confirmed(discover.offer(), people)
    updated = api.tested.update(booking["uuid"], {"notes": "changed after confirmation"})
    expect_equal(updated.get("notes"), "changed after confirmation", "notes")
    expect_equal(updated.get("status"), "CONFIRMED", "status")


def test_update_refused_after_cancellation(api, client, discover):
    """A cancelled booking cannot be updated, and stays unchanged (seed 002, Booking Update)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference(), notes="before"))
    api.cancel(booking["uuid"])
    octo_error(client.patch(f"/bookings/{booking['uuid']}", {"notes": "after"}),
               ("UNPROCESSABLE_ENTITY", "BAD_REQUEST", "INVALID_BOOKING_UUID"))
    expect_equal(api.get(booking["uuid"]).get("notes"), "before", "notes of the cancelled booking")


def test_update_refused_when_not_cancellable(api, client, discover, people):
    """A booking past its cancellation cutoff (cancellable false) cannot be updated (seed 002, Booking Update)."""
    booking = api.confirmed(discover.inside_cancellation_cutoff(), people, notes="before")
    octo_error(client.patch(f"/bookings/{booking['uuid']}", {"notes": "after"}),
               ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))
    expect_equal(api.get(booking["uuid"]).get("notes"), "before", "notes after the refused update")


def test_update_reference_and_hold(api, discover):
    """resellerReference and expirationMinutes can be updated on a hold (seed 002, Booking Update)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference(), expirationMinutes=5))
    reference = api.reseller_reference()
    updated = api.tested.update(booking["uuid"], {"resellerReference": reference, "expirationMinutes": 90})
    expect_equal(updated.get("resellerReference"), reference, "resellerReference")
    expect_held_for(updated, 90, since="utcUpdatedAt")


def test_update_removes_unit_items_left_out(api, discover):
    """Unit items left out of an update's unitItems are removed from the booking (seed 002; SPEC-DIGEST §1: BookingUpdateBody)."""
    offer = discover.offer(units_at_least=2, need="departure for two unit items",
                           option_filter=lambda p, o: discover.allows(o, (discover.minimal_units(o) or [])[:1]))
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    kept = (booking.get("unitItems") or [])[:1]
    updated = api.tested.update(booking["uuid"], {"unitItems": [{"uuid": i.get("uuid"), "unitId": i.get("unitId")}
                                                                for i in kept]})
    expect_equal([i.get("uuid") for i in updated.get("unitItems") or []], [i.get("uuid") for i in kept],
                 "the unit items left")


def test_update_to_sold_out_departure_is_refused(api, client, discover):
    """Moving a booking to a SOLD_OUT departure is refused, and the booking keeps its departure (seed 002; SPEC-DIGEST §3)."""
    sold_out = discover.sold_out()
    offer = discover.offer(option_filter=lambda p, o: (p["id"], o["id"]) == (sold_out.product_id, sold_out.option_id),
                           need="bookable departure of the option with a SOLD_OUT one")
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    octo_error(client.patch(f"/bookings/{booking['uuid']}", {"availabilityId": sold_out.availability_id}),
               ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))
    expect_equal(api.get(booking["uuid"]).get("availabilityId"), offer.availability_id, "availabilityId after the refusal")


@pytest.mark.parametrize("field,code", [("productId", "INVALID_PRODUCT_ID"), ("optionId", "INVALID_OPTION_ID"),
                                        ("availabilityId", "INVALID_AVAILABILITY_ID")])
def test_update_with_unknown_id_is_refused(api, client, discover, field, code):
    """An update naming an unknown productId, optionId or availabilityId is refused with its INVALID_*_ID, echoing it (SPEC-DIGEST §3)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    unknown = "octo-conformance-unknown"
    octo_error(client.patch(f"/bookings/{booking['uuid']}", {field: unknown}), code, {field: unknown})


def test_updating_unknown_booking_is_refused(client):
    """Updating an unknown uuid gets INVALID_BOOKING_UUID echoing uuid (SPEC-DIGEST §3)."""
    unknown = "00000000-0000-4000-8000-00000000c0de"
    octo_error(client.patch(f"/bookings/{unknown}", {"notes": "x"}), "INVALID_BOOKING_UUID", {"uuid": unknown})
