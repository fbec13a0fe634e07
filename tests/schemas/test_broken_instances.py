"""Broken instances are rejected with the path and keyword of the real culprit."""

import pytest

import schemas

from . import instances


def _only(name, instance, **options):
    """The single violation an instance produces, as (path, keyword)."""
    found = schemas.violations(name, instance, **options)
    assert len(found) == 1, found
    return found[0].path, found[0].keyword


def test_missing_required_field_is_reported_at_its_object():
    """A booking without supplierReference fails at $ with `required`."""
    booking = instances.booking()
    del booking["supplierReference"]
    found = schemas.violations("booking", booking)
    assert [(v.path, v.keyword, v.message) for v in found] == [
        ("$", "required", "'supplierReference' is a required property")
    ]


def test_wrong_enum_value():
    """status "DONE" fails at $.status with `enum`."""
    booking = instances.booking()
    booking["status"] = "DONE"
    assert _only("booking", booking) == ("$.status", "enum")


@pytest.mark.parametrize("method", ["DIRECT", "VOUCHER", "WHOLESALE", "DEPOSIT", "DEFERRED"])
def test_settlement_method_is_one_of_seed_002s(method):
    """settlementMethod is optional (not in the core OpenAPI); when present it is one of seed 002's five."""
    booking = instances.booking()
    booking["settlementMethod"] = method
    assert schemas.violations("booking", booking) == []
    booking["settlementMethod"] = "INVOICE"
    assert _only("booking", booking) == ("$.settlementMethod", "enum")


def test_wrong_enum_value_inside_a_unit_item():
    """A unit item status outside BookingStatus fails at its own path."""
    booking = instances.booking()
    booking["unitItems"][0]["status"] = "NOSHOW"
    assert _only("booking", booking) == ("$.unitItems[0].status", "enum")


def test_wrong_type_in_array_item():
    """unitItems[0].unitId = 5 fails at $.unitItems[0].unitId with `type`."""
    booking = instances.booking()
    booking["unitItems"][0]["unitId"] = 5
    assert _only("booking", booking) == ("$.unitItems[0].unitId", "type")


@pytest.mark.parametrize("value", ["2024-01-01T10:00:00+02:00", "2024-01-01T10:00:00", "2024-01-01 10:00:00Z"])
def test_non_utc_timestamp(value):
    """A utc* field with an offset or no zone fails at its path with `pattern`."""
    booking = instances.booking()
    booking["utcCreatedAt"] = value
    found = schemas.violations("booking", booking)
    assert ("$.utcCreatedAt", "pattern") in {(v.path, v.keyword) for v in found}
    assert {v.path for v in found} == {"$.utcCreatedAt"}


def test_impossible_utc_timestamp_fails_format():
    """A UTC-shaped but impossible instant fails `format` (rfc3339-validator is installed)."""
    booking = instances.booking()
    booking["utcUpdatedAt"] = "2024-13-45T10:00:00Z"
    assert _only("booking", booking) == ("$.utcUpdatedAt", "format")


def test_nullable_utc_timestamp_reports_pattern_not_anyof():
    """A bad value in a nullable timestamp points at the format problem, not at anyOf."""
    booking = instances.booking()
    booking["utcConfirmedAt"] = "2024-01-01T10:00:00+02:00"
    assert _only("booking", booking) == ("$.utcConfirmedAt", "pattern")


def test_utc_updated_at_may_be_null_but_not_missing():
    """utcUpdatedAt is required; null is accepted (SPEC-DIGEST §2, disagreement 1: nullable in the
    v1 types and the validator, not in the typespec)."""
    booking = instances.booking()
    booking["utcUpdatedAt"] = None
    assert schemas.violations("booking", booking) == []
    del booking["utcUpdatedAt"]
    assert _only("booking", booking) == ("$", "required")


def test_null_voucher_is_allowed():
    """voucher may be null."""
    booking = instances.booking()
    booking["voucher"] = None
    booking["unitItems"][0]["ticket"] = None
    schemas.check("booking", booking, strict=True)


def test_voucher_of_wrong_type_names_both_types():
    """A voucher that is neither an object nor null fails with one `type` violation."""
    booking = instances.booking()
    booking["voucher"] = "QR-123"
    found = schemas.violations("booking", booking)
    assert [(v.path, v.keyword, v.message) for v in found] == [
        ("$.voucher", "type", "'QR-123' is not of type 'object', 'null'")
    ]


def test_broken_nested_object_in_nullable_field_points_inside():
    """A voucher object with a bad field fails at that field, not at the anyOf."""
    booking = instances.booking()
    booking["voucher"]["deliveryOptions"][0]["deliveryFormat"] = "PNG"
    assert _only("booking", booking) == ("$.voucher.deliveryOptions[0].deliveryFormat", "enum")


