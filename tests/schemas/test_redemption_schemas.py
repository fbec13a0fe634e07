"""octo/redemption schemas (seed 000): lookup results, REDEEMED bookings, credentials and request bodies."""

import pytest

import schemas

from . import instances

REDEMPTION = {"octo/redemption"}
REDEEMED_AT = "2030-07-01T19:41:57Z"


def _found(name, instance, **options):
    """The (path, keyword) pairs of every violation."""
    return [(v.path, v.keyword) for v in schemas.violations(name, instance, **options)]


def lookup_result(**fields) -> dict:
    """A CONFIRMED booking as lookup answers it."""
    return {**instances.booking(), "redemptionCode": "X749G9", "redeemable": True, **fields}


def redeemed(**fields) -> dict:
    """A booking after POST /redemption/redeem: REDEEMED everywhere, no longer cancellable."""
    booking = lookup_result(status="REDEEMED", utcRedeemedAt=REDEEMED_AT, cancellable=False, redeemable=False)
    booking["voucher"]["utcRedeemedAt"] = REDEEMED_AT
    for item in booking["unitItems"]:
        item.update(status="REDEEMED", utcRedeemedAt=REDEEMED_AT)
        item["ticket"]["utcRedeemedAt"] = REDEEMED_AT
    booking.update(fields)
    return booking


# --- lookup result --------------------------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("build", [lookup_result, redeemed], ids=["confirmed", "redeemed"])
def test_a_lookup_result_validates(build, strict):
    schemas.check("redemption-lookup-result", build(), capabilities=REDEMPTION, strict=strict)


def test_a_priced_lookup_result_validates_with_both_capabilities():
    result = {**instances.booking(priced=True), "redemptionCode": "X749G9", "redeemable": True}
    schemas.check("redemption-lookup-result", result, capabilities={"octo/redemption", "octo/pricing"}, strict=True)


@pytest.mark.parametrize("field", ["redemptionCode", "redeemable"])
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_a_lookup_result_needs_redemption_code_and_redeemable(field, strict):
    result = lookup_result()
    del result[field]
    found = schemas.violations("redemption-lookup-result", result, capabilities=REDEMPTION, strict=strict)
    assert [(v.path, v.keyword, v.message) for v in found] == [("$", "required", f"'{field}' is a required property")]


def test_a_plain_booking_is_not_a_lookup_result():
    assert _found("redemption-lookup-result", instances.booking(), capabilities=REDEMPTION) == [
        ("$", "required"), ("$", "required")]


@pytest.mark.parametrize("field, value, keyword", [
    ("redemptionCode", "", "minLength"), ("redemptionCode", 42, "type"), ("redemptionCode", None, "type"),
    ("redeemable", "yes", "type"), ("redeemable", None, "type"), ("redeemable", 1, "type"),
])
def test_lookup_result_field_types(field, value, keyword):
    assert _found("redemption-lookup-result", lookup_result(**{field: value}), capabilities=REDEMPTION) == [
        (f"$.{field}", keyword)]


def test_a_lookup_result_is_still_a_booking():
    result = lookup_result()
    del result["supplierReference"]
    result["status"] = "USED"
    assert _found("redemption-lookup-result", result, capabilities=REDEMPTION) == [
        ("$", "required"), ("$.status", "enum")]


# --- the capability: strict mode ------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["redemptionCode", "redeemable"])
def test_strict_mode_without_the_capability_rejects_a_booking_carrying_redemption_fields(field):
    booking = {**instances.booking(), field: lookup_result()[field]}
    assert _found("booking", booking, strict=True) == [("$", "unevaluatedProperties")]
    priced = {**instances.booking(priced=True), field: lookup_result()[field]}
    assert _found("booking", priced, capabilities={"octo/pricing"}, strict=True) == [("$", "unevaluatedProperties")]
    schemas.check("booking", booking)  # lenient: extra fields are fine
    schemas.check("booking", booking, capabilities=REDEMPTION, strict=True)


def test_strict_mode_without_the_capability_rejects_a_lookup_result():
    found = _found("redemption-lookup-result", lookup_result(), strict=True)
    assert found and all(keyword in ("unevaluatedProperties", "required") for _, keyword in found)


def test_the_capability_does_not_require_the_fields_on_a_booking():
    schemas.check("booking", instances.booking(), capabilities=REDEMPTION, strict=True)


