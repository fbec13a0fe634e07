"""octo/pickups rules (SPEC-CAPABILITIES §2, Model A): pickup on options and departures, and
the pickup a booking asks for on reserve, update and confirm.

No source gives error codes for pickups (SPEC-CAPABILITIES §0, §2.4): a refusal may be
BAD_REQUEST or UNPROCESSABLE_ENTITY, and an unknown point may also get the code the digest
proposes, INVALID_PICKUP_POINT_ID. A free-text hotel pickup is taken by Ventrata, not promised
by every source: a target that refuses one skips the rule about it.
"""
from __future__ import annotations

import pytest

from suites.plugin.checks import as_json, capability_valid, expect, expect_equal, octo_error, utc_moment
from suites.plugin.discovery import DEFAULT_DAYS, Offer, bookable

pytestmark = pytest.mark.capability("octo/pickups")

PICKUPS = "octo/pickups"
REFUSED = ("UNPROCESSABLE_ENTITY", "BAD_REQUEST")
UNKNOWN_POINT = "INVALID_PICKUP_POINT_ID"  # the digest's proposal (§2.4 Rec); not in any source
OPTION_FIELDS = ("pickupAvailable", "pickupRequired", "pickupPoints")
BOOKING_FIELDS = ("pickupRequested", "pickupPointId", "pickupHotel", "pickupHotelRoom", "pickupPoint")
NO_SUCH_POINT = "octoconf-no-such-pickup-point"
HOTEL = "Hotel OCTOCONF, 1 Conformance Street"


def _offers_pickup(product: dict, option: dict) -> bool:
    return option.get("pickupAvailable") is True and option.get("pickupRequired") is not True


def _with_points(slot: dict) -> bool:
    return bool(_point_ids(slot))


def _point_ids(thing: dict) -> list[str]:
    return [p.get("id") for p in thing.get("pickupPoints") or [] if isinstance(p, dict) and p.get("id")]


@pytest.fixture
def pickup_offer(discover) -> Offer:
    """A departure with pickup points, of an option offering pickup without requiring it."""
    return discover.offer(option_filter=_offers_pickup, slot_filter=_with_points,
                          need="departure with pickupPoints of an option offering pickup (not requiring it)")


def _point(offer: Offer) -> dict:
    """The first pickup point the offer's departure lists."""
    return next(p for p in offer.availability["pickupPoints"] if isinstance(p, dict) and p.get("id"))


def _pickup(booking: dict) -> dict:
    return {name: booking.get(name) for name in BOOKING_FIELDS}


def _expect_point(booking: dict, point_id: str, what: str) -> None:
    expect_equal((booking.get("pickupRequested"), booking.get("pickupPointId"),
                  (booking.get("pickupPoint") or {}).get("id")), (True, point_id, point_id),
                 f"(pickupRequested, pickupPointId, pickupPoint.id) {what}")


def _refused(reply, codes: tuple[str, ...]) -> None:
    """An OCTO error with one of `codes`; INVALID_PICKUP_POINT_ID when listed, though the
    standard's error codes do not have it."""
    body = reply.json() if reply.status == 400 else None
    if UNKNOWN_POINT in codes and isinstance(body, dict) and body.get("error") == UNKNOWN_POINT:
        expect(isinstance(body.get("errorMessage"), str), "an OCTO error body {error, errorMessage}", reply.gist())
        return
    octo_error(reply, tuple(c for c in codes if c != UNKNOWN_POINT))


# --- options and departures -------------------------------------------------------------


def test_options_carry_pickup_fields(api):
    """With octo/pickups every option says pickupAvailable, pickupRequired and its pickupPoints, each a valid point, and a required pickup is an available one (SPEC-CAPABILITIES §2.2; Ventrata OpenAPI, OptionPickups and PickupPoint)."""
    products = api.products()
    capability_valid("product", products, PICKUPS, many=True)
    contradictory = [f"{p.get('id')}/{o.get('id')}" for p in products for o in p.get("options") or []
                     if o.get("pickupRequired") is True and o.get("pickupAvailable") is not True]
    expect(not contradictory, "pickupAvailable true on every option with pickupRequired true", contradictory)


def test_departures_list_pickup_points_of_their_option(api, pickup_offer):
    """A departure says pickupAvailable, pickupRequired and the pickupPoints serving it, each valid and one of its option's (SPEC-CAPABILITIES §2.2: the option lists every point, the availability the subset for that slot)."""
    slots = api.availability({"productId": pickup_offer.product_id, "optionId": pickup_offer.option_id,
                              "availabilityIds": [pickup_offer.availability_id]})
    capability_valid("availability", slots, PICKUPS, many=True)
    of_option = set(_point_ids(pickup_offer.option))
    strangers = [pid for slot in slots for pid in _point_ids(slot) if pid not in of_option]
    expect(not strangers, f"only points of the option's pickupPoints {sorted(of_option)}", strangers)


