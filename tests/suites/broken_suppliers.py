"""Deliberately broken variants of the mock supplier, each breaking one rule of the standard.

A variant patches the mock's rules (before the app is made) or wraps its WSGI app, the way
a real supplier gets things wrong: most are defects the official mock is known to have
(PEERS.md). `area` is the suite module that holds the rule; `rule` the test that must fail.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import pytest
from flask import Response

from mock_supplier import DEFAULT_API_KEY, errors, store, web
from mock_supplier.clock import utc_iso
from mock_supplier.core import bookings, context
from mock_supplier.gifts import payments as gift_payments
from mock_supplier.gifts import rules as gifts
from mock_supplier.redemption import rules as redemption


@dataclass(frozen=True)
class Breakage:
    """One way to break the mock, and the rule the suites must then report as failed."""

    name: str
    area: str
    rule: str
    patch: Callable[[pytest.MonkeyPatch], None] = lambda monkeypatch: None
    wrap: Callable | None = None  # WSGI middleware factory, for breakages at the HTTP layer
    args: tuple[str, ...] = ()  # e.g. --strict, for a rule that is an advisory

    def __str__(self) -> str:
        return self.name


# The unpatched rules, captured at import, for breakages that wrap them.
_update, _cancel, _extend, _confirm = bookings.update, bookings.cancel, bookings.extend, bookings.confirm
_codes_of, _why_not_redeemable, _resolve = store._codes_of, redemption.why_not_redeemable, redemption._resolve
_gift_reserve, _current_gift, _settle = gifts.reserve, gifts.current, gift_payments.settle


def _update_even_cancelled(ctx, uuid, body):
    record = bookings.get(ctx, uuid)
    if record["status"] != "CANCELLED":
        return _update(ctx, uuid, body)
    record.update({k: v for k, v in body.items() if k == "notes"})
    bookings.save(ctx, record)
    return record


def _cancel_without_cutoff(ctx, uuid, body):
    record = bookings.get(ctx, uuid)
    if record["status"] != "CONFIRMED":
        return _cancel(ctx, uuid, body)
    record.update(status="CANCELLED", utcExpiresAt=None,
                  cancellation={"refund": "FULL", "reason": body.get("reason"), "utcCancelledAt": ctx.utc_now})
    bookings.save(ctx, record)
    return record


def _cancel_twice_fails(ctx, uuid, body):
    if bookings.get(ctx, uuid)["status"] == "CANCELLED":
        raise errors.UnprocessableEntity("Booking is already cancelled")
    return _cancel(ctx, uuid, body)


def _extend_anything(ctx, uuid, body):
    record = bookings.get(ctx, uuid)
    if record["status"] == "ON_HOLD":
        return _extend(ctx, uuid, body)
    return record


def _confirm_even_cancelled(ctx, uuid, body):
    record = bookings.get(ctx, uuid)
    if record["status"] != "CANCELLED":
        return _confirm(ctx, uuid, body)
    record.update(status="CONFIRMED", utcConfirmedAt=ctx.utc_now, cancellation=None)
    bookings.save(ctx, record)
    return record


def _new_reference_on_confirm(ctx, uuid, body):
    record = _confirm(ctx, uuid, body)
    record["supplierReference"] = bookings._free_reference(ctx)
    bookings.save(ctx, record)
    return record


def _booking_codes_only(booking):
    return [(code, unit) for code, unit in _codes_of(booking) if not unit]


def _cancelled_is_redeemable(ctx, target):
    return None if target.record["status"] == "CANCELLED" else _why_not_redeemable(ctx, target)


def _redeem_without_unit_items(ctx, target):
    target.record.update(status="REDEEMED", utcRedeemedAt=ctx.utc_now)
    bookings.save(ctx, target.record)
    return target


def _redeem_what_can_be_redeemed(ctx, codes):
    done = []
    for code in codes:
        try:
            done.append(redemption._redeem_one(ctx, _resolve(ctx, code)))
        except errors.OctoError:
            continue
    return done


def _cancel_even_redeemed(ctx, uuid, body):
    record = bookings.get(ctx, uuid)
    if record["status"] != "REDEEMED":
        return _cancel(ctx, uuid, body)
    record.update(status="CANCELLED", cancellation={"refund": "NONE", "reason": body.get("reason"),
                                                     "utcCancelledAt": ctx.utc_now})
    bookings.save(ctx, record)
    return record


def _gift_reserve_ignoring_uuid(ctx, body):
    return _gift_reserve(ctx, {**body, "uuid": None})


def _payments_of_cancelled_bookings_count(self, code, utc_now, excluding=None):
    row = self._conn.execute("SELECT COALESCE(SUM(amount), 0), MAX(utc_applied_at) FROM gift_payments "
                             "WHERE sandbox = ? AND gift_code = ? AND booking_uuid != ?",
                             (self.key, code, excluding or "")).fetchone()
    return row[0], row[1]


def _any_currency_pays(ctx, plan, booking_uuid, sent, existing):
    code = (sent or existing or {}).get("code")
    gift = ctx.box.gift_by_code(code) if code else None
    if gift is None:
        return _settle(ctx, plan, booking_uuid, sent, existing)
    return {"code": gift["code"], "amount": gift["amount"], "currency": plan.currency}


def _cancelled_gifts_are_confirmed(ctx, record):
    record = _current_gift(ctx, record)
    if record["status"] == "CANCELLED":
        record["status"] = "CONFIRMED"
    return record


def _amounts_as_strings(app):
    """WSGI middleware writing every "amount" in a JSON body as a decimal string, as some APIs do."""
    def middleware(environ, start_response):
        captured = {}

        def keep(status, headers, exc_info=None):
            captured.update(status=status, headers=headers)
            return lambda data: None
        body = b"".join(app(environ, keep))
        try:
            data = json.loads(body)
            body = json.dumps(_stringify(data)).encode()
        except ValueError:
            pass
        headers = [(k, str(len(body)) if k.lower() == "content-length" else v) for k, v in captured["headers"]]
        start_response(captured["status"], headers)
        return [body]
    return middleware


def _stringify(value):
    if isinstance(value, dict):
        return {k: (f"{v / 100:.2f}" if k == "amount" and isinstance(v, int) else _stringify(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    return value


def _html_not_found(error):
    return Response("<html><body><h1>404 Not Found</h1></body></html>", status=404, mimetype="text/html")


def _no_capability_header(response):
    return response


def _anonymous_is_welcome(app):
    def middleware(environ, start_response):
        environ.setdefault("HTTP_AUTHORIZATION", f"Bearer {DEFAULT_API_KEY}")
        return app(environ, start_response)
    return middleware


def _expiry_in_30(ctx):
    return utc_iso(ctx.now + timedelta(minutes=30))


def _local_timestamps(self):
    return self.now.strftime("%Y-%m-%dT%H:%M:%S+00:00")


BREAKAGES = [
    Breakage("idempotency ignored: a repeated uuid makes a new booking", "idempotency",
             "test_same_uuid_returns_same_booking",
             lambda m: m.setattr(bookings, "_replay", lambda ctx, body, fingerprint: None)),
    Breakage("INVALID_PRODUCT_ID answered as BAD_REQUEST", "products", "test_unknown_product_is_invalid_product_id",
             lambda m: m.setattr(errors.InvalidProductId, "code", "BAD_REQUEST")),
    Breakage("INVALID_OPTION_ID without the optionId echo", "reservation", "test_unknown_option_is_refused",
             lambda m: m.setattr(errors.InvalidOptionId, "echo_field", None)),
    Breakage("a cancelled booking can still be updated", "update", "test_update_refused_after_cancellation",
             lambda m: m.setattr(bookings, "update", _update_even_cancelled)),
    Breakage("reservations hold no seats", "reservation", "test_reservation_holds_vacancies",
             lambda m: m.setattr(store.Sandbox, "held_seats", lambda self, *a, **k: {})),
    Breakage("no delivery options after confirmation", "confirmation",
             "test_voucher_delivered_per_delivery_methods",
             lambda m: m.setattr(bookings, "_issue_delivery_codes", lambda record, product: None)),
    Breakage("Octo-Capabilities is not echoed", "protocol", "test_capabilities_header_is_echoed",
             lambda m: m.setattr(web, "_echo_capabilities", _no_capability_header)),
    Breakage("requests without an API key are served", "protocol", "test_missing_api_key_is_unauthorized",
             wrap=_anonymous_is_welcome),
    Breakage("unknown routes answer an HTML page (an advisory: failed under --strict)", "protocol",
             "test_unknown_route_answers_octo_error", lambda m: m.setattr(web, "_http_error", _html_not_found),
             args=("--strict",)),
    Breakage("cancelling twice is an error", "idempotency", "test_cancel_twice_returns_same_booking",
             lambda m: m.setattr(bookings, "cancel", _cancel_twice_fails)),
    Breakage("bookings inside the cancellation cutoff can be cancelled", "cancellation",
             "test_cancel_refused_when_not_cancellable",
             lambda m: m.setattr(bookings, "cancel", _cancel_without_cutoff)),
    Breakage("holds never expire", "expiry", "test_expired_hold_reads_expired",
             lambda m: m.setattr(bookings, "_with_expiry", lambda ctx, record: record)),
    Breakage("a cancelled booking can be confirmed again", "confirmation",
             "test_confirming_cancelled_booking_is_refused",
             lambda m: m.setattr(bookings, "confirm", _confirm_even_cancelled)),
    Breakage("the productId filter of GET /bookings is ignored", "listing",
             "test_list_narrowed_by_product_and_option",
             lambda m: m.delitem(bookings.LIST_FILTERS, "productId")),
    Breakage("unit restrictions (accompaniedBy, min/maxUnits) are not enforced", "reservation",
             "test_unaccompanied_unit_is_refused",
             lambda m: m.setattr(bookings, "_check_restrictions", lambda option, units: None)),
    Breakage("sold-out departures can be booked", "reservation", "test_sold_out_departure_is_refused",
             lambda m: m.setattr(bookings, "_check_seats", lambda ctx, plan, own_uuid: None)),
    Breakage("confirmed bookings can be extended", "expiry", "test_extend_refused_unless_on_hold",
             lambda m: m.setattr(bookings, "extend", _extend_anything)),
    Breakage("expirationMinutes is ignored", "reservation", "test_hold_expiry_honours_expiration_minutes",
             lambda m: m.setattr(bookings, "_expiry", lambda ctx, product, body: _expiry_in_30(ctx))),
    Breakage("timestamps are written with +00:00 instead of Z", "invariants", "test_on_hold_state",
             lambda m: m.setattr(context.Context, "utc_now", property(_local_timestamps))),
    Breakage("the supplierReference changes at confirmation", "invariants", "test_supplier_reference_is_stable",
             lambda m: m.setattr(bookings, "confirm", _new_reference_on_confirm)),
    Breakage("lookup does not know unit item references", "redemption", "test_lookup_by_unit_item_reference",
             lambda m: m.setattr(store, "_codes_of", _booking_codes_only)),
    Breakage("cancelled bookings are reported redeemable", "redemption", "test_cancelled_booking_is_not_redeemable",
             lambda m: m.setattr(redemption, "why_not_redeemable", _cancelled_is_redeemable)),
    Breakage("redeeming leaves unit items unredeemed", "redemption", "test_redeem_marks_everything_redeemed",
             lambda m: m.setattr(redemption, "_redeem_one", _redeem_without_unit_items)),
    Breakage("an array of codes is redeemed code by code, not all or nothing", "redemption",
             "test_redeem_many_is_all_or_nothing",
             lambda m: m.setattr(redemption, "redeem", _redeem_what_can_be_redeemed)),
    Breakage("credentials answer the first valid key, owner or not", "redemption",
             "test_credentials_pick_the_owning_key",
             lambda m: m.setattr(redemption, "owner", lambda keys, knowing: keys[0] if keys else None)),
    Breakage("a redeemed booking can still be cancelled", "redemption", "test_redeemed_booking_cannot_be_cancelled",
             lambda m: m.setattr(bookings, "cancel", _cancel_even_redeemed)),
    Breakage("a repeated gift uuid makes a second gift", "gifts", "test_same_uuid_same_gift",
             lambda m: m.setattr(gifts, "reserve", _gift_reserve_ignoring_uuid)),
    Breakage("cancelling a paid booking does not give the gift its credit back", "gifts",
             "test_cancelling_the_booking_restores_the_gift",
             lambda m: m.setattr(store.Sandbox, "gift_spent", _payments_of_cancelled_bookings_count)),
    Breakage("a gift pays in any currency, whole amount", "gifts", "test_gift_in_another_currency_is_refused",
             lambda m: m.setattr(bookings, "settle", _any_currency_pays)),
    Breakage("a cancelled gift still pays", "gifts", "test_cancelled_gift_cannot_pay",
             lambda m: m.setattr(gifts, "current", _cancelled_gifts_are_confirmed)),
    Breakage("gift amounts are served as decimal strings", "gifts", "test_gift_reservation_is_on_hold",
             wrap=lambda app: _amounts_as_strings(app)),
]
