"""Bookings (seed 002): reserve, confirm, update, cancel, extend, get and list.

A booking is stored as a record close to the OCTO object; what can be derived (the
availability object, voucher and tickets, pricing, `cancellable`) is computed when it is
shown, in booking_json.py. Every function runs inside the caller's transaction, so a
rule that fails half-way leaves nothing behind.
"""
from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass

from ..catalogue import Option, Product, Unit
from ..clock import parse_utc, utc_iso
from ..errors import BadRequest, InvalidAvailabilityId, InvalidBookingUuid, UnprocessableEntity
from ..gifts.payments import settle
from .availability import date_range, parse_local_date, resolve_currency
from .contacts import empty_contact, merged_contact, missing_fields
from .holds import cancellation, hold_until
from .context import Context
from .products import find_option, find_product, find_unit
from .references import delivery_code, reference
from .slots import Slot, slot_by_id, slot_state

# Seed 002's settlement methods. DIRECT and WHOLESALE are paid by card to the supplier, which
# needs octo/cardPayments; this mock takes no card payments, so it refuses them. A reseller
# that says nothing settles by VOUCHER: it collects the payment and is invoiced the net rate.
SETTLEMENT_METHODS = ("VOUCHER", "DEPOSIT", "DEFERRED")
CARD_SETTLEMENT_METHODS = ("DIRECT", "WHOLESALE")

LIST_FILTERS = {"resellerReference": "reseller_reference", "supplierReference": "supplier_reference",
                "productId": "product_id", "optionId": "option_id"}


@dataclass
class Plan:
    """A checked combination of product, option, departure, currency and unit items."""

    product: Product
    option: Option
    slot: Slot
    currency: str
    unit_items: list[dict]

    @property
    def seats(self) -> int:
        return sum(self.option.unit(item["unitId"]).pax_count for item in self.unit_items)


# --- the endpoints -------------------------------------------------------------------


def _settlement_method(body: dict, default: str) -> str:
    method = body.get("settlementMethod") or default
    if method in CARD_SETTLEMENT_METHODS:
        raise BadRequest(f"settlementMethod {method} needs a card payment (octo/cardPayments), which this "
                         f"supplier does not take; use one of {', '.join(SETTLEMENT_METHODS)}")
    return method


def reserve(ctx: Context, body: dict) -> dict:
    """POST /bookings: hold seats ON_HOLD; the same request with the same uuid returns the same booking."""
    fingerprint = _fingerprint(body)
    replayed = _replay(ctx, body, fingerprint)
    if replayed is not None:
        return replayed
    booking_uuid = body.get("uuid") or str(uuidlib.uuid4())
    items = _new_unit_items(ctx, body.get("unitItems"), booking_uuid, existing=[])
    plan = _plan(ctx, body["productId"], body["optionId"], body["availabilityId"], body.get("currency"), items, None)
    payment = settle(ctx, plan, booking_uuid, body.get("giftPayment"), None)
    record = {
        "id": booking_uuid, "uuid": booking_uuid, "testMode": True,
        "resellerReference": body.get("resellerReference"), "supplierReference": _free_reference(ctx),
        "status": "ON_HOLD", "utcCreatedAt": ctx.utc_now, "utcUpdatedAt": ctx.utc_now,
        "utcExpiresAt": _expiry(ctx, plan.product, body), "utcRedeemedAt": None, "utcConfirmedAt": None,
        "productId": plan.product.id, "optionId": plan.option.id, "availabilityId": plan.slot.id,
        "currency": plan.currency, "notes": body.get("notes"), "freesale": plan.option.capacity is None,
        "contact": merged_contact(body.get("contact")), "cancellation": None, "voucherCode": None,
        "unitItems": plan.unit_items, "reservationFingerprint": fingerprint, "confirmationFingerprint": None,
        "giftPayment": payment, "settlementMethod": _settlement_method(body, "VOUCHER"),
    }
    save(ctx, record, plan)
    return record


def get(ctx: Context, booking_uuid: str) -> dict:
    """GET /bookings/{uuid}: the booking as it is now (an overdue hold reads EXPIRED)."""
    return _load(ctx, booking_uuid)


