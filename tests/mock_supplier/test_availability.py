"""POST /availability (by localDate, range or availabilityIds) and POST /availability/calendar."""
from datetime import date, datetime, timedelta

import pytest

from tests.harness import (advance_clock, availability_of, find_slot, open_date, parse_utc, reserve, sandbox_today,
                           set_clock, utc_text)


def check(client, **body):
    """POST /availability for walking-tour DEFAULT (overridable) with these fields."""
    return client.post("/availability", {"productId": "walking-tour", "optionId": "DEFAULT", **body})


def calendar(client, **body):
    """POST /availability/calendar for walking-tour DEFAULT (overridable) with these fields."""
    return client.post("/availability/calendar", {"productId": "walking-tour", "optionId": "DEFAULT", **body})


def days_after(day: str, n: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=n)).isoformat()


# --- by date, range and ids ------------------------------------------------------------------


def test_local_date_lists_each_departure_of_the_day(client):
    day = open_date(client, "walking-tour")
    slots = check(client, localDate=day).ok()
    assert [s["localDateTimeStart"][:16] for s in slots] == [f"{day}T09:00", f"{day}T13:00", f"{day}T17:00"]
    for slot in slots:
        assert slot["id"] == slot["localDateTimeStart"]
        start = datetime.fromisoformat(slot["localDateTimeStart"])
        end = datetime.fromisoformat(slot["localDateTimeEnd"])
        assert end - start == timedelta(minutes=120)
        assert parse_utc(slot["utcCutoffAt"]) == start - timedelta(minutes=60)
        assert slot["allDay"] is False and slot["openingHours"] == [] and slot["maxUnits"] == 10


def test_fresh_departures_are_available_and_the_presold_one_limited(client):
    slots = {s["localDateTimeStart"][11:16]: s for s in check(client, localDate=open_date(client, "walking-tour")).ok()}
    assert (slots["09:00"]["status"], slots["09:00"]["vacancies"], slots["09:00"]["capacity"]) == ("AVAILABLE", 10, 10)
    assert (slots["17:00"]["status"], slots["17:00"]["vacancies"], slots["17:00"]["available"]) == ("LIMITED", 4, True)


def test_a_date_range_covers_every_day_inclusive(client):
    first = open_date(client, "walking-tour")
    slots = check(client, localDateStart=first, localDateEnd=days_after(first, 2)).ok()
    assert len(slots) == 9
    assert sorted({s["localDateTimeStart"][:10] for s in slots}) == [first, days_after(first, 1), days_after(first, 2)]


def test_availability_ids_return_exactly_those_slots_in_order(client):
    slots = check(client, localDate=open_date(client, "walking-tour")).ok()
    wanted = [slots[2]["id"], slots[0]["id"]]
    assert [s["id"] for s in check(client, availabilityIds=wanted).ok()] == wanted


def test_the_evening_option_has_its_own_departures(client):
    slots = check(client, optionId="EVENING", localDate=open_date(client, "walking-tour")).ok()
    assert [(s["localDateTimeStart"][11:16], s["capacity"]) for s in slots] == [("19:30", 8)]


def test_past_dates_have_no_availability(client):
    past = (sandbox_today(client) - timedelta(days=2)).isoformat()
    assert check(client, localDate=past).ok() == []


def test_todays_departures_that_have_left_are_listed_as_closed(client):
    # Noon UTC: 09:00 in London has left; 17:00 has not.
    slots = {s["localDateTimeStart"][11:16]: s for s in check(client, localDate=sandbox_today(client).isoformat()).ok()}
    assert (slots["09:00"]["status"], slots["09:00"]["available"], slots["09:00"]["vacancies"]) == ("CLOSED", False, 0)
    assert slots["17:00"]["available"] is True


def test_yesterdays_departures_are_listed_only_when_asked_for_by_id(client):
    today = sandbox_today(client).isoformat()
    ids = [s["id"] for s in check(client, localDate=today).ok()]
    advance_clock(client, 24 * 60)
    assert check(client, localDate=today).ok() == []
    assert check(client, localDateStart=today, localDateEnd=days_after(today, 1)).ok() == \
        check(client, localDate=days_after(today, 1)).ok()
    assert {(s["status"], s["available"]) for s in check(client, availabilityIds=ids).ok()} == {("CLOSED", False)}


def test_departures_past_the_booking_horizon_are_closed(client):
    far = (sandbox_today(client) + timedelta(days=400)).isoformat()
    slots = check(client, localDate=far).ok()
    assert {(s["status"], s["available"], s["vacancies"]) for s in slots} == {("CLOSED", False, 0)}


