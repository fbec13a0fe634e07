"""The bodies deliveries carry (SPEC-CAPABILITIES §6.1 Delivery), rendered with the
subscription's capabilities as a request applying them would see them.

BookingUpdate: {webhook, booking, diff, supplier}; the diff compares the booking as it is now
with its previous version, both rendered the same way, as JSON-pointer changes. A booking the
sandbox changed before it had any subscription has no previous version kept: its diff is empty.
AvailabilityUpdate: {webhook, availability, productId, optionId, supplier}; the availability as
it stands when the delivery is made.
"""
from __future__ import annotations

from ...core.availability import availability_json
from ...core.booking_view import booking_json
from ...core.endpoints import get_supplier
from ...core.records import Booking
from ...core.slots import slot_by_id
from ...kernel.clock import parse_utc
from ...kernel.context import Context
from ...kernel.operations import Call
from .subscriptions import AVAILABILITY_UPDATE, public


def render(mock, box, webhook: dict, change: dict, utc_changed_at: str, now) -> dict:
    """The body of one event for one subscription."""
    ctx = _context(mock, box, webhook, change, parse_utc(utc_changed_at) if change["kind"] != AVAILABILITY_UPDATE
                   else now)
    body = {"webhook": public(webhook)}
    if change["kind"] == AVAILABILITY_UPDATE:
        product = mock.catalogue.product(change["productId"])
        option = product.option(change["optionId"])
        slot = slot_by_id(product, option, change["availabilityId"])
        body.update(availability=availability_json(ctx, slot, [], change["currency"]),
                    productId=product.id, optionId=option.id)
    else:
        booking = booking_json(ctx, Booking.from_doc(change["booking"]))
        before = booking_json(ctx, Booking.from_doc(change["before"])) if change["before"] else None
        body.update(booking=booking, diff=diff(before, booking) if before is not None else [])
    body["supplier"] = get_supplier(ctx, Call())
    return body


def _context(mock, box, webhook: dict, change: dict, now) -> Context:
    headers = {}
    locales = ((change.get("booking") or {}).get("contact") or {}).get("locales")
    if webhook["useContactLanguage"] and locales:
        headers["Accept-Language"] = ", ".join(locales)  # the languages the guest booked in (octo/content)
    capabilities = mock.plugins.applied(",".join(webhook["capabilities"]))
    return Context(mock.catalogue, box, now, capabilities, webhook["_base_url"], mock.plugins, mock,
                   headers=headers)


def diff(was, now, path: str = "") -> list[dict]:
    """The changes that make `was` into `now`: objects compared key by key, arrays of the same
    length item by item, anything else replaced whole."""
    if isinstance(was, dict) and isinstance(now, dict):
        changes = []
        for key in [*was, *(k for k in now if k not in was)]:
            where = f"{path}/{_escape(key)}"
            if key not in now:
                changes.append({"op": "remove", "path": where, "was": was[key], "value": None})
            elif key not in was:
                changes.append({"op": "add", "path": where, "was": None, "value": now[key]})
            else:
                changes.extend(diff(was[key], now[key], where))
        return changes
    if isinstance(was, list) and isinstance(now, list) and len(was) == len(now):
        return [change for i, (a, b) in enumerate(zip(was, now)) for change in diff(a, b, f"{path}/{i}")]
    if was == now and type(was) is type(now):
        return []
    return [{"op": "replace", "path": path, "was": was, "value": now}]


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