def confirm(ctx: Context, booking_uuid: str, body: dict) -> dict:
    """POST /bookings/{uuid}/confirm: CONFIRMED, with contact, references and delivery codes."""
    record = _load(ctx, booking_uuid)
    fingerprint = _fingerprint(body)
    if record["status"] in ("CONFIRMED", "REDEEMED") and record["confirmationFingerprint"] == fingerprint:
        return record  # the same confirmation again (even after redemption): nothing more to do
    _require_status(record, "ON_HOLD", "confirmed")
    items = record["unitItems"]
    if "unitItems" in body:
        items = _new_unit_items(ctx, body["unitItems"], booking_uuid, existing=items)
    plan = _plan(ctx, record["productId"], record["optionId"], record["availabilityId"], record["currency"],
                 items, booking_uuid)
    record.update(contact=merged_contact(body["contact"], record["contact"]), unitItems=plan.unit_items,
                  status="CONFIRMED", utcConfirmedAt=ctx.utc_now, utcExpiresAt=None,
                  confirmationFingerprint=fingerprint)
    if "resellerReference" in body:
        record["resellerReference"] = body["resellerReference"]
    _make_ready_to_travel(record, plan)
    save(ctx, record, plan)
    return record


def update(ctx: Context, booking_uuid: str, body: dict) -> dict:
    """PATCH /bookings/{uuid}: change a booking while it is still cancellable (seed 002)."""
    record = _load(ctx, booking_uuid)
    if not is_cancellable(ctx, record):
        raise UnprocessableEntity(f"Booking {booking_uuid} is {record['status']} and can no longer be changed"
                                  + _cutoff_note(ctx, record))
    items = record["unitItems"]
    if "unitItems" in body:
        items = _new_unit_items(ctx, body["unitItems"], booking_uuid, existing=items)
    product_id = body.get("productId", record["productId"])
    plan = _plan(ctx, product_id, body.get("optionId", record["optionId"]),
                 body.get("availabilityId", record["availabilityId"]),
                 body.get("currency", _kept_currency(ctx, product_id, record["currency"])), items, booking_uuid)
    record["giftPayment"] = settle(ctx, plan, booking_uuid, body.get("giftPayment"), record.get("giftPayment"))
    if record["status"] == "ON_HOLD" and "expirationMinutes" in body:
        record["utcExpiresAt"] = _expiry(ctx, plan.product, body)
    for field in ("notes", "resellerReference"):
        if field in body:
            record[field] = body[field]
    record["settlementMethod"] = _settlement_method(body, record.get("settlementMethod", "VOUCHER"))
    record.update(productId=plan.product.id, optionId=plan.option.id, availabilityId=plan.slot.id,
                  currency=plan.currency, unitItems=plan.unit_items, freesale=plan.option.capacity is None,
                  contact=merged_contact(body.get("contact"), record["contact"]))
    if record["status"] == "CONFIRMED":
        _make_ready_to_travel(record, plan)
    save(ctx, record, plan)
    return record


def cancel(ctx: Context, booking_uuid: str, body: dict) -> dict:
    """POST /bookings/{uuid}/cancel and DELETE /bookings/{uuid}: CANCELLED, seats released."""
    record = _load(ctx, booking_uuid)
    if record["status"] == "CANCELLED":
        return record  # cancelling twice changes nothing
    if not is_cancellable(ctx, record):
        raise UnprocessableEntity(f"Booking {booking_uuid} is {record['status']} and cannot be cancelled"
                                  + _cutoff_note(ctx, record))
    record.update(status="CANCELLED", utcExpiresAt=None, cancellation=cancellation(ctx, body))
    save(ctx, record)
    return record


def extend(ctx: Context, booking_uuid: str, body: dict) -> dict:
    """POST /bookings/{uuid}/extend: hold an ON_HOLD booking for longer."""
    record = _load(ctx, booking_uuid)
    _require_status(record, "ON_HOLD", "extended")
    plan = plan_of(ctx, record)
    record["utcExpiresAt"] = _expiry(ctx, plan.product, body)
    save(ctx, record, plan)
    return record


