"""Bookings (seed 002): reserve, confirm, update, cancel, extend, get and list.

A booking is stored as a typed record close to the OCTO object (records.py); what can be
derived (the availability object, voucher and tickets, `cancellable`, what capabilities add) is
computed when it is shown, in booking_view.py. Its statuses, replay, expiry and refusals are the
hold lifecycle of the kernel, shared with gift vouchers. Every function runs inside the caller's
transaction, so a rule that fails half-way leaves nothing behind. Capabilities take part through
their plan hook (on reserve and update) and their index hook (on every save).
"""
from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass

from ..catalogue import Option, Product, Unit
from ..kernel import holds
from ..kernel.clock import utc_iso
from ..kernel.contacts import merged_contact, missing_fields
from ..kernel.context import Context
from ..kernel.errors import BadRequest, InvalidAvailabilityId, InvalidBookingUuid, UnprocessableEntity
from ..kernel.references import delivery_code, reference
from . import booking_table
from .availability import date_range, parse_local_date, resolve_currency
from .products import find_option, find_product, find_unit
from .records import Booking, UnitItem
from .slots import Slot, slot_by_id, slot_state

# Seed 002's settlement methods. DIRECT and WHOLESALE are paid by card to the supplier, which
# needs octo/cardPayments; this mock takes no card payments, so it refuses them. A reseller
# that says nothing settles by VOUCHER: it collects the payment and is invoiced the net rate.
SETTLEMENT_METHODS = ("VOUCHER", "DEPOSIT", "DEFERRED")
CARD_SETTLEMENT_METHODS = ("DIRECT", "WHOLESALE")

RESERVE, UPDATE, CONFIRM = "reserve", "update", "confirm"  # the stages a plan hook is called at

LIST_FILTERS = {"resellerReference": "reseller_reference", "supplierReference": "supplier_reference",
                "productId": "product_id", "optionId": "option_id"}


@dataclass
class Plan:
    """A checked combination of product, option, departure, currency and unit items."""

    product: Product
    option: Option
    slot: Slot
    currency: str
    unit_items: list[UnitItem]

    @property
    def seats(self) -> int:
        return sum(self.option.unit(item.unit_id).pax_count for item in self.unit_items)

    @property
    def unit_ids(self) -> list[str]:
        return [item.unit_id for item in self.unit_items]


# --- the endpoints -------------------------------------------------------------------


def reserve(ctx: Context, body: dict) -> Booking:
    """POST /bookings: hold seats ON_HOLD; the same request with the same uuid returns the same booking."""
    replayed = _replay(ctx, body)
    if replayed is not None:
        return replayed
    booking_uuid = body.get("uuid") or str(uuidlib.uuid4())
    items = _new_unit_items(ctx, body.get("unitItems"), booking_uuid, existing=[])
    plan = _plan(ctx, body["productId"], body["optionId"], body["availabilityId"], body.get("currency"), items, None)
    booking = Booking(**holds.new_hold_fields(ctx, booking_uuid, _free_reference(ctx), body,
                                              _expiry(ctx, plan.product, body)),
                      contact=merged_contact(body.get("contact")),
                      settlement_method=_settlement_method(body, "VOUCHER"))
    _hold(booking, plan)
    _plan_hooks(ctx, booking, plan, body, RESERVE)
    save(ctx, booking, plan, created=True)
    return booking


def get(ctx: Context, booking_uuid: str) -> Booking:
    """GET /bookings/{uuid}: the booking as it is now (an overdue hold reads EXPIRED)."""
    booking = booking_table.load(ctx.box, booking_uuid)
    if booking is None:
        raise InvalidBookingUuid(booking_uuid, f"No booking with uuid {booking_uuid!r}")
    return holds.current(ctx, booking)


def confirm(ctx: Context, booking_uuid: str, body: dict) -> Booking:
    """POST /bookings/{uuid}/confirm: CONFIRMED, with contact, references and delivery codes."""
    booking = get(ctx, booking_uuid)
    if holds.confirmed_again(booking, body):
        return booking
    holds.require_on_hold(booking, "confirmed")
    items = booking.unit_items
    if "unitItems" in body:
        items = _new_unit_items(ctx, body["unitItems"], booking_uuid, existing=items)
    plan = _plan(ctx, booking.product_id, booking.option_id, booking.availability_id, booking.currency,
                 items, booking_uuid)
    booking.contact = merged_contact(body["contact"], booking.contact)
    booking.unit_items = plan.unit_items
    if "resellerReference" in body:
        booking.reseller_reference = body["resellerReference"]
    holds.confirm(ctx, booking, body)
    _plan_hooks(ctx, booking, plan, body, CONFIRM)
    _make_ready_to_travel(booking, plan)
    save(ctx, booking, plan)
    return booking


