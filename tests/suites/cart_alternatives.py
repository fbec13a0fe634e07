"""What a stranger's octo/cart may do differently from our mock and still keep to the sources
(SPEC-CAPABILITIES §5): listed among tests/suites/alternatives.py's ALTERNATIVES, as
pickup_alternatives.py's are."""
from __future__ import annotations

import re

from .defects.kit import Call, Defect, octo_error, rewriting, rewriting_error

ORDERS = re.compile(r"^/octo/orders(/|$)")
CANCEL = re.compile(r"^/octo/orders?/[^/]+/cancel$")
# The order fields only Ventrata's OpenAPI has: the v1 types' Order has none of them.
VY_ONLY = ("utcCreatedAt", "utcUpdatedAt", "settlementMethods", "quote", "confirmable", "updatable", "active",
           "visibleContactFields", "requiredContactFields", "voucher")


def _refusing(pattern: re.Pattern, method: str | None = None):
    """Middleware factory: requests whose path matches (and method, when given) find no route."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            if pattern.match(call.path) and method in (None, call.method):
                return octo_error(start_response, "BAD_REQUEST", f"No such endpoint: {call.method} {call.path}")
            return app(environ, start_response)
        return middleware
    return wrap


def _v1_order(data, call):
    if isinstance(data, dict) and isinstance(data.get("bookings"), list):
        for field in VY_ONLY:
            data.pop(field, None)
    return data


CART_ALTERNATIVES = [
    Defect("orders served at /order… only (SPEC-CAPABILITIES §5.1: Ventrata's OpenAPI)", _refusing(ORDERS)),
    Defect("an order cancelled by DELETE only (SPEC-CAPABILITIES §5.1: Ventrata's newer cart page)",
           _refusing(CANCEL, "POST")),
    Defect("orders with the v1 types' fields only (SPEC-CAPABILITIES §5.3: no utcCreatedAt, confirmable…)",
           rewriting(lambda c: c.path.startswith("/octo/order"), _v1_order)),
    Defect("INVALID_ORDER_ID echoes the id as id only (SPEC-CAPABILITIES §5.6: the official mock)",
           rewriting_error(lambda c: True, lambda status, error: (status, {k: v for k, v in error.items()
                                                                           if k != "orderId"}))),
]
