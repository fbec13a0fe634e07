"""What bookings and gift vouchers share: holds that run out, and how a cancellation is written."""
from __future__ import annotations

from datetime import timedelta

from ..clock import utc_iso
from ..errors import BadRequest
from .context import Context

MAX_HOLD_MINUTES = 7 * 24 * 60  # a hold longer than a week is a mistake, not a reservation


def hold_until(ctx: Context, minutes: int) -> str:
    """utcExpiresAt of a hold of `minutes` from now (at most MAX_HOLD_MINUTES)."""
    if minutes > MAX_HOLD_MINUTES:
        raise BadRequest(f"expirationMinutes may be at most {MAX_HOLD_MINUTES}")
    return utc_iso(ctx.now + timedelta(minutes=minutes))


def cancellation(ctx: Context, body: dict) -> dict:
    """The cancellation object written when something is cancelled now, with a full refund."""
    return {"refund": "FULL", "reason": body.get("reason"), "utcCancelledAt": ctx.utc_now}