def update(ctx: Context, booking_uuid: str, body: dict) -> Booking:
    """PATCH /bookings/{uuid}: change a booking while it is still cancellable (seed 002)."""
    booking = get(ctx, booking_uuid)
    holds.require_changeable(booking, is_cancellable(ctx, booking), "changed", _cutoff_note(ctx, booking))
    items = booking.unit_items
    if "unitItems" in body:
        items = _new_unit_items(ctx, body["unitItems"], booking_uuid, existing=items)
    product_id = body.get("productId", booking.product_id)
    plan = _plan(ctx, product_id, body.get("optionId", booking.option_id),
                 body.get("availabilityId", booking.availability_id),
                 body.get("currency", _kept_currency(ctx, product_id, booking.currency)), items, booking_uuid)
    if booking.status == holds.ON_HOLD and "expirationMinutes" in body:
        booking.utc_expires_at = _expiry(ctx, plan.product, body)
    if "notes" in body:
        booking.notes = body["notes"]
    if "resellerReference" in body:
        booking.reseller_reference = body["resellerReference"]
    booking.settlement_method = _settlement_method(body, booking.settlement_method)
    booking.contact = merged_contact(body.get("contact"), booking.contact)
    _hold(booking, plan)
    _plan_hooks(ctx, booking, plan, body, UPDATE)
    if booking.status == holds.CONFIRMED:
        _make_ready_to_travel(booking, plan)
    save(ctx, booking, plan)
    return booking


def cancel(ctx: Context, booking_uuid: str, body: dict) -> Booking:
    """POST /bookings/{uuid}/cancel and DELETE /bookings/{uuid}: CANCELLED, seats released."""
    booking = get(ctx, booking_uuid)
    if holds.cancel(ctx, booking, body, is_cancellable(ctx, booking), _cutoff_note(ctx, booking)):
        save(ctx, booking)
    return booking


def extend(ctx: Context, booking_uuid: str, body: dict) -> Booking:
    """POST /bookings/{uuid}/extend: hold an ON_HOLD booking for longer."""
    booking = get(ctx, booking_uuid)
    plan = plan_of(ctx, booking)
    holds.extend(ctx, booking, body.get("expirationMinutes", plan.product.default_hold_minutes))
    save(ctx, booking, plan)
    return booking


def search(ctx: Context, query: dict[str, str]) -> list[Booking]:
    """GET /bookings: bookings matching every filter; one of the four main filters is required."""
    if not ({"resellerReference", "supplierReference", "localDate"} & query.keys()
            or {"localDateStart", "localDateEnd"} <= query.keys()):
        raise BadRequest("Filter by at least one of: resellerReference, supplierReference, localDate, "
                         "or localDateStart with localDateEnd")
    if ("localDateStart" in query) != ("localDateEnd" in query):
        raise BadRequest("localDateStart and localDateEnd go together")
    filters: dict[str, object] = {column: query[name] for name, column in LIST_FILTERS.items() if name in query}
    if "localDate" in query:
        filters["local_date"] = parse_local_date(query["localDate"], "localDate").isoformat()
    if "localDateStart" in query:
        # Listing is an indexed query, so unlike availability a long range costs nothing.
        first, last = date_range(query["localDateStart"], query["localDateEnd"], longest=None)
        filters["local_date"] = (first.isoformat(), last.isoformat())
    return [holds.current(ctx, booking) for booking in booking_table.find(ctx.box, filters)]


def save(ctx: Context, booking: Booking, plan: Plan | None = None, *, created: bool = False) -> None:
    """Store a changed booking (its plan is worked out again when not given), then let every
    capability index what it keeps of it, in the same transaction; `created` on a reservation's
    first save, so that a capability can tell a new booking from a change of one."""
    plan = plan or plan_of(ctx, booking)
    holds.touch(ctx, booking)
    booking_table.save(ctx.box, booking, local_date=plan.slot.local_date, seats=plan.seats)
    for hook in ctx.plugins.hooks("booking_saved"):
        hook(ctx, booking, created)


# --- state -------------------------------------------------------------------------


