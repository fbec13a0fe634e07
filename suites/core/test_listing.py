"""Get and list rules (seed 002, "Get Booking" and "List Bookings")."""
from __future__ import annotations

from suites.plugin.checks import expect, expect_equal, octo_error


def _travel_date(booking: dict) -> str:
    return booking["availability"]["localDateTimeStart"][:10]


def _listed_exactly_for(booking: dict, found: list[dict], day: str) -> None:
    """The booking is among those listed, and every one listed travels on `day`."""
    expect(booking["uuid"] in [b["uuid"] for b in found], f"booking {booking['uuid']} listed for {day}",
           [b["uuid"] for b in found])
    wrong = [b["uuid"] for b in found if _travel_date(b) != day]
    expect(not wrong, f"only bookings travelling on {day}", wrong)


def test_get_equals_latest_state(api, discover, people):
    """GET /bookings/{uuid} shows the booking as the last change left it (seed 002, Get Booking)."""
    booking = api.confirmed(discover.offer(), people)
    updated = api.update(booking["uuid"], {"notes": "latest"})
    fetched = api.get(booking["uuid"])
    for field in ("status", "notes", "resellerReference", "supplierReference", "availabilityId", "utcConfirmedAt"):
        expect_equal(fetched[field], updated[field], field)
    expect_equal(sorted(i["uuid"] for i in fetched["unitItems"]), sorted(i["uuid"] for i in updated["unitItems"]),
                 "unit item uuids")


def test_get_unknown_booking_is_refused(client):
    """GET of an unknown uuid gets INVALID_BOOKING_UUID echoing uuid (SPEC-DIGEST §3)."""
    unknown = "00000000-0000-4000-8000-00000000c0de"
    octo_error(client.get(f"/bookings/{unknown}"), "INVALID_BOOKING_UUID", {"uuid": unknown})


def test_list_by_reseller_reference(api, discover, people):
    """Listing by resellerReference finds exactly the bookings with it (seed 002, List Bookings)."""
    booking = api.confirmed(discover.offer(), people)
    found = api.search({"resellerReference": booking["resellerReference"]})
    expect_equal([b["uuid"] for b in found], [booking["uuid"]], "uuids listed")


def test_list_by_supplier_reference(api, discover, people):
    """Listing by supplierReference finds the booking with it (seed 002, List Bookings)."""
    booking = api.confirmed(discover.offer(), people)
    found = api.search({"supplierReference": booking["supplierReference"]})
    expect_equal([b["uuid"] for b in found], [booking["uuid"]], "uuids listed")


def test_list_by_travel_date(api, discover, people):
    """Listing by localDate finds bookings travelling that day, not made that day (seed 002; PEERS: octomock filters on creation)."""
    booking = api.confirmed(discover.offer(), people)
    day = _travel_date(booking)
    _listed_exactly_for(booking, api.search({"localDate": day}), day)


def test_list_by_date_range(api, discover, people):
    """Listing by localDateStart/localDateEnd finds bookings travelling in the range (seed 002, List Bookings)."""
    booking = api.confirmed(discover.offer(), people)
    day = _travel_date(booking)
    _listed_exactly_for(booking, api.search({"localDateStart": day, "localDateEnd": day}), day)


def test_list_narrowed_by_product_and_option(api, discover, people):
    """productId and optionId narrow a list to that product and option (seed 002, List Bookings)."""
    booking = api.confirmed(discover.offer(), people)
    day = _travel_date(booking)
    found = api.search({"localDate": day, "productId": booking["productId"], "optionId": booking["optionId"]})
    expect(booking["uuid"] in [b["uuid"] for b in found], "the booking listed", [b["uuid"] for b in found])
    wrong = [b["uuid"] for b in found if (b["productId"], b["optionId"]) != (booking["productId"], booking["optionId"])]
    expect(not wrong, f"only bookings of {booking['productId']}/{booking['optionId']}", wrong)
    other = api.search({"localDate": day, "productId": "octo-conformance-unknown"})
    expect(booking["uuid"] not in [b["uuid"] for b in other], "the booking absent under another productId",
           [b["uuid"] for b in other])


def test_list_without_filter_is_bad_request(client):
    """Listing without any of the required filters gets BAD_REQUEST (seed 002: you must include one of them)."""
    octo_error(client.get("/bookings"), "BAD_REQUEST")
