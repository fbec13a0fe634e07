"""octo/redemption (seed 000): lookup by a scanned code, redeem, validate and credentials.

A code names a whole booking (its supplierReference, its resellerReference, its voucher's
QR code) or one unit item (its supplierReference, its ticket's QR code). Lookup answers every
booking the code names, each with the redemptionCode to redeem it by and whether it is
redeemable: CONFIRMED, not yet redeemed, and before the end of its travel day (local time).
"""
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.harness import (PRICING, REDEMPTION, advance_clock, assert_unchanged, availability_of, confirm,
                           reserve, set_clock, utc_text)

UNKNOWN = "NO-SUCH-CODE-42"


@pytest.fixture
def scanner(client):
    """The default key asking for octo/redemption (the same sandbox as `client`)."""
    return client.with_capabilities(REDEMPTION)


def confirmed(client, product_id="walking-tour", units=("adult",), **kw) -> dict:
    """A fresh CONFIRMED booking; resellerReference (if given) is set on confirmation too."""
    fields = {"resellerReference": kw["resellerReference"]} if "resellerReference" in kw else {}
    return confirm(client, reserve(client, product_id, units, **kw), **fields)


def qr(ticket: dict) -> str:
    """The code printed as a QR code on a voucher or ticket."""
    return next(o["deliveryValue"] for o in ticket["deliveryOptions"] if o["deliveryFormat"] == "QRCODE")


def lookup(scanner, reference: str) -> list[dict]:
    return scanner.get("/redemption/lookup", {"reference": reference}).ok()


def found(scanner, reference: str) -> dict:
    """The one booking a code names."""
    results = lookup(scanner, reference)
    assert len(results) == 1, results
    return results[0]


def redeem(scanner, code):
    return scanner.post("/redemption/redeem", {"redemptionCode": code})


def validate(scanner, code):
    return scanner.post("/redemption/validate", {"redemptionCode": code})


def credentials(client, body):
    """POST /redemption/credentials as a scanner that does not know its key yet: no key, no capabilities."""
    return client.with_key(None).with_capabilities().post("/redemption/credentials", body)


def read(client, booking: dict) -> dict:
    return client.get(f"/bookings/{booking['uuid']}").ok()


def as_booking(result: dict) -> dict:
    """A lookup or redemption result without the two fields octo/redemption adds."""
    return {k: v for k, v in result.items() if k not in ("redemptionCode", "redeemable")}


def now(client) -> str:
    return client.get("/_control/clock").ok()["utcNow"]


def end_of_travel_day(client, booking: dict) -> datetime:
    """Midnight after the booking's travel date, in the product's time zone."""
    zone = ZoneInfo(client.get(f"/products/{booking['productId']}").ok()["timeZone"])
    travel_date = date.fromisoformat(booking["availabilityId"][:10])
    return datetime.combine(travel_date + timedelta(days=1), time(), zone)


def in_state(client, scanner, state: str) -> dict:
    """A walking-tour booking in the given state, read back."""
    booking = reserve(client)
    if state == "EXPIRED":
        advance_clock(client, 31)
    elif state == "CANCELLED":
        client.post(f"/bookings/{confirm(client, booking)['uuid']}/cancel", {}).ok()
    elif state == "REDEEMED":
        redeem(scanner, confirm(client, booking)["supplierReference"]).ok()
    booking = read(client, booking)
    assert booking["status"] == state
    return booking


# --- lookup ------------------------------------------------------------------------------------------


BOOKING_CODES = {
    "supplierReference": lambda b: b["supplierReference"],
    "resellerReference": lambda b: b["resellerReference"],
    "voucher QR code": lambda b: qr(b["voucher"]),
}
UNIT_CODES = {
    "unit supplierReference": lambda item: item["supplierReference"],
    "ticket QR code": lambda item: qr(item["ticket"]),
}


@pytest.mark.parametrize("kind", BOOKING_CODES)
def test_a_booking_code_finds_the_booking_to_redeem_whole(client, scanner, kind):
    booking = confirmed(client, units=("adult", "child"), resellerReference="RES-LOOKUP")
    result = found(scanner, BOOKING_CODES[kind](booking))
    assert result["redemptionCode"] == booking["supplierReference"]
    assert result["redeemable"] is True
    assert as_booking(result) == read(client, booking)


