"""octo/webhooks (SPEC-CAPABILITIES §6.1): subscriptions per sandbox, deliveries after the commit
from a background thread, retries, the loopback-only rule, and receivers that fail or hang."""
from __future__ import annotations

import threading

import pytest

from mock_supplier import MockConfig, create_app
from mock_supplier.capabilities.webhooks import dispatcher, table, targets
from mock_supplier.cli import parse_args
from suites.plugin.receiver import Receiver
from tests.harness import PRICING, FlaskTransport, OctoClient, at_noon, confirm, reserve
from tests.harness.client import schema_problems

WEBHOOKS = "octo/webhooks"
DEADLINE = 10  # seconds a delivery may take (it takes milliseconds)
QUIET = 1.0  # seconds to wait for something that must not arrive


@pytest.fixture
def receiver():
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def hooks(client):
    """The client asking for octo/pricing and octo/webhooks."""
    return client.with_capabilities(PRICING, WEBHOOKS)


@pytest.fixture
def fast_retries(monkeypatch):
    monkeypatch.setattr(dispatcher, "RETRY_DELAYS", (0.05, 0.05, 0.05, 0.05))


def subscribe(client, receiver, event="booking_update", **fields) -> tuple[dict, str]:
    path = receiver.new_path()
    webhook = client.post("/webhooks", {"url": receiver.url(path), "event": event, **fields}).ok()
    return webhook, path


def events_of(app, client, webhook) -> list[dict]:
    """What the outbox holds for a subscription: every event with its state and attempts."""
    return table.events(app.extensions["octo_mock"].store.connection(), client.api_key, webhook["id"])


def one_delivery(receiver, path) -> dict:
    got = receiver.wait(path, lambda d: len(d) >= 1, DEADLINE)
    assert len(got) == 1, got
    return got[0]


# --- subscriptions -------------------------------------------------------------------------


def test_a_subscription_is_made_with_the_defaults_and_listed(hooks, receiver):
    webhook, path = subscribe(hooks, receiver)
    assert webhook["event"] == "booking_update" and webhook["url"] == receiver.url(path)
    assert webhook["retryOnError"] is True and webhook["useContactLanguage"] is True
    assert webhook["headers"] == {} and webhook["capabilities"] == [PRICING, WEBHOOKS]
    assert hooks.get("/webhooks").ok() == [webhook]


def test_capabilities_in_the_body_win_over_the_header_and_unknown_ones_are_refused(hooks, receiver):
    webhook, _ = subscribe(hooks, receiver, capabilities=["octo/content", "pricing"])
    assert webhook["capabilities"] == [PRICING, "octo/content"]
    refused = hooks.post("/webhooks", {"url": receiver.url("/x"), "event": "booking_update",
                                       "capabilities": ["octo/checkin"]})
    assert "octo/checkin" in refused.error("BAD_REQUEST")["errorMessage"]


def test_a_deleted_subscription_is_no_longer_listed_and_deleting_it_again_is_refused(hooks, receiver):
    first, _ = subscribe(hooks, receiver)
    second, _ = subscribe(hooks, receiver, event="availability_update", retryOnError=False,
                          headers={"X-Secret": "s3cret"})
    assert hooks.delete(f"/webhooks/{first['id']}").ok() == first
    assert hooks.get("/webhooks").ok() == [second]
    assert first["id"] in hooks.delete(f"/webhooks/{first['id']}").error("BAD_REQUEST")["errorMessage"]


def test_subscriptions_belong_to_their_key_and_a_reset_forgets_them(hooks, other_client, receiver):
    subscribe(hooks, receiver)
    assert other_client.with_capabilities(WEBHOOKS).get("/webhooks").ok() == []
    hooks.post("/_control/reset")
    assert hooks.get("/webhooks").ok() == []


def test_the_endpoints_need_the_capability_and_a_url_and_an_event(client, hooks, receiver):
    assert WEBHOOKS in client.get("/webhooks").error("BAD_REQUEST")["errorMessage"]
    hooks.post("/webhooks", {"event": "booking_update"}).error("BAD_REQUEST")
    hooks.post("/webhooks", {"url": receiver.url("/x"), "event": "order_update"}).error("BAD_REQUEST")
    hooks.post("/webhooks", {"url": "ftp://127.0.0.1/x", "event": "booking_update"}).error("BAD_REQUEST")


@pytest.mark.parametrize("url", ["http://example.com/hook", "http://10.0.0.1/hook", "https://[2001:db8::1]/h",
                                 "http://169.254.169.254/latest"])
