"""The OCTO Gift object, derived from a stored gift."""
from __future__ import annotations

from ...kernel.context import Context
from ...kernel.holds import DELIVERED
from ...kernel.references import delivery_options
from . import rules
from .records import Gift

_FIELDS = ("id", "uuid", "testMode", "resellerReference", "supplierReference", "status", "utcCreatedAt",
           "utcUpdatedAt", "utcExpiresAt", "utcRedeemedAt", "utcConfirmedAt", "amount", "currency")


def gift_json(ctx: Context, gift: Gift) -> dict:
    """The gift as seed 003 shows it, plus `balance`, the credit left (an extension of this mock)."""
    delivered = gift.status in DELIVERED
    doc = gift.to_doc()
    return {
        **{key: doc[key] for key in _FIELDS},
        "balance": rules.balance(ctx, gift) if delivered else gift.amount,
        "cancellable": rules.is_cancellable(ctx, gift),
        "cancellation": gift.cancellation,
        "contact": gift.contact,
        "recipient": gift.recipient,
        "message": gift.message,
        "notes": gift.notes,
        "deliveryMethods": ["VOUCHER"],
        "voucher": {
            "redemptionMethod": "DIGITAL",
            "utcRedeemedAt": gift.utc_redeemed_at,
            "deliveryOptions": delivery_options(gift.code, ("QRCODE", "PDF_URL"), ctx.base_url) if delivered else [],
        },
        "giftPayment": None,
    }
