"""Confirmation rules (seed 002, "Booking Confirmation")."""
from __future__ import annotations

import pytest

from suites.plugin.checks import expect, expect_equal, octo_error
from suites.plugin.discovery import restrictions, units_of


def test_confirmation_confirms(api, discover, people, shape):
    """Confirming sets CONFIRMED, utcConfirmedAt, and clears utcExpiresAt (seed 002, Booking Confirmation)."""
    booking = api.reserve(discover.offer(shape=shape).reservation(api.reseller_reference()))
    booking = api.tested.confirm(booking["uuid"], {"contact": people.contact(),
                                                   "resellerReference": booking.get("resellerReference")})
    expect_equal(booking.get("status"), "CONFIRMED", "status")
    expect(booking.get("utcConfirmedAt"), "utcConfirmedAt set", booking.get("utcConfirmedAt"))
    expect_equal(booking.get("utcExpiresAt"), None, "utcExpiresAt")


def test_confirmation_stores_contact_and_reference(api, discover, people):
    """The confirmed booking shows the contact (names, email, phone, country, locales) and resellerReference sent (seed 002, Booking Confirmation)."""
    booking = api.reserve(discover.offer().reservation())
    contact, reference = people.contact(), api.reseller_reference()
    confirmed = api.confirm(booking["uuid"], {"contact": contact, "resellerReference": reference})
    expect_equal(confirmed.get("resellerReference"), reference, "resellerReference")
    for field in ("fullName", "firstName", "lastName", "emailAddress", "phoneNumber", "country", "locales"):
        expect_equal((confirmed.get("contact") or {}).get(field), contact[field], f"contact.{field}")


def test_voucher_delivered_per_delivery_methods(api, discover, people):
    """Once confirmed, the voucher carries delivery options in the product's formats exactly when deliveryMethods has VOUCHER (seed 002)."""
    offer = discover.offer(option_filter=lambda p, o: "VOUCHER" in p.get("deliveryMethods", []),
                           need="product delivered by VOUCHER")
    booking = api.confirmed(offer, people)
    _delivered(booking.get("voucher"), offer.product, "voucher")


def test_tickets_delivered_per_delivery_methods(api, discover, people):
    """Once confirmed, every unit item's ticket carries delivery options exactly when deliveryMethods has TICKET (seed 002)."""
    offer = discover.offer(option_filter=lambda p, o: "TICKET" in p.get("deliveryMethods", []),
                           need="product delivered by TICKET")
    booking = api.confirmed(offer, people)
    expect(booking.get("unitItems"), "unit items on the confirmed booking", booking.get("unitItems"))
    for item in booking["unitItems"]:
        _delivered(item.get("ticket"), offer.product, f"ticket of unit item {item.get('uuid')}")


def _delivered(ticket: dict | None, product: dict, what: str) -> None:
    expect(ticket and ticket.get("deliveryOptions"), f"the {what} to carry delivery options", ticket)
    formats = {o.get("deliveryFormat") for o in ticket["deliveryOptions"]}
    expect(formats <= set(product.get("deliveryFormats") or []),
           f"{what} formats among the product's deliveryFormats {product.get('deliveryFormats')}",
           sorted(map(str, formats)))
    for option in ticket["deliveryOptions"]:
        expect(option.get("deliveryValue"), f"a value for each delivery option of the {what}", option)
        if option.get("deliveryFormat") in ("PDF_URL", "PKPASS_URL"):
            expect(str(option["deliveryValue"]).startswith(("http://", "https://")),
                   f"{option['deliveryFormat']} to be a link", option["deliveryValue"])


def test_confirmation_with_unit_items_changes_them(api, discover, people):
    """Confirming with unitItems replaces the unit items, their count, reseller references and contacts (names, email, phone, locales) (seed 002, Booking Confirmation)."""
    offer = discover.offer(min_vacancies=1, room_for_one_more=True)
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    more = offer.unit_ids + [offer.unit_ids[0]]
    items = [{"unitId": u, "resellerReference": f"{booking['resellerReference']}-{n}", "contact": people.contact()}
             for n, u in enumerate(more, start=1)]
    confirmed = api.confirm(booking["uuid"], {"contact": people.contact(), "unitItems": items,
                                              "resellerReference": booking["resellerReference"]})
    confirmed_items = confirmed.get("unitItems") or []
    expect_equal(len(confirmed_items), len(items), "number of unit items")
    for field in ("fullName", "emailAddress", "phoneNumber", "locales"):
        seen = sorted(str((i.get("contact") or {}).get(field)) for i in confirmed_items)
        expect_equal(seen, sorted(str(i["contact"][field]) for i in items), f"the unit items' contact {field}")
    references = sorted(i.get("resellerReference") or "" for i in confirmed_items)
    expect_equal(references, sorted(i["resellerReference"] for i in items), "the unit items' reseller references")


