"""The assertions suites make, each failing with what the rule expected and what was seen."""
from __future__ import annotations

import re

import schemas

from .client import Reply
from .failures import RuleViolation

UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
AUTH_STATUSES = (400, 401, 403)  # the standard says 400; 401/403 are accepted for auth errors


def expect(condition: object, expected: str, seen: object) -> None:
    """Fail the rule unless `condition` holds."""
    if not condition:
        raise RuleViolation(expected, str(seen))


def expect_equal(actual: object, wanted: object, what: str) -> None:
    """Fail unless `what` is `wanted`."""
    expect(actual == wanted, f"{what} = {wanted!r}", f"{what} = {actual!r}")


def ok(reply: Reply, schema: str | None = None, *, many: bool = False) -> object:
    """A 200 JSON answer, valid against `schema` (each item when `many`) for the capabilities asked."""
    expect(reply.status == 200, f"HTTP 200 from {reply.exchange.method} {reply.exchange.url}",
           f"HTTP {reply.status}: {reply.text[:500]}")
    expect_json(reply)
    data = reply.json()
    if schema is not None:
        if many:
            expect(isinstance(data, list), f"a JSON array of {schema} objects", type(data).__name__)
            for index, item in enumerate(data):
                _valid(schema, item, reply.capabilities, f"[{index}]")
        else:
            _valid(schema, data, reply.capabilities, "")
    return data


def octo_error(reply: Reply, codes: str | tuple[str, ...], echo: dict | None = None,
               statuses: tuple[int, ...] = (400,)) -> dict:
    """An OCTO error body {error, errorMessage, echo} with one of `codes` and the echoed value."""
    codes = (codes,) if isinstance(codes, str) else codes
    wanted = " or ".join(codes)
    expect(reply.status in statuses, f"an error {wanted} with HTTP {'/'.join(map(str, statuses))}",
           f"HTTP {reply.status}: {reply.text[:500]}")
    expect_json(reply)
    body = reply.json()
    expect(isinstance(body, dict) and "error" in body and "errorMessage" in body,
           "an OCTO error body {error, errorMessage}", reply.text[:500])
    expect(body["error"] in codes, f"error {wanted}", f"error {body['error']!r}: {body.get('errorMessage')!r}")
    _valid("error", body, (), "")
    for field, value in (echo or {}).items():
        expect(body.get(field) == value, f"the error to echo {field} = {value!r}",
               f"{field} = {body.get(field)!r} in {body}")
    return body


def expect_json(reply: Reply) -> None:
    """The answer says it is JSON."""
    kind = reply.headers.get("Content-Type", "")
    expect(kind.split(";")[0].strip().lower() == "application/json",
           "Content-Type: application/json", f"Content-Type: {kind or '(none)'}")


def booking_invariants(booking: dict) -> None:
    """State rules every booking must keep, whatever the endpoint (SPEC-DIGEST §2, PEERS.md)."""
    status = booking.get("status")
    for field in ("utcCreatedAt", "utcUpdatedAt", "utcExpiresAt", "utcConfirmedAt", "utcRedeemedAt"):
        value = booking.get(field)
        expect(value is None or UTC_Z.match(str(value)), f"{field} in UTC with a literal Z", value)
    rules = {
        "ON_HOLD": (("utcExpiresAt",), ("utcConfirmedAt", "utcRedeemedAt", "cancellation")),
        "CONFIRMED": (("utcConfirmedAt",), ("utcExpiresAt", "utcRedeemedAt", "cancellation")),
        "CANCELLED": (("cancellation",), ("utcExpiresAt", "utcRedeemedAt")),
        "EXPIRED": (("utcExpiresAt",), ("utcConfirmedAt", "utcRedeemedAt")),
        "REDEEMED": (("utcConfirmedAt", "utcRedeemedAt"), ("utcExpiresAt", "cancellation")),
    }
    present, absent = rules.get(status, ((), ()))
    for field in present:
        expect(booking.get(field) is not None, f"{field} set on a {status} booking", f"{field} = null")
    for field in absent:
        expect(booking.get(field) is None, f"{field} null on a {status} booking", f"{field} = {booking.get(field)!r}")
    if status in ("CANCELLED", "EXPIRED", "REDEEMED"):
        expect(booking.get("cancellable") is False, f"cancellable false on a {status} booking",
               f"cancellable = {booking.get('cancellable')!r}")
    _unit_items_consistent(booking)


def _unit_items_consistent(booking: dict) -> None:
    items = booking.get("unitItems") or []
    uuids = [item.get("uuid") for item in items]
    expect(len(uuids) == len(set(uuids)), "unique unit item uuids", uuids)
    methods = booking.get("deliveryMethods") or []
    expect((booking.get("voucher") is not None) == ("VOUCHER" in methods),
           "voucher set exactly when deliveryMethods has VOUCHER",
           f"deliveryMethods {methods}, voucher {booking.get('voucher')!r}")
    status = booking.get("status")
    for item in items:
        # A unit item may be redeemed on its own while the rest of the booking is still CONFIRMED.
        allowed = {status, "REDEEMED"} if status == "CONFIRMED" else {status}
        expect(item.get("status") in allowed, f"unit item status {' or '.join(sorted(allowed))} on a {status} booking",
               f"unit item {item.get('uuid')} {item.get('status')}")
        expect((item.get("status") == "REDEEMED") == bool(item.get("utcRedeemedAt")),
               "utcRedeemedAt set on a unit item exactly when it is REDEEMED",
               f"unit item {item.get('uuid')}: {item.get('status')}, utcRedeemedAt {item.get('utcRedeemedAt')!r}")
        expect((item.get("ticket") is not None) == ("TICKET" in methods),
               "ticket set on each unit item exactly when deliveryMethods has TICKET",
               f"deliveryMethods {methods}, unit item ticket {item.get('ticket')!r}")


def _valid(schema: str, instance: object, capabilities: tuple[str, ...], where: str) -> None:
    problems = schemas.violations(schema, instance, capabilities=capabilities)
    expect(not problems, f"a body valid against the {schema} schema"
           + (f" with {', '.join(capabilities)}" if capabilities else ""),
           "\n".join(f"{where}{p}" if where else str(p) for p in problems[:10]))
