"""octo/cart (SPEC-CAPABILITIES §5): orders started and joined by reservations, read, confirmed,
cancelled and extended whole, all or nothing, under both path spellings."""
import pytest

from tests.harness import (CONTACT, PRICING, advance_clock, assert_unchanged, availability_of, confirm, open_date,
                           reserve)

CART = "octo/cart"
UNKNOWN_ID = "0b6f4f7e-2a53-4c2e-9d61-3f1e8a7c5b40"


@pytest.fixture
def cart(client):
    """The client asking for octo/cart."""
    return client.with_capabilities(CART)


def order_of(client, booking: dict, root: str = "/orders") -> dict:
    return client.get(f"{root}/{booking['orderId']}").ok()


def two_booking_order(client, product_id: str = "river-cruise", **second) -> tuple[dict, dict]:
    first = reserve(client, product_id, start="10:00")
    return first, reserve(client, product_id, start="11:00", orderId=first["orderId"], **second)


def statuses(order: dict) -> list[str]:
    return [b["status"] for b in order["bookings"]]


# --- starting and joining ------------------------------------------------------------------


def test_a_reservation_without_an_order_id_starts_an_order_it_is_primary_in(cart):
    booking = reserve(cart, "river-cruise")
    assert booking["primary"] is True
    order = order_of(cart, booking)
    assert order["id"] == booking["orderId"]
    assert order["supplierReference"] == booking["orderReference"]
    assert (order["status"], order["utcExpiresAt"], order["utcConfirmedAt"]) == ("ON_HOLD", booking["utcExpiresAt"], None)
    assert order["cancellable"] is True and order["confirmable"] is True
    assert order["bookings"] == [booking]


def test_a_reservation_with_an_order_id_joins_it(cart):
    first, second = two_booking_order(cart)
    assert second["orderId"] == first["orderId"] and second["primary"] is False
    assert second["orderReference"] == first["orderReference"]
    assert [b["uuid"] for b in order_of(cart, first)["bookings"]] == [first["uuid"], second["uuid"]]


def test_both_path_spellings_answer_the_same_order(cart):
    booking = reserve(cart, "river-cruise")
    assert order_of(cart, booking, "/order") == order_of(cart, booking)


def test_post_orders_creates_an_empty_order_that_bookings_join(cart):
    order = cart.post("/orders", {"contact": CONTACT, "expirationMinutes": 45}).ok()
    assert (order["status"], order["bookings"], order["contact"]["emailAddress"]) == ("ON_HOLD", [], CONTACT["emailAddress"])
    cart.post(f"/orders/{order['id']}/confirm", {}).error("UNPROCESSABLE_ENTITY")
    booking = reserve(cart, "river-cruise", orderId=order["id"])
    assert booking["primary"] is False
    confirmed = cart.post(f"/orders/{order['id']}/confirm", {}).ok()
    assert confirmed["status"] == "CONFIRMED"
    assert confirmed["bookings"][0]["contact"]["emailAddress"] == CONTACT["emailAddress"]
    assert cart.post("/order", {}).ok()["status"] == "ON_HOLD"


def test_without_the_capability_bookings_show_no_order_and_cannot_join_one(client, cart):
    booking = reserve(client, "river-cruise")
    assert "orderId" not in booking and "primary" not in booking
    assert reserve(cart, "river-cruise")["orderId"]
    body = {"productId": "river-cruise", "optionId": "DEFAULT", "availabilityId": booking["availabilityId"],
            "unitItems": [{"unitId": "adult"}], "orderId": cart.get(f"/bookings/{booking['uuid']}").ok()["orderId"]}
    assert "octo/cart" in client.post("/bookings", body).error("BAD_REQUEST")["errorMessage"]
    client.get(f"/orders/{UNKNOWN_ID}").error("BAD_REQUEST")


def test_an_unknown_order_is_invalid_order_id_echoing_id_and_order_id(cart):
    for path in (f"/orders/{UNKNOWN_ID}", f"/order/{UNKNOWN_ID}"):
        cart.get(path).error("INVALID_ORDER_ID", id=UNKNOWN_ID, orderId=UNKNOWN_ID)
    for action in ("confirm", "cancel", "extend"):
        cart.post(f"/orders/{UNKNOWN_ID}/{action}", {}).error("INVALID_ORDER_ID", id=UNKNOWN_ID)
    cart.post("/bookings", {"productId": "river-cruise", "optionId": "DEFAULT",
                            "availabilityId": reserve(cart, "river-cruise")["availabilityId"],
                            "unitItems": [{"unitId": "adult"}], "orderId": UNKNOWN_ID}).error("INVALID_ORDER_ID")


def test_a_confirmed_order_takes_no_more_bookings(cart):
    first = reserve(cart, "river-cruise")
    cart.post(f"/orders/{first['orderId']}/confirm", {"contact": CONTACT}).ok()
    body = {"productId": "river-cruise", "optionId": "DEFAULT", "availabilityId": first["availabilityId"],
            "unitItems": [{"unitId": "adult"}], "orderId": first["orderId"]}
    cart.post("/bookings", body).error("UNPROCESSABLE_ENTITY")


