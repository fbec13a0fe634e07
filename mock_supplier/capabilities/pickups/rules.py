"""Pickups on bookings (SPEC-CAPABILITIES §2.3-2.4): what a reservation, update or confirmation
asks for, checked against the option and departure booked, and kept on the booking.

What a booking keeps (booking.extensions, under the OCTO names): pickupRequested and where,
either a pickup point (pickupPointId) or a hotel (pickupHotel, pickupHotelRoom). A request
changes only the fields it sends (null clears one); a point sent without a hotel replaces the
hotel and a hotel sent without a point replaces the point; with both, the point is where the
pickup is (Ventrata: pickupPointId wins); pickupRequested false clears them all. What the
booking carries after the request is checked again whole, so that a booking moved to another
departure or option keeps only a pickup that is still valid there.

Refusals (no source gives codes, §2.4 Rec): a point the option does not have, BAD_REQUEST (an
id nobody knows, like a malformed one; no OCTO error code names pickup points, and a code of
our own would be one clients do not know); a point of the option that does not serve the
departure booked, a pickup on an option that offers none, or a confirmed booking of an option
that requires pickup without one, UNPROCESSABLE_ENTITY. A reservation may leave a required
pickup out: it may be added by update or at confirmation. The fields need
Octo-Capabilities: octo/pickups (else BAD_REQUEST), and a reseller that does not ask for the
capability is not held to a pickup it cannot see or send.
"""
from __future__ import annotations

from ...core.bookings import CONFIRM
from ...kernel.errors import BadRequest, UnprocessableEntity
from ...kernel.holds import CONFIRMED
from . import points

PICKUPS = "octo/pickups"
REQUESTED, POINT, HOTEL, ROOM = "pickupRequested", "pickupPointId", "pickupHotel", "pickupHotelRoom"
FIELDS = (REQUESTED, POINT, HOTEL, ROOM)


def plan_booking(ctx, booking, plan, body: dict, stage: str) -> None:
    """Work out and check the pickup the booking carries after this request."""
    sent = {name: body[name] for name in FIELDS if name in body}
    if sent and not ctx.has(PICKUPS):
        raise BadRequest(f"{', '.join(sent)} need the header Octo-Capabilities: {PICKUPS}")
    pickup = _merged(kept(booking), sent)
    offered = points.of(plan.product.id, plan.option.id)
    _check(pickup, offered, plan)
    if ctx.has(PICKUPS) and offered.required and (stage == CONFIRM or booking.status == CONFIRMED) \
            and not _located(pickup):
        raise UnprocessableEntity(f"Option {plan.option.id!r} of {plan.product.id!r} requires a pickup: send "
                                  f"pickupRequested true with a {POINT} of the departure or a {HOTEL}")
    if any(pickup.values()) or any(name in booking.extensions for name in FIELDS):
        booking.extensions.update(pickup)  # a booking that never had a pickup keeps no fields for it


def kept(booking) -> dict:
    """The pickup a booking has (none, for a booking made without one)."""
    return {REQUESTED: bool(booking.extensions.get(REQUESTED)),
            **{name: booking.extensions.get(name) for name in (POINT, HOTEL, ROOM)}}


def _merged(pickup: dict, sent: dict) -> dict:
    pickup = dict(pickup)
    if sent.get(POINT) is not None and HOTEL not in sent:
        pickup[HOTEL] = pickup[ROOM] = None  # a point instead of the hotel
    if sent.get(HOTEL) is not None and POINT not in sent:
        pickup[POINT] = None  # a hotel instead of the point
    pickup.update({name: sent[name] for name in (POINT, HOTEL, ROOM) if name in sent})
    if REQUESTED in sent:
        pickup[REQUESTED] = bool(sent[REQUESTED])
        if not pickup[REQUESTED]:
            named = [name for name in (POINT, HOTEL, ROOM) if sent.get(name) is not None]
            if named:
                raise BadRequest(f"pickupRequested is false but {', '.join(named)} says where to pick up")
            pickup.update({POINT: None, HOTEL: None, ROOM: None})
    elif any(sent.get(name) is not None for name in (POINT, HOTEL)):
        pickup[REQUESTED] = True  # saying where is asking for it
    return pickup


def _check(pickup: dict, offered: points.OptionPickups, plan) -> None:
    if not pickup[REQUESTED]:
        return
    where = f"option {plan.option.id!r} of {plan.product.id!r}"
    if not points.available(offered):
        raise UnprocessableEntity(f"The {where} offers no pickup")
    point_id = pickup[POINT]
    if point_id is None:
        return
    point = offered.point(point_id)
    if point is None:
        raise BadRequest(f"The {where} has no pickup point {point_id!r}; its pickupPoints list those it has")
    if not point.serves(plan.slot.start_time):
        raise UnprocessableEntity(f"Pickup point {point_id!r} does not serve the departure {plan.slot.id}; "
                                  "the availability's pickupPoints list those that do")


def _located(pickup: dict) -> bool:
    return bool(pickup[REQUESTED] and (pickup[POINT] or pickup[HOTEL]))


def booking_fields(ctx, booking, plan) -> dict:
    """The booking's pickup, and the point resolved with its time for the departure booked."""
    pickup = kept(booking)
    point = points.of(plan.product.id, plan.option.id).point(pickup[POINT]) if pickup[POINT] else None
    return {**pickup, "pickupPoint": point.json(plan.slot.local_start) if point else None}


def option_fields(ctx, product, option) -> dict:
    """Every point of the option, for mapping; the times are per departure, on availability."""
    offered = points.of(product.id, option.id)
    return {"pickupAvailable": points.available(offered), "pickupRequired": offered.required,
            "pickupPoints": [p.json() for p in offered.points]}


def availability_fields(ctx, slot, unit_ids, currency) -> dict:
    """The points serving this departure, each with its pickup time."""
    offered = points.of(slot.product.id, slot.option.id)
    return {"pickupAvailable": points.available(offered), "pickupRequired": offered.required,
            "pickupPoints": [p.json(slot.local_start) for p in offered.serving(slot.start_time)]}
