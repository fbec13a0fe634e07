"""Supplier references and delivery codes: short, unambiguous, hard to guess."""
from __future__ import annotations

import secrets

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: people read these aloud
assert len(_ALPHABET) == 32  # so that the low five bits of a random byte pick each letter alike


def reference(length: int = 6) -> str:
    """A random reference such as 'X749G9' (one read of the system's randomness, not one per letter:
    references are made inside the write lock)."""
    return "".join(_ALPHABET[byte & 31] for byte in secrets.token_bytes(length))


def delivery_code(supplier_reference: str) -> str:
    """A code to print as a QR code or type in at the door."""
    return f"OCTO-{supplier_reference}-{reference(10)}"


def delivery_options(code: str, formats: tuple[str, ...], base_url: str) -> list[dict]:
    """The deliveryOptions of a voucher or ticket: the code itself, or a link to its PDF."""
    options = []
    for fmt in formats:
        value = f"{base_url}/tickets/{code}.pdf" if fmt == "PDF_URL" else code
        options.append({"deliveryFormat": fmt, "deliveryValue": value})
    return options
