"""Gift operations (under /octo/gifts): thin, like the booking operations."""
from __future__ import annotations

from ...kernel.operations import ARRAY, WRITE, Operations, Query
from . import rules
from .gift_view import gift_json
from .payments import GIFTS

endpoints = Operations(GIFTS)


@endpoints("POST", "/gifts", request="requests/gift-reservation", response="gift", access=WRITE,
           operation_id="reserveGift")
def reserve_gift(ctx, call):
    """Reserve a gift voucher (ON_HOLD)."""
    return gift_json(ctx, rules.reserve(ctx, call.body))


@endpoints("GET", "/gifts", response="gift", shape=ARRAY, operation_id="listGifts",
           query=(Query("resellerReference"), Query("supplierReference")))
def list_gifts(ctx, call):
    """By resellerReference or supplierReference."""
    return [gift_json(ctx, gift) for gift in rules.search(ctx, call.query)]


@endpoints("GET", "/gifts/{gift_uuid}", response="gift", operation_id="getGift")
def get_gift(ctx, call):
    """One gift by its uuid."""
    return gift_json(ctx, rules.get(ctx, call.params["gift_uuid"]))


@endpoints("PATCH", "/gifts/{gift_uuid}", request="requests/gift-update", response="gift", access=WRITE,
           operation_id="updateGift")
def update_gift(ctx, call):
    """Update while cancellable."""
    return gift_json(ctx, rules.update(ctx, call.params["gift_uuid"], call.body))


@endpoints("POST", "/gifts/{gift_uuid}/confirm", request="requests/gift-confirmation", response="gift",
           access=WRITE, operation_id="confirmGift")
def confirm_gift(ctx, call):
    """Confirm an ON_HOLD gift."""
    return gift_json(ctx, rules.confirm(ctx, call.params["gift_uuid"], call.body))


@endpoints("DELETE", "/gifts/{gift_uuid}", request="requests/booking-cancellation", response="gift", access=WRITE,
           operation_id="cancelGift")
def cancel_gift(ctx, call):
    """Cancel while cancellable."""
    return gift_json(ctx, rules.cancel(ctx, call.params["gift_uuid"], call.body))


@endpoints("POST", "/gifts/{gift_uuid}/extend", request="requests/booking-extension", response="gift",
           access=WRITE, operation_id="extendGift")
def extend_gift(ctx, call):
    """Hold an ON_HOLD gift for longer."""
    return gift_json(ctx, rules.extend(ctx, call.params["gift_uuid"], call.body))
