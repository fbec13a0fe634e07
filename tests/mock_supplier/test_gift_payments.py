"""Paying bookings with gift vouchers (seed 003, "Redeem Gift Voucher"): giftPayment on
POST /bookings and PATCH /bookings/{uuid}, and what it does to the gift's balance."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.harness import (CONTACT, GIFTS, PRICING, Reply, advance_clock, all_bookings, assert_unchanged, at_noon,
                           confirm, reservation, reserve)

ADULT_GBP = 2500  # walking-tour adult, retail (catalogue seed)
PARALLEL = 12  # reservations paying from one gift at once


@pytest.fixture
def gifts(client):
    """The client asking for octo/pricing and octo/gifts."""
    return client.with_capabilities(PRICING, GIFTS)


def new_gift(client, amount: int = 10000, currency: str = "GBP", *, confirmed: bool = True) -> dict:
    gift = client.post("/gifts", {"amount": amount, "currency": currency}).ok()
    if confirmed:
        gift = client.post(f"/gifts/{gift['uuid']}/confirm", {"contact": CONTACT}).ok()
    return gift


def code_of(gift: dict) -> str:
    return next(o["deliveryValue"] for o in gift["voucher"]["deliveryOptions"] if o["deliveryFormat"] == "QRCODE")


def read_gift(client, gift: dict) -> dict:
    return client.get(f"/gifts/{gift['uuid']}").ok()


def pay(client, gift: dict, units=("adult",), **kw) -> dict:
    """Reserve a walking tour paid with the gift; the ON_HOLD booking."""
    body = reservation(client, units=units, giftPayment={"code": code_of(gift)}, **kw)
    return client.post("/bookings", body).ok()


def paying(client, gift: dict, units=("adult",), **kw) -> Reply:
    return client.post("/bookings", reservation(client, units=units, giftPayment={"code": code_of(gift)}, **kw))


# --- applying a payment --------------------------------------------------------------------


def test_a_reservation_paid_with_a_gift_shows_the_payment_and_lowers_the_balance(gifts):
    gift = new_gift(gifts)
    booking = pay(gifts, gift, units=("adult", "child"))
    assert booking["giftPayment"] == {"code": code_of(gift), "amount": ADULT_GBP + 1500, "currency": "GBP"}
    assert booking["pricing"]["retail"] == ADULT_GBP + 1500
    assert gifts.get(f"/bookings/{booking['uuid']}").ok() == booking
    after = read_gift(gifts, gift)
    assert (after["status"], after["balance"], after["amount"]) == ("CONFIRMED", 10000 - 4000, 10000)
    assert after["utcRedeemedAt"] is None


def test_a_gift_smaller_than_the_total_pays_its_balance_and_is_redeemed(gifts):
    gift = new_gift(gifts, amount=1000)
    booking = pay(gifts, gift)
    assert booking["giftPayment"]["amount"] == 1000
    redeemed = read_gift(gifts, gift)
    assert (redeemed["status"], redeemed["balance"], redeemed["cancellable"]) == ("REDEEMED", 0, False)
    assert redeemed["utcRedeemedAt"] and redeemed["utcConfirmedAt"] and redeemed["utcExpiresAt"] is None
    assert redeemed["voucher"]["deliveryOptions"] == gift["voucher"]["deliveryOptions"]


def test_payments_add_up_until_the_gift_is_used(gifts):
    gift = new_gift(gifts, amount=6000)
    amounts = [pay(gifts, gift, start=start)["giftPayment"]["amount"] for start in ("09:00", "13:00", "17:00")]
    assert amounts == [2500, 2500, 1000]
    assert read_gift(gifts, gift)["status"] == "REDEEMED"
    before = all_bookings(gifts)
    paying(gifts, gift).error("UNPROCESSABLE_ENTITY")
    assert all_bookings(gifts) == before


def test_a_booking_without_a_payment_shows_gift_payment_null(gifts, client):
    booking = reserve(gifts)
    assert booking["giftPayment"] is None
    assert "giftPayment" not in client.get(f"/bookings/{booking['uuid']}").ok()


def test_the_payment_survives_confirmation_and_the_gift_stays_used(gifts):
    gift = new_gift(gifts)
    booking = confirm(gifts, pay(gifts, gift))
    assert booking["status"] == "CONFIRMED"
    assert booking["giftPayment"] == {"code": code_of(gift), "amount": ADULT_GBP, "currency": "GBP"}
    advance_clock(gifts, 60)
    assert read_gift(gifts, gift)["balance"] == 10000 - ADULT_GBP


def test_a_repeated_reservation_applies_the_payment_once(gifts):
    gift = new_gift(gifts)
    body = reservation(gifts, uuid="4a8e3c1d-7b2f-4e6a-9d05-8c1b2a3f4e5d", giftPayment={"code": code_of(gift)})
    first = gifts.post("/bookings", body).ok()
    assert gifts.post("/bookings", body).ok() == first
    assert read_gift(gifts, gift)["balance"] == 10000 - ADULT_GBP


def test_a_payment_can_be_added_by_an_update(gifts):
    gift = new_gift(gifts)
    booking = reserve(gifts)
    updated = gifts.patch(f"/bookings/{booking['uuid']}", {"giftPayment": {"code": code_of(gift)}}).ok()
    assert updated["giftPayment"] == {"code": code_of(gift), "amount": ADULT_GBP, "currency": "GBP"}
    assert read_gift(gifts, gift)["balance"] == 10000 - ADULT_GBP


def test_a_confirmed_booking_can_be_paid_by_an_update(gifts):
    gift = new_gift(gifts)
    booking = confirm(gifts, reserve(gifts))
    updated = gifts.patch(f"/bookings/{booking['uuid']}", {"giftPayment": {"code": code_of(gift)}}).ok()
    assert updated["status"] == "CONFIRMED" and updated["giftPayment"]["amount"] == ADULT_GBP
    assert read_gift(gifts, gift)["balance"] == 10000 - ADULT_GBP


def test_more_units_apply_more_up_to_the_balance_and_fewer_apply_less(gifts):
    gift = new_gift(gifts, amount=6000)
    booking = pay(gifts, gift)
    path = f"/bookings/{booking['uuid']}"
    two = gifts.patch(path, {"unitItems": [{"unitId": "adult"}, {"unitId": "adult"}]}).ok()
    assert two["giftPayment"]["amount"] == 5000 and read_gift(gifts, gift)["balance"] == 1000
    three = gifts.patch(path, {"unitItems": [{"unitId": "adult"}] * 3}).ok()
    assert three["giftPayment"]["amount"] == 6000 and three["pricing"]["retail"] == 7500
    assert read_gift(gifts, gift)["status"] == "REDEEMED"
    one = gifts.patch(path, {"unitItems": [{"unitId": "adult"}]}).ok()
    assert one["giftPayment"]["amount"] == ADULT_GBP
    again = read_gift(gifts, gift)
    assert (again["status"], again["balance"], again["utcRedeemedAt"]) == ("CONFIRMED", 6000 - ADULT_GBP, None)


def test_an_update_without_a_new_code_keeps_the_payment(gifts):
    gift = new_gift(gifts)
    booking = pay(gifts, gift)
    updated = gifts.patch(f"/bookings/{booking['uuid']}", {"notes": "window seat"}).ok()
    assert updated["giftPayment"] == booking["giftPayment"]
    assert read_gift(gifts, gift)["balance"] == 10000 - ADULT_GBP


def test_a_payment_moves_to_another_gift(gifts):
    first, second = new_gift(gifts), new_gift(gifts, amount=5000)
    booking = pay(gifts, first)
    moved = gifts.patch(f"/bookings/{booking['uuid']}", {"giftPayment": {"code": code_of(second)}}).ok()
    assert moved["giftPayment"]["code"] == code_of(second)
    assert (read_gift(gifts, first)["balance"], read_gift(gifts, second)["balance"]) == (10000, 5000 - ADULT_GBP)


# --- giving it back ---------------------------------------------------------------------


@pytest.mark.parametrize("how", ["cancel", "delete"])
def test_cancelling_the_booking_gives_the_payment_back(gifts, how):
    gift = new_gift(gifts, amount=ADULT_GBP)
    booking = confirm(gifts, pay(gifts, gift))
    assert read_gift(gifts, gift)["status"] == "REDEEMED"
    if how == "cancel":
        gifts.post(f"/bookings/{booking['uuid']}/cancel", {}).ok()
    else:
        gifts.delete(f"/bookings/{booking['uuid']}").ok()
    back = read_gift(gifts, gift)
    assert (back["status"], back["balance"], back["utcRedeemedAt"], back["cancellable"]) == (
        "CONFIRMED", ADULT_GBP, None, True)
    assert pay(gifts, gift, start="13:00")["giftPayment"]["amount"] == ADULT_GBP


def test_an_expired_booking_hold_gives_the_payment_back(gifts):
    gift = new_gift(gifts, amount=ADULT_GBP)
    booking = pay(gifts, gift, expirationMinutes=10)
    advance_clock(gifts, 9)
    assert read_gift(gifts, gift)["status"] == "REDEEMED"
    advance_clock(gifts, 1)
    assert gifts.get(f"/bookings/{booking['uuid']}").ok()["status"] == "EXPIRED"
    back = read_gift(gifts, gift)
    assert (back["status"], back["balance"]) == ("CONFIRMED", ADULT_GBP)


# --- refused payments change nothing ------------------------------------------------------


def assert_refused(client, gift: dict, reply: Reply, code: str, bookings_before: list) -> None:
    before = read_gift(client, gift)
    reply.error(code)
    assert all_bookings(client) == bookings_before
    assert read_gift(client, gift) == before


def test_an_unknown_code_is_refused_and_no_booking_is_made(gifts):
    body = reservation(gifts, giftPayment={"code": "GIFT-NOSUCH99"})
    assert "GIFT-NOSUCH99" in gifts.post("/bookings", body).error("BAD_REQUEST")["errorMessage"]
    assert all_bookings(gifts) == []


def test_a_cancelled_gift_cannot_pay(gifts):
    gift = new_gift(gifts)
    gifts.delete(f"/gifts/{gift['uuid']}").ok()
    assert "CANCELLED" in paying(gifts, gift).error("UNPROCESSABLE_ENTITY")["errorMessage"]
    assert all_bookings(gifts) == []


@pytest.mark.parametrize("state", ["ON_HOLD", "EXPIRED"])
def test_a_gift_that_was_never_confirmed_cannot_pay(gifts, state):
    # Its code is only delivered on confirmation; the mock also finds a gift by its supplierReference.
    held = new_gift(gifts, confirmed=False)
    if state == "EXPIRED":
        advance_clock(gifts, 31)
    assert read_gift(gifts, held)["status"] == state
    reply = gifts.post("/bookings", reservation(gifts, giftPayment={"code": held["supplierReference"]}))
    assert state in reply.error("UNPROCESSABLE_ENTITY")["errorMessage"]
    assert all_bookings(gifts) == []


def test_a_gift_in_another_currency_cannot_pay(gifts):
    gift = new_gift(gifts, currency="EUR")
    assert_refused(gifts, gift, paying(gifts, gift), "UNPROCESSABLE_ENTITY", [])


def test_a_used_up_gift_cannot_pay_and_nothing_changes(gifts):
    gift = new_gift(gifts, amount=ADULT_GBP)
    pay(gifts, gift)
    before = all_bookings(gifts)
    assert_refused(gifts, gift, paying(gifts, gift, start="13:00"), "UNPROCESSABLE_ENTITY", before)


def test_a_refused_update_leaves_the_booking_and_the_gift_alone(gifts):
    gift = new_gift(gifts, currency="EUR")
    booking = reserve(gifts)
    reply = gifts.patch(f"/bookings/{booking['uuid']}", {"giftPayment": {"code": code_of(gift)}, "notes": "x"})
    assert_refused(gifts, gift, reply, "UNPROCESSABLE_ENTITY", [booking])
    assert_unchanged(gifts, booking)


def test_changing_the_currency_to_one_the_gift_is_not_in_is_refused(gifts):
    gift = new_gift(gifts)
    booking = pay(gifts, gift)
    reply = gifts.patch(f"/bookings/{booking['uuid']}", {"currency": "EUR"})
    assert_refused(gifts, gift, reply, "UNPROCESSABLE_ENTITY", [booking])
    assert_unchanged(gifts, booking)


def test_changing_the_currency_to_the_gifts_moves_the_payment_along(gifts):
    gift = new_gift(gifts, currency="EUR")
    booking = reserve(gifts)
    updated = gifts.patch(f"/bookings/{booking['uuid']}",
                          {"currency": "EUR", "giftPayment": {"code": code_of(gift)}}).ok()
    assert updated["giftPayment"] == {"code": code_of(gift), "amount": 2900, "currency": "EUR"}


def test_a_gift_of_another_key_cannot_pay(gifts, other_client):
    other = other_client.with_capabilities(PRICING, GIFTS)
    gift = new_gift(gifts)
    other.post("/bookings", reservation(other, giftPayment={"code": code_of(gift)})).error("BAD_REQUEST")
    assert all_bookings(other) == []
    assert read_gift(gifts, gift)["balance"] == 10000


@pytest.mark.parametrize("capabilities", [(), (PRICING,), (GIFTS,)])
def test_gift_payment_without_octo_gifts_is_a_bad_request(gifts, client, capabilities):
    gift = new_gift(gifts)
    asking = client.with_capabilities(*capabilities)
    body = asking.post("/bookings", reservation(asking, giftPayment={"code": code_of(gift)})).error("BAD_REQUEST")
    assert GIFTS in body["errorMessage"]
    booking = reserve(asking)
    asking.patch(f"/bookings/{booking['uuid']}", {"giftPayment": {"code": code_of(gift)}}).error("BAD_REQUEST")
    assert_unchanged(asking, booking)
    assert [b["uuid"] for b in all_bookings(gifts)] == [booking["uuid"]]
    assert read_gift(gifts, gift)["balance"] == 10000


@pytest.mark.parametrize("payment", [{}, {"code": ""}, {"code": 7}, {"giftCode": "GIFT-ABCDEFGH"}, "GIFT-ABCDEFGH", None])
def test_a_malformed_gift_payment_is_a_bad_request(gifts, payment):
    gifts.post("/bookings", reservation(gifts, giftPayment=payment)).error("BAD_REQUEST")
    assert all_bookings(gifts) == []


# --- the gift once it paid ----------------------------------------------------------------


def test_a_gift_that_paid_can_no_longer_be_cancelled_or_changed(gifts):
    gift = new_gift(gifts)
    pay(gifts, gift)
    used = read_gift(gifts, gift)
    assert used["cancellable"] is False
    gifts.delete(f"/gifts/{gift['uuid']}").error("UNPROCESSABLE_ENTITY")
    gifts.patch(f"/gifts/{gift['uuid']}", {"amount": 1}).error("UNPROCESSABLE_ENTITY")
    assert read_gift(gifts, gift) == used


def test_a_redeemed_gift_is_listed_as_redeemed(gifts):
    gift = new_gift(gifts, amount=100)
    pay(gifts, gift)
    listed = gifts.get("/gifts", {"supplierReference": gift["supplierReference"]}).ok()
    assert [(g["status"], g["balance"]) for g in listed] == [("REDEEMED", 0)]


# --- concurrency ------------------------------------------------------------------------------


def test_parallel_payments_never_spend_more_than_the_gift(any_server):
    client = at_noon(any_server.with_capabilities(PRICING, GIFTS))
    gift = new_gift(client, amount=10000)
    code = code_of(gift)
    bodies = [reservation(client, start=start, giftPayment={"code": code}) for start in ("09:00", "13:00")]
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        futures = [pool.submit(client.post, "/bookings", bodies[n % 2]) for n in range(PARALLEL)]
        replies = [future.result() for future in futures]
    won = [reply.ok() for reply in replies if reply.status == 200]
    for reply in replies:
        if reply.status != 200:
            reply.error("UNPROCESSABLE_ENTITY")
    applied = [booking["giftPayment"]["amount"] for booking in won]
    assert sum(applied) <= 10000 and all(amount > 0 for amount in applied)
    assert len(won) == 4 and applied == [ADULT_GBP] * 4
    after = read_gift(client, gift)
    assert after["balance"] >= 0 and after["balance"] == 10000 - sum(applied)
    assert after["status"] == "REDEEMED"
    held = all_bookings(client)
    assert sorted(b["uuid"] for b in held) == sorted(b["uuid"] for b in won)
    assert sum(b["giftPayment"]["amount"] for b in held) == sum(applied)
