"""Orders (octo/cart, SPEC-CAPABILITIES §5): several bookings held, confirmed and cancelled together.

Every booking belongs to an order: a reservation without `orderId` starts one (the booking is
its `primary`), one with `orderId` joins it. An order is a hold (kernel/holds.py) whose
stored status moves only by its own confirm and cancel; what it shows follows its bookings
(`view`), so a booking confirmed, cancelled or expiring on its own is reflected at once.

Confirm, cancel and extend of an order are all or nothing: each booking goes through core's own
rule for it inside the request's one transaction, and the first booking that cannot move
refuses the whole request, which rolls every change back (SPEC-CAPABILITIES §5.5, Rec).
"""
from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass

from ...core import bookings as core
from ...core.records import Booking
from ...kernel import holds
from ...kernel.contacts import merged_contact
from ...kernel.context import Context
from ...kernel.errors import BadRequest, OctoError, UnprocessableEntity
from ...kernel.references import reference
from . import table
from .errors import InvalidOrderId
from .records import Order

CART = "octo/cart"
DEFAULT_HOLD_MINUTES = 30  # the official mock's default for orders and their extension
LIVE = (holds.ON_HOLD, *holds.DELIVERED)  # bookings that hold their seats


@dataclass
class View:
    """An order as it stands now, with its bookings (each as it stands now)."""

    order: Order
    bookings: list[Booking]
    status: str
    utc_expires_at: str | None
    utc_confirmed_at: str | None
    cancellable: bool
    confirmable: bool


# --- the operations ------------------------------------------------------------------------


def create(ctx: Context, body: dict) -> View:
    """POST /orders: an empty ON_HOLD order, for bookings to join by its id."""
    order = _new_order(ctx, body, holds.hold_until(ctx, body.get("expirationMinutes", DEFAULT_HOLD_MINUTES)))
    order.contact = merged_contact(body.get("contact"))
    order.email_receipt = body.get("emailReceipt")
    order.currency = body.get("currency")
    if order.currency is not None and order.currency not in ctx.catalogue.currencies:
        raise BadRequest(f"Orders are in a currency the catalogue sells ({', '.join(ctx.catalogue.currencies)}), "
                         f"not {order.currency}")
    _save(ctx, order)
    return view(ctx, order)


def get(ctx: Context, order_id: str) -> View:
    """GET /orders/{id}: the order as it is now; an expired one stays readable, EXPIRED."""
    order = table.load(ctx.box, order_id)
    if order is None:
        raise InvalidOrderId(order_id)
    return view(ctx, order)


def confirm(ctx: Context, order_id: str, body: dict) -> View:
    """POST /orders/{id}/confirm: the order and every booking in it CONFIRMED, or nothing."""
    now = get(ctx, order_id)
    if now.status == holds.CONFIRMED:
        return now  # confirming twice changes nothing
    _require_on_hold(now, "confirmed")
    if not any(b.status == holds.ON_HOLD for b in now.bookings):
        raise UnprocessableEntity(f"Order {order_id} has no booking on hold to confirm")
    order = now.order
    order.contact = merged_contact(body.get("contact"), order.contact)
    booking_body = {"contact": {k: v for k, v in order.contact.items() if v not in (None, [])}}
    if "emailReceipt" in body:
        booking_body["emailReceipt"] = body["emailReceipt"]
    for booking in now.bookings:
        # one confirmed on its own already, or cancelled, stays so; an expired one refuses them all
        if booking.status in (holds.ON_HOLD, holds.EXPIRED):
            _each(order_id, booking, "confirmed", lambda b: core.confirm(ctx, b.uuid, booking_body))
    if order.status == holds.ON_HOLD:
        holds.move(order, holds.CONFIRMED)
        order.utc_confirmed_at = ctx.utc_now
        order.utc_expires_at = None
        order.confirmation_fingerprint = holds.fingerprint(body)
    _save(ctx, order)
    return view(ctx, order)


def cancel(ctx: Context, order_id: str, body: dict) -> View:
    """POST /orders/{id}/cancel and DELETE /orders/{id}: the order and every booking in it
    CANCELLED (an ON_HOLD order too: CANCELLED, not EXPIRED), seats released, or nothing."""
    now = get(ctx, order_id)
    if now.status == holds.CANCELLED:
        return now  # cancelling twice changes nothing
    if not now.cancellable:
        raise UnprocessableEntity(f"Order {order_id} is {now.status}; it cannot be cancelled")
    for booking in now.bookings:
        if booking.status in LIVE:
            _each(order_id, booking, "cancelled", lambda b: core.cancel(ctx, b.uuid, body))
    holds.cancel(ctx, now.order, body, cancellable=True)
    _save(ctx, now.order)
    return view(ctx, now.order)


def extend(ctx: Context, order_id: str, body: dict) -> View:
    """POST /orders/{id}/extend: the order and every booking on hold in it held longer, or nothing."""
    now = get(ctx, order_id)
    _require_on_hold(now, "extended")
    minutes = body.get("expirationMinutes", DEFAULT_HOLD_MINUTES)
    for booking in now.bookings:
        if booking.status in (holds.ON_HOLD, holds.EXPIRED):  # an expired one refuses: the order cannot be held whole
            _each(order_id, booking, "extended", lambda b: core.extend(ctx, b.uuid, {"expirationMinutes": minutes}))
    now.order.utc_expires_at = holds.hold_until(ctx, minutes)
    _save(ctx, now.order)
    return view(ctx, now.order)


