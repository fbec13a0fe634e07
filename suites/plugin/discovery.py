"""Finding test data on the target: a product, option, units and departure that fit a rule.

Discovery navigates leniently: it reads only what it needs (ids, units, restrictions,
vacancies, status) with defaults for what is missing, and never judges a schema. It respects
option and unit restrictions (minUnits, maxUnits, min/maxQuantity, accompaniedBy) and
vacancies, prefers departures a few days ahead and clear of the option's cancellation cutoff
(so what a rule books can be cancelled again), and honours the user's pins. When nothing fits,
the rule is skipped with a reason that says what it needed. Among fitting departures it picks
one with the test's seeded random generator, which spreads parallel tests over different
departures and keeps a replayed run identical.

Shapes (SHAPES) name the kinds of product a supplier may sell; a rule whose outcome can depend
on the shape runs once per shape, and discovery finds an offer of that shape or skips.
"""
from __future__ import annotations

import math
import random
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from .checks import utc_moment
from .questions import answers_to, asks_required, per_booking, unit_questions

DEFAULT_DAYS = (3, 21)  # a few days ahead: clear of same-day cutoffs, within any sales horizon
_CUTOFF_MINUTES = {"minute": 1, "minutes": 1, "hour": 60, "hours": 60, "day": 1440, "days": 1440}
_MARGIN = timedelta(hours=2)  # a booked departure stays this far outside its cancellation cutoff
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "ISK", "CLP", "VND", "PYG", "UGX", "XAF", "XOF", "XPF",
                                     "BIF", "DJF", "GNF", "KMF", "MGA", "RWF", "VUV"})


@dataclass
class Offer:
    """Something the suite can book: a departure of an option, and the units to book on it."""

    product: dict
    option: dict
    unit_ids: list[str]
    availability: dict
    currency: str | None = field(default=None)

    @property
    def product_id(self) -> str:
        return self.product["id"]

    @property
    def option_id(self) -> str:
        return self.option["id"]

    @property
    def availability_id(self) -> str:
        return self.availability["id"]

    @property
    def seats(self) -> int:
        return sum(seats_of(self.option, unit_id) for unit_id in self.unit_ids)

    def reservation(self, reseller_reference: str | None = None, **extra) -> dict:
        """A reservation body for this offer with a fresh uuid."""
        body = {"uuid": str(uuidlib.uuid4()), "productId": self.product_id, "optionId": self.option_id,
                "availabilityId": self.availability_id,
                "unitItems": [{"unitId": unit_id, **self._required_answers(unit_questions(self.option, unit_id))}
                              for unit_id in self.unit_ids]}
        if reseller_reference:
            body["resellerReference"] = reseller_reference
        body.update(self.required_pickup())
        body.update(self._required_answers(per_booking(self.product, self.option)))
        body.update(extra)
        return body

    def confirmation(self, contact: dict, **extra) -> dict:
        """A confirmation body for a booking of this offer: the contact, and the answers to the
        option's required questions again (octo/questions), so that a rule about something else
        confirms even where the reservation's answers were lost."""
        return {"contact": contact, **self._required_answers(per_booking(self.product, self.option)), **extra}

    @staticmethod
    def _required_answers(questions: list[dict]) -> dict:
        """octo/questions: answers to the required ones among `questions`, as a confirmation needs
        them (rules about something else could not confirm without); {} when none is required."""
        answers = answers_to(questions, only_required=True)
        return {"questionAnswers": answers} if answers else {}

    def required_pickup(self) -> dict:
        """octo/pickups: where the option requires a pickup, the first point its departure lists
        (rules about something else could not confirm without one); {} otherwise."""
        if self.option.get("pickupRequired") is not True:
            return {}
        points = [p["id"] for p in self.availability.get("pickupPoints") or []
                  if isinstance(p, dict) and isinstance(p.get("id"), str)]
        return {"pickupRequested": True, "pickupPointId": points[0]} if points else {}

    def units_query(self) -> list[dict]:
        """The units as the availability endpoints take them."""
        counts: dict[str, int] = {}
        for unit_id in self.unit_ids:
            counts[unit_id] = counts.get(unit_id, 0) + 1
        return [{"id": unit_id, "quantity": n} for unit_id, n in counts.items()]