# --- a REDEEMED booking -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["booking", "redemption-lookup-result"])
def test_a_redeemed_booking_says_when(name):
    booking = redeemed(utcRedeemedAt=None)
    if name == "booking":
        booking = {k: v for k, v in booking.items() if k not in ("redemptionCode", "redeemable")}
    found = _found(name, booking, capabilities=REDEMPTION)
    assert [path for path, _ in found] == ["$.utcRedeemedAt"], found


def test_a_redeemed_booking_may_say_cancellable():
    """seed 000's redeem and validate examples show a REDEEMED booking with cancellable true."""
    assert _found("booking", redeemed(cancellable=True), capabilities=REDEMPTION) == []


def test_a_redeemed_booking_needs_a_utc_timestamp():
    assert [p for p, _ in _found("booking", redeemed(utcRedeemedAt="2030-07-01T19:41:57+01:00"),
                                 capabilities=REDEMPTION)] == ["$.utcRedeemedAt"]


def test_the_redeemed_rule_applies_to_redeemed_bookings_only():
    schemas.check("booking", lookup_result(utcRedeemedAt=None, cancellable=True), capabilities=REDEMPTION, strict=True)
    # A CONFIRMED booking with one unit item redeemed is not cancellable either, and that is valid.
    partly = lookup_result(cancellable=False)
    partly["unitItems"][0].update(status="REDEEMED", utcRedeemedAt=REDEEMED_AT)
    schemas.check("redemption-lookup-result", partly, capabilities=REDEMPTION, strict=True)


# --- credentials ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("api_key", ["5bd1629a-323e-4edb-ac9b-327ef51e6136", None])
def test_the_credentials_body_is_a_key_or_null(api_key, strict):
    schemas.check("redemption-credentials", {"apiKey": api_key}, strict=strict)


@pytest.mark.parametrize("body, culprit", [
    ({}, ("$", "required")), ({"apiKey": ""}, ("$.apiKey", "minLength")), ({"apiKey": 42}, ("$.apiKey", "type")),
    ({"apiKey": ["k"]}, ("$.apiKey", "type")),
], ids=["missing", "empty", "number", "array"])
def test_a_broken_credentials_body_is_rejected(body, culprit):
    assert _found("redemption-credentials", body) == [culprit]


def test_strict_mode_rejects_anything_but_the_key_in_the_credentials_body():
    body = {"apiKey": None, "owner": "someone else"}
    schemas.check("redemption-credentials", body)
    assert _found("redemption-credentials", body, strict=True) == [("$", "unevaluatedProperties")]


# --- request bodies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["X749G9", ["X749G9"], ["X749G9", "408H44", "OCTO-X749G9-ABCDEFGHJK"]],
                         ids=["string", "array-of-one", "array"])
def test_the_redeem_request_takes_a_code_or_a_non_empty_array(code):
    schemas.check("requests/redemption-redeem", {"redemptionCode": code}, strict=True)


@pytest.mark.parametrize("body", [
    {}, {"redemptionCode": None}, {"redemptionCode": ""}, {"redemptionCode": 42}, {"redemptionCode": []},
    {"redemptionCode": [42]}, {"redemptionCode": [""]}, {"redemptionCode": {"code": "X"}},
    {"redemptionCode": ["X"] * 101},
], ids=["missing", "null", "empty-string", "number", "empty-array", "array-of-numbers", "array-of-empty",
        "object", "too-many"])
def test_a_broken_redeem_request_is_rejected(body):
    assert schemas.violations("requests/redemption-redeem", body)


def test_the_validate_request_takes_one_code_only():
    schemas.check("requests/redemption-validate", {"redemptionCode": "X749G9"}, strict=True)
    for body in ({}, {"redemptionCode": ["X749G9"]}, {"redemptionCode": ""}, {"redemptionCode": 42}):
        assert schemas.violations("requests/redemption-validate", body), body


def test_the_credentials_request_takes_a_reference_and_keys():
    schemas.check("requests/redemption-credentials", {"reference": "HTA89203", "apiKeys": ["a", "b"]}, strict=True)
    for body in ({}, {"reference": "HTA89203"}, {"apiKeys": ["a"]}, {"reference": "HTA89203", "apiKeys": []},
                 {"reference": "", "apiKeys": ["a"]}, {"reference": "HTA89203", "apiKeys": "a"},
                 {"reference": "HTA89203", "apiKeys": [1]}):
        assert schemas.violations("requests/redemption-credentials", body), body
