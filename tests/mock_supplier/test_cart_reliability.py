"""octo/cart under races and faults, in the style of test_concurrency and test_durability: racing
confirms of orders on the last seats never overbook and never half-confirm an order, and a server
killed with SIGKILL in the middle of a load of orders keeps every order as it acknowledged it."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.harness import CONTACT, at_noon, availability_of, find_slot, load_until_killed

CART = "octo/cart"
KILL_AFTER = 8  # acknowledged orders before the server is killed


def _reserve(client, product: str, slot: str, adults: int, order_id: str | None = None) -> dict:
    body = {"productId": product, "optionId": "DEFAULT", "availabilityId": slot,
            "unitItems": [{"unitId": "adult"}] * adults}
    return client.post("/bookings", {**body, "orderId": order_id} if order_id else body).ok()


def _order(client, product: str, first_slot: str, second_slot: str, adults: int) -> str:
    """An order of two bookings, `adults` seats on the first slot and one on the second."""
    primary = _reserve(client, product, first_slot, adults)
    _reserve(client, product, second_slot, 1, primary["orderId"])
    return primary["orderId"]


def _assert_whole(order: dict) -> None:
    statuses = {b["status"] for b in order["bookings"]}
    assert statuses == {order["status"]}, order


def test_racing_confirms_of_two_orders_on_the_last_seats_never_overbook(any_server):
    client = at_noon(any_server).with_capabilities(CART)
    first, second = (find_slot(client, "walking-tour", start)["id"] for start in ("09:00", "13:00"))
    capacity = availability_of(client, first)["vacancies"]
    left = _order(client, "walking-tour", first, second, capacity // 2)
    right = _order(client, "walking-tour", first, second, capacity - capacity // 2)  # the last seats of the 09:00 departure
    assert availability_of(client, first)["vacancies"] == 0
    one_seat = {"productId": "walking-tour", "optionId": "DEFAULT", "availabilityId": first,
                "unitItems": [{"unitId": "adult"}]}
    calls = ([("post", f"/orders/{left}/confirm", {"contact": CONTACT}),
              ("post", f"/orders/{left}/cancel", {"reason": "race"}),
              ("post", f"/orders/{right}/confirm", {"contact": CONTACT}),
              ("post", "/bookings", one_seat)] * 4)
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        replies = list(pool.map(lambda c: getattr(client, c[0])(c[1], c[2]), calls))
    for reply in replies:
        assert reply.status == 200 or reply.error("UNPROCESSABLE_ENTITY")
    left_order, right_order = (client.get(f"/orders/{o}").ok() for o in (left, right))
    _assert_whole(left_order)
    _assert_whole(right_order)
    assert right_order["status"] == "CONFIRMED"
    assert left_order["status"] in ("CONFIRMED", "CANCELLED")
    won = [r for r, c in zip(replies, calls) if c[1] == "/bookings" and r.status == 200]
    if left_order["status"] == "CONFIRMED":
        assert won == []  # not one seat was free
    held = capacity - capacity // 2 + (capacity // 2 if left_order["status"] == "CONFIRMED" else len(won))
    assert held <= capacity
    assert availability_of(client, first)["vacancies"] == capacity - held


@pytest.mark.parametrize("workers", [1, 2])
def test_acknowledged_orders_survive_a_kill_in_the_middle_of_a_load(mock_processes, tmp_path, workers):
    db = tmp_path / "durable.sqlite3"
    process, first = mock_processes.start(db, workers=workers)
    client = at_noon(first.with_capabilities(CART))
    slots = [find_slot(client, "river-cruise", start)["id"] for start in ("10:00", "11:00")]
    acknowledged = load_until_killed(
        process, lambda n: _order(client, "river-cruise", slots[n % 2], slots[(n + 1) % 2], 1),  # roomy: never sold out
        lambda order_id: client.post(f"/orders/{order_id}/confirm", {"contact": CONTACT}).ok()["status"],
        kill_after=KILL_AFTER, flows_per_worker=30)
    _, second = mock_processes.start(db)
    second = second.with_capabilities(CART)
    for order_id in list(acknowledged.status):
        # A confirmation the kill cut off may have committed or not, but whole; anything acknowledged stands.
        order = second.get(f"/orders/{order_id}").ok()
        assert order["status"] in acknowledged.allowed(order_id), order_id
        assert len(order["bookings"]) == 2
        _assert_whole(order)
