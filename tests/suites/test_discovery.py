"""Discovery reads a stranger's catalogue leniently and finds every shape, without HTTP."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from suites.plugin.discovery import SHAPES, Discovery, Pins, Shape, cutoff_minutes, seats_of


class Availability:
    """A stand-in for Api.search_departures: the departures each option has, whatever is asked."""

    def __init__(self, slots: dict[str, list[dict]]):
        self.slots, self.asked = slots, []

    def search_departures(self, body: dict) -> list[dict]:
        self.asked.append(body)
        return self.slots.get(body["optionId"], [])


def _slot(days: int, status: str = "AVAILABLE", vacancies: int | None = 9) -> dict:
    start = (datetime.now(timezone.utc) + timedelta(days=days)).replace(microsecond=0)
    return {"id": start.isoformat(), "localDateTimeStart": start.isoformat(), "available": status != "SOLD_OUT",
            "status": status, "vacancies": vacancies}


def _discovery(products: list[dict], slots: dict[str, list[dict]], capabilities=("octo/pricing",)) -> Discovery:
    return Discovery(Availability(slots), products, random.Random(1), Pins(), capabilities)


BARE = {"id": "p-bare", "options": [{"id": "o-bare", "units": [{"id": "u1"}]}]}  # no restrictions, no types


def test_a_catalogue_without_restrictions_is_bookable():
    """Missing restrictions, unit types, time zone and pricing fields are read as 'none given'."""
    offer = _discovery([BARE], {"o-bare": [_slot(5)]}).offer()
    assert (offer.product_id, offer.option_id, offer.unit_ids, offer.seats) == ("p-bare", "o-bare", ["u1"], 1)


def test_an_accompanied_unit_is_booked_with_its_companion_in_the_quantities_they_need():
    """The ACCOMPANIED shape books the dependent unit with its companion, each at its minQuantity."""
    option = {"id": "o", "restrictions": {"minUnits": 3, "maxUnits": 6}, "units": [
        {"id": "grown-up", "type": "ADULT", "restrictions": {"minQuantity": 2}},
        {"id": "kid", "type": "CHILD", "restrictions": {"accompaniedBy": ["grown-up"]}}]}
    offer = _discovery([{"id": "p", "options": [option]}], {"o": [_slot(5)]}).offer(shape="ACCOMPANIED")
    assert offer.unit_ids == ["grown-up", "grown-up", "kid"]


def test_a_shape_the_target_lacks_is_skipped_with_what_was_needed():
    """No unit counts more than one seat: the PAX_COUNT shape skips, saying so."""
    with pytest.raises(pytest.skip.Exception, match="paxCount > 1"):
        _discovery([BARE], {"o-bare": [_slot(5)]}).offer(shape="PAX_COUNT")


def test_pricing_shapes_need_the_pricing_capability():
    """pricingPer is a pricing field: without octo/pricing the PER_BOOKING shape cannot be told."""
    with pytest.raises(pytest.skip.Exception, match="needs octo/pricing"):
        _discovery([BARE], {"o-bare": [_slot(5)]}, capabilities=()).offer(shape="PER_BOOKING")


def test_departures_inside_the_cancellation_cutoff_are_passed_over():
    """A 3-day cancellation cutoff: discovery looks from day 4 on, and skips departures before it."""
    option = {"id": "o", "cancellationCutoffAmount": 3, "cancellationCutoffUnit": "day", "units": [{"id": "u"}]}
    near, later = [_slot(1), _slot(2)], _slot(10)
    discovery = _discovery([{"id": "p", "options": [option]}], {"o": [*near, later]})
    assert discovery.offer().availability is later
    first_day = discovery.api.asked[0]["localDateStart"]
    assert first_day >= (datetime.now(timezone.utc) + timedelta(days=4)).date().isoformat()
    assert cutoff_minutes(option) == 3 * 1440


def test_each_shape_finds_its_product():
    """Every shape picks the one product of its kind out of a mixed catalogue."""
    products = [
        {"id": "tour", "availabilityType": "START_TIME", "pricingPer": "UNIT", "defaultCurrency": "EUR",
         "options": [{"id": "t", "units": [{"id": "a", "type": "ADULT"}]}]},
        {"id": "pass", "availabilityType": "OPENING_HOURS", "pricingPer": "BOOKING", "defaultCurrency": "KRW",
         "options": [{"id": "p", "requiredContactFields": ["emailAddress"], "units": [
             {"id": "family", "restrictions": {"paxCount": 4, "maxQuantity": 1}},
             {"id": "a", "type": "ADULT"}, {"id": "c", "restrictions": {"accompaniedBy": ["a"]}}]}]},
    ]
    slots = {"t": [_slot(5)], "p": [_slot(6, "FREESALE", None)]}
    found = {name: _discovery(products, slots).offer(shape=name).product_id for name in SHAPES}
    assert found == {"START_TIME": "tour", "OPENING_HOURS": "pass", "FREESALE": "pass", "PER_UNIT": "tour",
                     "PER_BOOKING": "pass", "ZERO_DECIMAL": "pass", "PAX_COUNT": "pass", "UNIT_LIMITS": "pass",
                     "ACCOMPANIED": "pass", "REQUIRED_CONTACT": "pass"}
    option = products[1]["options"][0]
    assert seats_of(option, "family") == 4 and seats_of(option, "unknown") == 1


def test_options_asking_a_required_question_come_last():
    """octo/questions: an option (or one of its units, or its product) asking a required question is
    booked only when nothing else fits, as a confirmation without its answer is refused."""
    required = [{"id": "q", "inputType": "textarea", "required": True, "selectOptions": []}]
    asking = {"id": "o-asks", "units": [{"id": "u1", "questions": required}]}
    plain = {"id": "o-plain", "questions": [{**required[0], "required": False}], "units": [{"id": "u1"}]}
    product = {"id": "p", "options": [asking, plain]}
    assert _discovery([product], {"o-asks": [_slot(5)], "o-plain": [_slot(5)]}).offer().option_id == "o-plain"
    assert _discovery([product], {"o-asks": [_slot(5)]}).offer().option_id == "o-asks"
    asked_by_product = {"id": "p1", "questions": required, "options": [{"id": "o-1", "units": [{"id": "u1"}]}]}
    free = {"id": "p2", "options": [{"id": "o-2", "units": [{"id": "u1"}]}]}
    assert _discovery([asked_by_product, free], {"o-1": [_slot(5)], "o-2": [_slot(5)]}).offer().product_id == "p2"


def test_a_capability_brings_its_own_shape():
    """A rule may pass a Shape of its own: here, an order including a unit that asks questions."""
    option = {"id": "o", "units": [{"id": "adult", "type": "ADULT"},
                                   {"id": "kid", "questions": [{"id": "q"}], "restrictions": {"accompaniedBy": ["adult"]}}]}
    shape = Shape("ASKING", "a unit asking questions", focus=lambda unit: bool(unit.get("questions")))
    offer = _discovery([{"id": "p", "options": [option]}], {"o": [_slot(5)]}).offer(shape=shape)
    assert offer.unit_ids == ["adult", "kid"]


class Days(Availability):
    """A stand-in that answers only the departures inside the window asked for."""

    def search_departures(self, body: dict) -> list[dict]:
        self.asked.append(body)
        return [s for s in self.slots.get(body["optionId"], [])
                if body["localDateStart"] <= s["localDateTimeStart"][:10] <= body["localDateEnd"]]


def _at(days: int, hour: int, status: str = "AVAILABLE", vacancies: int = 9) -> dict:
    """A departure `days` from today (UTC) at `hour`, its cutoff at its start."""
    start = datetime.now(timezone.utc).replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)
    return {"id": start.isoformat(), "localDateTimeStart": start.isoformat(), "utcCutoffAt": start.isoformat(),
            "available": status not in ("SOLD_OUT", "CLOSED"), "status": status, "vacancies": vacancies}


def test_a_past_departure_whose_time_still_has_room_is_preferred():
    """Yesterday's 20:00 sailing is always full: a supplier that books the past would still refuse it
    for want of seats, so the cutoff rule takes yesterday's 10:00, whose time has room on coming days."""
    slots = {"o": [_at(-1, 10, "CLOSED", 0), _at(-1, 20, "CLOSED", 0),
                   _at(5, 10), _at(5, 20, "SOLD_OUT", 0), _at(6, 10), _at(6, 20, "SOLD_OUT", 0)]}
    product = {"id": "p", "options": [{"id": "o", "units": [{"id": "u"}]}]}
    for seed in range(20):
        discovery = Discovery(Days(slots), [product], random.Random(seed), Pins(), ())
        assert discovery.past().availability["localDateTimeStart"][11:13] == "10"


