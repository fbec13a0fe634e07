"""Departures ("slots") of an option, and how many seats each has left.

Availability ids are the slot's local start with its UTC offset, as OCTO suppliers
commonly do ("2026-12-01T09:00:00+00:00"); parsing an id back means recomputing it for
that local date and time and comparing the exact string, so a wrong offset is invalid.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..catalogue import Option, Product

BOOKING_HORIZON_DAYS = 365  # departures further ahead than this are not on sale yet
MAX_RANGE_DAYS = 366  # longest date range one availability request may ask for


@lru_cache(maxsize=None)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass(frozen=True)
class Slot:
    """One departure of an option (or one day, for OPENING_HOURS products)."""

    product: Product
    option: Option
    local_start: datetime  # aware, in the product's time zone

    @property
    def id(self) -> str:
        return self.local_start.isoformat()

    @property
    def local_date(self) -> str:
        return self.local_start.date().isoformat()

    @property
    def start_time(self) -> str:
        return self.local_start.strftime("%H:%M")

    @property
    def local_end(self) -> datetime:
        naive = self.local_start.replace(tzinfo=None) + timedelta(minutes=self.option.duration_minutes)
        return naive.replace(tzinfo=_zone(self.product.time_zone))

    @property
    def all_day(self) -> bool:
        return self.product.availability_type == "OPENING_HOURS"

    @property
    def utc_cutoff(self) -> datetime:
        # A day ticket (OPENING_HOURS) is on sale until closing time, a departure until it leaves.
        last_entry = self.local_start
        if self.all_day and self.option.opening_hours:
            closing = time.fromisoformat(self.option.opening_hours[-1][1])
            last_entry = datetime.combine(self.local_start.date(), closing, _zone(self.product.time_zone))
        return last_entry - timedelta(minutes=self.product.booking_cutoff_minutes)

    @property
    def utc_cancellation_deadline(self) -> datetime:
        return self.local_start - timedelta(minutes=self.option.cancellation_cutoff_minutes)


@dataclass(frozen=True)
class SlotState:
    """What the availability object says about a slot at a moment."""

    status: str
    vacancies: int | None
    capacity: int | None

    @property
    def available(self) -> bool:
        return self.status in ("AVAILABLE", "LIMITED", "FREESALE")


def today_for(product: Product, now: datetime) -> date:
    """The current local date where the product takes place."""
    return now.astimezone(_zone(product.time_zone)).date()


def slots_on(product: Product, option: Option, day: date) -> list[Slot]:
    """The departures of an option on a local date (none on its closed weekdays)."""
    if day.weekday() in option.closed_weekdays:
        return []
    zone = _zone(product.time_zone)
    return [Slot(product, option, datetime.combine(day, time.fromisoformat(hhmm), zone))
            for hhmm in option.start_times]


def slots_between(product: Product, option: Option, first: date, last: date) -> list[Slot]:
    """Every departure from the first to the last local date, inclusive."""
    days = (last - first).days
    return [slot for n in range(days + 1) for slot in slots_on(product, option, first + timedelta(days=n))]


def slot_by_id(product: Product, option: Option, availability_id: object) -> Slot | None:
    """The slot an availability id names, or None when it names no departure of the option."""
    if not isinstance(availability_id, str):
        return None
    try:
        moment = datetime.fromisoformat(availability_id)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    local = moment.astimezone(_zone(product.time_zone))
    return next((s for s in slots_on(product, option, local.date()) if s.id == availability_id), None)


def slot_state(slot: Slot, held: int, now: datetime) -> SlotState:
    """Status, vacancies and capacity of a slot given the seats our bookings hold."""
    capacity = slot.option.capacity
    on_sale = now < slot.utc_cutoff and (slot.local_start.date() - today_for(slot.product, now)).days <= BOOKING_HORIZON_DAYS
    if not on_sale:
        return SlotState("CLOSED", None if capacity is None else 0, capacity)
    if capacity is None:
        return SlotState("FREESALE", None, None)
    vacancies = max(0, capacity - slot.option.presold.get(slot.start_time, 0) - held)
    return SlotState(status_for(vacancies, capacity), vacancies, capacity)


def status_for(vacancies: int, capacity: int) -> str:
    """SOLD_OUT at zero, LIMITED under half the capacity, AVAILABLE otherwise."""
    if vacancies <= 0:
        return "SOLD_OUT"
    return "LIMITED" if vacancies * 2 < capacity else "AVAILABLE"