def test_deliveries_go_to_loopback_addresses_only(hooks, url):
    refused = hooks.post("/webhooks", {"url": url, "event": "booking_update"}).error("BAD_REQUEST")
    assert "loopback" in refused["errorMessage"] and "--webhook-allow" in refused["errorMessage"]


@pytest.mark.parametrize("url", ["http://localhost:9/h", "http://127.0.0.2:9/h", "http://[::1]:9/h",
                                 "http://user:pass@127.0.0.1:9/h", "http://api.localhost:9/h"])
def test_every_loopback_address_may_be_subscribed(hooks, url):
    assert hooks.post("/webhooks", {"url": url, "event": "booking_update"}).ok()["url"] == url


def test_an_allow_list_opens_the_hosts_it_names_and_no_other(tmp_path):
    app = create_app(MockConfig(db_path=str(tmp_path / "allow.sqlite3"),
                                webhook_allowed_hosts=("hooks.example.com", "10.1.0.0/16")))
    hooks = at_noon(OctoClient(FlaskTransport(app))).with_capabilities(WEBHOOKS)
    for url in ("https://hooks.example.com/a", "http://10.1.2.3:8000/b", "http://127.0.0.1:9/c"):
        assert hooks.post("/webhooks", {"url": url, "event": "booking_update"}).ok()["url"] == url
    for url in ("https://evil.example.com/a", "http://10.2.0.1/b"):
        hooks.post("/webhooks", {"url": url, "event": "booking_update"}).error("BAD_REQUEST")
    for webhook in hooks.get("/webhooks").ok():
        hooks.delete(f"/webhooks/{webhook['id']}").ok()


# --- deliveries --------------------------------------------------------------------------------


def test_a_confirmation_delivers_one_booking_update_in_the_subscribed_shape(mock_app, hooks, receiver):
    webhook, path = subscribe(hooks, receiver, headers={"X-Secret": "s3cret"})
    booking = reserve(hooks)
    confirmed = confirm(hooks, booking)
    delivery = one_delivery(receiver, path)
    body = delivery.body
    assert schema_problems("webhook-booking-update", body, {PRICING, WEBHOOKS}) == []
    assert body["webhook"] == webhook and body["booking"] == confirmed
    assert {"op": "replace", "path": "/status", "was": "ON_HOLD", "value": "CONFIRMED"} in body["diff"]
    assert body["supplier"]["id"] == "octo-mock"
    assert delivery.headers["x-secret"] == "s3cret" and delivery.headers["content-type"] == "application/json"
    assert delivery.headers["octo-webhook-event"] == "booking_update"
    assert delivery.headers["octo-webhook-delivery"]
    assert [e["state"] for e in _settled(mock_app, hooks, webhook)] == ["delivered"]  # recorded after the answer


def test_the_booking_is_rendered_with_the_subscriptions_capabilities_not_the_changers(hooks, client, receiver):
    webhook, path = subscribe(hooks, receiver, capabilities=[WEBHOOKS])  # no pricing
    booking = reserve(client)
    confirm(client, booking)
    body = one_delivery(receiver, path).body
    assert "pricing" not in body["booking"]
    assert schema_problems("webhook-booking-update", body, {WEBHOOKS}) == []


def test_a_reservation_is_no_booking_update_and_a_cancellation_is_one(hooks, receiver):
    _, path = subscribe(hooks, receiver)
    booking = reserve(hooks)
    hooks.post(f"/bookings/{booking['uuid']}/cancel", {"reason": "plans changed"}).ok()
    body = one_delivery(receiver, path).body
    assert body["booking"]["status"] == "CANCELLED"
    assert {"op": "replace", "path": "/status", "was": "ON_HOLD", "value": "CANCELLED"} in body["diff"]


def test_an_update_delivers_its_diff(hooks, receiver):
    booking = reserve(hooks)
    _, path = subscribe(hooks, receiver)
    hooks.patch(f"/bookings/{booking['uuid']}", {"notes": "window seat"}).ok()
    hooks.patch(f"/bookings/{booking['uuid']}", {"notes": "aisle seat"}).ok()
    got = receiver.wait(path, lambda d: len(d) >= 2, DEADLINE)
    assert got[0].body["diff"] == []  # changed before the subscription: no earlier version kept
    assert {"op": "replace", "path": "/notes", "was": "window seat", "value": "aisle seat"} in got[1].body["diff"]