@pytest.mark.parametrize("kind", UNIT_CODES)
def test_a_unit_item_code_finds_its_booking_to_redeem_that_unit(client, scanner, kind):
    booking = confirmed(client, units=("adult", "adult"))
    item = booking["unitItems"][1]
    result = found(scanner, UNIT_CODES[kind](item))
    assert result["uuid"] == booking["uuid"]
    assert result["redemptionCode"] == item["supplierReference"]
    assert result["redeemable"] is True
    assert as_booking(result) == read(client, booking)


def test_a_voucher_only_product_is_found_by_its_voucher(client, scanner):
    booking = confirmed(client, "harbour-cruise", units=("adult", "adult"))
    assert all(item["ticket"] is None for item in booking["unitItems"])
    assert found(scanner, qr(booking["voucher"]))["uuid"] == booking["uuid"]


def test_a_ticket_only_product_is_found_by_its_tickets(client, scanner):
    booking = confirmed(client, "museum-pass", units=("adult", "senior"))
    assert booking["voucher"] is None
    for item in booking["unitItems"]:
        assert found(scanner, qr(item["ticket"]))["redemptionCode"] == item["supplierReference"]


def test_a_package_code_finds_every_booking_of_the_package(client, scanner):
    package = [confirmed(client, resellerReference="PKG-7"), confirmed(client, "museum-pass", resellerReference="PKG-7")]
    confirmed(client, resellerReference="PKG-8")
    results = lookup(scanner, "PKG-7")
    assert sorted(r["uuid"] for r in results) == sorted(b["uuid"] for b in package)
    by_uuid = {r["uuid"]: r for r in results}
    for booking in package:
        assert by_uuid[booking["uuid"]]["redemptionCode"] == booking["supplierReference"]
        assert by_uuid[booking["uuid"]]["redeemable"] is True


def test_an_unknown_code_finds_nothing(client, scanner):
    confirmed(client)
    assert lookup(scanner, UNKNOWN) == []


@pytest.mark.parametrize("params", [None, {"reference": ""}, {"reference": "   "}], ids=["missing", "empty", "blank"])
def test_a_lookup_without_a_reference_is_bad_request(scanner, params):
    scanner.get("/redemption/lookup", params).error("BAD_REQUEST")


def test_a_changed_reseller_reference_is_looked_up_by_its_new_value(client, scanner):
    booking = confirmed(client, resellerReference="OLD-REF")
    client.patch(f"/bookings/{booking['uuid']}", {"resellerReference": "NEW-REF"}).ok()
    assert lookup(scanner, "OLD-REF") == []
    assert found(scanner, "NEW-REF")["uuid"] == booking["uuid"]


def test_reset_forgets_the_codes(client, scanner):
    booking = confirmed(client)
    client.post("/_control/reset").ok()
    assert lookup(scanner, booking["supplierReference"]) == []
    assert lookup(scanner, qr(booking["voucher"])) == []


# --- redeemable ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["ON_HOLD", "EXPIRED", "CANCELLED", "REDEEMED"])
def test_only_confirmed_bookings_are_redeemable(client, scanner, state):
    booking = in_state(client, scanner, state)
    result = found(scanner, booking["supplierReference"])
    assert (result["status"], result["redeemable"]) == (state, False)
    assert as_booking(result) == read(client, booking)


@pytest.mark.parametrize("product_id, units", [
    ("walking-tour", ("adult",)), ("museum-pass", ("adult",)), ("harbour-cruise", ("adult", "adult")),
    ("cooking-class", ("adult",)),
])
def test_a_booking_is_redeemable_until_the_end_of_its_travel_day_in_local_time(client, scanner, product_id, units):
    booking = confirmed(client, product_id, units)
    end = end_of_travel_day(client, booking)
    set_clock(client, utc_text(end - timedelta(minutes=5)))
    assert found(scanner, booking["supplierReference"])["redeemable"] is True
    set_clock(client, utc_text(end))
    result = found(scanner, booking["supplierReference"])
    assert (result["status"], result["redeemable"]) == ("CONFIRMED", False)


# --- redeem -------------------------------------------------------------------------------------------


