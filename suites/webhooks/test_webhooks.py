"""octo/webhooks rules (SPEC-CAPABILITIES §6.1, Ventrata's push notifications): subscriptions made,
listed and deleted, and what a booking change POSTs to a subscribed url.

The run listens on loopback (suites/plugin/receiver.py): a target on this machine posts there
directly; a remote one needs --webhook-url, an address it can reach that forwards to the
receiver (--webhook-port), and without it these rules skip, saying so. Each rule subscribes a
url of its own and deletes what it subscribed when it ends. The payload is Ventrata's
(BookingUpdate: webhook, booking, diff, supplier), not the thin one of OCTO's separate
`notifications` capability (§6.2). A supplier may also tell a reservation as a booking_update;
the rules count only the deliveries showing the change they made. No source gives webhook error
codes, a retry schedule or the answer to a deletion: any 2xx answers a DELETE.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import pytest

import schemas
from suites.plugin.checks import as_json, expect, valid
from suites.plugin.failures import StepBlocked
from suites.plugin.receiver import Delivery, Receiver

pytestmark = pytest.mark.capability("octo/webhooks")

WEBHOOKS = "octo/webhooks"
DEADLINE = 20.0  # seconds a delivery may take to arrive
GRACE = 1.5  # seconds after the first delivery of a change in which a second one would count
DELIVERY_STEP = "a booking_update delivery to a subscribed url"
DELIVERY_RULE = "test_a_booking_change_delivers_one_booking_update"


class Listening:
    """The run's receiver and the address the target is to post to (or why there is none)."""

    def __init__(self, receiver: Receiver | None, public: str | None, problem: str | None):
        self.receiver, self.public, self.problem = receiver, public, problem


@pytest.fixture(scope="session")
def listening(octo_run):
    """The run's webhook receiver on 127.0.0.1, started once."""
    settings = octo_run.settings
    if settings.webhook_url is None and not _on_this_machine(octo_run.base_url):
        yield Listening(None, None, "the target is not on this machine: give --webhook-url, an address it can "
                                    "reach that forwards to this run's receiver (--webhook-port)")
        return
    port = settings.webhook_port or (urlsplit(settings.webhook_url).port if settings.webhook_url else None) or 0
    try:
        receiver = Receiver(port=port)
    except OSError as exc:
        yield Listening(None, None, f"the webhook receiver cannot listen on 127.0.0.1:{port}: {exc}")
        return
    try:
        yield Listening(receiver, settings.webhook_url or receiver.url(), None)
    finally:
        receiver.stop()


def _on_this_machine(base_url: str) -> bool:
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Hooks:
    """Subscriptions of one rule, each to a url of its own at the run's receiver."""

    def __init__(self, listening: Listening, capabilities: tuple[str, ...], spelling: dict[str, str]):
        self.receiver, self.public = listening.receiver, listening.public
        self.capabilities = capabilities  # what the rule's requests apply, hence what payloads must show
        self._spelling = spelling
        self.made: list[str] = []  # ids of what the rule subscribed
        self.urls: list[str] = []  # and the urls, to find what was subscribed but not answered with an id

    def subscribe(self, api, event: str = "booking_update") -> tuple[dict, str, str]:
        """(the Webhook, its url, the path the receiver sees its deliveries at)."""
        path = self.receiver.new_path()
        url = self.public + path
        self.urls.append(url)
        webhook = api.subscribe({"url": url, "event": event,
                                 "capabilities": [self._spelling.get(c, c) for c in self.capabilities]})
        self.made.append(webhook["id"])
        return webhook, url, (urlsplit(self.public).path.rstrip("/") + path)

    def showing(self, path: str, booking_uuid: str, status: str, grace: float = GRACE) -> list[Delivery]:
        """The deliveries at `path` whose booking is this one in this status, once one arrived
        (and `grace` more seconds passed, for a second one), or after DEADLINE."""
        def about(got: list[Delivery]) -> list[Delivery]:
            return [d for d in got if _booking_of(d).get("uuid") == booking_uuid
                    and _booking_of(d).get("status") == status]
        first = about(self.receiver.wait(path, lambda got: bool(about(got)), DEADLINE))
        if not first or not grace:
            return first
        return about(self.receiver.wait(path, lambda got: len(about(got)) > 1, grace))


def _booking_of(delivery: Delivery) -> dict:
    body = delivery.body
    booking = body.get("booking") if isinstance(body, dict) else None
    return booking if isinstance(booking, dict) else {}


def _arrived(receiver: Receiver, path: str) -> str:
    got = receiver.received(path)
    if not got:
        return "nothing arrived"
    return "; ".join(f"a POST of {as_json(d.body)[:300] if d.body is not None else d.raw[:300]!r}" for d in got[:3])


@pytest.fixture
def hooks(api, client, listening, octo_run, request):
    """The rule's subscriptions, deleted when it ends (before its bookings are cancelled)."""
    if listening.problem:
        pytest.skip(listening.problem)
    made = Hooks(listening, client.capabilities, octo_run.spelling)
    yield made
    quiet = client.with_key(client.api_key, client.key_origin)
    quiet.log = []
    for webhook_id in made.made + _listed_at(quiet, made.urls, made.made):
        try:
            done = quiet.delete(f"/webhooks/{webhook_id}")
        except Exception as exc:  # noqa: BLE001 - clean-up never fails the rule
            done, why = None, str(exc)
        if done is None or not 200 <= done.status < 300:
            why = f"HTTP {done.status}" if done is not None else why
            request.node.user_properties.append(("left_behind", f"webhook {webhook_id} (its deletion failed: {why})"))


