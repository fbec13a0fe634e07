"""Get and list rules (seed 002, "Get Booking" and "List Bookings")."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from suites.plugin.checks import expect, expect_equal, octo_error, ok, valid


def _travel_date(booking: dict) -> str | None:
    start = (booking.get("availability") or {}).get("localDateTimeStart")
    return start[:10] if isinstance(start, str) else None


def _booked(api, discover, people):
    """A confirmed booking and its travel date (as discovered, not as the booking says)."""
    offer = discover.offer()
    return api.confirmed(offer, people), offer.availability["localDateTimeStart"][:10]


def _listed_exactly_for(booking: dict, found: list[dict], day: str) -> None:
    """The booking is among those listed, and every one listed travels on `day`."""
    expect(booking["uuid"] in [b["uuid"] for b in found], f"booking {booking['uuid']} listed for {day}",
           [b["uuid"] for b in found])
    wrong = [f"{b['uuid']} travels {_travel_date(b)}" for b in found if _travel_date(b) not in (None, day)]
    expect(not wrong, f"only bookings travelling on {day}", wrong)


def test_get_equals_latest_state(api, discover, people):
    """GET /bookings/{uuid} shows the booking as the last change left it (seed 002, Get Booking)."""
    booking = api.confirmed(discover.offer(), people)
    updated = api.update(booking["uuid"], {"notes": "latest"})
    fetched = api.tested.get(booking["uuid"])
    for field in ("status", "notes", "resellerReference", "supplierReference", "availabilityId", "utcConfirmedAt"):
        expect_equal(fetched.get(field), updated.get(field), field)
    expect_equal(sorted(i.get("uuid") for i in fetched.get("unitItems") or []),
                 sorted(i.get("uuid") for i in updated.get("unitItems") or []), "unit item uuids")


def test_read_bookings_are_valid(api, discover, people):
    """GET /bookings/{uuid} and GET /bookings answer valid Bookings (SPEC-DIGEST §1, §2 Booking)."""
    booking = api.confirmed(discover.offer(), people)
    valid("booking", api.get(booking["uuid"]))
    for index, listed in enumerate(api.search({"supplierReference": booking.get("supplierReference")})):
        valid("booking", listed, f"[{index}]")


def test_get_unknown_booking_is_refused(client):
    """GET of an unknown uuid gets INVALID_BOOKING_UUID echoing uuid (SPEC-DIGEST §3)."""
    unknown = "00000000-0000-4000-8000-00000000c0de"
    octo_error(client.get(f"/bookings/{unknown}"), "INVALID_BOOKING_UUID", {"uuid": unknown})


def test_list_by_reseller_reference(api, discover, people):
    """Listing by resellerReference finds exactly the bookings with it (seed 002, List Bookings)."""
    booking = api.confirmed(discover.offer(), people)
    found = api.tested.search({"resellerReference": booking.get("resellerReference")})
    expect_equal([b["uuid"] for b in found], [booking["uuid"]], "uuids listed")


def test_list_by_supplier_reference(api, discover, people):
    """Listing by supplierReference finds the booking with it (seed 002, List Bookings)."""
    booking = api.confirmed(discover.offer(), people)
    found = api.tested.search({"supplierReference": booking.get("supplierReference")})
    expect_equal([b["uuid"] for b in found], [booking["uuid"]], "uuids listed")


def test_list_by_travel_date(api, discover, people):
    """Listing by localDate finds bookings travelling that day, not made that day (seed 002; PEERS: octomock filters on creation)."""
    booking, day = _booked(api, discover, people)
    _listed_exactly_for(booking, api.tested.search({"localDate": day}), day)


def test_list_by_date_range(api, discover, people):
    """Listing by localDateStart/localDateEnd finds bookings travelling in the range, and only those (seed 002, List Bookings).

    The booking is listed in the week around its day and absent from the three days before and
    the three days after, so a supplier ignoring either end of the range fails."""
    booking, day = _booked(api, discover, people)
    travel = date.fromisoformat(day)
    for first, last, wanted in ((-3, 3, True), (-3, -1, False), (1, 3, False)):
        start, end = ((travel + timedelta(days=n)).isoformat() for n in (first, last))
        found = api.tested.search({"localDateStart": start, "localDateEnd": end})
        listed = [b["uuid"] for b in found]
        expect((booking["uuid"] in listed) == wanted,
               f"booking {booking['uuid']}, travelling {day}, {'listed' if wanted else 'absent'} for {start}..{end}",
               listed)
        outside = [f"{b['uuid']} travels {_travel_date(b)}" for b in found
                   if _travel_date(b) is not None and not start <= _travel_date(b) <= end]
        expect(not outside, f"only bookings travelling in {start}..{end}", outside)


def test_list_narrowed_by_product_and_option(api, client, discover, people):
    """productId and optionId narrow a list to that product and option (seed 002, List Bookings; PEERS: octomock ignores productId).

    An unknown productId may list nothing or be refused with INVALID_PRODUCT_ID or BAD_REQUEST."""
    offer = discover.offer()
    booking, day = api.confirmed(offer, people), offer.availability["localDateTimeStart"][:10]
    found = api.tested.search({"localDate": day, "productId": offer.product_id, "optionId": offer.option_id})
    expect(booking["uuid"] in [b["uuid"] for b in found], "the booking listed", [b["uuid"] for b in found])
    wrong = [b["uuid"] for b in found if (b.get("productId"), b.get("optionId")) != (offer.product_id, offer.option_id)]
    expect(not wrong, f"only bookings of {offer.product_id}/{offer.option_id}", wrong)
    reply = client.get("/bookings", params={"localDate": day, "productId": "octo-conformance-unknown"})
    if reply.status != 200:
        octo_error(reply, ("INVALID_PRODUCT_ID", "BAD_REQUEST"))
        return
    other = ok(reply)
    listed = [b.get("uuid") for b in other if isinstance(b, dict)] if isinstance(other, list) else other
    expect(isinstance(other, list) and booking["uuid"] not in listed, "the booking absent under another productId",
           listed)


def test_list_without_filter_is_bad_request(client):
    """Listing without any of the required filters gets BAD_REQUEST (seed 002: you must include one of them)."""
    octo_error(client.get("/bookings"), "BAD_REQUEST")


@pytest.mark.parametrize("params", [{"productId": "p"}, {"optionId": "o"}, {"localDateStart": "2030-01-01"},
                                    {"localDateEnd": "2030-01-01"}],
                         ids=["productId alone", "optionId alone", "localDateStart alone", "localDateEnd alone"])
def test_list_without_a_required_filter_is_bad_request(client, params):
    """productId, optionId or half a date range is not enough to list bookings: BAD_REQUEST (seed 002: you must include one of the filters)."""
    octo_error(client.get("/bookings", params=params), "BAD_REQUEST")


def test_list_reversed_range_is_bad_request(client):
    """Listing with localDateStart after localDateEnd is a 400 error, never a 5xx (SPEC-DIGEST §3; PEERS: octomock answers 500)."""
    octo_error(client.get("/bookings", params={"localDateStart": "2030-01-10", "localDateEnd": "2030-01-01"}),
               ("BAD_REQUEST", "UNPROCESSABLE_ENTITY"))