def test_redeeming_marks_the_booking_voucher_unit_items_and_tickets(client, scanner):
    booking = confirmed(client, units=("adult", "child"))
    vacancies = availability_of(client, booking["availabilityId"])["vacancies"]
    before = now(client)
    redeemed = redeem(scanner, booking["supplierReference"]).ok()
    after = now(client)
    at = redeemed["utcRedeemedAt"]
    assert before <= at <= after and at.endswith("Z")
    assert (redeemed["status"], redeemed["redemptionCode"], redeemed["redeemable"]) == (
        "REDEEMED", booking["supplierReference"], False)
    assert redeemed["cancellable"] is False
    assert redeemed["voucher"]["utcRedeemedAt"] == at
    for item in redeemed["unitItems"]:
        assert (item["status"], item["utcRedeemedAt"], item["ticket"]["utcRedeemedAt"]) == ("REDEEMED", at, at)
    assert as_booking(redeemed) == read(client, booking)
    assert [b["status"] for b in client.get("/bookings", {"supplierReference": booking["supplierReference"]}).ok()] == [
        "REDEEMED"]
    assert availability_of(client, booking["availabilityId"])["vacancies"] == vacancies  # the seats stay taken


def test_a_redeemed_booking_is_answered_with_pricing_when_asked(client):
    booking = confirmed(client)
    redeemed = redeem(client.with_capabilities(PRICING, REDEMPTION), booking["supplierReference"]).ok()
    assert redeemed["status"] == "REDEEMED" and redeemed["pricing"]["currency"] == "GBP"


@pytest.mark.parametrize("kind", BOOKING_CODES)
def test_any_booking_code_redeems_the_whole_booking(client, scanner, kind):
    booking = confirmed(client, units=("adult", "adult"), resellerReference="RES-WHOLE")
    redeemed = redeem(scanner, BOOKING_CODES[kind](booking)).ok()
    assert redeemed["status"] == "REDEEMED"
    assert all(item["status"] == "REDEEMED" for item in redeemed["unitItems"])


@pytest.mark.parametrize("kind", UNIT_CODES)
def test_a_unit_item_code_redeems_that_unit_item_only(client, scanner, kind):
    booking = confirmed(client, units=("adult", "adult", "child"))
    first = booking["unitItems"][0]
    redeemed = redeem(scanner, UNIT_CODES[kind](first)).ok()
    assert redeemed["redemptionCode"] == first["supplierReference"] and redeemed["redeemable"] is False
    assert (redeemed["status"], redeemed["utcRedeemedAt"], redeemed["voucher"]["utcRedeemedAt"]) == (
        "CONFIRMED", None, None)
    assert [i["status"] for i in redeemed["unitItems"]] == ["REDEEMED", "CONFIRMED", "CONFIRMED"]
    at = redeemed["unitItems"][0]["utcRedeemedAt"]
    assert at and redeemed["unitItems"][0]["ticket"]["utcRedeemedAt"] == at
    assert [i["utcRedeemedAt"] for i in redeemed["unitItems"][1:]] == [None, None]
    assert [i["ticket"]["utcRedeemedAt"] for i in redeemed["unitItems"][1:]] == [None, None]
    assert redeemed["cancellable"] is False
    assert as_booking(redeemed) == read(client, booking)
    # The booking is still redeemable as a whole (its other unit items), the unit item is not.
    assert found(scanner, booking["supplierReference"])["redeemable"] is True
    assert found(scanner, first["supplierReference"])["redeemable"] is False


def test_the_last_unit_item_redeemed_redeems_the_booking(client, scanner):
    booking = confirmed(client, units=("adult", "adult"))
    first, second = booking["unitItems"]
    assert redeem(scanner, first["supplierReference"]).ok()["status"] == "CONFIRMED"
    advance_clock(client, 10)
    redeemed = redeem(scanner, qr(second["ticket"])).ok()
    assert redeemed["status"] == "REDEEMED"
    first_at, second_at = (i["utcRedeemedAt"] for i in redeemed["unitItems"])
    assert first_at < second_at == redeemed["utcRedeemedAt"] == redeemed["voucher"]["utcRedeemedAt"]


def test_the_booking_code_redeems_the_unit_items_left_and_keeps_the_others_times(client, scanner):
    booking = confirmed(client, units=("adult", "adult"))
    first_at = redeem(scanner, booking["unitItems"][0]["supplierReference"]).ok()["unitItems"][0]["utcRedeemedAt"]
    advance_clock(client, 10)
    redeemed = redeem(scanner, booking["supplierReference"]).ok()
    assert redeemed["status"] == "REDEEMED"
    assert redeemed["unitItems"][0]["utcRedeemedAt"] == first_at
    assert redeemed["unitItems"][1]["utcRedeemedAt"] == redeemed["utcRedeemedAt"] > first_at