def search(ctx: Context, query: dict[str, str]) -> list[dict]:
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
    return [_with_expiry(ctx, record) for record in ctx.box.find_bookings(filters)]


# --- state -------------------------------------------------------------------------


def is_cancellable(ctx: Context, record: dict) -> bool:
    """ON_HOLD always; CONFIRMED until the cutoff and until a ticket is used; never otherwise."""
    if record["status"] == "ON_HOLD":
        return True
    if record["status"] != "CONFIRMED" or any(item["utcRedeemedAt"] for item in record["unitItems"]):
        return False
    return ctx.now < plan_of(ctx, record).slot.utc_cancellation_deadline


def _load(ctx: Context, booking_uuid: str) -> dict:
    record = ctx.box.booking(booking_uuid)
    if record is None:
        raise InvalidBookingUuid(booking_uuid, f"No booking with uuid {booking_uuid!r}")
    return _with_expiry(ctx, record)


def _with_expiry(ctx: Context, record: dict) -> dict:
    # A hold past its expiry is EXPIRED from that moment; the next write stores it so.
    if record["status"] == "ON_HOLD" and parse_utc(record["utcExpiresAt"]) <= ctx.now:
        record["status"] = "EXPIRED"
    return record


def _require_status(record: dict, wanted: str, verb: str) -> None:
    status = record["status"]
    if status == wanted:
        return
    if status == "EXPIRED":
        # The standard's code for acting on an expired hold is INVALID_BOOKING_UUID.
        raise InvalidBookingUuid(record["uuid"], f"Booking {record['uuid']} expired at {record['utcExpiresAt']} "
                                                 f"and cannot be {verb}; make a new reservation")
    raise UnprocessableEntity(f"Booking {record['uuid']} is {status}; only an {wanted} booking can be {verb}")


def _cutoff_note(ctx: Context, record: dict) -> str:
    if record["status"] != "CONFIRMED":
        return ""
    deadline = plan_of(ctx, record).slot.utc_cancellation_deadline
    return f" (the cancellation cutoff passed at {utc_iso(deadline)})"


def save(ctx: Context, record: dict, plan: Plan | None = None) -> None:
    """Store a changed booking (its plan is worked out again when not given)."""
    plan = plan or plan_of(ctx, record)
    record["utcUpdatedAt"] = ctx.utc_now
    ctx.box.save_booking(record, local_date=plan.slot.local_date, seats=plan.seats)


def _fingerprint(body: dict) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def _replay(ctx: Context, body: dict, fingerprint: str) -> dict | None:
    """The booking an earlier identical request made, found by its uuid or its unit items' uuids."""
    key = body.get("uuid")
    owner = key
    if key is None:
        unit_uuids = [item.get("uuid") for item in body.get("unitItems") or [] if item.get("uuid")]
        key = unit_uuids[0] if unit_uuids else None
        owner = ctx.box.unit_item_owner(key) if key else None
    existing = ctx.box.booking(owner) if owner else None
    if existing is None:
        return None
    if existing["reservationFingerprint"] != fingerprint:
        raise InvalidBookingUuid(key, f"uuid {key} was already used for a booking made with a different request")
    return _with_expiry(ctx, existing)


def _kept_currency(ctx: Context, product_id: object, currency: str) -> str | None:
    # A booking moved to a product not sold in its currency takes that product's default.
    product = ctx.catalogue.product(product_id)
    return currency if product is None or currency in product.currencies else None


def _free_reference(ctx: Context) -> str:
    while True:
        candidate = reference()
        if not ctx.box.supplier_reference_taken(candidate):
            return candidate


def _expiry(ctx: Context, product: Product, body: dict) -> str:
    return hold_until(ctx, body.get("expirationMinutes", product.default_hold_minutes))


# --- what a booking holds ------------------------------------------------------------


def plan_of(ctx: Context, record: dict) -> Plan:
    """The plan of a stored booking (its ids were checked when it was made)."""
    product = ctx.catalogue.product(record["productId"])
    option = product.option(record["optionId"])
    return Plan(product, option, slot_by_id(product, option, record["availabilityId"]),
                record["currency"], record["unitItems"])


