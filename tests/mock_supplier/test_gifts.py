"""octo/gifts (seed 003): reserve, update, confirm, cancel, extend, get and list gift vouchers."""
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from tests.harness import CONTACT, GIFTS, PRICING, advance_clock, parse_utc

UNKNOWN_UUID = "0b6f4f7e-2a53-4c2e-9d61-3f1e8a7c5b40"
GIFT = {"amount": 1000, "currency": "GBP", "message": "Happy Birthday!",
        "recipient": {"fullName": "Oliver Morgan", "emailAddress": "ollym@me.com"}}


@pytest.fixture
def gifts(client):
    """The client asking for octo/pricing and octo/gifts."""
    return client.with_capabilities(PRICING, GIFTS)


def reserve_gift(client, **fields) -> dict:
    return client.post("/gifts", {**GIFT, **fields}).ok()


def confirm_gift(client, gift: dict, **fields) -> dict:
    return client.post(f"/gifts/{gift['uuid']}/confirm",
                       {"resellerReference": "VOUCHER-0123", "contact": CONTACT, **fields}).ok()


def options_of(gift: dict) -> dict:
    return {o["deliveryFormat"]: o["deliveryValue"] for o in gift["voucher"]["deliveryOptions"]}


# --- reserve -----------------------------------------------------------------------------


def test_a_reserved_gift_is_on_hold_with_an_expiry(gifts):
    now = gifts.get("/_control/clock").ok()["utcNow"]
    gift = reserve_gift(gifts)
    assert gift["status"] == "ON_HOLD"
    assert (gift["amount"], gift["currency"], gift["balance"]) == (1000, "GBP", 1000)
    assert gift["message"] == "Happy Birthday!"
    assert gift["recipient"]["fullName"] == "Oliver Morgan"
    assert gift["recipient"]["emailAddress"] == "ollym@me.com"
    assert parse_utc(gift["utcExpiresAt"]) - parse_utc(now) == timedelta(minutes=30)
    assert gift["utcConfirmedAt"] is None and gift["utcRedeemedAt"] is None and gift["cancellation"] is None
    assert gift["cancellable"] is True
    assert gift["deliveryMethods"] == ["VOUCHER"]
    assert gift["voucher"] == {"redemptionMethod": "DIGITAL", "utcRedeemedAt": None, "deliveryOptions": []}
    assert gift["giftPayment"] is None
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == gift


def test_expiration_minutes_sets_the_hold(gifts):
    now = parse_utc(gifts.get("/_control/clock").ok()["utcNow"])
    gift = reserve_gift(gifts, expirationMinutes=90)
    assert parse_utc(gift["utcExpiresAt"]) - now == timedelta(minutes=90)


def test_the_same_uuid_and_body_return_the_same_gift(gifts):
    key = str(uuid.uuid4())
    first = reserve_gift(gifts, uuid=key)
    assert first["uuid"] == key
    assert reserve_gift(gifts, uuid=key) == first
    assert len(gifts.get("/gifts", {"supplierReference": first["supplierReference"]}).ok()) == 1


def test_the_same_uuid_with_another_body_is_refused(gifts):
    key = str(uuid.uuid4())
    first = reserve_gift(gifts, uuid=key)
    gifts.post("/gifts", {**GIFT, "uuid": key, "amount": 2000}).error("INVALID_BOOKING_UUID", uuid=key)
    assert gifts.get(f"/gifts/{key}").ok() == first


@pytest.mark.parametrize("amount", [0, -5, 1.5, "100", True, None])
def test_an_amount_that_is_not_a_positive_integer_is_a_bad_request(gifts, amount):
    gifts.post("/gifts", {**GIFT, "amount": amount}).error("BAD_REQUEST")