@pytest.mark.parametrize("state", ["ON_HOLD", "EXPIRED", "CANCELLED", "REDEEMED"])
def test_redeeming_what_is_not_redeemable_is_unprocessable_and_changes_nothing(client, scanner, state):
    booking = in_state(client, scanner, state)
    code = booking["supplierReference"]
    redeem(scanner, code).error("UNPROCESSABLE_ENTITY", redemptionCode=code)
    assert_unchanged(client, booking)


def test_a_redeemed_unit_item_cannot_be_redeemed_again(client, scanner):
    booking = confirmed(client, units=("adult", "adult"))
    code = booking["unitItems"][0]["supplierReference"]
    once = as_booking(redeem(scanner, code).ok())
    redeem(scanner, code).error("UNPROCESSABLE_ENTITY", redemptionCode=code)
    assert_unchanged(client, once)


def test_redeeming_after_the_travel_day_is_unprocessable(client, scanner):
    booking = confirmed(client)
    set_clock(client, utc_text(end_of_travel_day(client, booking)))
    booking = read(client, booking)
    redeem(scanner, booking["supplierReference"]).error("UNPROCESSABLE_ENTITY",
                                                        redemptionCode=booking["supplierReference"])
    assert_unchanged(client, booking)


def test_redeeming_an_unknown_code_is_bad_request(client, scanner):
    redeem(scanner, UNKNOWN).error("BAD_REQUEST", redemptionCode=UNKNOWN)


def test_a_package_code_is_not_redeemed_as_such(client, scanner):
    package = [confirmed(client, resellerReference="PKG-1") for _ in range(2)]
    package = [read(client, booking) for booking in package]  # the second took a seat of the same departure
    redeem(scanner, "PKG-1").error("BAD_REQUEST", redemptionCode="PKG-1")
    for booking in package:
        assert_unchanged(client, booking)


def test_an_array_of_codes_is_redeemed_together(client, scanner):
    bookings = [confirmed(client), confirmed(client, "museum-pass"), confirmed(client, units=("adult", "adult"))]
    codes = [bookings[0]["supplierReference"], qr(bookings[1]["unitItems"][0]["ticket"]),
             bookings[2]["unitItems"][1]["supplierReference"]]
    redeemed = redeem(scanner, codes).ok()
    assert isinstance(redeemed, list)
    assert [r["uuid"] for r in redeemed] == [b["uuid"] for b in bookings]
    assert [r["redemptionCode"] for r in redeemed] == [
        bookings[0]["supplierReference"], bookings[1]["unitItems"][0]["supplierReference"], codes[2]]
    assert [r["status"] for r in redeemed] == ["REDEEMED", "REDEEMED", "CONFIRMED"]
    assert [i["status"] for i in redeemed[2]["unitItems"]] == ["CONFIRMED", "REDEEMED"]
    for result in redeemed:
        assert as_booking(result) == read(client, result)


def test_an_array_of_one_code_is_answered_with_an_array(client, scanner):
    booking = confirmed(client)
    redeemed = redeem(scanner, [booking["supplierReference"]]).ok()
    assert [r["uuid"] for r in redeemed] == [booking["uuid"]] and redeemed[0]["status"] == "REDEEMED"


@pytest.mark.parametrize("bad, error", [
    ("unknown", "BAD_REQUEST"), ("ON_HOLD", "UNPROCESSABLE_ENTITY"), ("CANCELLED", "UNPROCESSABLE_ENTITY"),
    ("REDEEMED", "UNPROCESSABLE_ENTITY"),
])
def test_an_array_is_all_or_nothing(client, scanner, bad, error):
    good = [confirmed(client), confirmed(client, units=("adult", "adult"))]
    other = None if bad == "unknown" else in_state(client, scanner, bad)
    bad_code = UNKNOWN if other is None else other["supplierReference"]
    codes = [good[0]["supplierReference"], good[1]["unitItems"][0]["supplierReference"], bad_code]
    before = [read(client, booking) for booking in good + ([other] if other else [])]
    redeem(scanner, codes).error(error, redemptionCode=bad_code)
    for booking in before:
        assert_unchanged(client, booking)