def test_a_booking_in_another_currency_cannot_join(cart):
    first = reserve(cart, "river-cruise")
    body = {"productId": "river-cruise", "optionId": "DEFAULT", "availabilityId": first["availabilityId"],
            "currency": "EUR", "unitItems": [{"unitId": "adult"}], "orderId": first["orderId"]}
    cart.post("/bookings", body).error("UNPROCESSABLE_ENTITY")


# --- confirm -------------------------------------------------------------------------------


@pytest.mark.parametrize("root", ["/orders", "/order"])
def test_confirming_an_order_confirms_every_booking_once(cart, root):
    first, _ = two_booking_order(cart)
    order = cart.post(f"{root}/{first['orderId']}/confirm", {"contact": CONTACT}).ok()
    assert order["status"] == "CONFIRMED" and statuses(order) == ["CONFIRMED", "CONFIRMED"]
    assert order["utcConfirmedAt"] and order["utcExpiresAt"] is None and order["confirmable"] is False
    assert all(b["contact"]["emailAddress"] == CONTACT["emailAddress"] for b in order["bookings"])
    assert cart.post(f"{root}/{first['orderId']}/confirm", {"contact": CONTACT}).ok() == order
    assert order_of(cart, first) == order


def test_a_booking_that_cannot_be_confirmed_leaves_the_whole_order_on_hold(cart):
    first = reserve(cart, "walking-tour", start="09:00")  # its option requires names and an email
    second = reserve(cart, "walking-tour", start="13:00", orderId=first["orderId"])
    before = order_of(cart, first)
    error = cart.post(f"/orders/{first['orderId']}/confirm", {"contact": {"fullName": "Ada"}}).error("UNPROCESSABLE_ENTITY")
    assert first["uuid"] in error["errorMessage"]
    assert order_of(cart, first) == before
    assert_unchanged(cart, first)
    assert_unchanged(cart, second)


def test_an_expired_booking_leaves_the_whole_order_unconfirmed(cart):
    first = reserve(cart, "river-cruise", start="10:00", expirationMinutes=60)
    reserve(cart, "river-cruise", start="11:00", orderId=first["orderId"], expirationMinutes=5)
    advance_clock(cart, 10)
    order = order_of(cart, first)
    assert order["status"] == "ON_HOLD" and order["confirmable"] is False
    cart.post(f"/orders/{first['orderId']}/confirm", {"contact": CONTACT}).error("UNPROCESSABLE_ENTITY")
    assert statuses(order_of(cart, first)) == ["ON_HOLD", "EXPIRED"]


def test_a_booking_cancelled_on_its_own_stays_cancelled_and_the_rest_are_confirmed(cart):
    first, second = two_booking_order(cart)
    cart.post(f"/bookings/{second['uuid']}/cancel", {}).ok()
    assert order_of(cart, first)["status"] == "ON_HOLD"
    order = cart.post(f"/orders/{first['orderId']}/confirm", {"contact": CONTACT}).ok()
    assert (order["status"], statuses(order)) == ("CONFIRMED", ["CONFIRMED", "CANCELLED"])


def test_the_order_status_follows_bookings_confirmed_one_by_one(cart):
    first, second = two_booking_order(cart)
    confirm(cart, first)
    assert order_of(cart, first)["status"] == "ON_HOLD"
    confirm(cart, second)
    order = order_of(cart, first)
    assert (order["status"], order["utcExpiresAt"]) == ("CONFIRMED", None) and order["utcConfirmedAt"]


# --- cancel --------------------------------------------------------------------------------


@pytest.mark.parametrize("method,path", [("post", "/orders/{}/cancel"), ("delete", "/orders/{}"),
                                         ("post", "/order/{}/cancel")])
def test_cancelling_an_on_hold_order_cancels_every_booking_and_releases_the_seats(cart, method, path):
    first, second = two_booking_order(cart)
    vacancies = availability_of(cart, first["availabilityId"], "river-cruise")["vacancies"]
    order = getattr(cart, method)(path.format(first["orderId"]), {"reason": "plans changed"}).ok()
    assert (order["status"], statuses(order)) == ("CANCELLED", ["CANCELLED", "CANCELLED"])
    assert order["cancellable"] is False
    assert availability_of(cart, first["availabilityId"], "river-cruise")["vacancies"] == vacancies + 1
    assert getattr(cart, method)(path.format(first["orderId"]), {}).ok() == order


def test_cancelling_a_confirmed_order_cancels_every_booking(cart):
    first, _ = two_booking_order(cart)
    cart.post(f"/orders/{first['orderId']}/confirm", {"contact": CONTACT}).ok()
    order = cart.post(f"/orders/{first['orderId']}/cancel", {}).ok()
    assert (order["status"], statuses(order)) == ("CANCELLED", ["CANCELLED", "CANCELLED"])
    assert all(b["cancellation"]["refund"] == "FULL" for b in order["bookings"])