def _listed_at(client, urls: list[str], known: list[str]) -> list[str]:
    """Ids of listed subscriptions to these urls that are not known already."""
    if not urls:
        return []
    try:
        listed = client.get("/webhooks").json()
    except Exception:  # noqa: BLE001 - clean-up never fails the rule
        return []
    return [w["id"] for w in listed if isinstance(w, dict) and isinstance(w.get("id"), str)
            and str(w.get("url") or "").rstrip("/") in urls and w["id"] not in known] if isinstance(listed, list) else []


# --- subscriptions ---------------------------------------------------------------------------


def test_a_subscription_is_made_and_listed(api, hooks):
    """POST /webhooks with a url and an event answers a Webhook with an id, that url and that event, and GET /webhooks lists it (SPEC-CAPABILITIES §6.1: Endpoints, CreateWebhookBody, Webhook)."""
    webhook, url, _ = hooks.subscribe(api.tested)
    valid("webhook", webhook)
    expect((str(webhook.get("url") or "").rstrip("/"), webhook.get("event")) == (url, "booking_update"),
           f"url {url} and event booking_update, as subscribed",
           f"url {as_json(webhook.get('url'))}, event {as_json(webhook.get('event'))}")
    listed = api.tested.webhooks()
    mine = [w for w in listed if w.get("id") == webhook["id"]]
    expect(mine, f"GET /webhooks to list the subscription {webhook['id']}", [w.get("id") for w in listed])
    valid("webhook", mine[0], "GET /webhooks ")


# --- deliveries --------------------------------------------------------------------------------


def test_a_booking_change_delivers_one_booking_update(api, hooks, discover, people):
    """A booking confirmed while a booking_update subscription exists is POSTed to its url once, within 20 s, as {webhook, booking, diff, supplier} with the booking CONFIRMED in the shape of the subscription's capabilities (SPEC-CAPABILITIES §6.1: Events, Delivery; supplier is optional, the v1 types lack it)."""
    webhook, url, path = hooks.subscribe(api)
    booking = api.confirmed(discover.offer(), people)
    got = hooks.showing(path, booking["uuid"], "CONFIRMED")
    expect(got, f"a POST to {url} within {DEADLINE:g} s with booking {booking['uuid']} CONFIRMED",
           _arrived(hooks.receiver, path))
    expect(len(got) == 1, "one booking_update for the confirmation", f"{len(got)} of them")
    body = got[0].body
    problems = schemas.violations("webhook-booking-update", body, capabilities=hooks.capabilities,
                                  ignore_unrequested=True)
    expect(not problems, f"a BookingUpdate body, its booking with the fields of {', '.join(hooks.capabilities)}",
           "\n".join(str(p) for p in problems[:10]))
    expect(body["webhook"].get("id") == webhook["id"], f"webhook.id {webhook['id']}, the subscription's",
           f"webhook.id {as_json(body['webhook'].get('id'))}")


def test_a_deleted_subscription_is_told_nothing_more(api, client, hooks, discover, people):
    """Once DELETE /webhooks/{id} answers 2xx, GET /webhooks no longer lists the subscription and a later change of a booking is not POSTed to its url (SPEC-CAPABILITIES §6.1: Endpoints, DELETE /webhooks/:id).

    A second subscription, kept, is the control: the change is judged once it has been told of
    it (and GRACE more seconds passed), so the rule waits as long as the target's deliveries take
    and never passes on a target that does not tell of the change at all."""
    webhook, url, path = hooks.subscribe(api)
    _, control_url, control = hooks.subscribe(api)
    booking = api.confirmed(discover.offer(), people)
    for at, where in ((url, path), (control_url, control)):
        if not hooks.showing(where, booking["uuid"], "CONFIRMED", grace=0):
            raise StepBlocked(DELIVERY_STEP, DELIVERY_RULE, f"a POST to {at} with booking {booking['uuid']} CONFIRMED",
                              _arrived(hooks.receiver, where))
    deleted = client.delete(f"/webhooks/{webhook['id']}")
    expect(200 <= deleted.status < 300, f"a 2xx answer to DELETE /webhooks/{webhook['id']}",
           f"HTTP {deleted.status}: {deleted.gist()}")
    hooks.made.remove(webhook["id"])
    still = [w.get("id") for w in api.webhooks() if w.get("id") == webhook["id"]]
    expect(not still, f"GET /webhooks without the deleted subscription {webhook['id']}", "it is still listed")
    before = len(hooks.receiver.received(path))
    api.cancel(booking["uuid"])
    if not hooks.showing(control, booking["uuid"], "CANCELLED", grace=0):
        raise StepBlocked("a booking_update delivery of a cancellation to a subscribed url", DELIVERY_RULE,
                          f"a POST to {control_url} with booking {booking['uuid']} CANCELLED",
                          _arrived(hooks.receiver, control))
    later = hooks.receiver.wait(path, lambda got: len(got) > before, GRACE)[before:]
    expect(not later, f"nothing POSTed to {url} after its subscription was deleted",
           f"{len(later)} POST(s) by {GRACE:g} s after the kept subscription was told of cancelling booking "
           f"{booking['uuid']}: {_arrived(hooks.receiver, path)}")
