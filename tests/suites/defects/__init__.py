"""Defects a stranger's supplier has, as WSGI middleware around the mock.

Each defect rewrites requests or answers at the HTTP boundary, without touching the mock's
code, the way an independent implementation gets OCTO wrong (many are defects the official
mock has, PEERS.md), and pins its verdict: the rules it fails, blocks and makes inapplicable.
Several can be stacked on one mock: `wrap_all` applies them in order. The suites' own tests
run the suites against each defect alone and against combinations, and compare the verdicts
(tests/suites/test_multi_defect.py). One module per area of the suites; kit.py holds the
building blocks.
"""
from __future__ import annotations

from . import (bookings, cart, catalogue, changes, content, gifts, lifecycle, offers, pickups, pricing, questions,
               redemption, reservation, webhooks)
from .kit import Call, Defect, answer, send, wrap_all

AREAS = (catalogue, pricing, reservation, bookings, lifecycle, changes, redemption, gifts, content, pickups, questions,
         offers, cart, webhooks)

ALL: tuple[Defect, ...] = tuple(value for area in AREAS for value in vars(area).values() if isinstance(value, Defect))

__all__ = ["ALL", "AREAS", "Call", "Defect", "answer", "send", "wrap_all"]