def test_a_refused_change_delivers_nothing(hooks, receiver):
    _, path = subscribe(hooks, receiver)
    booking = reserve(hooks, "walking-tour")
    hooks.post(f"/bookings/{booking['uuid']}/confirm", {"contact": {}}).error("UNPROCESSABLE_ENTITY")
    assert receiver.wait(path, lambda d: len(d) >= 1, QUIET) == []


def test_a_deleted_subscription_is_told_nothing_more(hooks, receiver):
    webhook, path = subscribe(hooks, receiver)
    booking = reserve(hooks)
    confirm(hooks, booking)
    one_delivery(receiver, path)
    hooks.delete(f"/webhooks/{webhook['id']}").ok()
    hooks.post(f"/bookings/{booking['uuid']}/cancel", {}).ok()
    assert len(receiver.wait(path, lambda d: len(d) >= 2, QUIET)) == 1


def test_availability_updates_tell_the_departure_a_booking_takes_and_gives_back(hooks, receiver):
    _, path = subscribe(hooks, receiver, event="availability_update")
    booking = reserve(hooks)
    hooks.post(f"/bookings/{booking['uuid']}/cancel", {}).ok()
    got = receiver.wait(path, lambda d: len(d) >= 2, DEADLINE)
    assert [d.body["availability"]["id"] for d in got] == [booking["availabilityId"]] * 2
    for delivery in got:
        assert delivery.body["productId"] == "walking-tour" and delivery.body["optionId"] == "DEFAULT"
        assert schema_problems("webhook-availability-update", delivery.body, {PRICING, WEBHOOKS}) == []
    confirm_free = reserve(hooks)
    confirm(hooks, confirm_free)  # holds the same seats: no new availability event for the confirmation
    assert len(receiver.wait(path, lambda d: len(d) >= 4, QUIET)) == 3


# --- retries and bad receivers -------------------------------------------------------------


def test_a_failed_delivery_is_tried_again_until_it_is_taken(mock_app, hooks, receiver, fast_retries):
    webhook, path = subscribe(hooks, receiver)
    receiver.answer(path, 500)
    confirm(hooks, reserve(hooks))
    receiver.wait(path, lambda d: len(d) >= 2, DEADLINE)
    receiver.answer(path, 204)
    got = receiver.wait(path, lambda d: len(d) >= 3, DEADLINE)
    assert len({d.headers["octo-webhook-delivery"] for d in got}) == 1 and len({d.raw for d in got}) == 1
    assert _settled(mock_app, hooks, webhook)[0]["state"] == "delivered"


def test_retries_stop_after_max_attempts(mock_app, hooks, receiver, fast_retries):
    webhook, path = subscribe(hooks, receiver)
    receiver.answer(path, 500)
    confirm(hooks, reserve(hooks))
    event = _settled(mock_app, hooks, webhook)[0]
    assert (event["state"], event["attempts"], event["outcome"]) == ("failed", dispatcher.MAX_ATTEMPTS, "HTTP 500")
    assert len(receiver.received(path)) == dispatcher.MAX_ATTEMPTS


def test_without_retry_on_error_a_failure_is_final(mock_app, hooks, receiver, fast_retries):
    webhook, path = subscribe(hooks, receiver, retryOnError=False)
    receiver.answer(path, 503)
    confirm(hooks, reserve(hooks))
    assert [(e["state"], e["attempts"]) for e in _settled(mock_app, hooks, webhook)] == [("failed", 1)]


def test_retries_are_bounded_in_time(mock_app, hooks, receiver, monkeypatch):
    monkeypatch.setattr(dispatcher, "RETRY_DELAYS", (0.05, 3600, 3600, 3600))
    monkeypatch.setattr(dispatcher, "MAX_AGE_SECONDS", 60)
    webhook, path = subscribe(hooks, receiver)
    receiver.answer(path, 500)
    confirm(hooks, reserve(hooks))
    assert [(e["state"], e["attempts"]) for e in _settled(mock_app, hooks, webhook)] == [("failed", 2)]


def test_a_hanging_receiver_never_holds_up_the_mocks_answers(hooks, receiver):
    webhook, path = subscribe(hooks, receiver)
    release = receiver.hang(path)
    try:
        booking = reserve(hooks)
        confirm(hooks, booking)
        receiver.wait(path, lambda d: len(d) >= 1, DEADLINE)  # the delivery is stuck in the receiver now
        for _ in range(3):  # each change and read is answered while it stays stuck
            other = reserve(hooks)
            hooks.post(f"/bookings/{other['uuid']}/cancel", {}).ok()
            hooks.get(f"/bookings/{booking['uuid']}").ok()
        assert len(receiver.received(path)) == 1  # the one thread is still stuck on the first
    finally:
        release.set()
    assert len(receiver.wait(path, lambda d: len(d) >= 4, DEADLINE)) == 4


