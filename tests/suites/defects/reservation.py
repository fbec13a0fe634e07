"""Defects in reserving and confirming bookings."""
from __future__ import annotations
