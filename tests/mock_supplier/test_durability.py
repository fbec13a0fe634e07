"""Under load and faults: a server killed mid-load keeps every acknowledged booking and gift, and
racing confirm/cancel requests on one booking leave one consistent state. Bounded in count and time."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.harness import CONTACT, GIFTS, PRICING, at_noon, availability_of, find_slot, load_until_killed

KILL_AFTER = 12  # acknowledged changes before the server is killed


@pytest.mark.parametrize("workers", [1, 2])
def test_acknowledged_changes_survive_a_kill_in_the_middle_of_a_load(mock_processes, tmp_path, workers):
    db = tmp_path / "durable.sqlite3"
    process, first = mock_processes.start(db, workers=workers)
    client = at_noon(first.with_capabilities(PRICING, GIFTS))
    slots = [find_slot(client, "walking-tour", start, local_date=None)["id"] for start in ("09:00", "13:00")]

    def hold(n: int) -> str:
        """Bookings and gift vouchers by turns: the path of the n-th."""
        if n % 2:
            kind, body = "gifts", {"amount": 5000, "currency": "GBP"}
        else:
            kind, body = "bookings", {"productId": "walking-tour", "optionId": "DEFAULT",
                                      "availabilityId": slots[n % len(slots)], "unitItems": [{"unitId": "adult"}]}
        return f"/{kind}/{client.post(f'/{kind}', body).ok()['uuid']}"

    acknowledged = load_until_killed(
        process, hold, lambda path: client.post(f"{path}/confirm", {"contact": CONTACT}).ok()["status"],
        kill_after=KILL_AFTER)
    _, second = mock_processes.start(db)
    second = second.with_capabilities(PRICING, GIFTS)
    assert {path.split("/")[1] for path in acknowledged.status} == {"bookings", "gifts"}
    for path in list(acknowledged.status):
        assert second.get(path).ok()["status"] in acknowledged.allowed(path), path


def test_racing_confirms_and_cancels_leave_one_consistent_state(any_server):
    client = at_noon(any_server)
    slot = find_slot(client, "walking-tour", "09:00")
    before = availability_of(client, slot["id"])["vacancies"]
    booking = client.post("/bookings", {"productId": "walking-tour", "optionId": "DEFAULT",
                                        "availabilityId": slot["id"], "unitItems": [{"unitId": "adult"}]}).ok()
    calls = [("confirm", {"contact": CONTACT}), ("cancel", {"reason": "race"})] * 6
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        replies = list(pool.map(lambda c: client.post(f"/bookings/{booking['uuid']}/{c[0]}", c[1]), calls))
    for reply in replies:
        assert reply.status == 200 or reply.error("UNPROCESSABLE_ENTITY")
    final = client.get(f"/bookings/{booking['uuid']}").ok()
    assert final["status"] in ("CONFIRMED", "CANCELLED")
    cancelled = final["status"] == "CANCELLED"
    assert (final["cancellation"] is not None) == cancelled
    assert availability_of(client, slot["id"])["vacancies"] == before - (0 if cancelled else 1)
