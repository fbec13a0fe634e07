"""Availability rules: calendar and check, by date, range and ids."""
from __future__ import annotations

from datetime import date, timedelta

from suites.plugin.checks import as_json, expect, octo_error, ok

UNKNOWN = "octo-conformance-unknown"


def _range(offer, days: int = 6) -> tuple[str, str]:
    first = date.fromisoformat(offer.availability["localDateTimeStart"][:10])
    return first.isoformat(), (first + timedelta(days=days)).isoformat()


def _ids(found: list) -> list:
    return [a.get("id") if isinstance(a, dict) else a for a in found]


def test_calendar_is_valid(client, discover):
    """POST /availability/calendar returns one valid entry per date of the range (SPEC-DIGEST §1, §2)."""
    offer = discover.offer()
    start, end = _range(offer)
    days = ok(client.post("/availability/calendar", {"productId": offer.product_id, "optionId": offer.option_id,
                                                      "localDateStart": start, "localDateEnd": end}),
              "availability-calendar-day", many=True)
    wanted = [(date.fromisoformat(start) + timedelta(days=n)).isoformat() for n in range(7)]
    expect([d["localDate"] for d in days] == wanted, f"one entry per date {start}..{end}",
           [d["localDate"] for d in days])


def test_calendar_start_times_are_the_options(api, client, discover):
    """An available calendar day of a START_TIME product lists some of the option's start times (Ventrata's AvailabilityCalendar; PEERS: octomock's are empty).

    The field is not in the core typespec, so a day without it passes; a day may list fewer
    times than the option has (a departure may be closed that day), never none when it is
    available."""
    offer = discover.offer(option_filter=lambda p, o: p.get("availabilityType") == "START_TIME",
                           need="departure of a START_TIME product")
    start, end = _range(offer)
    days = api.calendar({"productId": offer.product_id, "optionId": offer.option_id,
                        "localDateStart": start, "localDateEnd": end})
    times = set(offer.option.get("availabilityLocalStartTimes") or [])
    for day in days:
        listed = day.get("availabilityLocalStartTimes")
        if listed is None or not day.get("available"):
            continue
        expect(listed, f"start times on {day['localDate']}, an available day", listed)
        expect(set(listed) <= times, f"the start times of {day['localDate']} among the option's {sorted(times)}",
               listed)


def test_check_by_date_is_valid(client, discover):
    """POST /availability by localDate returns valid availabilities on that date (SPEC-DIGEST §1)."""
    offer = discover.offer()
    day = offer.availability["localDateTimeStart"][:10]
    found = ok(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                              "localDate": day}), "availability", many=True)
    expect(offer.availability_id in _ids(found), f"{offer.availability_id} among them", _ids(found))
    expect(all(a["localDateTimeStart"][:10] == day for a in found), f"every start on {day}",
           [a["localDateTimeStart"] for a in found])


def test_check_by_range_is_valid(client, discover):
    """POST /availability by localDateStart/localDateEnd returns valid availabilities in the range (SPEC-DIGEST §1)."""
    offer = discover.offer()
    start, end = _range(offer)
    found = ok(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                              "localDateStart": start, "localDateEnd": end}),
               "availability", many=True)
    expect(offer.availability_id in _ids(found), f"{offer.availability_id} (found by discovery) among them", _ids(found))
    expect(all(start <= a["localDateTimeStart"][:10] <= end for a in found), f"every start in {start}..{end}",
           [a["localDateTimeStart"] for a in found])


def test_check_by_ids_round_trips(client, discover):
    """POST /availability by availabilityIds returns exactly those availabilities (SPEC-DIGEST §1)."""
    offer = discover.offer()
    found = ok(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                              "availabilityIds": [offer.availability_id]}), "availability", many=True)
    expect(_ids(found) == [offer.availability_id], f"[{as_json(offer.availability_id)}]", _ids(found))


def test_status_agrees_with_vacancies(api, discover, shape):
    """status, available and vacancies agree on every availability (SPEC-DIGEST §2, Availability).

    vacancies is null exactly for FREESALE in the typespec; an AVAILABLE or LIMITED departure
    with null vacancies (capacity not told) is accepted, as no source forbids it. LIMITED means
    some seats are gone and some are left: vacancies above 0 and below capacity."""
    offer = discover.offer(shape=shape)
    start, end = _range(offer, 13)
    found = api.availability({"productId": offer.product_id, "optionId": offer.option_id,
                             "localDateStart": start, "localDateEnd": end})
    expect(offer.availability_id in _ids(found), f"{offer.availability_id} (found by discovery) among them", _ids(found))
    for slot in found:
        status, vacancies, capacity = slot.get("status"), slot.get("vacancies"), slot.get("capacity")
        where = f"{slot['id']}: status {status}, available {slot.get('available')}, vacancies {vacancies}"
        expect(slot.get("available") == (status in ("AVAILABLE", "LIMITED", "FREESALE")),
               "available true exactly when status is AVAILABLE, LIMITED or FREESALE", where)
        expect(status != "SOLD_OUT" or vacancies == 0, "vacancies 0 when SOLD_OUT", where)
        expect(status != "FREESALE" or vacancies is None, "vacancies null when FREESALE", where)
        expect(status not in ("AVAILABLE", "LIMITED") or vacancies is None or vacancies > 0,
               "vacancies above 0 when AVAILABLE or LIMITED", where)
        expect(vacancies is None or capacity is None or vacancies <= capacity, "vacancies at most capacity",
               f"{where}, capacity {capacity}")
        expect(status != "LIMITED" or vacancies is None or capacity is None or vacancies < capacity,
               "vacancies below capacity when LIMITED", f"{where}, capacity {capacity}")