def test_pickup_fields_absent_without_the_capability(api, client, pickup_offer):
    """Without octo/pickups in Octo-Capabilities, options, departures and bookings carry no pickup field (SPEC-CAPABILITIES §0: present when the capability is applied, absent when not; Ventrata OpenAPI: only present when requested)."""
    booking = api.reserve(pickup_offer.reservation(api.reseller_reference()))
    others = tuple(c for c in client.capabilities if c != PICKUPS)
    seen = []
    products = client.get("/products", capabilities=others).json()
    for product in products if isinstance(products, list) else []:
        for option in product.get("options") or [] if isinstance(product, dict) else []:
            seen += [f"products {product.get('id')}/{option.get('id')}.{f}" for f in OPTION_FIELDS if f in option]
    slots = client.post("/availability", {"productId": pickup_offer.product_id, "optionId": pickup_offer.option_id,
                                          "availabilityIds": [pickup_offer.availability_id]}, capabilities=others)
    for slot in slots.json() if isinstance(slots.json(), list) else []:
        seen += [f"availability.{f}" for f in OPTION_FIELDS if f in slot]
    read = api.read_without(booking["uuid"], others)
    seen += [f"booking.{f}" for f in BOOKING_FIELDS if f in read]
    expect(not seen, "no pickup field without octo/pickups", seen)


# --- bookings ----------------------------------------------------------------------------


def test_bookings_carry_pickup_fields(api, pickup_offer):
    """With octo/pickups a booking carries pickupRequested, pickupPointId, pickupHotel, pickupHotelRoom and pickupPoint, with or without a pickup (SPEC-CAPABILITIES §2.2; Ventrata OpenAPI, Booking)."""
    without = api.reserve(pickup_offer.reservation(api.reseller_reference()))
    capability_valid("booking", without, PICKUPS)
    expect(without.get("pickupRequested") is False, "pickupRequested false on a booking made without a pickup",
           f"pickupRequested = {as_json(without.get('pickupRequested'))}")
    point = _point(pickup_offer)
    capability_valid("booking", api.reserve(pickup_offer.reservation(api.reseller_reference(), pickupRequested=True,
                                                                     pickupPointId=point["id"])), PICKUPS)


def test_reservation_with_pickup_point(api, pickup_offer):
    """Reserving with pickupRequested and a pickupPointId of the departure gives a booking with that point as pickupPoint, at the time the departure lists (SPEC-CAPABILITIES §2.2-2.3)."""
    point = _point(pickup_offer)
    booking = api.tested.reserve(pickup_offer.reservation(api.reseller_reference(), pickupRequested=True,
                                                          pickupPointId=point["id"]))
    _expect_point(booking, point["id"], "of the reservation")
    if point.get("localDateTime"):
        shown = (booking.get("pickupPoint") or {}).get("localDateTime")
        expect(shown == point["localDateTime"] or (utc_moment(shown) or 0) == utc_moment(point["localDateTime"]),
               f"pickupPoint.localDateTime {point['localDateTime']} (the departure's pickup time)",
               f"pickupPoint.localDateTime = {as_json(shown)}")


def test_reservation_with_pickup_hotel(api, client, pickup_offer):
    """Reserving with pickupRequested and a pickupHotel gives a booking showing that hotel, where the target takes hotel pickups (SPEC-CAPABILITIES §2.3-2.4; Ventrata)."""
    reply = client.post("/bookings", pickup_offer.reservation(api.reseller_reference(), pickupRequested=True,
                                                              pickupHotel=HOTEL, pickupHotelRoom="101"))
    if reply.status != 200:
        pytest.skip(f"the target takes no free-text hotel pickup on {pickup_offer.product_id}/"
                    f"{pickup_offer.option_id} (HTTP {reply.status}: {reply.gist()})")
    booking = reply.json()
    expect_equal((booking.get("pickupRequested"), booking.get("pickupHotel")), (True, HOTEL),
                 "(pickupRequested, pickupHotel)")


def test_pickup_survives_update(api, pickup_offer):
    """An update of other fields keeps the booking's pickup as it was (SPEC-CAPABILITIES §2.3: a request changes the pickup fields it sends)."""
    point = _point(pickup_offer)
    booking = api.reserve(pickup_offer.reservation(api.reseller_reference(), pickupRequested=True,
                                                   pickupPointId=point["id"]))
    updated = api.tested.update(booking["uuid"], {"notes": "OCTOCONF pickup update"})
    expect_equal(_pickup(updated), _pickup(booking), "the pickup fields after updating notes")


def test_update_sets_pickup(api, pickup_offer):
    """An update with pickupRequested and a pickupPointId gives a booking made without a pickup that point (SPEC-CAPABILITIES §2.3: PATCH /bookings takes the pickup fields)."""
    point = _point(pickup_offer)
    booking = api.reserve(pickup_offer.reservation(api.reseller_reference()))
    updated = api.tested.update(booking["uuid"], {"pickupRequested": True, "pickupPointId": point["id"]})
    _expect_point(updated, point["id"], "after the update")