def _plan(ctx: Context, product_id: object, option_id: object, availability_id: object,
          currency: str | None, unit_items: list[dict], own_uuid: str | None) -> Plan:
    """Check ids, restrictions and seats for what a booking is to hold."""
    product = find_product(ctx.catalogue, product_id)
    option = find_option(product, option_id)
    plan_currency = resolve_currency(product, currency)
    if not unit_items:
        raise UnprocessableEntity("unitItems must list at least one unit")
    units = [find_unit(option, item["unitId"]) for item in unit_items]
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
    held = ctx.box.held_seats(plan.product.id, plan.option.id, slot.local_date, slot.local_date,
                              ctx.utc_now, excluding=own_uuid).get(slot.id, 0)
    state = slot_state(slot, held, ctx.now)
    if state.status == "CLOSED":
        raise UnprocessableEntity(f"Availability {slot.id} is closed for booking")
    if state.vacancies is not None and plan.seats > state.vacancies:
        what = "is SOLD_OUT" if state.vacancies == 0 else f"has only {state.vacancies} seats left"
        raise UnprocessableEntity(f"Availability {slot.id} {what}; {plan.seats} requested")


# --- unit items --------------------------------------------------------------------------


def _new_unit_items(ctx: Context, requested: list[dict] | None, booking_uuid: str, existing: list[dict]) -> list[dict]:
    """Unit items for a request, keeping existing items (and their references) where they match.

    A requested item matches an existing one by uuid, or else by unit id in order, so that
    confirming with the same units keeps the uuids and references the reservation gave.
    """
    requested = requested or []
    sent_uuids = [item["uuid"] for item in requested if item.get("uuid")]
    if len(sent_uuids) != len(set(sent_uuids)):
        raise BadRequest("Each unit item uuid may appear only once")
    by_uuid = {item["uuid"]: item for item in existing}
    spare = [item for item in existing if item["uuid"] not in sent_uuids]
    items = []
    for sent in requested:
        if sent.get("uuid"):
            _check_unit_uuid_free(ctx, sent["uuid"], booking_uuid)
            base = by_uuid.get(sent["uuid"])
        else:
            base = next((item for item in spare if item["unitId"] == sent["unitId"]), None)
            if base is not None:
                spare.remove(base)
        items.append(_unit_item(sent, base))
    return items


def _check_unit_uuid_free(ctx: Context, unit_uuid: str, booking_uuid: str) -> None:
    owner = ctx.box.unit_item_owner(unit_uuid)
    if owner is not None and owner != booking_uuid:
        raise InvalidBookingUuid(unit_uuid, f"Unit item uuid {unit_uuid} already belongs to another booking")


def _unit_item(sent: dict, base: dict | None) -> dict:
    base = base or {"uuid": str(uuidlib.uuid4()), "supplierReference": reference(8), "resellerReference": None,
                    "contact": empty_contact(), "ticketCode": None, "utcRedeemedAt": None}
    item = {**base, "unitId": sent["unitId"]}
    if sent.get("uuid"):
        item["uuid"] = sent["uuid"]
    if "resellerReference" in sent:
        item["resellerReference"] = sent["resellerReference"]
    if "contact" in sent:
        item["contact"] = merged_contact(sent["contact"], base["contact"])
    return item


# --- confirmation details ------------------------------------------------------------


def _make_ready_to_travel(record: dict, plan: Plan) -> None:
    """A confirmed booking has the contact its option requires, and its vouchers and tickets."""
    missing = missing_fields(record["contact"], plan.option.required_contact_fields)
    if missing:
        raise UnprocessableEntity(f"Option {plan.option.id!r} requires contact fields: {', '.join(missing)}")
    _issue_delivery_codes(record, plan.product)


def _issue_delivery_codes(record: dict, product: Product) -> None:
    """Codes for the voucher and each ticket, per the product's delivery methods; kept once issued."""
    ref = record["supplierReference"]
    if "VOUCHER" in product.delivery_methods and not record["voucherCode"]:
        record["voucherCode"] = delivery_code(ref)
    for item in record["unitItems"]:
        if "TICKET" in product.delivery_methods and not item["ticketCode"]:
            item["ticketCode"] = delivery_code(item["supplierReference"])