@dataclass(frozen=True)
class Pins:
    """What the user fixed with --product, --option, --unit and --date."""

    product: str | None = None
    option: str | None = None
    unit: str | None = None
    date: str | None = None


# --- lenient readers of the target's catalogue ----------------------------------------

def restrictions(thing: dict) -> dict:
    """An option's or unit's restrictions, {} when the target gives none."""
    found = thing.get("restrictions")
    return found if isinstance(found, dict) else {}


def units_of(option: dict) -> list[dict]:
    """The units of an option that have an id."""
    return [u for u in option.get("units") or [] if isinstance(u, dict) and isinstance(u.get("id"), str)]


def seats_of(option: dict, unit_id: str) -> int:
    """How many seats one unit takes (its paxCount)."""
    unit = next((u for u in units_of(option) if u["id"] == unit_id), {})
    count = restrictions(unit).get("paxCount")
    return count if isinstance(count, int) and count > 0 else 1


def cutoff_minutes(option: dict) -> int:
    """The option's cancellation cutoff in minutes."""
    amount = option.get("cancellationCutoffAmount")
    amount = amount if isinstance(amount, int) else 0
    return amount * _CUTOFF_MINUTES.get(str(option.get("cancellationCutoffUnit") or "minute").lower(), 1)


def starts_at(availability: dict) -> datetime | None:
    """When a departure starts, as an aware datetime (None when the target did not say)."""
    return utc_moment(availability.get("localDateTimeStart"))


def bookable(slot: dict) -> bool:
    """Whether a departure can be booked, by its status (available alone when status is missing)."""
    return bool(slot.get("available")) and slot.get("status", "AVAILABLE") in ("AVAILABLE", "LIMITED", "FREESALE")


def _time_of_day(slot: dict) -> str:
    """The local time of day a departure starts ("20:00" of "2026-12-03T20:00:00-05:00")."""
    start = slot.get("localDateTimeStart")
    return start[11:16] if isinstance(start, str) else ""


def currencies_of(product: dict) -> list[str]:
    """The currencies a product is sold in (octo/pricing), default first."""
    default = product.get("defaultCurrency")
    others = [c for c in product.get("availableCurrencies") or [] if isinstance(c, str) and c != default]
    return ([default] if isinstance(default, str) else []) + others


# --- shapes ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """A kind of product, option or unit that a rule may behave differently on."""

    id: str
    need: str
    option: Callable[[dict, dict], bool] = lambda product, option: True
    slot: Callable[[dict], bool] | None = None
    focus: Callable[[dict], bool] | None = None  # the unit the order must include
    pricing: bool = False  # only visible with octo/pricing

    def units(self, option: dict) -> list[dict]:
        return [u for u in units_of(option) if self.focus(u)] if self.focus else []


def _limited(unit: dict) -> bool:
    r = restrictions(unit)
    return isinstance(r.get("minQuantity"), int) and r["minQuantity"] > 1 or isinstance(r.get("maxQuantity"), int)


def _priced_in_zero_decimals(product: dict, option: dict) -> bool:
    return any(c in ZERO_DECIMAL_CURRENCIES for c in currencies_of(product)[:1])


SHAPES = {shape.id: shape for shape in (
    Shape("START_TIME", "a START_TIME product", lambda p, o: p.get("availabilityType") == "START_TIME"),
    Shape("OPENING_HOURS", "an OPENING_HOURS product", lambda p, o: p.get("availabilityType") == "OPENING_HOURS"),
    Shape("FREESALE", "a FREESALE departure", slot=lambda s: s.get("status") == "FREESALE"),
    Shape("PER_UNIT", "a product priced per unit", lambda p, o: p.get("pricingPer") == "UNIT", pricing=True),
    Shape("PER_BOOKING", "a product priced per booking", lambda p, o: p.get("pricingPer") == "BOOKING",
          pricing=True),
    Shape("ZERO_DECIMAL", "a product sold in a zero-decimal currency (JPY…)", _priced_in_zero_decimals,
          pricing=True),
    Shape("PAX_COUNT", "a unit counting more than one seat (paxCount > 1)",
          focus=lambda u: isinstance(restrictions(u).get("paxCount"), int) and restrictions(u)["paxCount"] > 1),
    Shape("UNIT_LIMITS", "a unit with minQuantity or maxQuantity", focus=_limited),
    Shape("ACCOMPANIED", "a unit that must be accompanied (accompaniedBy)",
          focus=lambda u: bool(restrictions(u).get("accompaniedBy"))),
    Shape("REQUIRED_CONTACT", "an option with requiredContactFields",
          lambda p, o: bool(o.get("requiredContactFields"))),
)}
SHAPE_IDS = tuple(SHAPES)


