"""Control routes. Each touches only the caller's own sandbox."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import Blueprint, current_app

from ..kernel.clock import UTC, utc_iso
from ..kernel.errors import BadRequest
from .http import authenticate, json_body, respond, sandbox

# A sandbox's time must leave room for a year of departures ahead and cutoffs before them,
# or date arithmetic overflows (a 500) on the next request.
EARLIEST, LATEST = datetime(1970, 1, 1, tzinfo=UTC), datetime(9000, 1, 1, tzinfo=UTC)

blueprint = Blueprint("octo_control", __name__)
blueprint.before_request(authenticate)


@blueprint.post("/reset")
def reset():
    """Forget the caller's bookings and put its clock back to real time."""
    with sandbox(write=True) as ctx:
        ctx.box.reset()
    return respond({"reset": True})


@blueprint.get("/clock")
def read_clock():
    """The caller's clock: its current time and its offset from real time."""
    with sandbox() as ctx:
        return respond(_clock(ctx))


@blueprint.post("/clock")
def move_clock():
    """Move the caller's clock: {"advanceMinutes": n}, {"advanceSeconds": n} or {"utcNow": "...Z"}."""
    body = json_body()
    with sandbox(write=True) as ctx:
        ctx.box.set_clock_offset(_new_offset(ctx, body))
    with sandbox() as ctx:
        return respond(_clock(ctx))


@blueprint.post("/sandboxes")
def mint_sandbox():
    """A fresh API key with an empty sandbox of its own."""
    key = "sbx_" + secrets.token_hex(16)
    with sandbox() as ctx:
        now = ctx.utc_now
    current_app.extensions["octo_mock"].store.mint_key(key, now)
    return respond({"apiKey": key})


def _clock(ctx) -> dict:
    return {"utcNow": ctx.utc_now, "offsetSeconds": ctx.box.clock_offset()}


def _new_offset(ctx, body: dict) -> float:
    target = _new_time(ctx, body)
    if not EARLIEST <= target <= LATEST:
        raise BadRequest(f"The clock must stay between {utc_iso(EARLIEST)} and {utc_iso(LATEST)}")
    if "utcNow" in body:
        return current_app.extensions["octo_mock"].config.clock.offset_for(target)
    # Moved by an amount: the offset grows by exactly that, not by the target less a later "now".
    field, seconds = next((f, s) for f, s in _ADVANCES if f in body)
    return ctx.box.clock_offset() + body[field] * seconds


_ADVANCES = (("advanceMinutes", 60), ("advanceSeconds", 1))


def _new_time(ctx, body: dict) -> datetime:
    if set(body) == {"utcNow"}:
        try:
            moment = datetime.fromisoformat(body["utcNow"].replace("Z", "+00:00"))
            if moment.utcoffset() != timedelta(0):
                raise ValueError("not UTC")
            return moment.astimezone(UTC)
        except (TypeError, ValueError, AttributeError):
            raise BadRequest("utcNow must be a UTC time such as 2030-01-01T09:00:00Z") from None
    for field, seconds in _ADVANCES:
        if set(body) == {field}:
            amount = body[field]
            if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not 0 <= amount <= 10**9:
                raise BadRequest(f"{field} must be a number of at least 0")
            try:
                return ctx.now + timedelta(seconds=amount * seconds)
            except OverflowError:
                raise BadRequest(f"{field} moves the clock past {utc_iso(LATEST)}") from None
    raise BadRequest("Send exactly one of: advanceMinutes, advanceSeconds, utcNow")
