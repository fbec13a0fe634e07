"""Test data and the sandbox clock: finding departures, reserving, confirming, reading back."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from .client import OctoClient

CLOSED_WEEKDAYS = {"museum-pass": {1}, "harbour-cruise": {0}, "theatre-show": {6}}  # weekday(): Tue, Mon, Sun


def sandbox_today(client: OctoClient) -> date:
    """Today's UTC date on the caller's sandbox clock."""
    return date.fromisoformat(client.get("/_control/clock").ok()["utcNow"][:10])


def parse_utc(text: str) -> datetime:
    """A "...Z" timestamp as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def utc_text(moment: datetime) -> str:
    """An aware datetime as the "...Z" text the control clock takes."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def set_clock(client: OctoClient, utc_now: str) -> None:
    """Move the caller's sandbox clock to a UTC time ("...Z")."""
    client.post("/_control/clock", {"utcNow": utc_now}).ok()


def advance_clock(client: OctoClient, minutes: float) -> None:
    """Move the caller's sandbox clock forward."""
    client.post("/_control/clock", {"advanceMinutes": minutes}).ok()


def at_noon(client: OctoClient) -> OctoClient:
    """The client, its sandbox clock put at 12:00 UTC of the real date."""
    set_clock(client, datetime.now(timezone.utc).strftime("%Y-%m-%dT12:00:00Z"))
    return client


def open_date(client: OctoClient, product_id: str, days_ahead: int = 3) -> str:
    """A local date at least `days_ahead` days after the sandbox's today on which the product runs."""
    day = sandbox_today(client) + timedelta(days=days_ahead)
    while day.weekday() in CLOSED_WEEKDAYS.get(product_id, ()):
        day += timedelta(days=1)
    return day.isoformat()


def find_slot(client: OctoClient, product_id: str = "walking-tour", start: str | None = None,
              local_date: str | None = None, option_id: str = "DEFAULT") -> dict:
    """The availability object of a departure ("HH:MM" local; the day's first when None) on an open date."""
    local_date = local_date or open_date(client, product_id)
    slots = client.post("/availability", {"productId": product_id, "optionId": option_id,
                                          "localDate": local_date}).ok()
    for slot in slots:
        if start is None or slot["localDateTimeStart"][11:16] == start:
            return slot
    raise AssertionError(f"{product_id}/{option_id} has no departure at {start} on {local_date}: {slots}")


def availability_of(client: OctoClient, availability_id: str, product_id: str = "walking-tour",
                    option_id: str = "DEFAULT") -> dict:
    """The availability object of one slot, read again by id."""
    found = client.post("/availability", {"productId": product_id, "optionId": option_id,
                                          "availabilityIds": [availability_id]}).ok()
    assert len(found) == 1, found
    return found[0]


def reservation(client: OctoClient, product_id: str = "walking-tour", units=("adult",), *,
                start: str | None = None, local_date: str | None = None, option_id: str = "DEFAULT",
                **fields) -> dict:
    """A reservation body for the given unit ids on a departure found as find_slot does."""
    slot = find_slot(client, product_id, start, local_date, option_id)
    return {"productId": product_id, "optionId": option_id, "availabilityId": slot["id"],
            "unitItems": [{"unitId": unit} for unit in units], **fields}


def reserve(client: OctoClient, product_id: str = "walking-tour", units=("adult",), **kw) -> dict:
    """Reserve (POST /bookings) and return the ON_HOLD booking; see reservation() for the arguments."""
    return client.post("/bookings", reservation(client, product_id, units, **kw)).ok()


def all_bookings(client: OctoClient) -> list[dict]:
    """Every booking of the caller's sandbox, whatever its travel date."""
    return client.get("/bookings", {"localDateStart": "2000-01-01", "localDateEnd": "2100-12-31"}).ok()


def assert_unchanged(client: OctoClient, booking: dict) -> None:
    """The booking reads back exactly as given (a refused change left it alone)."""
    assert client.get(f"/bookings/{booking['uuid']}").ok() == booking


CONTACT = {"fullName": "Ada Lovelace", "firstName": "Ada", "lastName": "Lovelace",
           "emailAddress": "ada@example.com", "phoneNumber": "+441234567890", "locales": ["en-GB"],
           "country": "GB"}


def confirm(client: OctoClient, booking: dict, **fields) -> dict:
    """Confirm a booking with a full contact and return it."""
    return client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": CONTACT, **fields}).ok()
