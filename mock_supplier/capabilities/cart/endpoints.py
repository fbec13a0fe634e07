"""Order operations. The canonical paths are /orders… (Ventrata's docs and the official mock);
the /order… spelling of Ventrata's OpenAPI is served too, as are both cancels
(POST …/cancel and DELETE) (SPEC-CAPABILITIES §5.1, Rec)."""
from __future__ import annotations

from ...kernel.operations import READ, WRITE, Operations
from . import rules
from .order_view import order_json
from .rules import CART

endpoints = Operations(CART)


def _create(ctx, call):
    return order_json(ctx, rules.create(ctx, call.body))


def _get(ctx, call):
    return order_json(ctx, rules.get(ctx, call.params["order_id"]))


def _confirm(ctx, call):
    return order_json(ctx, rules.confirm(ctx, call.params["order_id"], call.body))


def _cancel(ctx, call):
    return order_json(ctx, rules.cancel(ctx, call.params["order_id"], call.body))


def _extend(ctx, call):
    return order_json(ctx, rules.extend(ctx, call.params["order_id"], call.body))


def _documented(handler, doc):
    def operation(ctx, call):
        return handler(ctx, call)
    operation.__doc__ = doc
    return operation


# (method, path after the root, request schema, access, handler, operation id, summary)
_OPERATIONS = (
    ("POST", "", "requests/order-creation", WRITE, _create, "createOrder",
     "Create an empty ON_HOLD order for bookings to join."),
    ("GET", "/{order_id}", None, READ, _get, "getOrder", "One order, with its bookings."),
    ("POST", "/{order_id}/confirm", "requests/order-confirmation", WRITE, _confirm, "confirmOrder",
     "Confirm the order and every booking in it, or nothing."),
    ("POST", "/{order_id}/cancel", "requests/booking-cancellation", WRITE, _cancel, "cancelOrder",
     "Cancel the order and every booking in it, or nothing."),
    ("DELETE", "/{order_id}", "requests/booking-cancellation", WRITE, _cancel, "deleteOrder",
     "Cancel the order and every booking in it, or nothing (Ventrata's newer spelling)."),
    ("POST", "/{order_id}/extend", "requests/booking-extension", WRITE, _extend, "extendOrder",
     "Hold the order and every booking on hold in it for longer, or nothing."),
)

for method, path, request, access, handler, operation_id, summary in _OPERATIONS:
    for root, suffix, note in (("/orders", "", ""), ("/order", "Alias", " (alias: Ventrata's OpenAPI spelling)")):
        handler_doc = summary + note
        endpoints(method, root + path, request=request, response="order", access=access,
                  operation_id=operation_id + suffix)(_documented(handler, handler_doc))
