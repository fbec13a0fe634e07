"""Finding test data on the target: a product, option, units and departure that fit a rule.

Discovery respects option and unit restrictions (minUnits, maxUnits, min/maxQuantity,
accompaniedBy) and vacancies, prefers departures a few days ahead, and honours the user's
pins. When nothing fits, the rule is skipped with a reason that says what it needed.
Among fitting departures it picks one with the test's seeded random generator, which
spreads parallel tests over different departures and keeps a replayed run identical.
"""
from __future__ import annotations

import random
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

import pytest

DEFAULT_DAYS = (3, 21)  # a few days ahead: clear of same-day cutoffs, within any sales horizon
_CUTOFF_MINUTES = {"minute": 1, "hour": 60, "day": 1440}


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
                "unitItems": [{"unitId": unit_id} for unit_id in self.unit_ids]}
        if reseller_reference:
            body["resellerReference"] = reseller_reference
        body.update(extra)
        return body

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


def seats_of(option: dict, unit_id: str) -> int:
    """How many seats one unit takes (its paxCount)."""
    unit = next((u for u in option["units"] if u["id"] == unit_id), None)
    return int(((unit or {}).get("restrictions") or {}).get("paxCount") or 1)


def cutoff_minutes(option: dict) -> int:
    """The option's cancellation cutoff in minutes."""
    amount = option.get("cancellationCutoffAmount") or 0
    return amount * _CUTOFF_MINUTES.get(option.get("cancellationCutoffUnit") or "minute", 1)


def starts_at(availability: dict) -> datetime:
    """When a departure starts, as an aware datetime."""
    return datetime.fromisoformat(availability["localDateTimeStart"].replace("Z", "+00:00"))


