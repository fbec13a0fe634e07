"""octo/cart's error: INVALID_ORDER_ID (the official mock's InvalidOrderIdError, SPEC-CAPABILITIES §5.6)."""
from __future__ import annotations

from ...kernel.errors import OctoError


class InvalidOrderId(OctoError):
    """An unknown order id, or an expired order acted on. Echoes the id as `id` (the official
    mock's field) and as `orderId` (the name requests use; the digest recommends both)."""

    code = "INVALID_ORDER_ID"

    def __init__(self, order_id: object, message: str | None = None):
        super().__init__(message or f"The orderId was already used, missing or invalid: {order_id!r}", order_id)

    def body(self) -> dict:
        return {"error": self.code, "errorMessage": self.message, "id": self.echo_value, "orderId": self.echo_value}