def is_cancellable(ctx: Context, booking: Booking) -> bool:
    """ON_HOLD always; CONFIRMED until the cutoff and until a ticket is used; never otherwise."""
    if booking.status == holds.ON_HOLD:
        return True
    if booking.status != holds.CONFIRMED or any(item.utc_redeemed_at for item in booking.unit_items):
        return False
    return ctx.now < plan_of(ctx, booking).slot.utc_cancellation_deadline


def _cutoff_note(ctx: Context, booking: Booking) -> str:
    if booking.status != holds.CONFIRMED or any(item.utc_redeemed_at for item in booking.unit_items):
        return ""
    deadline = plan_of(ctx, booking).slot.utc_cancellation_deadline
    return f" (the cancellation cutoff passed at {utc_iso(deadline)})"


def _replay(ctx: Context, body: dict) -> Booking | None:
    """The booking an earlier identical request made, found by its uuid or its unit items' uuids."""
    key = owner = body.get("uuid")
    if key is None:
        unit_uuids = [item.get("uuid") for item in body.get("unitItems") or [] if item.get("uuid")]
        key = unit_uuids[0] if unit_uuids else None
        owner = booking_table.unit_item_owner(ctx.box, key) if key else None
    existing = booking_table.load(ctx.box, owner) if owner else None
    return holds.replay(ctx, existing, body, key)


def _settlement_method(body: dict, default: str) -> str:
    method = body.get("settlementMethod") or default
    if method in CARD_SETTLEMENT_METHODS:
        raise BadRequest(f"settlementMethod {method} needs a card payment (octo/cardPayments), which this "
                         f"supplier does not take; use one of {', '.join(SETTLEMENT_METHODS)}")
    return method


def _kept_currency(ctx: Context, product_id: object, currency: str) -> str | None:
    # A booking moved to a product not sold in its currency takes that product's default.
    product = ctx.catalogue.product(product_id)
    return currency if product is None or currency in product.currencies else None


def _free_reference(ctx: Context) -> str:
    while True:
        candidate = reference()
        if not booking_table.reference_taken(ctx.box, candidate):
            return candidate


def _expiry(ctx: Context, product: Product, body: dict) -> str:
    return holds.hold_until(ctx, body.get("expirationMinutes", product.default_hold_minutes))


def _plan_hooks(ctx: Context, booking: Booking, plan: Plan, body: dict, stage: str) -> None:
    for hook in ctx.plugins.hooks("plan_booking"):
        hook(ctx, booking, plan, body, stage)


# --- what a booking holds ------------------------------------------------------------


def plan_of(ctx: Context, booking: Booking) -> Plan:
    """The plan of a stored booking (its ids were checked when it was made)."""
    product = ctx.catalogue.product(booking.product_id)
    option = product.option(booking.option_id)
    return Plan(product, option, slot_by_id(product, option, booking.availability_id), booking.currency,
                booking.unit_items)


def _hold(booking: Booking, plan: Plan) -> None:
    """Make the booking hold what the plan checked."""
    booking.product_id, booking.option_id, booking.availability_id = plan.product.id, plan.option.id, plan.slot.id
    booking.currency, booking.unit_items = plan.currency, plan.unit_items
    booking.freesale = plan.option.capacity is None


def _plan(ctx: Context, product_id: object, option_id: object, availability_id: object,
          currency: str | None, unit_items: list[UnitItem], own_uuid: str | None) -> Plan:
    """Check ids, restrictions and seats for what a booking is to hold."""
    product = find_product(ctx.catalogue, product_id)
    option = find_option(product, option_id)
    plan_currency = resolve_currency(product, currency)
    if not unit_items:
        raise UnprocessableEntity("unitItems must list at least one unit")
    units = [find_unit(option, item.unit_id) for item in unit_items]
    slot = slot_by_id(product, option, availability_id)
    if slot is None:
        raise InvalidAvailabilityId(availability_id)
    _check_restrictions(option, units)
    plan = Plan(product, option, slot, plan_currency, unit_items)
    _check_seats(ctx, plan, own_uuid)
    return plan


def _check_restrictions(option: Option, units: list[Unit]) -> None:
    count = len(units)
    if option.min_units is not None and count < option.min_units:
        raise UnprocessableEntity(f"Option {option.id!r} needs at least {option.min_units} units, got {count}")
    if option.max_units is not None and count > option.max_units:
        raise UnprocessableEntity(f"Option {option.id!r} allows at most {option.max_units} units, got {count}")
    ids = [u.id for u in units]
    for unit in {u.id: u for u in units}.values():
        n = ids.count(unit.id)
        if unit.min_quantity is not None and n < unit.min_quantity:
            raise UnprocessableEntity(f"Unit {unit.id!r} needs a quantity of at least {unit.min_quantity}")
        if unit.max_quantity is not None and n > unit.max_quantity:
            raise UnprocessableEntity(f"Unit {unit.id!r} allows a quantity of at most {unit.max_quantity}")
        if unit.accompanied_by and not any(i in unit.accompanied_by for i in ids):
            raise UnprocessableEntity(f"Unit {unit.id!r} must be accompanied by one of: "
                                      + ", ".join(unit.accompanied_by))


