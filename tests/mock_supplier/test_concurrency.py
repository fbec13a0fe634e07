"""Concurrent reservations against the last seats of a slot never overbook: across the threads of one
server, the worker processes of one server (--workers), and separate servers sharing a database."""
from concurrent.futures import ThreadPoolExecutor

from tests.harness import all_bookings, at_noon, availability_of, reservation

ATTEMPTS = 24  # one seat each, at a 09:00 walking tour with 10 seats


def reserve_all(clients, body: dict, attempts: int = ATTEMPTS) -> list:
    """Send `attempts` copies of a reservation at once, spread over the clients; the replies."""
    with ThreadPoolExecutor(max_workers=attempts) as pool:
        futures = [pool.submit(clients[n % len(clients)].post, "/bookings", body) for n in range(attempts)]
        return [future.result() for future in futures]


def assert_sold_exactly_the_capacity(client, body: dict, replies: list) -> None:
    won = [r for r in replies if r.status == 200]
    for reply in replies:
        if reply.status != 200:
            reply.error("UNPROCESSABLE_ENTITY")
    assert len(won) == 10
    assert len({r.body["uuid"] for r in won}) == 10
    slot = availability_of(client, body["availabilityId"])
    assert (slot["vacancies"], slot["status"], slot["available"]) == (0, "SOLD_OUT", False)
    held = all_bookings(client)
    assert sorted(b["uuid"] for b in held) == sorted(r.body["uuid"] for r in won)
    assert all(b["status"] == "ON_HOLD" for b in held)


def test_parallel_reservations_never_overbook(any_server):
    client = at_noon(any_server)
    body = reservation(client, start="09:00")
    assert_sold_exactly_the_capacity(client, body, reserve_all([client], body))


def test_parallel_reservations_on_two_processes_sharing_a_database_never_overbook(mock_processes, tmp_path):
    db = tmp_path / "shared.sqlite3"
    _, first = mock_processes.start(db)
    _, second = mock_processes.start(db)
    client = at_noon(first)
    body = reservation(client, start="09:00")
    assert_sold_exactly_the_capacity(second, body, reserve_all([first, second], body))


def test_parallel_repeats_of_one_request_make_one_booking(any_server):
    client = at_noon(any_server)
    body = reservation(client, start="09:00", uuid="7a4c2f0e-51b8-4d3a-9c6e-0f2b8d1e3a57")
    replies = reserve_all([client], body, attempts=8)
    assert {r.ok()["uuid"] for r in replies} == {body["uuid"]}
    assert [b["uuid"] for b in all_bookings(client)] == [body["uuid"]]
    assert availability_of(client, body["availabilityId"])["vacancies"] == 9