def test_confirming_with_unknown_unit_is_refused(api, client, discover, people):
    """Confirming with unit items of an unknown unit gets INVALID_UNIT_ID echoing unitId, and the booking stays ON_HOLD (SPEC-DIGEST §3; validator)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    unknown = "octo-conformance-unknown"
    octo_error(client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": people.contact(),
                                                                     "unitItems": [{"unitId": unknown}]}),
               "INVALID_UNIT_ID", {"unitId": unknown})
    expect_equal(api.get(booking["uuid"]).get("status"), "ON_HOLD", "status after the refused confirmation")


def test_delivery_methods_are_the_products(api, discover, people):
    """A booking's deliveryMethods are its product's (SPEC-DIGEST §2 "where the sources disagree" 6; validator)."""
    offer = discover.offer()
    booking = api.confirmed(offer, people)
    expect_equal(sorted(booking.get("deliveryMethods") or []), sorted(offer.product.get("deliveryMethods") or []),
                 "deliveryMethods, sorted")


def test_confirmation_with_email_receipt(api, discover, people):
    """A confirmation asking for emailReceipt is accepted like any other (seed 002, Booking Confirmation: emailReceipt)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    confirmed = api.tested.confirm(booking["uuid"], {"contact": people.contact(), "emailReceipt": True})
    expect_equal(confirmed.get("status"), "CONFIRMED", "status")


def test_confirmation_with_fewer_unit_items(api, discover, people):
    """Confirming with fewer unit items than reserved leaves the booking with just those (seed 002: unit items left out are removed)."""
    offer = discover.offer(units_at_least=2, need="departure for two unit items",
                           option_filter=lambda p, o: discover.allows(o, (discover.minimal_units(o) or [])[:1]))
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    kept = offer.unit_ids[:1]
    confirmed = api.tested.confirm(booking["uuid"], {"contact": people.contact(),
                                                     "unitItems": [{"unitId": u} for u in kept]})
    expect_equal(sorted(i.get("unitId") for i in confirmed.get("unitItems") or []), kept, "the unit items' unitIds")


def test_confirmation_without_required_contact_is_refused(api, client, discover):
    """Confirming without the contact fields the option requires is refused, and the booking stays ON_HOLD (SPEC-DIGEST §2: Option.requiredContactFields)."""
    booking = api.reserve(discover.offer(shape="REQUIRED_CONTACT").reservation(api.reseller_reference()))
    octo_error(client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": {}}),
               ("BAD_REQUEST", "UNPROCESSABLE_ENTITY"))
    expect_equal(api.get(booking["uuid"]).get("status"), "ON_HOLD", "status after the refused confirmation")


def test_confirmation_over_a_units_max_quantity_is_refused(api, client, discover, people):
    """Confirming with more of a unit than its maxQuantity is refused, and the booking stays ON_HOLD (SPEC-DIGEST §2, UnitRestrictions)."""
    offer = discover.offer(shape="UNIT_LIMITS")
    limited = next((u for u in units_of(offer.option) if isinstance(restrictions(u).get("maxQuantity"), int)), None)
    if limited is None:
        pytest.skip(f"option {offer.option_id} limits units by minQuantity only")
    order = [limited["id"]] * (restrictions(limited)["maxQuantity"] + 1)
    order += (restrictions(limited).get("accompaniedBy") or [])[:1]
    most = restrictions(offer.option).get("maxUnits")
    if isinstance(most, int) and len(order) > most:
        pytest.skip(f"option {offer.option_id}'s maxUnits {most} is reached before unit {limited['id']}'s maxQuantity")
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    octo_error(client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": people.contact(),
                                                                     "unitItems": [{"unitId": u} for u in order]}),
               ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))
    expect_equal(api.get(booking["uuid"]).get("status"), "ON_HOLD", "status after the refused confirmation")


def test_confirming_unknown_booking_is_refused(client, people):
    """Confirming an unknown uuid gets INVALID_BOOKING_UUID echoing uuid (SPEC-DIGEST §3)."""
    unknown = "00000000-0000-4000-8000-00000000c0de"
    octo_error(client.post(f"/bookings/{unknown}/confirm", {"contact": people.contact()}),
               "INVALID_BOOKING_UUID", {"uuid": unknown})


def test_confirming_cancelled_booking_is_refused(api, client, discover, people):
    """A cancelled booking cannot be confirmed, and stays CANCELLED (seed 002; PEERS: octomock re-confirms)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    api.cancel(booking["uuid"])
    octo_error(client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": people.contact()}),
               ("UNPROCESSABLE_ENTITY", "INVALID_BOOKING_UUID", "BAD_REQUEST"))
    expect_equal(api.get(booking["uuid"]).get("status"), "CANCELLED", "status after the refused confirmation")


def test_confirming_cancelled_confirmed_booking_is_refused(api, client, discover, people):
    """A confirmed booking, once cancelled, cannot be confirmed again and stays CANCELLED (seed 002; PEERS: octomock re-confirms)."""
    booking = api.confirmed(discover.offer(), people)
    api.cancel(booking["uuid"])
    octo_error(client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": people.contact()}),
               ("UNPROCESSABLE_ENTITY", "INVALID_BOOKING_UUID", "BAD_REQUEST"))
    expect_equal(api.get(booking["uuid"]).get("status"), "CANCELLED", "status after the refused confirmation")
