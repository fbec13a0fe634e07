"""Defects in octo/webhooks (SPEC-CAPABILITIES §6.1): subscriptions not listed, payloads in the
wrong shape, deliveries never sent or sent twice, and deletions that do not stop them.

Deliveries leave the mock from its own thread, beyond any middleware: these defects act on the
subscriptions instead (where they point, what they ask for, whether a deletion deletes)."""
from __future__ import annotations

import json
import re

from .kit import Call, Defect, answer, ask, rewriting, send, with_body

WEBHOOK_PATH = re.compile(r"^/octo/webhooks/(?P<id>[^/]+)$")
NOWHERE = "http://127.0.0.1:9/octoconf-defect"  # the discard port: nobody listens, every delivery fails


def _is_subscription(call: Call) -> bool:
    return call.method == "POST" and call.path == "/octo/webhooks"


WEBHOOKS_NOT_LISTED = Defect(
    "GET /webhooks answers an empty list whatever was subscribed",
    rewriting(lambda c: c.method == "GET" and c.path == "/octo/webhooks", lambda data, call: []),
    fails={"test_a_subscription_is_made_and_listed"})


def _subscribing(change_body, also=None):
    """Middleware: a subscription is made with `change_body(body)` instead of what was sent (its
    answer shows what was sent); `also(app, environ, body)` runs after it."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            if not (_is_subscription(call) and isinstance(call.body, dict)):
                return app(environ, start_response)
            with_body(environ, change_body(dict(call.body)))
            status, headers, body = answer(app, environ)
            if status.startswith("200"):
                webhook = json.loads(body)
                webhook["url"] = call.body.get("url", webhook.get("url"))
                body = json.dumps(webhook).encode()
                if also is not None:
                    also(app, environ, call.body)
            return send(start_response, status, headers, body)
        return middleware
    return wrap


WEBHOOK_CAPABILITIES_IGNORED = Defect(
    "deliveries show the booking without the subscription's capabilities (only octo/webhooks applied)",
    _subscribing(lambda body: {**body, "capabilities": ["octo/webhooks"]}),
    fails={"test_a_booking_change_delivers_one_booking_update"})


DELIVERIES_NEVER_SENT = Defect(
    "a subscription is acknowledged, but nothing is ever delivered to its url",
    _subscribing(lambda body: {**body, "url": NOWHERE, "retryOnError": False}),
    fails={"test_a_booking_change_delivers_one_booking_update"},
    blocks={"test_a_deleted_subscription_is_told_nothing_more"})


def _hidden_twin(app, environ, body: dict) -> None:
    ask(app, environ, "POST", "/octo/webhooks", body)


def _listed_without_twins(data, call):
    """The list as the supplier shows it: one subscription per url (the twins stay hidden)."""
    seen, shown = set(), []
    for webhook in data if isinstance(data, list) else []:
        if webhook.get("url") not in seen:
            seen.add(webhook.get("url"))
            shown.append(webhook)
    return shown


def _every_change_twice(app):
    listed = rewriting(lambda c: c.method == "GET" and c.path == "/octo/webhooks", _listed_without_twins)(app)
    return _subscribing(lambda body: body, also=_hidden_twin)(listed)


EVERY_CHANGE_DELIVERED_TWICE = Defect(
    "every change is delivered twice to a subscribed url (and once more after it is deleted)",
    _every_change_twice,
    fails={"test_a_booking_change_delivers_one_booking_update", "test_a_deleted_subscription_is_told_nothing_more"})


def _on_deletion(act):
    """Middleware factory: a DELETE /webhooks/{id} of a listed subscription is answered by
    `act(app, environ, start_response, webhook)`, the webhook as GET /webhooks listed it."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            match = WEBHOOK_PATH.match(call.path)
            if call.method != "DELETE" or match is None:
                return app(environ, start_response)
            _, listed = ask(app, environ, "GET", "/octo/webhooks")
            webhook = next((w for w in listed or [] if w.get("id") == match["id"]), None)
            if webhook is None:
                return app(environ, start_response)
            return act(app, environ, start_response, webhook)
        return middleware
    return wrap


def _delete_and_resubscribe(app, environ, start_response, webhook: dict):
    status, headers, body = answer(app, environ)
    if status.startswith("200"):
        ask(app, environ, "POST", "/octo/webhooks", {key: webhook[key] for key in (
            "url", "event", "retryOnError", "useContactLanguage", "headers", "capabilities")})
    return send(start_response, status, headers, body)


DELETED_WEBHOOK_STILL_DELIVERS = Defect(
    "a deleted subscription disappears from the list but its url is still sent every change",
    _on_deletion(_delete_and_resubscribe),
    fails={"test_a_deleted_subscription_is_told_nothing_more"})


def _keep(app, environ, start_response, webhook: dict):
    return send(start_response, "200 OK", [("Content-Type", "application/json")], json.dumps(webhook).encode())


WEBHOOK_DELETION_IGNORED = Defect(
    "DELETE /webhooks/{id} answers 200 and deletes nothing",
    _on_deletion(_keep),
    fails={"test_a_deleted_subscription_is_told_nothing_more"})