def test_freesale_departures_belong_to_freesale_products(api, discover):
    """A product with FREESALE departures says allowFreesale true (SPEC-DIGEST §2, Product and Availability)."""
    offer = discover.offer(shape="FREESALE")
    expect(offer.product.get("allowFreesale") is True,
           f"allowFreesale true on {offer.product_id}, which has FREESALE departure {offer.availability_id}",
           f"allowFreesale = {as_json(offer.product.get('allowFreesale'))}")


def test_unknown_product_in_availability(client, discover):
    """Availability for an unknown product gets INVALID_PRODUCT_ID echoing productId (SPEC-DIGEST §3)."""
    offer = discover.offer()
    body = {"productId": UNKNOWN, "optionId": offer.option_id, "localDate": offer.availability["localDateTimeStart"][:10]}
    octo_error(client.post("/availability", body), "INVALID_PRODUCT_ID", {"productId": UNKNOWN})


def test_unknown_option_in_availability(client, discover):
    """Availability for an unknown option gets INVALID_OPTION_ID echoing optionId (SPEC-DIGEST §3)."""
    offer = discover.offer()
    body = {"productId": offer.product_id, "optionId": UNKNOWN, "localDate": offer.availability["localDateTimeStart"][:10]}
    octo_error(client.post("/availability", body), "INVALID_OPTION_ID", {"optionId": UNKNOWN})


def test_unknown_product_in_calendar(client, discover):
    """The calendar for an unknown product gets INVALID_PRODUCT_ID echoing productId (SPEC-DIGEST §3)."""
    offer = discover.offer()
    start, end = _range(offer)
    body = {"productId": UNKNOWN, "optionId": offer.option_id, "localDateStart": start, "localDateEnd": end}
    octo_error(client.post("/availability/calendar", body), "INVALID_PRODUCT_ID", {"productId": UNKNOWN})


def test_unknown_option_in_calendar(client, discover):
    """The calendar for an unknown option gets INVALID_OPTION_ID echoing optionId (SPEC-DIGEST §3; validator)."""
    offer = discover.offer()
    start, end = _range(offer)
    body = {"productId": offer.product_id, "optionId": UNKNOWN, "localDateStart": start, "localDateEnd": end}
    octo_error(client.post("/availability/calendar", body), "INVALID_OPTION_ID", {"optionId": UNKNOWN})


def test_calendar_without_start_is_bad_request(client, discover):
    """A calendar without localDateStart gets BAD_REQUEST (SPEC-DIGEST §1: yup requires both dates; validator)."""
    offer = discover.offer()
    _, end = _range(offer)
    octo_error(client.post("/availability/calendar", {"productId": offer.product_id, "optionId": offer.option_id,
                                                       "localDateEnd": end}), "BAD_REQUEST")


def test_all_day_exactly_for_opening_hours(api, discover, shape):
    """allDay is true exactly on the availabilities of OPENING_HOURS products, and each of those lists its openingHours (SPEC-DIGEST §2, Availability; validator)."""
    offer = discover.offer(shape=shape)
    start, end = _range(offer)
    opening_hours = offer.product.get("availabilityType") == "OPENING_HOURS"
    for slot in api.availability({"productId": offer.product_id, "optionId": offer.option_id,
                                  "localDateStart": start, "localDateEnd": end}):
        where = f"{slot['id']} of {offer.product_id} ({offer.product.get('availabilityType')})"
        expect(slot.get("allDay") is opening_hours, f"allDay {str(opening_hours).lower()} on {where}",
               f"allDay = {as_json(slot.get('allDay'))}")
        expect(not opening_hours or not slot.get("available") or slot.get("openingHours"),
               f"at least one openingHours entry on {where}, which is available", slot.get("openingHours"))


def test_missing_dates_is_bad_request(client, discover):
    """An availability check with no date and no ids gets BAD_REQUEST (SPEC-DIGEST §1, prose rules)."""
    offer = discover.offer()
    octo_error(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id}),
               "BAD_REQUEST")


def test_dates_with_ids_is_bad_request(client, discover):
    """An availability check with both dates and availabilityIds gets BAD_REQUEST (SPEC-DIGEST §1, prose rules)."""
    offer = discover.offer()
    start, end = _range(offer)
    body = {"productId": offer.product_id, "optionId": offer.option_id, "localDateStart": start,
            "localDateEnd": end, "availabilityIds": [offer.availability_id]}
    octo_error(client.post("/availability", body), "BAD_REQUEST")


def test_reversed_range_is_bad_request(client, discover):
    """An availability check whose localDateStart is after localDateEnd is a 400 error, never a 5xx (SPEC-DIGEST §3; PEERS: octomock answers 500)."""
    offer = discover.offer()
    start, end = _range(offer)
    body = {"productId": offer.product_id, "optionId": offer.option_id, "localDateStart": end, "localDateEnd": start}
    octo_error(client.post("/availability", body), ("BAD_REQUEST", "UNPROCESSABLE_ENTITY"))


def test_reversed_calendar_range_is_bad_request(client, discover):
    """A calendar whose localDateStart is after localDateEnd is a 400 error, never a 5xx (SPEC-DIGEST §3)."""
    offer = discover.offer()
    start, end = _range(offer)
    body = {"productId": offer.product_id, "optionId": offer.option_id, "localDateStart": end, "localDateEnd": start}
    octo_error(client.post("/availability/calendar", body), ("BAD_REQUEST", "UNPROCESSABLE_ENTITY"))
