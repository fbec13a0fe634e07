"""Defects in cancelling, expiry, idempotent replays and the booking-state invariants."""
from __future__ import annotations
