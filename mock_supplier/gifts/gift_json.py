"""The OCTO Gift object, derived from a stored gift record."""
from __future__ import annotations

from ..core.context import Context
from ..core.references import delivery_options
from . import rules

_FIELDS = ("id", "uuid", "testMode", "resellerReference", "supplierReference", "status", "utcCreatedAt",
           "utcUpdatedAt", "utcExpiresAt", "utcRedeemedAt", "utcConfirmedAt", "amount", "currency")


def gift_json(ctx: Context, record: dict) -> dict:
    """The gift as seed 003 shows it, plus `balance`, the credit left (an extension of this mock)."""
    delivered = record["status"] in ("CONFIRMED", "REDEEMED")
    return {
        **{key: record[key] for key in _FIELDS},
        "balance": rules.balance(ctx, record) if delivered else record["amount"],
        "cancellable": rules.is_cancellable(ctx, record),
        "cancellation": record["cancellation"],
        "contact": record["contact"],
        "recipient": record["recipient"],
        "message": record["message"],
        "notes": record["notes"],
        "deliveryMethods": ["VOUCHER"],
        "voucher": {
            "redemptionMethod": "DIGITAL",
            "utcRedeemedAt": record["utcRedeemedAt"],
            "deliveryOptions": delivery_options(record["code"], ("QRCODE", "PDF_URL"), ctx.base_url) if delivered else [],
        },
        "giftPayment": None,
    }