def test_a_past_departure_is_still_tried_when_no_time_has_room():
    """With no coming departure to tell by, any past departure is tried rather than none."""
    slots = {"o": [_at(-1, 20, "CLOSED", 0), _at(5, 20, "SOLD_OUT", 0)]}
    product = {"id": "p", "options": [{"id": "o", "units": [{"id": "u"}]}]}
    discovery = Discovery(Days(slots), [product], random.Random(1), Pins(), ())
    assert discovery.past().availability["localDateTimeStart"][11:13] == "20"


class DatedAvailability(Availability):
    """A stand-in that answers only the departures within the dates asked."""

    def search_departures(self, body: dict) -> list[dict]:
        self.asked.append(body)
        return [s for s in self.slots.get(body["optionId"], [])
                if body["localDateStart"] <= s["localDateTimeStart"][:10] <= body["localDateEnd"]]


def _asked_days(availability: DatedAvailability) -> list[tuple[int, int]]:
    today = datetime.now(timezone.utc).date()
    return [tuple((datetime.fromisoformat(b[k]).date() - today).days for k in ("localDateStart", "localDateEnd"))
            for b in availability.asked]


def test_a_departure_in_the_first_week_takes_one_search():
    availability = DatedAvailability({"o-bare": [_slot(4), _slot(19)]})
    offer = Discovery(availability, [BARE], random.Random(1), Pins(), ("octo/pricing",)).offer()
    assert offer.availability_id == availability.slots["o-bare"][0]["id"]
    assert _asked_days(availability) == [(3, 9)]


def test_a_departure_only_in_the_third_week_is_found_week_by_week():
    """The window is searched a week at a time, and every day of it is asked once."""
    availability = DatedAvailability({"o-bare": [_slot(19)]})
    offer = Discovery(availability, [BARE], random.Random(1), Pins(), ("octo/pricing",)).offer()
    assert offer.availability_id == availability.slots["o-bare"][0]["id"]
    assert _asked_days(availability) == [(3, 9), (10, 16), (17, 21)]


def test_a_pinned_date_is_asked_once():
    pinned = (datetime.now(timezone.utc) + timedelta(days=30)).date().isoformat()
    availability = DatedAvailability({"o-bare": []})
    with pytest.raises(pytest.skip.Exception, match="pinned"):
        Discovery(availability, [BARE], random.Random(1), Pins(date=pinned), ("octo/pricing",)).offer()
    assert [(b["localDateStart"], b["localDateEnd"]) for b in availability.asked] == [(pinned, pinned)]
