"""octo/redemption (seed 000): find bookings by a scanned code, redeem and validate them,
and tell a scanner which of its API keys owns a code."""
from __future__ import annotations

from ...kernel.plugins import Capability
from .endpoints import REDEMPTION, endpoints

CAPABILITY = Capability(REDEMPTION, operations=tuple(endpoints))
