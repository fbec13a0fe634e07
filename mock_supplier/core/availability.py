"""POST /availability and POST /availability/calendar."""
from __future__ import annotations

from datetime import date, timedelta

from ..catalogue import Option, Product
from ..kernel.clock import utc_iso
from ..kernel.context import Context
from ..kernel.errors import BadRequest, InvalidAvailabilityId
from . import booking_table
from .products import find_option, find_product, find_unit
from .slots import MAX_RANGE_DAYS, Slot, SlotState, slot_by_id, slot_state, slots_between, status_for, today_for


def check(ctx: Context, body: dict) -> list[dict]:
    """Availability objects for one date, a date range, or a list of availability ids."""
    product = find_product(ctx.catalogue, body["productId"])
    option = find_option(product, body["optionId"])
    currency = resolve_currency(product, body.get("currency"))
    unit_ids = requested_units(option, body.get("units"))
    slots = _selected_slots(ctx, product, option, body)
    held = _held(ctx, slots)
    return [_availability_json(ctx, s, slot_state(s, held.get(s.id, 0), ctx.now), unit_ids, currency) for s in slots]


def availability_json(ctx: Context, slot: Slot, unit_ids: list[str], currency: str) -> dict:
    """The availability object of one slot as it stands now (as embedded in a booking)."""
    held = _held(ctx, [slot]).get(slot.id, 0)
    return _availability_json(ctx, slot, slot_state(slot, held, ctx.now), unit_ids, currency)


def calendar(ctx: Context, body: dict) -> list[dict]:
    """One calendar entry per local date of the range."""
    product = find_product(ctx.catalogue, body["productId"])
    option = find_option(product, body["optionId"])
    currency = resolve_currency(product, body.get("currency"))
    unit_ids = requested_units(option, body.get("units"))
    if "localDateStart" not in body or "localDateEnd" not in body:
        raise BadRequest("The calendar needs both localDateStart and localDateEnd")
    first, last = date_range(body["localDateStart"], body["localDateEnd"])
    slots = slots_between(product, option, first, last)
    held = _held(ctx, slots)
    days: dict[str, list[SlotState]] = {}
    for slot in slots:
        days.setdefault(slot.local_date, []).append(slot_state(slot, held.get(slot.id, 0), ctx.now))
    return [_calendar_day(ctx, product, option, (first + timedelta(n)).isoformat(), days, unit_ids, currency)
            for n in range((last - first).days + 1)]


def resolve_currency(product: Product, requested: str | None) -> str:
    """The requested currency if the product sells in it, else the product's default."""
    if requested is None:
        return product.default_currency
    if requested not in product.currencies:
        raise BadRequest(f"Product {product.id!r} is not sold in {requested}; "
                         f"available currencies: {', '.join(product.currencies)}")
    return requested


def requested_units(option: Option, units: list[dict] | None) -> list[str]:
    """Unit ids repeated by quantity, each checked against the option."""
    unit_ids = []
    for item in units or []:
        unit_ids.extend([find_unit(option, item["id"]).id] * item["quantity"])
    return unit_ids


def parse_local_date(value: str, field: str) -> date:
    """A YYYY-MM-DD date, or BAD_REQUEST naming the field."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRequest(f"{field} must be a date as YYYY-MM-DD, got {value!r}") from None


def date_range(start: str, end: str, longest: int | None = MAX_RANGE_DAYS) -> tuple[date, date]:
    """A checked inclusive date range, of at most `longest` days when given."""
    first, last = parse_local_date(start, "localDateStart"), parse_local_date(end, "localDateEnd")
    if last < first:
        raise BadRequest("localDateEnd is before localDateStart")
    if longest is not None and (last - first).days >= longest:
        raise BadRequest(f"A date range may cover at most {MAX_RANGE_DAYS} days")
    return first, last


def _selected_slots(ctx: Context, product: Product, option: Option, body: dict) -> list[Slot]:
    ways = [key for key in ("localDate", "localDateStart", "availabilityIds") if key in body]
    if "localDateEnd" in body and "localDateStart" not in body:
        raise BadRequest("localDateEnd needs localDateStart")
    if len(ways) != 1:
        raise BadRequest("Give exactly one of: localDate, localDateStart with localDateEnd, or availabilityIds")
    if ways == ["availabilityIds"]:
        return [_slot_or_error(product, option, aid) for aid in body["availabilityIds"]]
    if ways == ["localDate"]:
        first = last = parse_local_date(body["localDate"], "localDate")
    else:
        if "localDateEnd" not in body:
            raise BadRequest("localDateStart needs localDateEnd")
        first, last = date_range(body["localDateStart"], body["localDateEnd"])
    # Departures before today are history, not availability.
    first = max(first, today_for(product, ctx.now))
    return slots_between(product, option, first, last) if first <= last else []


def _slot_or_error(product: Product, option: Option, availability_id: str) -> Slot:
    slot = slot_by_id(product, option, availability_id)
    if slot is None:
        raise InvalidAvailabilityId(availability_id)
    return slot


def _held(ctx: Context, slots: list[Slot]) -> dict[str, int]:
    if not slots:
        return {}
    first = slots[0]
    dates = sorted(s.local_date for s in slots)
    return booking_table.held_seats(ctx.box, first.product.id, first.option.id, dates[0], dates[-1], ctx.utc_now)


def _availability_json(ctx: Context, slot: Slot, state: SlotState, unit_ids: list[str], currency: str) -> dict:
    seats = sum(slot.option.unit(uid).pax_count for uid in unit_ids)
    fits = state.vacancies is None or seats <= state.vacancies
    body = {
        "id": slot.id,
        "localDateTimeStart": slot.local_start.isoformat(),
        "localDateTimeEnd": slot.local_end.isoformat(),
        "utcCutoffAt": utc_iso(slot.utc_cutoff),
        "allDay": slot.all_day,
        "available": state.available and fits,
        "status": state.status,
        "vacancies": state.vacancies,
        "capacity": state.capacity,
        "maxUnits": slot.option.max_units,
        "openingHours": _opening_hours(slot.option),
    }
    body.update(ctx.plugins.added_fields("availability_fields", ctx.capabilities, ctx, slot, unit_ids, currency))
    return body


def _calendar_day(ctx: Context, product: Product, option: Option, day: str,
                  days: dict[str, list[SlotState]], unit_ids: list[str], currency: str) -> dict:
    states = [s for s in days.get(day, []) if s.status != "CLOSED"]
    if not states:
        status, vacancies, capacity = "CLOSED", None if option.capacity is None else 0, option.capacity
    elif option.capacity is None:
        status, vacancies, capacity = "FREESALE", None, None
    else:
        vacancies, capacity = sum(s.vacancies for s in states), sum(s.capacity for s in states)
        status = status_for(vacancies, capacity)
    body = {
        "localDate": day,
        "available": status in ("AVAILABLE", "LIMITED", "FREESALE"),
        "status": status,
        "vacancies": vacancies,
        "capacity": capacity,
        "openingHours": _opening_hours(option),
        # Ventrata's calendar names the day's start times; the core typespec has no such field.
        "availabilityLocalStartTimes": list(option.start_times) if states else [],
    }
    body.update(ctx.plugins.added_fields("calendar_fields", ctx.capabilities, ctx, product, option, unit_ids,
                                         currency))
    return body


def _opening_hours(option: Option) -> list[dict]:
    return [{"from": start, "to": end} for start, end in option.opening_hours]