def test_a_receiver_answering_500_never_fails_the_change(hooks, receiver, fast_retries):
    _, path = subscribe(hooks, receiver)
    receiver.answer(path, 500)
    booking = confirm(hooks, reserve(hooks))
    assert hooks.post(f"/bookings/{booking['uuid']}/cancel", {}).ok()["status"] == "CANCELLED"


def test_the_delivery_thread_stops_when_nothing_is_subscribed(mock_app, hooks, receiver):
    webhook, path = subscribe(hooks, receiver)
    confirm(hooks, reserve(hooks))
    one_delivery(receiver, path)
    hooks.delete(f"/webhooks/{webhook['id']}").ok()
    mock = mock_app.extensions["octo_mock"]
    worker = dispatcher._registry[id(mock)]._thread
    worker.join(timeout=DEADLINE)
    assert not worker.is_alive()


def _settled(app, client, webhook) -> list[dict]:
    """The subscription's events once none is pending any more."""
    done = threading.Event()
    for _ in range(int(DEADLINE / 0.05)):
        found = events_of(app, client, webhook)
        if found and all(e["state"] != "pending" for e in found):
            return found
        done.wait(0.05)
    raise AssertionError(f"still pending: {events_of(app, client, webhook)}")


# --- served over HTTP, by one process or two workers ------------------------------------------


def test_a_stuck_receiver_holds_up_no_answer_of_a_served_mock(any_server, receiver):
    """Through waitress, in one process and across `--workers 2`: every change is delivered, and
    while one delivery hangs in the receiver, bookings are still made, cancelled and read."""
    hooks = at_noon(any_server).with_capabilities(PRICING, WEBHOOKS)
    _, path = subscribe(hooks, receiver)
    release = receiver.hang(path)
    try:
        confirm(hooks, reserve(hooks))
        receiver.wait(path, lambda d: len(d) >= 1, DEADLINE)
        for _ in range(3):
            other = reserve(hooks)
            assert hooks.post(f"/bookings/{other['uuid']}/cancel", {}).ok()["status"] == "CANCELLED"
        # (with two workers the other one's thread may be stuck on a delivery of its own too)
    finally:
        release.set()
    assert len(receiver.wait(path, lambda d: len(d) >= 4, DEADLINE)) >= 4


def test_subscriptions_outlive_a_restart(mock_processes, tmp_path, receiver):
    """A subscription is kept in the database: after a restart, the next confirmation is delivered."""
    first, client = mock_processes.start(tmp_path / "restart.sqlite3")
    hooks = client.with_capabilities(WEBHOOKS)
    webhook, path = subscribe(hooks, receiver)
    first.stop()
    _, client = mock_processes.start(tmp_path / "restart.sqlite3")
    hooks = client.with_capabilities(WEBHOOKS)
    assert hooks.get("/webhooks").ok() == [webhook]
    booking = confirm(hooks, reserve(hooks))
    assert one_delivery(receiver, path).body["booking"]["uuid"] == booking["uuid"]


# --- where deliveries may go -------------------------------------------------------------------


def test_a_loopback_name_is_delivered_to(hooks, receiver):
    path = receiver.new_path()
    hooks.post("/webhooks", {"url": f"http://localhost:{receiver.port}{path}", "event": "booking_update"}).ok()
    confirm(hooks, reserve(hooks))
    assert one_delivery(receiver, path).body["booking"]["status"] == "CONFIRMED"


@pytest.mark.parametrize("host, allowed, goes", [
    ("127.0.0.1", (), True), ("localhost", (), True), ("10.0.0.1", (), False), ("10.0.0.1", ("10.0.0.0/8",), True),
    ("hooks.example.com", ("hooks.example.com",), True), ("anything.example", ("*",), True)])
def test_each_delivery_checks_its_address_again(host, allowed, goes):
    """A name allowed by name is not looked up; any other host must resolve to allowed addresses."""
    assert targets.delivery_addresses_allowed(host, 80, allowed) is goes


def test_octo_mock_takes_an_allow_list():
    args = parse_args(["--webhook-allow", "hooks.example.com", "--webhook-allow", "10.0.0.0/8"])
    assert args.webhook_allowed_hosts == ["hooks.example.com", "10.0.0.0/8"]
    assert parse_args([]).webhook_allowed_hosts is None
