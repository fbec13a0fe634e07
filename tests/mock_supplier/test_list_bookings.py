"""GET /bookings: filtered by references or by travel date, narrowed by product and option."""
from datetime import date, timedelta

import pytest

from tests.harness import confirm, open_date, reserve, sandbox_today


def listed(client, **query) -> list[str]:
    """The uuids GET /bookings returns for a query."""
    return [b["uuid"] for b in client.get("/bookings", query).ok()]


@pytest.fixture
def bookings(client) -> dict:
    """Four bookings: two walking tours on different days and options, a museum pass, a cruise."""
    day = open_date(client, "walking-tour", days_ahead=7)
    later = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    museum = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    if date.fromisoformat(museum).weekday() == 1:
        museum = (date.fromisoformat(museum) - timedelta(days=1)).isoformat()
    cruise_day = open_date(client, "harbour-cruise", days_ahead=7)
    made = {
        "tour": confirm(client, reserve(client, local_date=day), resellerReference="R-TOUR"),
        "evening": reserve(client, option_id="EVENING", local_date=later, resellerReference="R-EVENING"),
        "museum": reserve(client, "museum-pass", local_date=museum, resellerReference="R-MUSEUM"),
        "cruise": reserve(client, "harbour-cruise", ("adult", "adult"), start="10:00", local_date=cruise_day),
    }
    return {name: {**booking, "day": booking["availability"]["localDateTimeStart"][:10]}
            for name, booking in made.items()}


def test_filter_by_reseller_reference(client, bookings):
    assert listed(client, resellerReference="R-TOUR") == [bookings["tour"]["uuid"]]
    assert listed(client, resellerReference="R-MUSEUM") == [bookings["museum"]["uuid"]]


def test_filter_by_supplier_reference(client, bookings):
    for booking in bookings.values():
        assert listed(client, supplierReference=booking["supplierReference"]) == [booking["uuid"]]


def test_filter_by_travel_date(client, bookings):
    tour = bookings["tour"]
    assert tour["uuid"] in listed(client, localDate=tour["day"])
    assert bookings["evening"]["uuid"] not in listed(client, localDate=tour["day"])


def test_the_date_filter_is_the_travel_date_not_the_booking_date(client, bookings):
    assert listed(client, localDate=sandbox_today(client).isoformat()) == []


def test_filter_by_travel_date_range_is_inclusive(client, bookings):
    everything = sorted(b["day"] for b in bookings.values())
    found = listed(client, localDateStart=everything[0], localDateEnd=everything[-1])
    assert sorted(found) == sorted(b["uuid"] for b in bookings.values())
    tour, evening = bookings["tour"], bookings["evening"]
    assert listed(client, localDateStart=tour["day"], localDateEnd=evening["day"], productId="walking-tour") \
        == [tour["uuid"], evening["uuid"]]


def test_product_and_option_narrow_a_search(client, bookings):
    days = {"localDateStart": "2000-01-01", "localDateEnd": "2100-12-31"}
    assert listed(client, productId="museum-pass", **days) == [bookings["museum"]["uuid"]]
    assert listed(client, productId="walking-tour", optionId="EVENING", **days) == [bookings["evening"]["uuid"]]
    assert listed(client, resellerReference="R-TOUR", productId="museum-pass") == []
    assert listed(client, resellerReference="R-TOUR", optionId="EVENING") == []


def test_listed_bookings_are_the_bookings(client, bookings):
    tour = bookings["tour"]
    [found] = client.get("/bookings", {"supplierReference": tour["supplierReference"]}).ok()
    assert found == client.get(f"/bookings/{tour['uuid']}").ok()
    assert found["status"] == "CONFIRMED"


def test_a_list_is_in_travel_date_order_then_in_the_order_of_reservation(client):
    """A booking changed later (confirmed, updated, cancelled) keeps its place in the list."""
    day = open_date(client, "walking-tour", days_ahead=7)
    first, second, third = (reserve(client, local_date=day, start=start) for start in ("13:00", "09:00", "13:00"))
    client.post(f"/bookings/{third['uuid']}/cancel", {}).ok()
    confirm(client, first)
    client.patch(f"/bookings/{second['uuid']}", {"notes": "changed after the others"}).ok()
    assert listed(client, localDate=day) == [first["uuid"], second["uuid"], third["uuid"]]


def test_no_match_is_an_empty_list(client, bookings):
    assert listed(client, resellerReference="nobody") == []
    assert listed(client, supplierReference="ZZZZZZ") == []
    assert listed(client, localDate="2001-01-01") == []


@pytest.mark.parametrize("query", [
    {}, {"productId": "walking-tour"}, {"optionId": "DEFAULT"}, {"productId": "walking-tour", "optionId": "DEFAULT"},
    {"localDateStart": "2030-01-01"}, {"localDateEnd": "2030-01-01"},
    {"resellerReference": "R-TOUR", "localDateStart": "2030-01-01"},
], ids=["none", "product", "option", "product-option", "start-only", "end-only", "reference-and-start"])
def test_a_search_without_a_main_filter_is_bad_request(client, bookings, query):
    client.get("/bookings", query).error("BAD_REQUEST")


@pytest.mark.parametrize("query", [
    {"localDate": "tomorrow"}, {"localDate": "2030-02-30"},
    {"localDateStart": "2030-01-01", "localDateEnd": "soon"},
    {"localDateStart": "2030-01-02", "localDateEnd": "2030-01-01"},
], ids=["word", "no-such-day", "range-end", "reversed-range"])
def test_a_malformed_date_is_bad_request(client, query):
    client.get("/bookings", query).error("BAD_REQUEST")
