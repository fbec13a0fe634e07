"""Gift vouchers (seed 003): reserve, update, confirm, cancel, extend, get and list.

A gift is stored as a record close to the OCTO object. Its balance is not stored: it is the
amount less what bookings that still hold their payment took (store.gift_spent), so a
cancelled or expired booking gives its payment back by itself. A confirmed gift with
nothing left reads REDEEMED; a hold past utcExpiresAt reads EXPIRED.
"""
from __future__ import annotations

import json
import uuid as uuidlib

from ..catalogue import ISO_4217
from ..clock import parse_utc
from ..core.contacts import merged_contact
from ..core.context import Context
from ..core.holds import cancellation, hold_until
from ..core.references import reference
from ..errors import BadRequest, InvalidBookingUuid, UnprocessableEntity

DEFAULT_HOLD_MINUTES = 30
EDITABLE = ("amount", "currency", "message", "notes", "resellerReference")


def reserve(ctx: Context, body: dict) -> dict:
    """POST /gifts: an ON_HOLD gift; the same request with the same uuid returns the same gift."""
    fingerprint = json.dumps(body, sort_keys=True)
    existing = ctx.box.gift(body["uuid"]) if body.get("uuid") else None
    if existing is not None:
        if existing["reservationFingerprint"] != fingerprint:
            raise InvalidBookingUuid(body["uuid"], f"uuid {body['uuid']} was already used for another gift")
        return current(ctx, existing)
    _check_currency(ctx, body["currency"])
    gift_uuid = body.get("uuid") or str(uuidlib.uuid4())
    record = {
        "id": gift_uuid, "uuid": gift_uuid, "testMode": True, "resellerReference": body.get("resellerReference"),
        "supplierReference": reference(), "status": "ON_HOLD", "utcCreatedAt": ctx.utc_now,
        "utcUpdatedAt": ctx.utc_now, "utcExpiresAt": _expiry(ctx, body), "utcConfirmedAt": None, "utcRedeemedAt": None,
        "amount": int(body["amount"]), "currency": body["currency"], "cancellation": None,
        "contact": merged_contact(body.get("contact")), "recipient": merged_contact(body.get("recipient")),
        "message": body.get("message"), "notes": body.get("notes"), "code": f"GIFT-{reference(8)}",
        "reservationFingerprint": fingerprint, "confirmationFingerprint": None,
    }
    _save(ctx, record)
    return record


def get(ctx: Context, gift_uuid: str) -> dict:
    """GET /gifts/{uuid}: the gift as it is now."""
    record = ctx.box.gift(gift_uuid)
    if record is None:
        raise InvalidBookingUuid(gift_uuid, f"No gift with uuid {gift_uuid!r}")
    return current(ctx, record)


def update(ctx: Context, gift_uuid: str, body: dict) -> dict:
    """PATCH /gifts/{uuid}: change a gift while it can still be cancelled (seed 003, Gift Update)."""
    record = get(ctx, gift_uuid)
    if not is_cancellable(ctx, record):
        raise UnprocessableEntity(f"Gift {gift_uuid} is {record['status']} and can no longer be changed")
    if "currency" in body:
        _check_currency(ctx, body["currency"])
    record.update({field: body[field] for field in EDITABLE if field in body})
    record["amount"] = int(record["amount"])  # JSON Schema lets 1000.0 pass as an integer
    for party in ("contact", "recipient"):
        record[party] = merged_contact(body.get(party), record[party])
    if record["status"] == "ON_HOLD" and "expirationMinutes" in body:
        record["utcExpiresAt"] = _expiry(ctx, body)
    _save(ctx, record)
    return record


def confirm(ctx: Context, gift_uuid: str, body: dict) -> dict:
    """POST /gifts/{uuid}/confirm: CONFIRMED, with a code to type in and a PDF (seed 003)."""
    record = get(ctx, gift_uuid)
    fingerprint = json.dumps(body, sort_keys=True)
    if record["status"] in ("CONFIRMED", "REDEEMED") and record["confirmationFingerprint"] == fingerprint:
        return record
    _require_on_hold(record, "confirmed")
    for party in ("contact", "recipient"):
        record[party] = merged_contact(body.get(party), record[party])
    record.update({field: body[field] for field in ("resellerReference", "message", "notes") if field in body})
    record.update(status="CONFIRMED", utcConfirmedAt=ctx.utc_now, utcExpiresAt=None,
                  confirmationFingerprint=fingerprint)
    _save(ctx, record)
    return record


