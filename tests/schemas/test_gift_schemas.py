"""gift.json, gift-payment.json, the gift request bodies and Booking.giftPayment under octo/gifts (seed 003)."""
import pytest

import schemas

from . import instances

PRICING, GIFTS = "octo/pricing", "octo/gifts"
GIFT_UUID = "917655fb-67b1-4d4d-84a3-0dcd3e218f9c"


def gift(status: str = "CONFIRMED") -> dict:
    """A gift as seed 003 shows it, in one of its states, with this mock's `balance`."""
    out = {
        "id": "d895e62d-2d51-4faa-860e-41080ed4ccca",
        "uuid": GIFT_UUID,
        "testMode": True,
        "resellerReference": "VOUCHER-0123",
        "supplierReference": "SX0Z1H",
        "status": status,
        "utcCreatedAt": "2022-09-05T17:51:25Z",
        "utcUpdatedAt": "2022-09-05T17:51:25Z",
        "utcExpiresAt": None,
        "utcRedeemedAt": None,
        "utcConfirmedAt": "2022-09-05T17:55:00Z",
        "amount": 1000,
        "currency": "GBP",
        "balance": 1000,
        "cancellable": True,
        "cancellation": None,
        "contact": instances.contact(fullName="Oliver Morgan", emailAddress="ollym@me.com", locales=["en-GB"]),
        "recipient": instances.contact(fullName="Ada Lovelace"),
        "message": "Happy Birthday!",
        "notes": None,
        "deliveryMethods": ["VOUCHER"],
        "voucher": {"redemptionMethod": "DIGITAL", "utcRedeemedAt": None, "deliveryOptions": [
            {"deliveryFormat": "QRCODE", "deliveryValue": "GJ7W8FS8"},
            {"deliveryFormat": "PDF_URL", "deliveryValue": "https://example.com/octo/pdf?gift=GJ7W8FS8"}]},
        "giftPayment": None,
    }
    if status == "ON_HOLD":
        out.update(utcExpiresAt="2022-09-05T18:21:25Z", utcConfirmedAt=None, resellerReference=None)
        out["voucher"]["deliveryOptions"] = []
    elif status == "EXPIRED":
        out.update(utcExpiresAt="2022-09-05T18:21:25Z", utcConfirmedAt=None, cancellable=False)
        out["voucher"]["deliveryOptions"] = []
    elif status == "CANCELLED":
        out.update(cancellable=False, cancellation={
            "refund": "FULL", "reason": None, "utcCancelledAt": "2022-09-06T10:00:00Z"})
        out["voucher"]["deliveryOptions"] = []
    elif status == "REDEEMED":
        out.update(balance=0, cancellable=False, utcRedeemedAt="2022-09-07T09:00:00Z")
        out["voucher"]["utcRedeemedAt"] = "2022-09-07T09:00:00Z"
    return out


def problems(name: str, instance, **options) -> list[tuple[str, str]]:
    return [(v.path, v.keyword) for v in schemas.violations(name, instance, **options)]


def payment() -> dict:
    return {"code": "GIFT-GJ7W8FS8", "amount": 700, "currency": "GBP"}


# --- the gift ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["ON_HOLD", "CONFIRMED", "REDEEMED", "EXPIRED", "CANCELLED"])
@pytest.mark.parametrize("strict", [False, True])
def test_a_gift_in_each_state_validates(status, strict):
    for capabilities in ((), (PRICING, GIFTS)):
        schemas.check("gift", gift(status), capabilities=capabilities, strict=strict)


def test_a_gift_may_leave_out_the_mocks_balance():
    instance = gift()
    del instance["balance"]
    assert problems("gift", instance, strict=True) == []


@pytest.mark.parametrize("field", ["uuid", "status", "amount", "currency", "voucher", "giftPayment",
                                   "recipient", "utcRedeemedAt", "cancellable"])
def test_every_seed_field_is_required(field):
    instance = gift()
    del instance[field]
    assert problems("gift", instance) == [("$", "required")]


def test_cancelled_requires_its_cancellation():
    instance = gift("CANCELLED")
    instance["cancellation"] = None
    assert problems("gift", instance) == [("$.cancellation", "type")]


def test_the_voucher_is_digital():
    instance = gift("CONFIRMED")
    instance["voucher"]["redemptionMethod"] = "MANIFEST"
    assert [path for path, _ in problems("gift", instance)] == ["$.voucher.redemptionMethod"]


