"""The assertions suites make, each failing with what the rule expected and what was seen."""
from __future__ import annotations

import json

import re
from datetime import datetime, timedelta, timezone

import schemas

from .client import Reply
from .failures import Advisory, RuleViolation
from .settings import KNOWN_CAPABILITIES

UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")  # any precision (RFC 3339)
_FRACTION = re.compile(r"\.(\d+)")
AUTH_STATUSES = (400, 401, 403)  # the standard says 400; 401/403 are accepted for auth errors


def utc_moment(text: object) -> datetime | None:
    """A timestamp as an aware datetime (compared as times, not as text), None if it is not one."""
    # Python 3.10 reads only 3 or 6 fraction digits: a target may send 1 or 9.
    written = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), str(text), count=1)
    try:
        moment = datetime.fromisoformat(written.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def expect_held_for(hold: dict, minutes: int, since: str) -> None:
    """A hold's utcExpiresAt lies `minutes` after its `since` timestamp (±1 minute), or after the
    suite's clock (±5 minutes) where the target leaves that timestamp null."""
    expires, start = utc_moment(hold.get("utcExpiresAt")), utc_moment(hold.get(since))
    start, slack = (start, 1) if start else (datetime.now(timezone.utc), 5)
    expect(expires and timedelta(minutes=minutes - slack) <= expires - start <= timedelta(minutes=minutes + slack),
           f"utcExpiresAt {minutes} minutes (±{slack}) after {since if slack == 1 else 'now'}",
           f"{since} {as_json(hold.get(since))}, utcExpiresAt {as_json(hold.get('utcExpiresAt'))}")


def expect(condition: object, expected: str, seen: object) -> None:
    """Fail the rule unless `condition` holds."""
    if not condition:
        raise RuleViolation(expected, as_text(seen))


def advise(condition: object, expected: str, seen: object) -> None:
    """Report an advisory unless `condition` holds: a recommendation beyond the standard."""
    if not condition:
        raise Advisory(expected, as_text(seen))


def expect_equal(actual: object, wanted: object, what: str) -> None:
    """Fail unless `what` is `wanted`."""
    expect(actual == wanted, f"{what} = {as_json(wanted)}", f"{what} = {as_json(actual)}")


def as_text(value: object) -> str:
    """What was seen, as a person reads an API: text as it is, anything else as JSON."""
    return value if isinstance(value, str) else as_json(value)


def as_json(value: object) -> str:
    """A value as JSON (null, true, "text"), not as Python writes it (None, True, 'text')."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def ok(reply: Reply, schema: str | None = None, *, many: bool = False) -> object:
    """A 200 JSON answer, valid against the core fields of `schema` (each item when `many`).

    Capability fields are judged by the capability's own rules (capability_valid), so that a
    pricing deviation fails the pricing rules and not every rule that reads a product."""
    expect(reply.status == 200, f"HTTP 200 from {reply.exchange.method} {reply.exchange.url}",
           f"HTTP {reply.status}: {reply.gist()}")
    expect_json(reply)
    data = reply.json()
    if schema is not None:
        if many:
            expect(isinstance(data, list), f"a JSON array of {schema} objects", type(data).__name__)
        for where, item in _items(data, many):
            valid(schema, item, where)
    return data


def valid(schema: str, instance: object, where: str = "") -> None:
    """Fail unless `instance` has the core fields of `schema` right (capability fields unchecked)."""
    problems = schemas.violations(schema, instance, ignore_unrequested=True)
    expect(not problems, f"a body valid against the {schema} schema", _listed(problems, where))


def capability_valid(schema: str, data: object, capability: str, *, many: bool = False) -> None:
    """Fail unless the fields `capability` adds to `schema` are right (each item when `many`).

    Only what the capability adds is judged: violations with it on that are not violations
    with it off (its dependencies stay on in both)."""
    with_it = (capability, *KNOWN_CAPABILITIES.get(capability, ()))
    problems = []
    for where, item in _items(data, many):
        before = {str(v) for v in schemas.violations(schema, item, capabilities=with_it[1:], ignore_unrequested=True)}
        problems += [f"{where}{v}" for v in schemas.violations(schema, item, capabilities=with_it,
                                                               ignore_unrequested=True) if str(v) not in before]
    expect(not problems, f"the {capability} fields of the {schema} schema", "\n".join(problems[:10]))


def _items(data: object, many: bool):
    if many:
        return [(f"[{index}]", item) for index, item in enumerate(data if isinstance(data, list) else [])]
    return [("", data)]


def _listed(problems: list, where: str) -> str:
    return "\n".join(f"{where}{p}" if where else str(p) for p in problems[:10])


def octo_error(reply: Reply, codes: str | tuple[str, ...], echo: dict | None = None,
               statuses: tuple[int, ...] = (400,)) -> dict:
    """An OCTO error body {error, errorMessage, echo} with one of `codes` and the echoed value."""
    codes = (codes,) if isinstance(codes, str) else codes
    wanted = " or ".join(codes)
    expect(reply.status in statuses, f"an error {wanted} with HTTP {'/'.join(map(str, statuses))}",
           f"HTTP {reply.status}: {reply.gist()}")
    expect_json(reply)
    body = reply.json()
    expect(isinstance(body, dict) and "error" in body and "errorMessage" in body,
           "an OCTO error body {error, errorMessage}", reply.gist())
    expect(body["error"] in codes, f"error {wanted}", f"error {as_json(body['error'])}: {as_json(body.get('errorMessage'))}")
    valid("error", body)
    for field, value in (echo or {}).items():
        expect(body.get(field) == value, f"the error to echo {field} = {as_json(value)}",
               f"{field} = {as_json(body.get(field))} in {as_json(body)}")
    return body


def expect_json(reply: Reply) -> None:
    """The answer says it is JSON."""
    kind = reply.headers.get("Content-Type", "")
    expect(kind.split(";")[0].strip().lower() == "application/json",
           "Content-Type: application/json", f"Content-Type: {kind or '(none)'}")


def booking_state(booking: dict) -> None:
    """The fields every booking must have right for its status (SPEC-DIGEST §2; validator state rules).

    Decided where the sources disagree (SPEC-DIGEST §2 "where the sources disagree", seeds):
    - utcExpiresAt on CANCELLED: null once the booking had been confirmed (validator, OCTO's
      OpenAPI cancel example); a cancelled hold may keep the hold's expiry (seed 002's
      cancellation example does).
    - cancellable on CANCELLED and REDEEMED is not judged here: seed 002 shows a cancelled
      booking and seed 000 a redeemed one with cancellable true, OCTO's OpenAPI example false;
      whether such a booking can be cancelled is judged by the rules that try.
    - voucher and tickets are judged by the delivery rules, on confirmed bookings only (the
      typespec allows null in every state, and its examples show null on holds).
    """
    status = booking.get("status")
    for field in ("utcCreatedAt", "utcUpdatedAt", "utcExpiresAt", "utcConfirmedAt", "utcRedeemedAt"):
        value = booking.get(field)
        expect(value is None or UTC_Z.match(str(value)), f"{field} in UTC with a literal Z", value)
    rules = {
        "ON_HOLD": (("utcExpiresAt",), ("utcConfirmedAt", "utcRedeemedAt", "cancellation")),
        "CONFIRMED": (("utcConfirmedAt",), ("utcExpiresAt", "utcRedeemedAt", "cancellation")),
        "CANCELLED": (("cancellation",), ("utcRedeemedAt",) + (("utcExpiresAt",) if booking.get("utcConfirmedAt")
                                                              else ())),
        "EXPIRED": (("utcExpiresAt",), ("utcConfirmedAt", "utcRedeemedAt")),
        "REDEEMED": (("utcConfirmedAt", "utcRedeemedAt"), ("utcExpiresAt", "cancellation")),
    }
    present, absent = rules.get(status, ((), ()))
    for field in present:
        expect(booking.get(field) is not None, f"{field} set on a {status} booking", f"{field} = null")
    for field in absent:
        expect(booking.get(field) is None, f"{field} null on a {status} booking", f"{field} = {as_json(booking.get(field))}")


def unit_items_follow(booking: dict) -> None:
    """Unit items have unique uuids and the booking's status (a unit item of a CONFIRMED booking
    may be REDEEMED on its own), and utcRedeemedAt exactly when REDEEMED (SPEC-DIGEST §2, UnitItem)."""
    items = booking.get("unitItems") or []
    uuids = [item.get("uuid") for item in items]
    expect(len(uuids) == len(set(uuids)), "unique unit item uuids", uuids)
    status = booking.get("status")
    for item in items:
        allowed = {status, "REDEEMED"} if status == "CONFIRMED" else {status}
        expect(item.get("status") in allowed, f"unit item status {' or '.join(sorted(allowed))} on a {status} booking",
               f"unit item {item.get('uuid')} {item.get('status')}")
        expect((item.get("status") == "REDEEMED") == bool(item.get("utcRedeemedAt")),
               "utcRedeemedAt set on a unit item exactly when it is REDEEMED",
               f"unit item {item.get('uuid')}: {item.get('status')}, utcRedeemedAt {as_json(item.get('utcRedeemedAt'))}")