def test_an_order_with_a_booking_past_its_cutoff_is_not_cancelled_at_all(cart):
    late = reserve(cart, "cooking-class", units=("adult",), local_date=open_date(cart, "cooking-class", 5))
    early = reserve(cart, "cooking-class", units=("adult",), local_date=open_date(cart, "cooking-class", 40),
                    orderId=late["orderId"])
    order = cart.post(f"/orders/{late['orderId']}/confirm", {"contact": CONTACT}).ok()
    assert order["cancellable"] is False
    cart.post(f"/orders/{late['orderId']}/cancel", {}).error("UNPROCESSABLE_ENTITY")
    assert order_of(cart, late) == order
    assert cart.get(f"/bookings/{early['uuid']}").ok()["status"] == "CONFIRMED"


# --- extend and expiry -----------------------------------------------------------------------


def test_extending_an_order_holds_every_booking_longer(cart):
    first, _ = two_booking_order(cart)
    order = cart.post(f"/order/{first['orderId']}/extend", {"expirationMinutes": 90}).ok()
    expiries = {b["utcExpiresAt"] for b in order["bookings"]}
    assert expiries == {order["utcExpiresAt"]} and order["utcExpiresAt"] > first["utcExpiresAt"]
    advance_clock(cart, 60)
    assert order_of(cart, first)["status"] == "ON_HOLD"


def test_a_confirmed_order_cannot_be_extended(cart):
    first = reserve(cart, "river-cruise")
    cart.post(f"/orders/{first['orderId']}/confirm", {"contact": CONTACT}).ok()
    cart.post(f"/orders/{first['orderId']}/extend", {}).error("UNPROCESSABLE_ENTITY")


def test_an_expired_order_reads_expired_and_refuses_confirm_extend_cancel_and_joining(cart):
    first, _ = two_booking_order(cart)
    advance_clock(cart, 31)
    order = order_of(cart, first)
    assert (order["status"], statuses(order), order["cancellable"]) == ("EXPIRED", ["EXPIRED", "EXPIRED"], False)
    cart.post(f"/orders/{first['orderId']}/confirm", {}).error("INVALID_ORDER_ID", id=first["orderId"])
    cart.post(f"/orders/{first['orderId']}/extend", {}).error("INVALID_ORDER_ID", id=first["orderId"])
    cart.post(f"/orders/{first['orderId']}/cancel", {}).error("UNPROCESSABLE_ENTITY")
    body = {"productId": "river-cruise", "optionId": "DEFAULT", "availabilityId": first["availabilityId"],
            "unitItems": [{"unitId": "adult"}], "orderId": first["orderId"]}
    cart.post("/bookings", body).error("INVALID_ORDER_ID")


# --- pricing ------------------------------------------------------------------------------------


def test_an_orders_total_is_its_live_bookings_total(client):
    priced = client.with_capabilities(CART, PRICING)
    first = reserve(priced, "river-cruise", units=("adult", "adult"), start="10:00")
    second = reserve(priced, "river-cruise", units=("adult", "child"), start="11:00", orderId=first["orderId"])
    order = order_of(priced, first)
    assert order["pricing"]["retail"] == first["pricing"]["retail"] + second["pricing"]["retail"]
    assert order["pricing"]["currency"] == first["pricing"]["currency"]
    taxes = {t["name"]: t["retail"] for t in order["pricing"]["includedTaxes"]}
    for tax in first["pricing"]["includedTaxes"]:
        assert taxes[tax["name"]] == tax["retail"] + next(
            t["retail"] for t in second["pricing"]["includedTaxes"] if t["name"] == tax["name"])
    priced.post(f"/bookings/{second['uuid']}/cancel", {}).ok()
    assert order_of(priced, first)["pricing"]["retail"] == first["pricing"]["retail"]
    assert "pricing" not in order_of(client.with_capabilities(CART), first)


# --- sandboxes ------------------------------------------------------------------------------------


def test_another_key_can_neither_read_nor_act_on_an_order(cart, other_client):
    booking = reserve(cart, "river-cruise")
    other = other_client.with_capabilities(CART)
    other.get(f"/orders/{booking['orderId']}").error("INVALID_ORDER_ID")
    other.post(f"/orders/{booking['orderId']}/cancel", {}).error("INVALID_ORDER_ID")
    body = {"productId": "river-cruise", "optionId": "DEFAULT", "availabilityId": booking["availabilityId"],
            "unitItems": [{"unitId": "adult"}], "orderId": booking["orderId"]}
    other.post("/bookings", body).error("INVALID_ORDER_ID")
    assert order_of(cart, booking)["status"] == "ON_HOLD"


def test_a_reset_forgets_the_orders(cart):
    booking = reserve(cart, "river-cruise")
    cart.post("/_control/reset").ok()
    cart.get(f"/orders/{booking['orderId']}").error("INVALID_ORDER_ID")