def test_an_integral_float_amount_is_kept_as_an_integer(gifts):
    # JSON Schema counts 1000.0 as an integer; the gift must still say 1000, not 1000.0.
    gift = reserve_gift(gifts, amount=1000.0)
    assert type(gift["amount"]) is int and gift["amount"] == 1000
    updated = gifts.patch(f"/gifts/{gift['uuid']}", {"amount": 2000.0}).ok()
    assert type(updated["amount"]) is int and updated["amount"] == 2000


def test_amount_and_currency_are_required(gifts):
    gifts.post("/gifts", {"currency": "GBP"}).error("BAD_REQUEST")
    gifts.post("/gifts", {"amount": 1000}).error("BAD_REQUEST")


@pytest.mark.parametrize("currency", ["XYZ", "gbp", "GB", "", 826])
def test_a_currency_that_is_not_an_iso_4217_code_is_a_bad_request(gifts, currency):
    gifts.post("/gifts", {**GIFT, "currency": currency}).error("BAD_REQUEST")


def test_a_real_currency_the_supplier_does_not_sell_gifts_in_is_a_bad_request(gifts):
    body = gifts.post("/gifts", {**GIFT, "currency": "CHF"}).error("BAD_REQUEST")
    assert "CHF" in body["errorMessage"]


def test_no_gift_is_made_by_a_refused_request(gifts):
    gifts.post("/gifts", {**GIFT, "currency": "CHF", "resellerReference": "NOPE"}).error("BAD_REQUEST")
    assert gifts.get("/gifts", {"resellerReference": "NOPE"}).ok() == []


# --- capability and keys ------------------------------------------------------------------


@pytest.mark.parametrize("capabilities", [None, (), (PRICING,), (GIFTS,)])
def test_gifts_need_octo_gifts_with_octo_pricing(client, capabilities):
    asking = replace(client, capabilities=capabilities)
    asking.post("/gifts", GIFT).error("BAD_REQUEST")
    asking.get("/gifts", {"resellerReference": "X"}).error("BAD_REQUEST")
    asking.get(f"/gifts/{UNKNOWN_UUID}").error("BAD_REQUEST")


def test_without_a_key_gifts_are_unauthorized(gifts):
    anonymous = gifts.with_key(None)
    anonymous.post("/gifts", GIFT).error("UNAUTHORIZED")
    anonymous.get(f"/gifts/{UNKNOWN_UUID}").error("UNAUTHORIZED")


def test_another_key_can_neither_see_nor_change_my_gift(gifts, other_client):
    other = other_client.with_capabilities(PRICING, GIFTS)
    gift = confirm_gift(gifts, reserve_gift(gifts, resellerReference="MINE"))
    path = f"/gifts/{gift['uuid']}"
    other.get(path).error("INVALID_BOOKING_UUID", uuid=gift["uuid"])
    other.patch(path, {"message": "hijacked"}).error("INVALID_BOOKING_UUID", uuid=gift["uuid"])
    other.delete(path).error("INVALID_BOOKING_UUID", uuid=gift["uuid"])
    other.post(f"{path}/extend", {}).error("INVALID_BOOKING_UUID", uuid=gift["uuid"])
    other.post(f"{path}/confirm", {"contact": CONTACT}).error("INVALID_BOOKING_UUID", uuid=gift["uuid"])
    assert other.get("/gifts", {"resellerReference": "MINE"}).ok() == []
    assert other.get("/gifts", {"supplierReference": gift["supplierReference"]}).ok() == []
    assert gifts.get(path).ok() == gift


# --- get and list -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_an_unknown_uuid_is_invalid_and_echoed(gifts, method):
    gifts.request(method, f"/gifts/{UNKNOWN_UUID}", {}).error("INVALID_BOOKING_UUID", uuid=UNKNOWN_UUID)


@pytest.mark.parametrize("action", ["confirm", "extend"])
def test_confirming_or_extending_an_unknown_uuid_is_invalid(gifts, action):
    gifts.post(f"/gifts/{UNKNOWN_UUID}/{action}", {"contact": CONTACT}).error(
        "INVALID_BOOKING_UUID", uuid=UNKNOWN_UUID)