def test_a_redeemed_voucher_says_when():
    instance = gift("REDEEMED")
    instance["voucher"]["utcRedeemedAt"] = None
    assert [path for path, _ in problems("gift", instance)] == ["$.voucher.utcRedeemedAt"]


def test_redeemed_requires_utc_redeemed_at():
    instance = gift("REDEEMED")
    instance["utcRedeemedAt"] = None
    assert problems("gift", instance) == [("$.utcRedeemedAt", "type")]
    for status in ("CONFIRMED", "ON_HOLD", "EXPIRED", "CANCELLED"):
        assert problems("gift", gift(status)) == []  # null is fine before the gift is used up


def test_a_redeemed_gift_is_not_cancellable():
    instance = gift("REDEEMED")
    instance["cancellable"] = True
    assert [path for path, _ in problems("gift", instance)] == ["$.cancellable"]


def test_on_hold_requires_an_expiry_and_no_confirmation():
    instance = gift("ON_HOLD")
    instance["utcExpiresAt"] = None
    assert [path for path, _ in problems("gift", instance)] == ["$.utcExpiresAt"]
    instance = gift("ON_HOLD")
    instance["utcConfirmedAt"] = "2022-09-05T17:55:00Z"
    assert [path for path, _ in problems("gift", instance)] == ["$.utcConfirmedAt"]


@pytest.mark.parametrize("status", ["CONFIRMED", "REDEEMED"])
def test_confirmed_and_redeemed_are_confirmed_and_no_longer_expire(status):
    instance = gift(status)
    instance["utcConfirmedAt"] = None
    assert [path for path, _ in problems("gift", instance)] == ["$.utcConfirmedAt"]
    instance = gift(status)
    instance["utcExpiresAt"] = "2022-09-05T18:21:25Z"
    assert [path for path, _ in problems("gift", instance)] == ["$.utcExpiresAt"]


@pytest.mark.parametrize("amount", [0, -5, 1.5, "100", True, None])
def test_amount_must_be_an_integer_of_at_least_one(amount):
    instance = gift()
    instance["amount"] = amount
    assert [path for path, _ in problems("gift", instance)] == ["$.amount"]


@pytest.mark.parametrize("balance", [-1, 2.5, "0", None])
def test_balance_is_a_non_negative_integer(balance):
    instance = gift()
    instance["balance"] = balance
    assert [path for path, _ in problems("gift", instance)] == ["$.balance"]


@pytest.mark.parametrize("status", ["PENDING", "REJECTED", "redeemed", ""])
def test_status_is_a_gift_status(status):
    instance = gift()
    instance["status"] = status
    assert ("$.status", "enum") in problems("gift", instance)


@pytest.mark.parametrize("currency", ["gbp", "GB", "GBPX", 826])
def test_currency_is_a_three_letter_code(currency):
    instance = gift()
    instance["currency"] = currency
    assert [path for path, _ in problems("gift", instance)] == ["$.currency"]


@pytest.mark.parametrize("methods", [[], ["TICKET"], ["VOUCHER", "TICKET"], "VOUCHER"])
def test_delivery_methods_are_only_voucher(methods):
    instance = gift()
    instance["deliveryMethods"] = methods
    assert problems("gift", instance)


def test_strict_mode_rejects_unknown_fields_and_lenient_mode_allows_them():
    instance = gift()
    instance["alias"] = "birthday"
    instance["recipient"]["nickname"] = "Ada"
    assert problems("gift", instance) == []
    assert sorted(path for path, _ in problems("gift", instance, strict=True)) == ["$", "$.recipient"]


def test_a_gift_may_carry_a_gift_payment():
    instance = gift()
    instance["giftPayment"] = payment()
    assert problems("gift", instance, strict=True) == []


# --- the payment ----------------------------------------------------------------------


def test_a_gift_payment_validates():
    assert problems("gift-payment", payment(), strict=True) == []
    assert problems("gift-payment", {**payment(), "amount": 0}) == []


@pytest.mark.parametrize("field", ["code", "amount", "currency"])
def test_a_gift_payment_has_code_amount_and_currency(field):
    instance = payment()
    del instance[field]
    assert problems("gift-payment", instance) == [("$", "required")]