def test_a_departure_closes_at_its_cutoff(client):
    slot = find_slot(client, "walking-tour", "09:00")
    cutoff = parse_utc(slot["utcCutoffAt"])
    set_clock(client, utc_text(cutoff - timedelta(minutes=10)))
    assert availability_of(client, slot["id"])["status"] == "AVAILABLE"
    set_clock(client, utc_text(cutoff + timedelta(minutes=1)))
    closed = availability_of(client, slot["id"])
    assert (closed["status"], closed["available"]) == ("CLOSED", False)


def test_requested_units_that_do_not_fit_make_a_slot_unavailable(client):
    slot = find_slot(client, "walking-tour", "17:00")
    fits = check(client, availabilityIds=[slot["id"]], units=[{"id": "adult", "quantity": 4}]).ok()[0]
    too_many = check(client, availabilityIds=[slot["id"]], units=[{"id": "adult", "quantity": 5}]).ok()[0]
    assert fits["available"] is True
    assert (too_many["available"], too_many["status"], too_many["vacancies"]) == (False, "LIMITED", 4)


def test_opening_hours_product_is_freesale_all_day(client):
    [day] = check(client, productId="museum-pass", localDate=open_date(client, "museum-pass")).ok()
    assert (day["status"], day["vacancies"], day["capacity"], day["allDay"]) == ("FREESALE", None, None, True)
    assert day["openingHours"] == [{"from": "09:00", "to": "18:00"}]
    assert day["available"] is True


def test_closed_weekdays_have_no_departures(client):
    day = date.fromisoformat(open_date(client, "museum-pass", days_ahead=7))
    tuesday = (day + timedelta(days=(1 - day.weekday()) % 7)).isoformat()
    monday = (day + timedelta(days=(0 - day.weekday()) % 7)).isoformat()
    assert check(client, productId="museum-pass", localDate=tuesday).ok() == []
    assert check(client, productId="harbour-cruise", localDate=monday).ok() == []


def test_the_late_harbour_cruise_is_always_sold_out(client):
    slot = find_slot(client, "harbour-cruise", "20:00")
    assert (slot["status"], slot["vacancies"], slot["available"]) == ("SOLD_OUT", 0, False)


def test_held_seats_lower_vacancies(client):
    booking = reserve(client, units=("adult", "adult", "child"), start="13:00")
    slot = availability_of(client, booking["availabilityId"])
    assert (slot["vacancies"], slot["capacity"], slot["status"]) == (7, 10, "AVAILABLE")


# --- refused checks ---------------------------------------------------------------------------


def test_unknown_product_is_invalid_product_id(client):
    reply = check(client, productId="nope", localDate=open_date(client, "walking-tour"))
    reply.error("INVALID_PRODUCT_ID", productId="nope")


def test_unknown_option_is_invalid_option_id(client):
    reply = check(client, optionId="NOPE", localDate=open_date(client, "walking-tour"))
    reply.error("INVALID_OPTION_ID", optionId="NOPE")


def test_unknown_unit_is_invalid_unit_id(client):
    reply = check(client, localDate=open_date(client, "walking-tour"), units=[{"id": "pirate", "quantity": 1}])
    reply.error("INVALID_UNIT_ID", unitId="pirate")


@pytest.mark.parametrize("bad_id", ["2030-01-01T09:00:00", "not-a-date", "2030-01-01T09:05:00+00:00"])
def test_an_id_naming_no_departure_is_invalid_availability_id(client, bad_id):
    check(client, availabilityIds=[bad_id]).error("INVALID_AVAILABILITY_ID", availabilityId=bad_id)


def test_an_id_with_the_wrong_offset_is_invalid_availability_id(client):
    good = find_slot(client, "walking-tour", "09:00")["id"]
    wrong = good[:-6] + "+05:00"
    check(client, availabilityIds=[wrong]).error("INVALID_AVAILABILITY_ID", availabilityId=wrong)


def test_another_options_departure_is_invalid_availability_id(client):
    evening = find_slot(client, "walking-tour", "19:30", option_id="EVENING")["id"]
    check(client, availabilityIds=[evening]).error("INVALID_AVAILABILITY_ID", availabilityId=evening)


@pytest.mark.parametrize("fields", [
    {},
    {"localDate": "D", "availabilityIds": []},
    {"localDate": "D", "localDateStart": "D", "localDateEnd": "D"},
    {"localDateStart": "D", "localDateEnd": "D", "availabilityIds": []},
    {"localDateStart": "D"},
    {"localDateEnd": "D"},
], ids=["none", "date+ids", "date+range", "range+ids", "start-only", "end-only"])
def test_exactly_one_way_of_selecting_dates_is_required(client, fields):
    day = open_date(client, "walking-tour")
    check(client, **{k: day if v == "D" else v for k, v in fields.items()}).error("BAD_REQUEST")


