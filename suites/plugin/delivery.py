"""Reading what a voucher or ticket delivers: the code a person types in or scans."""
from __future__ import annotations

# Formats whose value is a link to a document or a wallet pass, not a code (core and Ventrata).
LINK_FORMATS = frozenset({"PDF_URL", "PKPASS_URL", "GOOGLE_WALLET_URL", "PNG_URL"})


def typed_code(ticket: object) -> str | None:
    """The value of a voucher's or ticket's first delivery option that is a code (QRCODE,
    CODE128, AZTECCODE…), not a link; None when it delivers none."""
    options = ticket.get("deliveryOptions") if isinstance(ticket, dict) else None
    for option in options or []:
        value = option.get("deliveryValue") if isinstance(option, dict) else None
        if option.get("deliveryFormat") not in LINK_FORMATS and isinstance(value, str) and value \
                and not value.startswith(("http://", "https://")):
            return value
    return None


def delivers_codes(product: dict) -> bool:
    """Whether a product's delivery formats include one that is a code, not a link."""
    return any(f not in LINK_FORMATS for f in product.get("deliveryFormats") or [])
