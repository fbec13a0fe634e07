"""The errors of redemption: OCTO errors that echo the code they are about."""
from __future__ import annotations

from ...kernel.errors import BadRequest, UnprocessableEntity


class UnknownRedemptionCode(BadRequest):
    """A code that names no booking (or names several, so it cannot be redeemed as such)."""

    echo_field = "redemptionCode"


class NotRedeemable(UnprocessableEntity):
    """A code whose booking or ticket cannot be redeemed now (state, validity, already used)."""

    echo_field = "redemptionCode"