def cancel(ctx: Context, gift_uuid: str, body: dict) -> dict:
    """DELETE /gifts/{uuid}: CANCELLED, only while cancellable; cancelling twice changes nothing."""
    record = get(ctx, gift_uuid)
    if record["status"] == "CANCELLED":
        return record
    if not is_cancellable(ctx, record):
        raise UnprocessableEntity(f"Gift {gift_uuid} is {record['status']}"
                                  + (" and has been used" if record["status"] == "CONFIRMED" else "")
                                  + "; it cannot be cancelled")
    record.update(status="CANCELLED", utcExpiresAt=None, cancellation=cancellation(ctx, body))
    _save(ctx, record)
    return record


def extend(ctx: Context, gift_uuid: str, body: dict) -> dict:
    """POST /gifts/{uuid}/extend: hold an ON_HOLD gift for longer."""
    record = get(ctx, gift_uuid)
    _require_on_hold(record, "extended")
    record["utcExpiresAt"] = _expiry(ctx, body)
    _save(ctx, record)
    return record


def search(ctx: Context, query: dict[str, str]) -> list[dict]:
    """GET /gifts: by resellerReference and/or supplierReference (one is required)."""
    filters = {column: query[name] for name, column in (("resellerReference", "reseller_reference"),
                                                         ("supplierReference", "supplier_reference")) if name in query}
    if not filters:
        raise BadRequest("Filter gifts by resellerReference or supplierReference")
    return [current(ctx, record) for record in ctx.box.find_gifts(filters)]


def balance(ctx: Context, record: dict, excluding_booking: str | None = None) -> int:
    """The credit a gift has left, leaving out what one booking took from it."""
    spent, _ = ctx.box.gift_spent(record["code"], ctx.utc_now, excluding_booking)
    return record["amount"] - spent


def current(ctx: Context, record: dict) -> dict:
    """The record with the state time and payments give it: EXPIRED holds, REDEEMED gifts."""
    if record["status"] == "ON_HOLD" and parse_utc(record["utcExpiresAt"]) <= ctx.now:
        record["status"] = "EXPIRED"
    record["utcRedeemedAt"] = None
    if record["status"] in ("CONFIRMED", "REDEEMED"):
        spent, last_used = ctx.box.gift_spent(record["code"], ctx.utc_now)
        used_up = spent >= record["amount"]
        record["status"] = "REDEEMED" if used_up else "CONFIRMED"
        record["utcRedeemedAt"] = last_used if used_up else None
    return record


def is_cancellable(ctx: Context, record: dict) -> bool:
    """ON_HOLD always; CONFIRMED while none of it has been spent; never otherwise."""
    if record["status"] == "ON_HOLD":
        return True
    return record["status"] == "CONFIRMED" and balance(ctx, record) == record["amount"]


def _check_currency(ctx: Context, currency: str) -> None:
    # A gift is worth something only in a currency bookings can be paid in: those the catalogue sells.
    sold = ctx.catalogue.currencies
    if currency in sold:
        return
    if currency not in ISO_4217:
        raise BadRequest(f"{currency!r} is not an ISO 4217 currency code")
    raise BadRequest(f"Gift vouchers are sold in {', '.join(sold)}, not {currency}")


def _require_on_hold(record: dict, verb: str) -> None:
    if record["status"] == "EXPIRED":
        raise InvalidBookingUuid(record["uuid"], f"Gift {record['uuid']} expired at {record['utcExpiresAt']} "
                                                 f"and cannot be {verb}")
    if record["status"] != "ON_HOLD":
        raise UnprocessableEntity(f"Gift {record['uuid']} is {record['status']}; only an ON_HOLD gift can be {verb}")


def _expiry(ctx: Context, body: dict) -> str:
    return hold_until(ctx, body.get("expirationMinutes", DEFAULT_HOLD_MINUTES))


def _save(ctx: Context, record: dict) -> None:
    record["utcUpdatedAt"] = ctx.utc_now
    stored = {**record, "status": "CONFIRMED" if record["status"] == "REDEEMED" else record["status"]}
    ctx.box.save_gift(stored)
