"""Contacts as the booking shows them: every field present, null when unknown."""
from __future__ import annotations

FIELDS = ("fullName", "firstName", "lastName", "emailAddress", "phoneNumber", "postalCode", "country", "notes")


def empty_contact() -> dict:
    """A contact that knows nothing yet."""
    return {**{name: None for name in FIELDS}, "locales": []}


def merged_contact(sent: dict | None, base: dict | None = None) -> dict:
    """`base` with every field the request sent replacing it; fullName derived when missing."""
    contact = dict(base or empty_contact())
    for name, value in (sent or {}).items():
        if name in FIELDS:
            contact[name] = value
    if sent and "locales" in sent:
        contact["locales"] = list(sent["locales"] or [])
    if contact["fullName"] is None and (contact["firstName"] or contact["lastName"]):
        contact["fullName"] = " ".join(p for p in (contact["firstName"], contact["lastName"]) if p)
    return contact


def missing_fields(contact: dict, required: tuple[str, ...]) -> list[str]:
    """Required contact fields that are empty."""
    return [name for name in required if not contact.get(name)]