def _check_seats(ctx: Context, plan: Plan, own_uuid: str | None) -> None:
    slot = plan.slot
    held = booking_table.held_seats(ctx.box, plan.product.id, plan.option.id, slot.local_date, slot.local_date,
                                    ctx.utc_now, excluding=own_uuid).get(slot.id, 0)
    state = slot_state(slot, held, ctx.now)
    if state.status == "CLOSED":
        raise UnprocessableEntity(f"Availability {slot.id} is closed for booking")
    if state.vacancies is not None and plan.seats > state.vacancies:
        what = "is SOLD_OUT" if state.vacancies == 0 else f"has only {state.vacancies} seats left"
        raise UnprocessableEntity(f"Availability {slot.id} {what}; {plan.seats} requested")


# --- unit items --------------------------------------------------------------------------


def _new_unit_items(ctx: Context, requested: list[dict] | None, booking_uuid: str,
                    existing: list[UnitItem]) -> list[UnitItem]:
    """Unit items for a request, keeping existing items (and their references) where they match.

    A requested item matches an existing one by uuid, or else by unit id in order, so that
    confirming with the same units keeps the uuids and references the reservation gave.
    """
    requested = requested or []
    sent_uuids = [item["uuid"] for item in requested if item.get("uuid")]
    if len(sent_uuids) != len(set(sent_uuids)):
        raise BadRequest("Each unit item uuid may appear only once")
    by_uuid = {item.uuid: item for item in existing}
    spare = [item for item in existing if item.uuid not in sent_uuids]
    items = []
    for sent in requested:
        if sent.get("uuid"):
            _check_unit_uuid_free(ctx, sent["uuid"], booking_uuid)
            base = by_uuid.get(sent["uuid"])
        else:
            base = next((item for item in spare if item.unit_id == sent["unitId"]), None)
            if base is not None:
                spare.remove(base)
        items.append(_unit_item(sent, base))
    return items


def _check_unit_uuid_free(ctx: Context, unit_uuid: str, booking_uuid: str) -> None:
    owner = booking_table.unit_item_owner(ctx.box, unit_uuid)
    if owner is not None and owner != booking_uuid:
        raise InvalidBookingUuid(unit_uuid, f"Unit item uuid {unit_uuid} already belongs to another booking")


def _unit_item(sent: dict, base: UnitItem | None) -> UnitItem:
    if base is None:
        item = UnitItem(uuid=str(uuidlib.uuid4()), unit_id=sent["unitId"], supplier_reference=reference(8))
    else:
        item = UnitItem.from_doc(base.to_doc())
        item.unit_id = sent["unitId"]
    if sent.get("uuid"):
        item.uuid = sent["uuid"]
    if "resellerReference" in sent:
        item.reseller_reference = sent["resellerReference"]
    if "contact" in sent:
        item.contact = merged_contact(sent["contact"], item.contact)
    return item


# --- confirmation details ------------------------------------------------------------


def _make_ready_to_travel(booking: Booking, plan: Plan) -> None:
    """A confirmed booking has the contact its option requires, and its vouchers and tickets."""
    missing = missing_fields(booking.contact, plan.option.required_contact_fields)
    if missing:
        # The standard lists no BAD_REQUEST for confirm: a request that is well formed but cannot
        # be carried out is UNPROCESSABLE_ENTITY (SPEC-DIGEST, error table).
        raise UnprocessableEntity(f"Option {plan.option.id!r} requires contact fields: {', '.join(missing)}")
    _issue_delivery_codes(booking, plan.product)


def _issue_delivery_codes(booking: Booking, product: Product) -> None:
    """Codes for the voucher and each ticket, per the product's delivery methods; kept once issued."""
    if "VOUCHER" in product.delivery_methods and not booking.voucher_code:
        booking.voucher_code = delivery_code(booking.supplier_reference)
    for item in booking.unit_items:
        if "TICKET" in product.delivery_methods and not item.ticket_code:
            item.ticket_code = delivery_code(item.supplier_reference)
