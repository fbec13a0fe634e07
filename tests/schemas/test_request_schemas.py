"""Request-body schemas: what the mock accepts and what it answers with BAD_REQUEST."""

import pytest

import schemas

from . import instances


def _found(name, body, **options):
    """The (path, keyword) pairs of every violation."""
    return [(v.path, v.keyword) for v in schemas.violations(name, body, **options)]


@pytest.mark.parametrize("strict", [False, True])
def test_valid_reservation_passes(strict):
    """A complete reservation body validates."""
    schemas.check("requests/booking-reservation", instances.reservation_body(), strict=strict)


def test_reservation_product_id_must_be_a_string():
    """productId 1 fails at $.productId with `type`."""
    body = {**instances.reservation_body(), "productId": 1}
    assert _found("requests/booking-reservation", body) == [("$.productId", "type")]


def test_reservation_uuid_format():
    """uuid "not-a-uuid" fails with `format`, on the booking and on a unit item."""
    body = instances.reservation_body()
    body["uuid"] = "not-a-uuid"
    body["unitItems"][0]["uuid"] = "not-a-uuid"
    assert _found("requests/booking-reservation", body) == [
        ("$.unitItems[0].uuid", "format"), ("$.uuid", "format"),
    ]


def test_reservation_requires_ids_but_not_unit_items():
    """productId, optionId and availabilityId are required; unitItems is left to the mock (422)."""
    found = schemas.violations("requests/booking-reservation", {})
    assert [v.message for v in found] == [
        "'availabilityId' is a required property",
        "'optionId' is a required property",
        "'productId' is a required property",
    ]
    body = {k: v for k, v in instances.reservation_body().items() if k != "unitItems"}
    schemas.check("requests/booking-reservation", body)
    schemas.check("requests/booking-reservation", {**body, "unitItems": []})


def test_reservation_expiration_minutes_positive_integer():
    """expirationMinutes must be an integer of at least 1."""
    assert _found("requests/booking-reservation", {**instances.reservation_body(), "expirationMinutes": 0}) == [
        ("$.expirationMinutes", "minimum")
    ]
    assert _found("requests/booking-reservation", {**instances.reservation_body(), "expirationMinutes": 1.5}) == [
        ("$.expirationMinutes", "type")
    ]


def test_request_contact_accepts_nulls_and_checks_email():
    """Request contact fields are optional and nullable; emailAddress must look like an email."""
    schemas.check("requests/contact", {})
    schemas.check("requests/contact", {"fullName": None, "emailAddress": None, "locales": ["en"]})
    assert _found("requests/contact", {"emailAddress": "nobody"}) == [("$.emailAddress", "format")]
    assert _found("requests/contact", {"locales": None}) == [("$.locales", "type")]


@pytest.mark.parametrize("name", ["requests/booking-cancellation", "requests/booking-extension", "requests/booking-update"])
def test_all_optional_bodies_accept_empty_object(name):
    """Cancel, extend and update accept {} (SPEC-DIGEST §1)."""
    schemas.check(name, {}, strict=True)


@pytest.mark.parametrize("name", [n for n in schemas.schema_names() if n.startswith("requests/")])
def test_request_bodies_must_be_objects(name):
    """A JSON array or string body is a `type` violation at $."""
    assert ("$", "type") in _found(name, [])


def test_update_uses_reservation_field_types():
    """Update fields are typed like the reservation's."""
    body = {"notes": None, "resellerReference": None, "expirationMinutes": 0, "unitItems": [{"uuid": "x"}]}
    assert _found("requests/booking-update", body) == [
        ("$.expirationMinutes", "minimum"), ("$.unitItems[0]", "required"), ("$.unitItems[0].uuid", "format"),
    ]


def test_confirmation_requires_contact():
    """Confirm needs a contact; the seed's per-unit-item confirmation body is valid."""
    assert _found("requests/booking-confirmation", {"resellerReference": "V-1"}) == [("$", "required")]
    schemas.check("requests/booking-confirmation", {
        "resellerReference": "VOUCHER-0123",
        "contact": {"fullName": "Oliver Morgan", "emailAddress": "ollym@me.com", "locales": ["en-GB"], "country": "GB"},
        "unitItems": [{"resellerReference": "VOUCHER-0123-1", "unitId": "unit_123abcadult", "contact": {"fullName": "Oliver Morgan"}}],
    }, strict=True)


def test_availability_check_body():
    """Availability check: ids required, localDate accepted, at most 100 ids, unit quantities >= 0."""
    base = {"productId": "p", "optionId": "DEFAULT"}
    schemas.check("requests/availability-check", {**base, "localDate": "2030-07-01", "currency": None}, strict=True)
    assert _found("requests/availability-check", {**base, "availabilityIds": ["a"] * 101}) == [
        ("$.availabilityIds", "maxItems")
    ]
    assert _found("requests/availability-check", {**base, "units": [{"id": "adult", "quantity": -1}]}) == [
        ("$.units[0].quantity", "minimum")
    ]
    assert _found("requests/availability-check", {**base, "localDate": "01/07/2030"}) == [
        ("$.localDate", "pattern"), ("$.localDate", "format"),
    ]
    assert _found("requests/availability-check", {"optionId": "DEFAULT"}) == [("$", "required")]


def test_availability_calendar_body():
    """Calendar body: ids required, dates optional, units like the check body, currency nullable."""
    body = {"productId": "p", "optionId": "DEFAULT", "localDateStart": "2030-07-01", "localDateEnd": "2030-07-31",
            "units": [{"id": "adult", "quantity": 2}], "currency": "EUR"}
    schemas.check("requests/availability-calendar", body, strict=True)
    assert _found("requests/availability-calendar", {**body, "currency": "euro"}) == [("$.currency", "pattern")]