class Discovery:
    """Looks through the target's catalogue and availability for what a rule needs."""

    def __init__(self, api, products: list[dict], rng: random.Random, pins: Pins, capabilities=()):
        self.api, self.rng, self.pins, self.capabilities = api, rng, pins, tuple(capabilities)
        self._products = [p for p in products if not pins.product or p["id"] == pins.product]

    # --- general offers ------------------------------------------------------------

    def offer(self, *, min_vacancies: int = 0, days: tuple[int, int] = DEFAULT_DAYS,
              option_filter: Callable[[dict, dict], bool] | None = None,
              slot_filter: Callable[[dict], bool] | None = None, need: str = "bookable departure",
              bookings: int = 1, units_at_least: int = 1, shape: "str | Shape | None" = None,
              room_for_one_more: bool = False) -> Offer:
        """A bookable departure, clear of its cancellation cutoff, with room for `bookings` such
        orders (plus min_vacancies seats), of the given shape when one is named; with
        room_for_one_more, an order the option's restrictions let grow by one more of its first unit."""
        form = SHAPES[shape] if isinstance(shape, str) else shape  # a capability's rules may bring their own
        if form is not None:
            if form.pricing and "octo/pricing" not in self.capabilities:
                pytest.skip(f"shape {shape}: telling {form.need} needs octo/pricing, which this run does not apply")
            need = f"{need} of {form.need}"
        for product, option in self.options(option_filter):
            if form is not None and not form.option(product, option):
                continue
            for order in self._orders(option, form):
                unit_ids = self._at_least(option, order, units_at_least)
                if unit_ids is None or (room_for_one_more and not self.allows(option, unit_ids + unit_ids[:1])):
                    continue
                seats = sum(seats_of(option, u) for u in unit_ids) * bookings + min_vacancies
                for window in self._weeks(self._clear_of_cutoff(option, days)):
                    slots = [s for s in self.departures(product, option, unit_ids, window)
                             if bookable(s) and _room(s, seats) and self._cancellable(option, s)
                             and (slot_filter is None or slot_filter(s)) and (form is None or form.slot is None
                                                                               or form.slot(s))]
                    if slots:
                        return Offer(product, option, unit_ids, self.rng.choice(slots))
        pytest.skip(f"the target offers no {need} in the next {days[1]} days" + self._pin_note())

    def _orders(self, option: dict, form: Shape | None) -> list[list[str]]:
        """Orders to try: the minimal one, or one including each unit of the shape."""
        if form is None or form.focus is None:
            order = self.minimal_units(option)
            return [order] if order else []
        orders = [self.minimal_units(option, focus=unit) for unit in form.units(option)]
        return [o for o in orders if o]

    def two_departures(self) -> tuple[Offer, dict]:
        """An offer and a second bookable departure of the same option (to move a booking)."""
        for product, option in self.options():
            unit_ids = self.minimal_units(option)
            if unit_ids is None:
                continue
            seats = sum(seats_of(option, u) for u in unit_ids)
            slots = [s for s in self.departures(product, option, unit_ids, self._clear_of_cutoff(option, DEFAULT_DAYS))
                     if bookable(s) and _room(s, seats) and self._cancellable(option, s)]
            if len(slots) >= 2:
                first, second = self.rng.sample(slots, 2)
                return Offer(product, option, unit_ids, first), second
        pytest.skip("the target has no option with two bookable departures" + self._pin_note())

    def other_option(self, offer: Offer) -> Offer:
        """A bookable departure of another option of the same product (to change option)."""
        others = [o for o in offer.product.get("options") or [] if o.get("id") != offer.option_id]
        for option in others:
            unit_ids = self.minimal_units(option)
            if unit_ids is None:
                continue
            slots = [s for s in self.departures(offer.product, option, unit_ids,
                                                self._clear_of_cutoff(option, DEFAULT_DAYS))
                     if bookable(s) and self._cancellable(option, s)]
            if slots:
                return Offer(offer.product, option, unit_ids, self.rng.choice(slots))
        pytest.skip(f"product {offer.product_id} has no second option with a bookable departure")

    # --- offers for negative rules -------------------------------------------------

    def sold_out(self) -> Offer:
        """A SOLD_OUT departure (and units that would otherwise be valid)."""
        for product, option in self.options():
            unit_ids = self.minimal_units(option)
            if unit_ids is None:
                continue
            slots = [s for s in self.departures(product, option, None, DEFAULT_DAYS) if s.get("status") == "SOLD_OUT"]
            if slots:
                return Offer(product, option, unit_ids, self.rng.choice(slots))
        pytest.skip("the target shows no SOLD_OUT departure in the next "
                    f"{DEFAULT_DAYS[1]} days" + self._pin_note())

    def past(self) -> Offer:
        """A departure the target lists (yesterday's or today's) whose booking cutoff has passed:
        utcCutoffAt, or its end when the target gives no cutoff.

        One whose time of day still has room on a coming day is preferred: a past departure that
        was sold out anyway (an always-full evening sailing) would be refused for want of seats
        even by a supplier that books the past, and so prove nothing about the cutoff."""
        now = datetime.now(timezone.utc) - timedelta(minutes=5)
        fallback = None
        for product, option in self.options():
            unit_ids = self.minimal_units(option)
            if unit_ids is None:
                continue
            slots = [s for s in self.departures(product, option, None, (-1, 0))
                     if (utc_moment(s.get("utcCutoffAt")) or utc_moment(s.get("localDateTimeEnd")) or now) < now]
            if not slots:
                continue
            roomy = self._times_with_room(product, option, unit_ids)
            preferred = [s for s in slots if _time_of_day(s) in roomy]
            if preferred:
                return Offer(product, option, unit_ids, self.rng.choice(preferred))
            fallback = fallback or Offer(product, option, unit_ids, self.rng.choice(slots))
        if fallback is not None:
            return fallback
        pytest.skip("the target lists no departure past its booking cutoff (yesterday or today)" + self._pin_note())

    def _times_with_room(self, product: dict, option: dict, unit_ids: list[str]) -> set[str]:
        """Times of day at which a coming departure of the option has room for `unit_ids`."""
        seats = sum(seats_of(option, unit_id) for unit_id in unit_ids)
        return {_time_of_day(s) for s in self.departures(product, option, None, DEFAULT_DAYS)
                if bookable(s) and (not isinstance(s.get("vacancies"), int) or s["vacancies"] >= seats)}

    def over_capacity(self) -> Offer:
        """A departure with v seats left and an order of v+1 single-seat units the option allows."""
        for product, option in self.options():
            base = self._independent_unit(option)
            if base is None or seats_of(option, base["id"]) != 1:
                continue
            limit = _min_known(restrictions(option).get("maxUnits"), restrictions(base).get("maxQuantity"))
            minimum = max(restrictions(option).get("minUnits") or 1, restrictions(base).get("minQuantity") or 1)
            slots = [s for s in self.departures(product, option, None, DEFAULT_DAYS)
                     if bookable(s) and isinstance(s.get("vacancies"), int)
                     and s["vacancies"] + 1 >= minimum and (limit is None or s["vacancies"] + 1 <= limit)]
            if slots:
                slot = min(slots, key=lambda s: s["vacancies"])
                return Offer(product, option, [base["id"]] * (slot["vacancies"] + 1), slot)
        pytest.skip("no departure has fewer seats left than an option lets one booking take" + self._pin_note())

    def unaccompanied(self) -> Offer:
        """Units that must be accompanied (restrictions.accompaniedBy), booked alone."""
        return self._restricted(lambda option: [[u["id"]] * max(restrictions(u).get("minQuantity") or 1, 1)
                                                for u in units_of(option) if restrictions(u).get("accompaniedBy")],
                                "unit that must be accompanied (accompaniedBy)")

    def beyond_units_limit(self, limit: str, count: Callable[[int], int]) -> Offer:
        """`count(limit)` units of an option's independent unit (none needing company): the
        option's `limit` (maxUnits or minUnits) broken and nothing else, each unit's
        min/maxQuantity kept, on a bookable departure with room for them all, so that a refusal
        can only be for the limit."""
        for product, option in self.options():
            wanted = restrictions(option).get(limit)
            base = (self.minimal_units(option) or [None])[0]
            if not isinstance(wanted, int) or base is None or count(wanted) < 1:
                continue
            unit = next(u for u in units_of(option) if u["id"] == base)
            order = [base] * count(wanted)
            quantity = restrictions(unit)
            if isinstance(quantity.get("maxQuantity"), int) and len(order) > quantity["maxQuantity"] \
                    or isinstance(quantity.get("minQuantity"), int) and len(order) < quantity["minQuantity"]:
                continue
            seats = sum(seats_of(option, u) for u in order)
            slots = [s for s in self.departures(product, option, None, DEFAULT_DAYS)
                     if bookable(s) and (not isinstance(s.get("vacancies"), int) or s["vacancies"] >= seats)]
            if slots:
                return Offer(product, option, order, self.rng.choice(slots))
        pytest.skip(f"the target has no option with {limit} whose departures have room for an order breaking it"
                    + self._pin_note())

    def inside_cancellation_cutoff(self) -> Offer:
        """A bookable departure so near that, once confirmed, it is past its cancellation cutoff."""
        now = datetime.now(timezone.utc)
        for product, option in self.options(lambda p, o: cutoff_minutes(o) > 0):
            unit_ids = self.minimal_units(option)
            if unit_ids is None:
                continue
            cutoff = timedelta(minutes=cutoff_minutes(option))
            days = (0, min(int(cutoff.days) + 1, 60))
            slots = [s for s in self.departures(product, option, unit_ids, days)
                     if bookable(s) and starts_at(s) is not None and starts_at(s) - cutoff < now - timedelta(minutes=5)
                     and (utc_moment(s.get("utcCutoffAt")) or starts_at(s)) > now + timedelta(minutes=10)]
            if slots:
                return Offer(product, option, unit_ids, self.rng.choice(slots))
        pytest.skip("no option has a bookable departure inside its cancellation cutoff" + self._pin_note())

    # --- building blocks -----------------------------------------------------------

    def options(self, keep: Callable[[dict, dict], bool] | None = None) -> list[tuple[dict, dict]]:
        """(product, option) pairs in catalogue order, after pins and the filter; products that
        need a manual confirmation come last (their bookings end PENDING, not CONFIRMED), and so
        do options that require a pickup (octo/pickups: confirming needs one the rule does not send)
        or ask a required question (octo/questions: a confirmation without its answer is refused)."""
        pairs = [(p, o) for p in self._products for o in p.get("options") or []
                 if isinstance(o, dict) and isinstance(o.get("id"), str)
                 and (not self.pins.option or o["id"] == self.pins.option) and (keep is None or keep(p, o))]
        return sorted(pairs, key=lambda pair: (pair[0].get("instantConfirmation") is False,
                                               pair[1].get("pickupRequired") is True,
                                               asks_required(pair[1], pair[0])))

    def minimal_units(self, option: dict, focus: dict | None = None) -> list[str] | None:
        """The smallest order the option's restrictions allow (including `focus` when given),
        or None if there is none."""
        units = {u["id"]: u for u in units_of(option)}
        if self.pins.unit:
            if self.pins.unit not in units or (focus is not None and focus["id"] != self.pins.unit):
                return None
            focus = units[self.pins.unit]
        base = focus or self._independent_unit(option)
        if base is None:
            return None
        order = [base["id"]] * max(restrictions(base).get("minQuantity") or 1, 1)
        companions = [c for c in restrictions(base).get("accompaniedBy") or [] if c in units]
        if restrictions(base).get("accompaniedBy") and not companions:
            return None
        if companions:
            companion = units[companions[0]]
            order = [companion["id"]] * max(restrictions(companion).get("minQuantity") or 1, 1) + order
        least = restrictions(option).get("minUnits") or 1
        if isinstance(least, int) and len(order) < least:
            order += [order[0]] * (least - len(order))
        return order if self.allows(option, order) else None

    def allows(self, option: dict, order: list[str]) -> bool:
        """Whether an order keeps the option's maxUnits and each unit's min/maxQuantity."""
        most = restrictions(option).get("maxUnits")
        if isinstance(most, int) and len(order) > most:
            return False
        for unit in units_of(option):
            r, count = restrictions(unit), order.count(unit["id"])
            if count and isinstance(r.get("maxQuantity"), int) and count > r["maxQuantity"]:
                return False
            if count and isinstance(r.get("minQuantity"), int) and count < r["minQuantity"]:
                return False
        return True

    def _at_least(self, option: dict, order: list[str] | None, count: int) -> list[str] | None:
        """The order grown to `count` unit items with more of its first unit, if restrictions allow."""
        if order is None or len(order) >= count:
            return order
        grown = order + [order[0]] * (count - len(order))
        return grown if self.allows(option, grown) else None

    def departures(self, product: dict, option: dict, unit_ids: list[str] | None,
                   days: tuple[int, int]) -> list[dict]:
        """Availability of an option over a window of days ahead (or the pinned date)."""
        first, last = self._window(product, days)
        body = {"productId": product["id"], "optionId": option["id"],
                "localDateStart": first.isoformat(), "localDateEnd": last.isoformat()}
        if unit_ids:
            body["units"] = Offer(product, option, unit_ids, {}).units_query()
        return self.api.search_departures(body)

    def _clear_of_cutoff(self, option: dict, days: tuple[int, int]) -> tuple[int, int]:
        """The window moved, when the option's cancellation cutoff is long, to where a booking can
        still be cancelled after it is confirmed."""
        least = math.ceil(cutoff_minutes(option) / 1440) + 1
        return days if days[0] >= least else (least, least + days[1] - days[0])

    def _weeks(self, days: tuple[int, int]) -> list[tuple[int, int]]:
        """The window cut into weeks, searched one after the other: most targets have a
        departure in the first, and asking for three weeks of availability at once was a fifth
        of a run's time (a pinned date is one search whatever the window)."""
        if self.pins.date:
            return [days]
        return [(first, min(first + 6, days[1])) for first in range(days[0], days[1] + 1, 7)]

    def _cancellable(self, option: dict, slot: dict) -> bool:
        start = starts_at(slot)
        return start is None or start - timedelta(minutes=cutoff_minutes(option)) > datetime.now(timezone.utc) + _MARGIN

    def _restricted(self, orders: Callable[[dict], list[list[str]]], need: str) -> Offer:
        for product, option in self.options():
            for order in orders(option):
                slots = [s for s in self.departures(product, option, None, DEFAULT_DAYS) if bookable(s)]
                if slots:
                    return Offer(product, option, order, self.rng.choice(slots))
        pytest.skip(f"the target has no {need}" + self._pin_note())

    def _independent_unit(self, option: dict) -> dict | None:
        units = [u for u in units_of(option) if not restrictions(u).get("accompaniedBy")]
        return next((u for u in units if u.get("type") == "ADULT"), units[0] if units else None)

    def _window(self, product: dict, days: tuple[int, int]) -> tuple[date, date]:
        if self.pins.date:
            pinned = date.fromisoformat(self.pins.date)
            return pinned, pinned
        try:
            zone = ZoneInfo(product.get("timeZone") or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            zone = timezone.utc
        today = datetime.now(zone).date()
        return today + timedelta(days=days[0]), today + timedelta(days=days[1])

    def _pin_note(self) -> str:
        pins = {k: v for k, v in vars(self.pins).items() if v}
        return f" (pinned: {pins})" if pins else ""


def _room(slot: dict, seats: int) -> bool:
    vacancies = slot.get("vacancies")
    return not isinstance(vacancies, int) or vacancies >= seats


def _min_known(*values) -> int | None:
    known = [v for v in values if isinstance(v, int)]
    return min(known) if known else None