def test_an_array_naming_a_unit_item_and_then_its_booking_is_redeemed_together(client, scanner):
    booking = confirmed(client, units=("adult", "adult"))
    redeemed = redeem(scanner, [booking["unitItems"][0]["supplierReference"], booking["supplierReference"]]).ok()
    assert [r["redemptionCode"] for r in redeemed] == [booking["unitItems"][0]["supplierReference"],
                                                       booking["supplierReference"]]
    assert redeemed[-1]["status"] == "REDEEMED"
    assert as_booking(redeemed[-1]) == read(client, booking)


def test_an_array_naming_a_booking_and_then_its_unit_item_redeems_nothing(client, scanner):
    booking = confirmed(client, units=("adult", "adult"))
    unit_code = booking["unitItems"][0]["supplierReference"]
    redeem(scanner, [booking["supplierReference"], unit_code]).error("UNPROCESSABLE_ENTITY", redemptionCode=unit_code)
    assert_unchanged(client, booking)


@pytest.mark.parametrize("body", [
    {}, {"redemptionCode": None}, {"redemptionCode": 42}, {"redemptionCode": ""}, {"redemptionCode": []},
    {"redemptionCode": [42]}, {"redemptionCode": [""]}, {"redemptionCode": {"code": "X"}}, {"code": "X"},
], ids=["empty", "null", "number", "empty-string", "empty-array", "array-of-numbers", "array-of-empty",
        "object", "other-field"])
def test_a_malformed_redeem_body_is_bad_request(client, scanner, body):
    booking = confirmed(client)
    scanner.post("/redemption/redeem", body).error("BAD_REQUEST")
    assert_unchanged(client, booking)


@pytest.mark.parametrize("data", ["", "not json", "[]", '"X749G9"', '{"redemptionCode": NaN}'])
def test_a_redeem_body_that_is_not_a_json_object_is_bad_request(scanner, data):
    scanner.post("/redemption/redeem", data=data).error("BAD_REQUEST")


def test_a_code_repeated_in_an_array_is_bad_request_and_redeems_nothing(client, scanner):
    first, second = confirmed(client), confirmed(client)
    first, code = read(client, first), second["supplierReference"]
    redeem(scanner, [first["supplierReference"], code, code]).error("BAD_REQUEST", redemptionCode=code)
    assert_unchanged(client, first)
    assert_unchanged(client, second)


# --- validate ----------------------------------------------------------------------------------------


def test_validate_redeems_a_code_not_yet_redeemed(client, scanner):
    booking = confirmed(client)
    validated = validate(scanner, booking["supplierReference"]).ok()
    assert (validated["status"], validated["redeemable"]) == ("REDEEMED", False)
    assert validated["utcRedeemedAt"] and validated["voucher"]["utcRedeemedAt"] == validated["utcRedeemedAt"]
    assert as_booking(validated) == read(client, booking)


def test_validate_answers_a_redeemed_booking_while_it_is_valid(client, scanner):
    booking = confirmed(client)
    redeemed = as_booking(redeem(scanner, booking["supplierReference"]).ok())
    advance_clock(client, 10)
    assert as_booking(validate(scanner, booking["supplierReference"]).ok()) == redeemed
    set_clock(client, utc_text(end_of_travel_day(client, booking) - timedelta(minutes=5)))
    late = as_booking(validate(scanner, qr(booking["voucher"])).ok())
    assert late == read(client, booking)
    assert (late["status"], late["utcRedeemedAt"], late["utcUpdatedAt"]) == (
        "REDEEMED", redeemed["utcRedeemedAt"], redeemed["utcUpdatedAt"])


def test_validate_a_unit_item_code_redeems_that_unit_item_only(client, scanner):
    booking = confirmed(client, units=("adult", "adult"))
    code = qr(booking["unitItems"][1]["ticket"])
    validated = validate(scanner, code).ok()
    assert validated["status"] == "CONFIRMED"
    assert [i["status"] for i in validated["unitItems"]] == ["CONFIRMED", "REDEEMED"]
    assert as_booking(validate(scanner, code).ok()) == as_booking(validated)


def test_validate_after_the_travel_day_is_unprocessable(client, scanner):
    used, unused = confirmed(client), confirmed(client)
    redeem(scanner, used["supplierReference"]).ok()
    set_clock(client, utc_text(end_of_travel_day(client, used) + timedelta(minutes=1)))
    for booking in (used, unused):
        booking = read(client, booking)
        validate(scanner, booking["supplierReference"]).error("UNPROCESSABLE_ENTITY",
                                                              redemptionCode=booking["supplierReference"])
        assert_unchanged(client, booking)
    assert read(client, unused)["status"] == "CONFIRMED"