class Discovery:
    """Looks through the target's catalogue and availability for what a rule needs."""

    def __init__(self, api, products: list[dict], rng: random.Random, pins: Pins):
        self.api, self.rng, self.pins = api, rng, pins
        self._products = [p for p in products if not pins.product or p["id"] == pins.product]

    # --- general offers ------------------------------------------------------------

    def offer(self, *, min_vacancies: int = 0, days: tuple[int, int] = DEFAULT_DAYS,
              option_filter: Callable[[dict, dict], bool] | None = None,
              slot_filter: Callable[[dict], bool] | None = None, need: str = "a bookable departure",
              bookings: int = 1, units_at_least: int = 1) -> Offer:
        """A bookable departure with room for `bookings` such orders (plus min_vacancies seats)."""
        for product, option in self.options(option_filter):
            unit_ids = self._at_least(option, self.minimal_units(option), units_at_least)
            if unit_ids is None:
                continue
            seats = sum(seats_of(option, u) for u in unit_ids) * bookings + min_vacancies
            slots = [s for s in self.departures(product, option, unit_ids, days)
                     if _bookable(s) and (s.get("vacancies") is None or s["vacancies"] >= seats)
                     and (slot_filter is None or slot_filter(s))]
            if slots:
                return Offer(product, option, unit_ids, self.rng.choice(slots))
        pytest.skip(f"the target offers no {need} in the next {days[1]} days" + self._pin_note())

    def two_departures(self) -> tuple[Offer, dict]:
        """An offer and a second bookable departure of the same option (to move a booking)."""
        for product, option in self.options():
            unit_ids = self.minimal_units(option)
            if unit_ids is None:
                continue
            seats = sum(seats_of(option, u) for u in unit_ids)
            slots = [s for s in self.departures(product, option, unit_ids, DEFAULT_DAYS)
                     if _bookable(s) and (s.get("vacancies") is None or s["vacancies"] >= seats)]
            if len(slots) >= 2:
                first, second = self.rng.sample(slots, 2)
                return Offer(product, option, unit_ids, first), second
        pytest.skip("the target has no option with two bookable departures" + self._pin_note())

    def other_option(self, offer: Offer) -> Offer:
        """A bookable departure of another option of the same product (to change option)."""
        others = [o for o in offer.product["options"] if o["id"] != offer.option_id]
        for option in others:
            unit_ids = self.minimal_units(option)
            if unit_ids is None:
                continue
            slots = [s for s in self.departures(offer.product, option, unit_ids, DEFAULT_DAYS) if _bookable(s)]
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
            slots = [s for s in self.departures(product, option, None, DEFAULT_DAYS) if s["status"] == "SOLD_OUT"]
            if slots:
                return Offer(product, option, unit_ids, self.rng.choice(slots))
        pytest.skip("the target shows no SOLD_OUT departure in the next "
                    f"{DEFAULT_DAYS[1]} days" + self._pin_note())

    def over_capacity(self) -> Offer:
        """A departure with v seats left and an order of v+1 single-seat units the option allows."""
        for product, option in self.options():
            base = self._independent_unit(option)
            if base is None or seats_of(option, base["id"]) != 1:
                continue
            limit = _min_known(option["restrictions"].get("maxUnits"), base["restrictions"].get("maxQuantity"))
            minimum = max(option["restrictions"].get("minUnits") or 1, base["restrictions"].get("minQuantity") or 1)
            slots = [s for s in self.departures(product, option, None, DEFAULT_DAYS)
                     if _bookable(s) and s.get("vacancies") is not None
                     and s["vacancies"] + 1 >= minimum and (limit is None or s["vacancies"] + 1 <= limit)]
            if slots:
                slot = min(slots, key=lambda s: s["vacancies"])
                return Offer(product, option, [base["id"]] * (slot["vacancies"] + 1), slot)
        pytest.skip("no departure has fewer seats left than an option lets one booking take" + self._pin_note())

    def unaccompanied(self) -> Offer:
        """Units that must be accompanied (restrictions.accompaniedBy), booked alone."""
        return self._restricted(lambda option: [[u["id"]] for u in option["units"]
                                                if (u["restrictions"].get("accompaniedBy") or [])],
                                "a unit that must be accompanied (accompaniedBy)")

    def too_many_units(self) -> Offer:
        """One unit more than the option's maxUnits."""
        def orders(option):
            base, most = self._independent_unit(option), option["restrictions"].get("maxUnits")
            return [[base["id"]] * (most + 1)] if base and most else []
        return self._restricted(orders, "an option with maxUnits")

    def too_few_units(self) -> Offer:
        """One unit fewer than the option's minUnits (when that is 2 or more)."""
        def orders(option):
            base, least = self._independent_unit(option), option["restrictions"].get("minUnits") or 0
            return [[base["id"]] * (least - 1)] if base and least >= 2 else []
        return self._restricted(orders, "an option with minUnits of 2 or more")

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
                     if _bookable(s) and starts_at(s) - cutoff < now - timedelta(minutes=5)
                     and _utc(s["utcCutoffAt"]) > now + timedelta(minutes=10)]
            if slots:
                return Offer(product, option, unit_ids, self.rng.choice(slots))
        pytest.skip("no option has a bookable departure inside its cancellation cutoff" + self._pin_note())

    # --- building blocks -----------------------------------------------------------

    def options(self, keep: Callable[[dict, dict], bool] | None = None) -> list[tuple[dict, dict]]:
        """(product, option) pairs in catalogue order, after pins and the filter."""
        return [(p, o) for p in self._products for o in p.get("options") or []
                if (not self.pins.option or o["id"] == self.pins.option) and (keep is None or keep(p, o))]

    def minimal_units(self, option: dict) -> list[str] | None:
        """The smallest order the option's restrictions allow, or None if there is none."""
        units = {u["id"]: u for u in option.get("units") or []}
        if self.pins.unit:
            if self.pins.unit not in units:
                return None
            base = units[self.pins.unit]
        else:
            base = self._independent_unit(option)
        if base is None:
            return None
        restrictions = base.get("restrictions") or {}
        quantity = max(option["restrictions"].get("minUnits") or 1, restrictions.get("minQuantity") or 1)
        order = [base["id"]] * quantity
        companions = restrictions.get("accompaniedBy") or []
        if companions:
            order.append(companions[0])
        limit = option["restrictions"].get("maxUnits")
        if limit is not None and len(order) > limit:
            return None
        if restrictions.get("maxQuantity") is not None and quantity > restrictions["maxQuantity"]:
            return None
        return order

    def _at_least(self, option: dict, order: list[str] | None, count: int) -> list[str] | None:
        """The order grown to `count` unit items with more of its first unit, if restrictions allow."""
        if order is None or len(order) >= count:
            return order
        grown = order + [order[0]] * (count - len(order))
        most = option["restrictions"].get("maxUnits")
        unit = next(u for u in option["units"] if u["id"] == order[0])
        most_of_unit = (unit.get("restrictions") or {}).get("maxQuantity")
        if (most is not None and len(grown) > most) or (most_of_unit is not None and grown.count(order[0]) > most_of_unit):
            return None
        return grown

    def departures(self, product: dict, option: dict, unit_ids: list[str] | None,
                   days: tuple[int, int]) -> list[dict]:
        """Availability of an option over a window of days ahead (or the pinned date)."""
        first, last = self._window(product, days)
        body = {"productId": product["id"], "optionId": option["id"],
                "localDateStart": first.isoformat(), "localDateEnd": last.isoformat()}
        if unit_ids:
            body["units"] = Offer(product, option, unit_ids, {}).units_query()
        return self.api.availability(body)

    def _restricted(self, orders: Callable[[dict], list[list[str]]], need: str) -> Offer:
        for product, option in self.options():
            for order in orders(option):
                slots = [s for s in self.departures(product, option, None, DEFAULT_DAYS) if _bookable(s)]
                if slots:
                    return Offer(product, option, order, self.rng.choice(slots))
        pytest.skip(f"the target has no {need}" + self._pin_note())

    def _independent_unit(self, option: dict) -> dict | None:
        units = [u for u in option.get("units") or []
                 if not (u.get("restrictions") or {}).get("accompaniedBy")]
        return next((u for u in units if u.get("type") == "ADULT"), units[0] if units else None)

    def _window(self, product: dict, days: tuple[int, int]) -> tuple[date, date]:
        if self.pins.date:
            pinned = date.fromisoformat(self.pins.date)
            return pinned, pinned
        today = datetime.now(ZoneInfo(product.get("timeZone") or "UTC")).date()
        return today + timedelta(days=days[0]), today + timedelta(days=days[1])

    def _pin_note(self) -> str:
        pins = {k: v for k, v in vars(self.pins).items() if v}
        return f" (pinned: {pins})" if pins else ""


def _bookable(slot: dict) -> bool:
    return bool(slot.get("available")) and slot.get("status") in ("AVAILABLE", "LIMITED", "FREESALE")


def _min_known(*values: int | None) -> int | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