# --- bookings joining ------------------------------------------------------------------------


def plan_booking(ctx: Context, booking: Booking, plan, body: dict, stage: str) -> None:
    """On reserve: start a new order, or join the one `orderId` names (only with octo/cart)."""
    if stage != core.RESERVE:
        return
    order_id = body.get("orderId")
    if order_id is None:
        order = _new_order(ctx, body, booking.utc_expires_at)
        order.contact, order.currency = booking.contact, plan.currency
        order.settlement_method = booking.settlement_method
        _save(ctx, order)
    else:
        if not ctx.has(CART):
            raise BadRequest("orderId needs the header Octo-Capabilities: octo/cart")
        order = _joinable(ctx, order_id, plan.currency)
    booking.extensions.update(orderId=order.id, orderReference=order.supplier_reference,
                              primary=order_id is None)


def booking_saved(ctx: Context, booking: Booking, created: bool) -> None:
    """List a new booking in its order."""
    order_id = booking.extensions.get("orderId")
    if created and order_id:
        table.add_booking(ctx.box, order_id, booking.uuid)


def booking_fields(ctx: Context, booking: Booking, plan) -> dict:
    if "orderId" not in booking.extensions:  # stored before this mock had orders
        return {}
    return {key: booking.extensions[key] for key in ("orderId", "orderReference", "primary")}


def _joinable(ctx: Context, order_id: str, currency: str) -> Order:
    now = get(ctx, order_id)
    if now.status == holds.EXPIRED:
        raise InvalidOrderId(order_id, f"Order {order_id} expired at {now.utc_expires_at}; start a new one")
    if now.status != holds.ON_HOLD:
        raise UnprocessableEntity(f"Order {order_id} is {now.status}; only an ON_HOLD order takes more bookings")
    order = now.order
    if order.currency is None:
        order.currency = currency
        _save(ctx, order)
    elif order.currency != currency:
        raise UnprocessableEntity(f"Order {order_id} is in {order.currency}; a booking in {currency} cannot join it")
    return order


# --- what an order shows ------------------------------------------------------------------------


def view(ctx: Context, order: Order) -> View:
    """The order as its bookings make it now."""
    bookings = [core.get(ctx, uuid) for uuid in table.booking_uuids(ctx.box, order.id)]
    statuses = {b.status for b in bookings}
    if order.status == holds.CANCELLED:
        status = holds.CANCELLED
    elif not bookings:
        status = holds.current(ctx, order).status
    elif holds.ON_HOLD in statuses:
        status = holds.ON_HOLD
    elif statuses & set(holds.DELIVERED):
        status = holds.CONFIRMED
    elif statuses == {holds.CANCELLED}:
        status = holds.CANCELLED
    else:
        status = holds.EXPIRED
    expiries = [b.utc_expires_at for b in bookings if b.status == status and b.utc_expires_at]
    expires_at = None
    if status == holds.ON_HOLD:
        expires_at = min(expiries) if expiries else order.utc_expires_at
    elif status == holds.EXPIRED:
        expires_at = max(expiries) if expiries else order.utc_expires_at
    confirmed = [b.utc_confirmed_at for b in bookings if b.utc_confirmed_at]
    confirmed_at = (order.utc_confirmed_at or max(confirmed, default=None)) if status in (
        holds.CONFIRMED, holds.CANCELLED) and (order.utc_confirmed_at or confirmed) else None
    if status == holds.ON_HOLD:
        cancellable = True
    else:
        cancellable = status == holds.CONFIRMED and all(
            core.is_cancellable(ctx, b) for b in bookings if b.status in holds.DELIVERED)
    confirmable = status == holds.ON_HOLD and bool(bookings) and holds.EXPIRED not in statuses
    return View(order, bookings, status, expires_at, confirmed_at, cancellable, confirmable)


# --- helpers ---------------------------------------------------------------------------------------


def _new_order(ctx: Context, body: dict, expires_at: str) -> Order:
    order_id = str(uuidlib.uuid4())
    fields = holds.new_hold_fields(ctx, order_id, reference(), body, expires_at)
    fields["notes"] = None
    order = Order(**fields)
    method = body.get("settlementMethod") or "VOUCHER"
    if method in core.CARD_SETTLEMENT_METHODS:
        raise BadRequest(f"settlementMethod {method} needs a card payment (octo/cardPayments), which this "
                         f"supplier does not take; use one of {', '.join(core.SETTLEMENT_METHODS)}")
    order.settlement_method = method
    return order


def _require_on_hold(now: View, verb: str) -> None:
    if now.status == holds.EXPIRED:
        raise InvalidOrderId(now.order.id, f"Order {now.order.id} expired at {now.utc_expires_at} and cannot be "
                                           f"{verb}; make a new reservation")
    if now.status != holds.ON_HOLD:
        raise UnprocessableEntity(f"Order {now.order.id} is {now.status}; only an ON_HOLD order can be {verb}")


def _each(order_id: str, booking: Booking, verb: str, act) -> None:
    """One booking's part of an order's change; its refusal refuses the whole order (the
    transaction rolls back what the bookings before it did)."""
    try:
        act(booking)
    except BadRequest:
        raise
    except OctoError as error:
        raise UnprocessableEntity(f"Order {order_id} cannot be {verb}: booking {booking.uuid} cannot "
                                  f"({error.message}); nothing was changed") from error


def _save(ctx: Context, order: Order) -> None:
    holds.touch(ctx, order)
    table.save(ctx.box, order)