@pytest.mark.parametrize("state", ["ON_HOLD", "EXPIRED", "CANCELLED"])
def test_validate_of_a_booking_that_was_never_valid_is_unprocessable(client, scanner, state):
    booking = in_state(client, scanner, state)
    validate(scanner, booking["supplierReference"]).error("UNPROCESSABLE_ENTITY",
                                                          redemptionCode=booking["supplierReference"])
    assert_unchanged(client, booking)


def test_validate_of_an_unknown_code_is_bad_request(scanner):
    validate(scanner, UNKNOWN).error("BAD_REQUEST", redemptionCode=UNKNOWN)


@pytest.mark.parametrize("body", [
    lambda code: {}, lambda code: {"redemptionCode": 42}, lambda code: {"redemptionCode": ""},
    lambda code: {"redemptionCode": None}, lambda code: {"redemptionCode": [code]},
], ids=["empty", "number", "empty-string", "null", "array"])
def test_a_malformed_validate_body_is_bad_request(client, scanner, body):
    booking = confirmed(client)
    scanner.post("/redemption/validate", body(booking["supplierReference"])).error("BAD_REQUEST")
    assert_unchanged(client, booking)


# --- no changes after redemption ----------------------------------------------------------------------


@pytest.mark.parametrize("whole", [True, False], ids=["booking-redeemed", "one-unit-item-redeemed"])
@pytest.mark.parametrize("method, suffix, body", [
    ("PATCH", "", {"notes": "too late"}), ("POST", "/cancel", {"reason": "too late"}), ("DELETE", "", {}),
])
def test_a_redeemed_booking_can_no_longer_be_changed_or_cancelled(client, scanner, whole, method, suffix, body):
    booking = confirmed(client, units=("adult", "adult"))
    assert booking["cancellable"] is True
    code = booking["supplierReference"] if whole else booking["unitItems"][0]["supplierReference"]
    redeemed = as_booking(redeem(scanner, code).ok())
    assert redeemed["cancellable"] is False
    client.request(method, f"/bookings/{booking['uuid']}{suffix}", body).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, redeemed)


# --- credentials -------------------------------------------------------------------------------------


def test_credentials_answer_the_key_that_owns_the_code(client, other_client):
    booking = confirmed(client, units=("adult", "adult"), resellerReference="MINE-1")
    keys = ["not-a-key", other_client.api_key, client.api_key, "sbx_not_minted"]
    for code in (booking["supplierReference"], "MINE-1", qr(booking["voucher"]),
                 booking["unitItems"][1]["supplierReference"], qr(booking["unitItems"][1]["ticket"])):
        assert credentials(client, {"reference": code, "apiKeys": keys}).ok() == {"apiKey": client.api_key}


def test_credentials_answer_the_first_owning_key_in_the_order_given(client, other_client):
    confirmed(client, resellerReference="SHARED-1")
    confirmed(other_client, resellerReference="SHARED-1")
    for keys in ([client.api_key, other_client.api_key], [other_client.api_key, client.api_key]):
        assert credentials(client, {"reference": "SHARED-1", "apiKeys": ["bogus", *keys]}).ok() == {"apiKey": keys[0]}


def test_credentials_answer_null_when_no_given_key_owns_the_code(client, other_client):
    booking = confirmed(client)
    code = booking["supplierReference"]
    assert credentials(client, {"reference": code, "apiKeys": [other_client.api_key]}).ok() == {"apiKey": None}
    assert credentials(client, {"reference": code, "apiKeys": ["not-a-key", ""]}).ok() == {"apiKey": None}
    both = [other_client.api_key, client.api_key]
    assert credentials(client, {"reference": UNKNOWN, "apiKeys": both}).ok() == {"apiKey": None}


def test_credentials_know_bookings_in_any_state(client, scanner):
    for state in ("ON_HOLD", "CANCELLED", "REDEEMED"):
        code = in_state(client, scanner, state)["supplierReference"]
        assert credentials(client, {"reference": code, "apiKeys": [client.api_key]}).ok() == {"apiKey": client.api_key}


@pytest.mark.parametrize("body", [
    {}, {"reference": "X749G9"}, {"apiKeys": ["k"]}, {"reference": "X749G9", "apiKeys": []},
    {"reference": "X749G9", "apiKeys": "k"}, {"reference": 42, "apiKeys": ["k"]}, {"reference": "", "apiKeys": ["k"]},
    {"reference": "X749G9", "apiKeys": [42]},
], ids=["empty", "no-keys", "no-reference", "empty-keys", "keys-not-array", "reference-number", "reference-empty",
        "key-number"])