def test_gifts_are_listed_by_reseller_or_supplier_reference(gifts):
    first = reserve_gift(gifts, resellerReference="BATCH-1")
    second = confirm_gift(gifts, reserve_gift(gifts, resellerReference="BATCH-1"), resellerReference="BATCH-1")
    reserve_gift(gifts, resellerReference="BATCH-2")
    listed = gifts.get("/gifts", {"resellerReference": "BATCH-1"}).ok()
    assert [g["uuid"] for g in listed] == [first["uuid"], second["uuid"]]
    assert listed[1] == second
    assert gifts.get("/gifts", {"supplierReference": first["supplierReference"]}).ok() == [first]
    both = {"resellerReference": "BATCH-2", "supplierReference": first["supplierReference"]}
    assert gifts.get("/gifts", both).ok() == []
    assert gifts.get("/gifts", {"resellerReference": "NO-SUCH"}).ok() == []


def test_listing_gifts_without_a_reference_is_a_bad_request(gifts):
    reserve_gift(gifts)
    gifts.get("/gifts").error("BAD_REQUEST")
    gifts.get("/gifts", {"localDate": "2030-01-01"}).error("BAD_REQUEST")


# --- update -----------------------------------------------------------------------------


def test_an_on_hold_gift_can_be_updated(gifts):
    gift = reserve_gift(gifts)
    updated = gifts.patch(f"/gifts/{gift['uuid']}", {
        "amount": 2500, "currency": "EUR", "message": "Congratulations", "notes": "gift wrap",
        "resellerReference": "R-9", "recipient": {"fullName": "Ada"}}).ok()
    assert (updated["amount"], updated["currency"], updated["balance"]) == (2500, "EUR", 2500)
    assert (updated["message"], updated["notes"], updated["resellerReference"]) == ("Congratulations", "gift wrap", "R-9")
    assert updated["recipient"]["fullName"] == "Ada"
    assert updated["recipient"]["emailAddress"] == "ollym@me.com"  # kept: only what was sent changes
    assert updated["status"] == "ON_HOLD" and updated["uuid"] == gift["uuid"]
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == updated


def test_updating_expiration_minutes_moves_the_hold(gifts):
    gift = reserve_gift(gifts)
    advance_clock(gifts, 10)
    now = parse_utc(gifts.get("/_control/clock").ok()["utcNow"])
    updated = gifts.patch(f"/gifts/{gift['uuid']}", {"expirationMinutes": 60}).ok()
    assert parse_utc(updated["utcExpiresAt"]) - now == timedelta(minutes=60)


def test_a_confirmed_unused_gift_can_still_be_updated(gifts):
    gift = confirm_gift(gifts, reserve_gift(gifts))
    updated = gifts.patch(f"/gifts/{gift['uuid']}", {"message": "Later"}).ok()
    assert updated["status"] == "CONFIRMED" and updated["message"] == "Later"
    assert options_of(updated) == options_of(gift)


@pytest.mark.parametrize("change", [{"amount": 0}, {"amount": 1.5}, {"currency": "XYZ"}, {"currency": "CHF"},
                                    {"currency": "gbp"}])
def test_a_bad_update_is_refused_and_changes_nothing(gifts, change):
    gift = reserve_gift(gifts)
    gifts.patch(f"/gifts/{gift['uuid']}", {**change, "message": "changed"}).error("BAD_REQUEST")
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == gift


@pytest.mark.parametrize("end", ["cancel", "expire"])
def test_a_gift_that_is_no_longer_cancellable_cannot_be_updated(gifts, end):
    gift = reserve_gift(gifts)
    if end == "cancel":
        gifts.delete(f"/gifts/{gift['uuid']}").ok()
    else:
        advance_clock(gifts, 31)
    before = gifts.get(f"/gifts/{gift['uuid']}").ok()
    assert before["cancellable"] is False
    gifts.patch(f"/gifts/{gift['uuid']}", {"message": "too late"}).error("UNPROCESSABLE_ENTITY")
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == before