def test_null_contact_locales_rejected():
    """contact.locales is required and not nullable."""
    booking = instances.booking()
    booking["contact"]["locales"] = None
    assert _only("booking", booking) == ("$.contact.locales", "type")


def test_contact_string_fields_may_be_null():
    """Every contact field but locales accepts null."""
    booking = instances.booking()
    booking["contact"] = instances.contact()
    schemas.check("booking", booking)


def test_bad_uuid_format():
    """A booking uuid that is not a UUID fails with `format`."""
    booking = instances.booking()
    booking["uuid"] = "not-a-uuid"
    assert _only("booking", booking) == ("$.uuid", "format")


def test_integer_amounts():
    """Prices are integer minor units: 20.0 or "2000" are type errors."""
    found = schemas.violations("pricing", {**instances.pricing(), "retail": 20.5, "original": "2000"})
    assert {(v.path, v.keyword) for v in found} == {("$.retail", "type"), ("$.original", "type")}


def test_currency_code_pattern():
    """A currency that is not three upper-case letters fails with `pattern`."""
    assert _only("pricing", {**instances.pricing(), "currency": "eur"}) == ("$.currency", "pattern")


def test_empty_start_times_rejected():
    """Option.availabilityLocalStartTimes needs at least one time."""
    product = instances.product()
    product["options"][0]["availabilityLocalStartTimes"] = []
    assert _only("product", product) == ("$.options[0].availabilityLocalStartTimes", "minItems")


def test_product_without_options_or_time_zone_rejected():
    """A product needs options (at least one) and a timeZone."""
    product = instances.product()
    product["options"] = []
    del product["timeZone"]
    found = {(v.path, v.keyword) for v in schemas.violations("product", product)}
    assert found == {("$", "required"), ("$.options", "minItems")}


def test_availability_local_date_time_needs_offset():
    """localDateTimeStart without an offset fails `pattern`."""
    availability = instances.availability()
    availability["localDateTimeStart"] = "2030-07-01T14:30:00"
    found = {(v.path, v.keyword) for v in schemas.violations("availability", availability)}
    assert found == {("$.localDateTimeStart", "pattern"), ("$.localDateTimeStart", "format")}


def test_supplier_endpoint_without_trailing_slash():
    """Supplier.endpoint must not end with a slash."""
    supplier = {**instances.supplier(), "endpoint": "http://127.0.0.1:8080/octo/"}
    assert _only("supplier", supplier) == ("$.endpoint", "pattern")


def test_error_invalid_product_id_needs_product_id():
    """INVALID_PRODUCT_ID without productId is rejected at $ with `required`."""
    body = {"error": "INVALID_PRODUCT_ID", "errorMessage": "The productId was missing or invalid"}
    found = schemas.violations("error", body)
    assert [(v.path, v.keyword, v.message) for v in found] == [
        ("$", "required", "'productId' is a required property")
    ]


@pytest.mark.parametrize("code,field", [
    ("INVALID_OPTION_ID", "optionId"), ("INVALID_UNIT_ID", "unitId"),
    ("INVALID_AVAILABILITY_ID", "availabilityId"), ("INVALID_BOOKING_UUID", "uuid"),
])
def test_error_echo_fields(code, field):
    """Each INVALID_* error requires its echo field and passes with it."""
    body = {"error": code, "errorMessage": "invalid"}
    assert [v.message for v in schemas.violations("error", body)] == [f"{field!r} is a required property"]
    schemas.check("error", {**body, field: "x"}, strict=True)


def test_error_code_enum():
    """An error code outside SPEC-DIGEST §3 fails with `enum`; plain codes need no echo field."""
    assert _only("error", {"error": "NOT_FOUND", "errorMessage": "x"}) == ("$.error", "enum")
    schemas.check("error", {"error": "UNPROCESSABLE_ENTITY", "errorMessage": "x"}, strict=True)


def test_every_violation_is_reported_sorted_by_path():
    """violations() reports every error, not just the first, ordered by path."""
    booking = instances.booking()
    booking["unitItems"] = [instances.unit_item() for _ in range(11)]
    booking["unitItems"][10]["status"] = "X"
    booking["unitItems"][2]["status"] = "Y"
    booking["testMode"] = "yes"
    paths = [v.path for v in schemas.violations("booking", booking)]
    assert paths == ["$.testMode", "$.unitItems[2].status", "$.unitItems[10].status"]


def test_wrong_object_shape_is_reported_at_the_object():
    """A contact with no known field fails at the contact; strict names the unknown key."""
    booking = instances.booking()
    booking["unitItems"][0]["contact"] = {"two words": 1}
    paths = {v.path for v in schemas.violations("booking", booking)}
    assert paths == {"$.unitItems[0].contact"}
    booking["unitItems"][0]["contact"] = {**instances.contact(), "two words": 1}
    found = schemas.violations("booking", booking, strict=True)
    assert [v.path for v in found] == ["$.unitItems[0].contact"]
    assert "'two words' was unexpected" in found[0].message