def test_pickup_survives_confirmation(api, people, pickup_offer):
    """Confirming keeps the pickup the reservation asked for (SPEC-CAPABILITIES §2.3)."""
    point = _point(pickup_offer)
    booking = api.reserve(pickup_offer.reservation(api.reseller_reference(), pickupRequested=True,
                                                   pickupPointId=point["id"]))
    confirmed = api.tested.confirm(booking["uuid"], pickup_offer.confirmation(people.contact()))
    expect_equal(_pickup(confirmed), _pickup(booking), "the pickup fields after confirming")


def test_confirmation_sets_pickup(api, people, pickup_offer):
    """A confirmation with pickupRequested and a pickupPointId gives the booking that point (SPEC-CAPABILITIES §2.3: POST /bookings/{uuid}/confirm takes the pickup fields)."""
    point = _point(pickup_offer)
    booking = api.reserve(pickup_offer.reservation(api.reseller_reference()))
    confirmed = api.tested.confirm(booking["uuid"], pickup_offer.confirmation(
        people.contact(), pickupRequested=True, pickupPointId=point["id"]))
    _expect_point(confirmed, point["id"], "after the confirmation")


# --- refusals ----------------------------------------------------------------------------


def test_required_pickup_missing_is_refused(api, client, discover, people):
    """A booking of an option with pickupRequired cannot be confirmed without a pickup: the reservation or the confirmation is refused (SPEC-CAPABILITIES §2.4: a pickup must be supplied; the OCTO draft, Ventrata docs)."""
    offer = discover.offer(option_filter=lambda p, o: o.get("pickupRequired") is True,
                           need="departure of an option with pickupRequired")
    body = {key: value for key, value in offer.reservation(api.reseller_reference()).items()
            if key not in offer.required_pickup()}  # discovery's offers bring the pickup such options need
    reserved = client.post("/bookings", body)
    if reserved.status != 200:
        octo_error(reserved, REFUSED)
        return
    booking = reserved.json()
    _refused(client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": people.contact()}), REFUSED)
    expect_equal(api.get(booking["uuid"]).get("status"), "ON_HOLD", "status after the refused confirmation")


def test_required_pickup_given_confirms(api, people, discover):
    """A booking of an option with pickupRequired, given a pickup point of its departure, is confirmed with that point (SPEC-CAPABILITIES §2.4: the pickup is supplied during booking)."""
    offer = discover.offer(option_filter=lambda p, o: o.get("pickupRequired") is True, slot_filter=_with_points,
                           need="departure with pickupPoints of an option with pickupRequired")
    point = _point(offer)
    booking = api.reserve(offer.reservation(api.reseller_reference(), pickupRequested=True, pickupPointId=point["id"]))
    confirmed = api.tested.confirm(booking["uuid"], offer.confirmation(people.contact()))
    _expect_point(confirmed, point["id"], "of the confirmed booking")


def test_unknown_pickup_point_is_refused(api, client, pickup_offer):
    """Reserving with a pickupPointId the option does not have is refused (SPEC-CAPABILITIES §2.4; no source gives a code: BAD_REQUEST, UNPROCESSABLE_ENTITY or INVALID_PICKUP_POINT_ID)."""
    body = pickup_offer.reservation(api.reseller_reference(), pickupRequested=True, pickupPointId=NO_SUCH_POINT)
    _refused(client.post("/bookings", body), (*REFUSED, UNKNOWN_POINT))


def test_point_not_serving_the_departure_is_refused(api, client, discover):
    """Reserving with a point of the option that the departure does not list is refused (SPEC-CAPABILITIES §2.2 and §2.4: not every point serves every departure; the availability list is authoritative)."""
    offer, point_id = _departure_missing_a_point(discover)
    body = offer.reservation(api.reseller_reference(), pickupRequested=True, pickupPointId=point_id)
    _refused(client.post("/bookings", body), (*REFUSED, UNKNOWN_POINT))


def test_pickup_where_none_is_offered_is_refused(api, client, discover):
    """Asking for a pickup on an option with pickupAvailable false is refused (SPEC-CAPABILITIES §2.4: UNPROCESSABLE_ENTITY recommended; BAD_REQUEST accepted)."""
    offer = discover.offer(option_filter=lambda p, o: o.get("pickupAvailable") is False,
                           need="departure of an option offering no pickup (pickupAvailable false)")
    body = offer.reservation(api.reseller_reference(), pickupRequested=True, pickupHotel=HOTEL)
    octo_error(client.post("/bookings", body), REFUSED)


def _departure_missing_a_point(discover) -> tuple[Offer, str]:
    """A bookable departure of an option offering pickup, and a point of the option it does not list."""
    for product, option in discover.options(_offers_pickup):
        order = discover.minimal_units(option)
        of_option = _point_ids(option)
        if order is None or not of_option:
            continue
        for slot in discover.departures(product, option, order, DEFAULT_DAYS):
            missing = [pid for pid in of_option if pid not in _point_ids(slot)]
            if bookable(slot) and missing:
                return Offer(product, option, order, slot), missing[0]
    pytest.skip("no departure of an option offering pickup leaves out one of the option's pickupPoints")