# --- confirm ------------------------------------------------------------------------------


def test_confirming_delivers_a_code_and_a_pdf(gifts, mock_app):
    gift = reserve_gift(gifts)
    confirmed = confirm_gift(gifts, gift)
    assert confirmed["status"] == "CONFIRMED"
    assert confirmed["utcConfirmedAt"] and confirmed["utcExpiresAt"] is None
    assert confirmed["resellerReference"] == "VOUCHER-0123"
    assert {k: confirmed["contact"][k] for k in CONTACT} == CONTACT
    assert confirmed["recipient"] == gift["recipient"]
    assert (confirmed["balance"], confirmed["cancellable"]) == (1000, True)
    options = options_of(confirmed)
    assert set(options) == {"QRCODE", "PDF_URL"}
    code = options["QRCODE"]
    assert code and code.strip() == code and not code.startswith("http")
    assert options["PDF_URL"].startswith("http://localhost/octo/") and options["PDF_URL"].endswith(".pdf")
    pdf = mock_app.test_client().get(options["PDF_URL"].removeprefix("http://localhost"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-") and code.encode() in pdf.data
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == confirmed


def test_each_gift_gets_its_own_code(gifts):
    codes = {options_of(confirm_gift(gifts, reserve_gift(gifts)))["QRCODE"] for _ in range(3)}
    assert len(codes) == 3


def test_confirming_twice_with_the_same_body_returns_the_same_gift(gifts):
    first = confirm_gift(gifts, reserve_gift(gifts))
    assert confirm_gift(gifts, first) == first


def test_confirming_again_with_another_body_is_unprocessable(gifts):
    first = confirm_gift(gifts, reserve_gift(gifts))
    gifts.post(f"/gifts/{first['uuid']}/confirm", {"contact": CONTACT, "resellerReference": "OTHER"}).error(
        "UNPROCESSABLE_ENTITY")
    assert gifts.get(f"/gifts/{first['uuid']}").ok() == first


def test_a_bad_confirmation_body_is_a_bad_request(gifts):
    gift = reserve_gift(gifts)
    gifts.post(f"/gifts/{gift['uuid']}/confirm", {"contact": {"emailAddress": "not an email"}}).error("BAD_REQUEST")
    gifts.post(f"/gifts/{gift['uuid']}/confirm", {"resellerReference": 7}).error("BAD_REQUEST")
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == gift


def test_an_expired_gift_cannot_be_confirmed(gifts):
    gift = reserve_gift(gifts)
    advance_clock(gifts, 31)
    gifts.post(f"/gifts/{gift['uuid']}/confirm", {"contact": CONTACT}).error("INVALID_BOOKING_UUID", uuid=gift["uuid"])
    assert gifts.get(f"/gifts/{gift['uuid']}").ok()["status"] == "EXPIRED"


def test_a_cancelled_gift_cannot_be_confirmed(gifts):
    gift = reserve_gift(gifts)
    cancelled = gifts.delete(f"/gifts/{gift['uuid']}").ok()
    gifts.post(f"/gifts/{gift['uuid']}/confirm", {"contact": CONTACT}).error("UNPROCESSABLE_ENTITY")
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == cancelled


# --- cancel -----------------------------------------------------------------------------


@pytest.mark.parametrize("confirmed", [False, True])
def test_a_cancellable_gift_is_cancelled_and_twice_gives_the_same_gift(gifts, confirmed):
    gift = reserve_gift(gifts)
    if confirmed:
        gift = confirm_gift(gifts, gift)
    cancelled = gifts.delete(f"/gifts/{gift['uuid']}", {"reason": "changed my mind"}).ok()
    assert cancelled["status"] == "CANCELLED" and cancelled["cancellable"] is False
    assert cancelled["cancellation"]["reason"] == "changed my mind"
    assert cancelled["cancellation"]["refund"] == "FULL"
    assert cancelled["utcExpiresAt"] is None
    assert cancelled["voucher"]["deliveryOptions"] == []
    assert gifts.delete(f"/gifts/{gift['uuid']}").ok() == cancelled
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == cancelled


def test_a_delete_without_a_body_cancels(gifts):
    gift = reserve_gift(gifts)
    assert gifts.delete(f"/gifts/{gift['uuid']}").ok()["cancellation"]["reason"] is None


def test_an_expired_gift_cannot_be_cancelled(gifts):
    gift = reserve_gift(gifts)
    advance_clock(gifts, 31)
    expired = gifts.get(f"/gifts/{gift['uuid']}").ok()
    gifts.delete(f"/gifts/{gift['uuid']}").error("UNPROCESSABLE_ENTITY")
    assert gifts.get(f"/gifts/{gift['uuid']}").ok() == expired


# --- extend and expiry --------------------------------------------------------------------


def test_an_on_hold_gift_is_extended_from_now(gifts):
    gift = reserve_gift(gifts)
    advance_clock(gifts, 20)
    now = parse_utc(gifts.get("/_control/clock").ok()["utcNow"])
    extended = gifts.post(f"/gifts/{gift['uuid']}/extend", {"expirationMinutes": 45}).ok()
    assert extended["status"] == "ON_HOLD"
    assert parse_utc(extended["utcExpiresAt"]) - now == timedelta(minutes=45)
    advance_clock(gifts, 40)
    assert gifts.get(f"/gifts/{gift['uuid']}").ok()["status"] == "ON_HOLD"


def test_extend_without_minutes_holds_for_the_default(gifts):
    gift = reserve_gift(gifts, expirationMinutes=5)
    now = parse_utc(gifts.get("/_control/clock").ok()["utcNow"])
    extended = gifts.post(f"/gifts/{gift['uuid']}/extend", {}).ok()
    assert parse_utc(extended["utcExpiresAt"]) - now == timedelta(minutes=30)


def test_only_an_on_hold_gift_can_be_extended(gifts):
    confirmed = confirm_gift(gifts, reserve_gift(gifts))
    gifts.post(f"/gifts/{confirmed['uuid']}/extend", {}).error("UNPROCESSABLE_ENTITY")
    cancelled = gifts.delete(f"/gifts/{reserve_gift(gifts)['uuid']}").ok()
    gifts.post(f"/gifts/{cancelled['uuid']}/extend", {}).error("UNPROCESSABLE_ENTITY")
    expired = reserve_gift(gifts)
    advance_clock(gifts, 31)
    gifts.post(f"/gifts/{expired['uuid']}/extend", {}).error("INVALID_BOOKING_UUID", uuid=expired["uuid"])
    assert gifts.get(f"/gifts/{confirmed['uuid']}").ok() == confirmed


def test_a_hold_expires_by_the_sandbox_clock(gifts):
    gift = reserve_gift(gifts, expirationMinutes=10)
    advance_clock(gifts, 9)
    assert gifts.get(f"/gifts/{gift['uuid']}").ok()["status"] == "ON_HOLD"
    advance_clock(gifts, 1)
    expired = gifts.get(f"/gifts/{gift['uuid']}").ok()
    assert expired["status"] == "EXPIRED" and expired["cancellable"] is False
    assert expired["utcExpiresAt"] == gift["utcExpiresAt"]
    assert gifts.get("/gifts", {"supplierReference": gift["supplierReference"]}).ok() == [expired]


def test_a_confirmed_gift_does_not_expire(gifts):
    gift = confirm_gift(gifts, reserve_gift(gifts, expirationMinutes=5))
    advance_clock(gifts, 60 * 24 * 30)
    assert gifts.get(f"/gifts/{gift['uuid']}").ok()["status"] == "CONFIRMED"
