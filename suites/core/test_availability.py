"""Availability rules: calendar and check, by date, range and ids."""
from __future__ import annotations

from datetime import date, timedelta

from suites.plugin.checks import expect, ok, octo_error

UNKNOWN = "octo-conformance-unknown"


def _range(offer, days: int = 6) -> tuple[str, str]:
    first = date.fromisoformat(offer.availability["localDateTimeStart"][:10])
    return first.isoformat(), (first + timedelta(days=days)).isoformat()


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


def test_check_by_date_is_valid(client, discover):
    """POST /availability by localDate returns valid availabilities on that date (SPEC-DIGEST §1)."""
    offer = discover.offer()
    day = offer.availability["localDateTimeStart"][:10]
    found = ok(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                              "localDate": day}), "availability", many=True)
    expect(offer.availability_id in [a["id"] for a in found], f"{offer.availability_id} among them",
           [a["id"] for a in found])
    expect(all(a["localDateTimeStart"][:10] == day for a in found), f"every start on {day}",
           [a["localDateTimeStart"] for a in found])


def test_check_by_range_is_valid(client, discover):
    """POST /availability by localDateStart/localDateEnd returns valid availabilities in the range (SPEC-DIGEST §1)."""
    offer = discover.offer()
    start, end = _range(offer)
    found = ok(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                              "localDateStart": start, "localDateEnd": end}),
               "availability", many=True)
    expect(all(start <= a["localDateTimeStart"][:10] <= end for a in found), f"every start in {start}..{end}",
           [a["localDateTimeStart"] for a in found])


def test_check_by_ids_round_trips(client, discover):
    """POST /availability by availabilityIds returns exactly those availabilities (SPEC-DIGEST §1)."""
    offer = discover.offer()
    found = ok(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                              "availabilityIds": [offer.availability_id]}), "availability", many=True)
    expect([a["id"] for a in found] == [offer.availability_id], f"[{offer.availability_id!r}]",
           [a["id"] for a in found])


def test_status_agrees_with_vacancies(client, discover):
    """status, available and vacancies agree on every availability (SPEC-DIGEST §2, Availability)."""
    offer = discover.offer()
    start, end = _range(offer, 13)
    found = ok(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                              "localDateStart": start, "localDateEnd": end}), "availability", many=True)
    for slot in found:
        status, vacancies, capacity = slot["status"], slot["vacancies"], slot["capacity"]
        where = f"{slot['id']}: status {status}, available {slot['available']}, vacancies {vacancies}"
        expect(slot["available"] == (status in ("AVAILABLE", "LIMITED", "FREESALE")),
               "available true exactly when status is AVAILABLE, LIMITED or FREESALE", where)
        expect(status != "SOLD_OUT" or vacancies == 0, "vacancies 0 when SOLD_OUT", where)
        expect(status != "FREESALE" or vacancies is None, "vacancies null when FREESALE", where)
        expect(status not in ("AVAILABLE", "LIMITED") or (vacancies or 0) > 0, "vacancies above 0 when bookable", where)
        expect(vacancies is None or capacity is None or vacancies <= capacity, "vacancies at most capacity",
               f"{where}, capacity {capacity}")


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