@pytest.mark.parametrize("change", [{"amount": -1}, {"amount": 7.5}, {"amount": "700"}, {"code": ""},
                                    {"code": None}, {"currency": "usd"}])
def test_a_broken_gift_payment_is_rejected(change):
    assert problems("gift-payment", {**payment(), **change})


def test_the_code_may_be_named_code_or_gift_code():
    """seed 003 names it code; SPEC-DIGEST §5 and Ventrata giftCode: either passes, neither fails."""
    renamed = {k: v for k, v in payment().items() if k != "code"} | {"giftCode": "GIFT-GJ7W8FS8"}
    assert problems("gift-payment", renamed, strict=True) == []
    nameless = {k: v for k, v in payment().items() if k != "code"}
    assert problems("gift-payment", nameless) == [("$", "required")]


# --- Booking.giftPayment ------------------------------------------------------------------


def test_strict_mode_without_octo_gifts_rejects_a_booking_with_gift_payment():
    booking = {**instances.booking(priced=True), "giftPayment": payment()}
    assert problems("booking", booking, capabilities=[PRICING]) == []
    assert problems("booking", booking, capabilities=[PRICING], strict=True) == [("$", "unevaluatedProperties")]
    assert problems("booking", {**booking, "giftPayment": None}, capabilities=[PRICING], strict=True) == [
        ("$", "unevaluatedProperties")]
    assert problems("booking", instances.booking(priced=True), capabilities=[PRICING], strict=True) == []


@pytest.mark.parametrize("strict", [False, True])
def test_with_octo_gifts_a_booking_requires_gift_payment_which_may_be_null(strict):
    capabilities = [PRICING, GIFTS]
    assert problems("booking", instances.booking(priced=True), capabilities=capabilities, strict=strict) == [
        ("$", "required")]
    for value in (None, payment()):
        booking = {**instances.booking(priced=True), "giftPayment": value}
        assert problems("booking", booking, capabilities=capabilities, strict=strict) == []


def test_with_octo_gifts_a_broken_booking_gift_payment_is_rejected():
    booking = {**instances.booking(priced=True), "giftPayment": {**payment(), "amount": -1}}
    assert [path for path, _ in problems("booking", booking, capabilities=[PRICING, GIFTS])] == [
        "$.giftPayment.amount"]


# --- request bodies ---------------------------------------------------------------------


def test_a_gift_reservation_body_validates():
    body = {"uuid": GIFT_UUID, "amount": 1000, "currency": "USD", "expirationMinutes": 30,
            "message": "Happy Birthday! Hope you enjoy your trip to Paris!",
            "recipient": {"fullName": "Oliver Morgan", "emailAddress": "ollym@me.com"}}
    assert problems("requests/gift-reservation", body) == []


@pytest.mark.parametrize("body", [{"currency": "GBP"}, {"amount": 1000}, {"amount": 0, "currency": "GBP"},
                                  {"amount": 1.5, "currency": "GBP"}, {"amount": "100", "currency": "GBP"},
                                  {"amount": True, "currency": "GBP"}, {"amount": 100, "currency": "gbp"},
                                  {"amount": 100, "currency": "GBP", "uuid": "not-a-uuid"},
                                  {"amount": 100, "currency": "GBP", "expirationMinutes": 0}])
def test_a_broken_gift_reservation_body_is_rejected(body):
    assert problems("requests/gift-reservation", body)


def test_update_and_confirmation_bodies_are_all_optional():
    for name in ("requests/gift-update", "requests/gift-confirmation"):
        assert problems(name, {}) == []
    assert problems("requests/gift-update", {"amount": 0})
    assert problems("requests/gift-confirmation", {"resellerReference": "VOUCHER-0123",
                                                   "contact": {"fullName": "Oliver Morgan",
                                                               "locales": ["en-GB"], "country": "GB"}}) == []


def test_a_gift_payment_request_needs_a_code():
    assert problems("requests/gift-payment", {"code": "GJ7W8FS8"}) == []
    for body in ({}, {"code": ""}, {"code": 7}, {"giftCode": "GJ7W8FS8"}):
        assert problems("requests/gift-payment", body)
    assert problems("requests/booking-reservation",
                    {**instances.reservation_body(), "giftPayment": {"code": "GJ7W8FS8"}}) == []
    assert problems("requests/booking-update", {"giftPayment": {}})