def test_a_malformed_credentials_body_is_bad_request(client, body):
    credentials(client, body).error("BAD_REQUEST")


# --- protocol: capability, authentication, isolation ----------------------------------------------------


def test_the_capability_is_listed_and_echoed(client, scanner):
    assert REDEMPTION in [c["id"] for c in client.get("/capabilities").ok()]
    for product in client.get("/products").ok():
        assert REDEMPTION in [c["id"] for c in product["capabilities"]]
    assert scanner.get("/redemption/lookup", {"reference": UNKNOWN}).headers["Octo-Capabilities"] == REDEMPTION


@pytest.mark.parametrize("header", [None, "", PRICING, "octo/redemptions", "octo/redemption-x"],
                         ids=["no-header", "empty", "pricing-only", "misspelt", "longer"])
def test_redemption_needs_the_capability(client, header):
    booking = confirmed(client)
    code = booking["supplierReference"]
    caller = replace(client, capabilities=header)
    caller.get("/redemption/lookup", {"reference": code}).error("BAD_REQUEST")
    caller.post("/redemption/redeem", {"redemptionCode": code}).error("BAD_REQUEST")
    caller.post("/redemption/validate", {"redemptionCode": code}).error("BAD_REQUEST")
    assert_unchanged(client, booking)


@pytest.mark.parametrize("key, error", [(None, "UNAUTHORIZED"), ("not-a-key", "FORBIDDEN")])
@pytest.mark.parametrize("with_capability", [True, False])
def test_redemption_needs_a_valid_key(client, scanner, key, error, with_capability):
    booking = confirmed(client)
    code = booking["supplierReference"]
    caller = (scanner if with_capability else client).with_key(key)
    caller.get("/redemption/lookup", {"reference": code}).error(error)
    caller.post("/redemption/redeem", {"redemptionCode": code}).error(error)
    caller.post("/redemption/validate", {"redemptionCode": code}).error(error)
    assert_unchanged(client, booking)


def test_another_key_can_neither_find_nor_redeem_my_codes(client, other_client):
    booking = confirmed(client, units=("adult", "adult"), resellerReference="MINE-2")
    theirs = other_client.with_capabilities(REDEMPTION)
    for code in (booking["supplierReference"], "MINE-2", qr(booking["voucher"]),
                 booking["unitItems"][0]["supplierReference"], qr(booking["unitItems"][0]["ticket"])):
        assert lookup(theirs, code) == []
        redeem(theirs, code).error("BAD_REQUEST", redemptionCode=code)
        validate(theirs, code).error("BAD_REQUEST", redemptionCode=code)
    redeem(theirs, [booking["supplierReference"]]).error("BAD_REQUEST", redemptionCode=booking["supplierReference"])
    assert_unchanged(client, booking)


def test_a_shared_reseller_reference_finds_only_the_callers_own_bookings(client, other_client):
    mine = confirmed(client, resellerReference="SHARED-2")
    theirs = confirmed(other_client, resellerReference="SHARED-2")
    assert [r["uuid"] for r in lookup(client.with_capabilities(REDEMPTION), "SHARED-2")] == [mine["uuid"]]
    assert [r["uuid"] for r in lookup(other_client.with_capabilities(REDEMPTION), "SHARED-2")] == [theirs["uuid"]]


def test_redeem_forgives_spaces_around_a_code_as_lookup_does(client):
    booking = confirm(client, reserve(client))
    redemption = client.with_capabilities(PRICING, REDEMPTION)
    redeemed = redemption.post("/redemption/redeem", {"redemptionCode": f"  {booking['supplierReference']} "}).ok()
    assert redeemed["status"] == "REDEEMED"


def test_the_same_confirmation_after_redemption_returns_the_booking(client):
    booking = reserve(client)
    body = {"contact": {"firstName": "Ada", "lastName": "Byron", "emailAddress": "ada@example.com"}}
    client.post(f"/bookings/{booking['uuid']}/confirm", body).ok()
    client.with_capabilities(PRICING, REDEMPTION).post("/redemption/redeem",
                                                       {"redemptionCode": booking["supplierReference"]}).ok()
    assert client.post(f"/bookings/{booking['uuid']}/confirm", body).ok()["status"] == "REDEEMED"
