"""Defects in octo/pricing: prices of products, availability, calendar and bookings, and currencies."""
from __future__ import annotations