def test_a_range_ending_before_it_starts_is_bad_request(client):
    day = open_date(client, "walking-tour")
    check(client, localDateStart=day, localDateEnd=days_after(day, -1)).error("BAD_REQUEST")


def test_a_range_longer_than_a_year_is_bad_request(client):
    day = open_date(client, "walking-tour")
    check(client, localDateStart=day, localDateEnd=days_after(day, 366)).error("BAD_REQUEST")


@pytest.mark.parametrize("value", ["2030-13-01", "01/02/2030", "tomorrow", 20300101])
def test_a_malformed_date_is_bad_request(client, value):
    check(client, localDate=value).error("BAD_REQUEST")


def test_missing_product_or_option_is_bad_request(client):
    client.post("/availability", {"optionId": "DEFAULT", "localDate": "2030-01-01"}).error("BAD_REQUEST")
    client.post("/availability", {"productId": "walking-tour", "localDate": "2030-01-01"}).error("BAD_REQUEST")


# --- calendar -------------------------------------------------------------------------------------


def test_calendar_has_one_entry_per_date_with_the_days_totals(client):
    first = open_date(client, "walking-tour")
    days = calendar(client, localDateStart=first, localDateEnd=days_after(first, 3)).ok()
    assert [d["localDate"] for d in days] == [days_after(first, n) for n in range(4)]
    # 09:00 and 13:00 have 10 seats each, 17:00 has 4 of 10 left.
    assert {(d["status"], d["vacancies"], d["capacity"], d["available"]) for d in days} == {("AVAILABLE", 24, 30, True)}


def test_calendar_vacancies_drop_with_held_seats(client):
    booking = reserve(client, units=("adult", "adult"))
    day = booking["availability"]["localDateTimeStart"][:10]
    [entry] = calendar(client, localDateStart=day, localDateEnd=day).ok()
    assert entry["vacancies"] == 22


def test_calendar_shows_closed_weekdays_and_freesale_days(client):
    first = open_date(client, "museum-pass")
    days = calendar(client, productId="museum-pass", localDateStart=first, localDateEnd=days_after(first, 6)).ok()
    statuses = {d["localDate"]: (d["status"], d["vacancies"], d["available"]) for d in days}
    for day, status in statuses.items():
        closed = date.fromisoformat(day).weekday() == 1
        assert status == (("CLOSED", None, False) if closed else ("FREESALE", None, True)), day
    assert all(d["openingHours"] == [{"from": "09:00", "to": "18:00"}] for d in days)


def test_calendar_needs_both_dates(client):
    day = open_date(client, "walking-tour")
    calendar(client, localDateStart=day).error("BAD_REQUEST")
    calendar(client, localDateEnd=day).error("BAD_REQUEST")
    calendar(client).error("BAD_REQUEST")


def test_calendar_refuses_unknown_ids(client):
    day = open_date(client, "walking-tour")
    dates = {"localDateStart": day, "localDateEnd": day}
    calendar(client, productId="nope", **dates).error("INVALID_PRODUCT_ID", productId="nope")
    calendar(client, optionId="NOPE", **dates).error("INVALID_OPTION_ID", optionId="NOPE")
    calendar(client, units=[{"id": "pirate", "quantity": 1}], **dates).error("INVALID_UNIT_ID", unitId="pirate")


def test_calendar_refuses_a_backwards_range(client):
    day = open_date(client, "walking-tour")
    calendar(client, localDateStart=day, localDateEnd=days_after(day, -3)).error("BAD_REQUEST")


@pytest.mark.parametrize("local_time, on_sale", [("10:00", True), ("17:59", True), ("18:00", False)])
def test_a_day_ticket_is_on_sale_on_the_day_until_closing(client, local_time, on_sale):
    # 2031-01-08 is a Wednesday; Paris is UTC+1 in January.
    hour, minute = map(int, local_time.split(":"))
    set_clock(client, f"2031-01-08T{hour - 1:02d}:{minute:02d}:00Z")
    [day] = check(client, productId="museum-pass", localDate="2031-01-08").ok()
    assert day["utcCutoffAt"] == "2031-01-08T17:00:00Z"
    assert (day["available"], day["status"]) == ((True, "FREESALE") if on_sale else (False, "CLOSED"))


def test_a_huge_unit_quantity_is_bad_request(client):
    slot = find_slot(client, "walking-tour", "09:00")
    check(client, availabilityIds=[slot["id"]], units=[{"id": "adult", "quantity": 10**9}]).error("BAD_REQUEST")
