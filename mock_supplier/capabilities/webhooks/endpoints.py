"""Webhook operations (under /octo/webhooks, SPEC-CAPABILITIES §6.1): thin."""
from __future__ import annotations

from ...kernel.operations import ARRAY, WRITE, Operations
from . import dispatcher, subscriptions
from .subscriptions import WEBHOOKS

endpoints = Operations(WEBHOOKS)


@endpoints("POST", "/webhooks", request="requests/webhook-creation", response="webhook", access=WRITE,
           operation_id="createWebhook")
def create_webhook(ctx, call):
    """Subscribe a url to booking_update or availability_update events."""
    webhook = subscriptions.create(ctx, call.body)
    ctx.after_commit.append(lambda mock=ctx.mock: dispatcher.ensure(mock))
    return webhook


@endpoints("GET", "/webhooks", response="webhook", shape=ARRAY, operation_id="listWebhooks")
def list_webhooks(ctx, call):
    """The caller's subscriptions."""
    return subscriptions.listing(ctx)


@endpoints("DELETE", "/webhooks/{webhook_id}", response="webhook", access=WRITE, operation_id="deleteWebhook")
def delete_webhook(ctx, call):
    """Unsubscribe: nothing more is sent to it, not even what was waiting for a retry."""
    return subscriptions.delete(ctx, call.params["webhook_id"])
