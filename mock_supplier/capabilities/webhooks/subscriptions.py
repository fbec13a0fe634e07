"""Subscriptions (SPEC-CAPABILITIES §6.1): made, listed and deleted per API key sandbox."""
from __future__ import annotations

import uuid as uuidlib

import schemas

from ...kernel.context import Context
from ...kernel.errors import BadRequest
from . import table, targets

WEBHOOKS = "octo/webhooks"
BOOKING_UPDATE, AVAILABILITY_UPDATE = "booking_update", "availability_update"
MAX_SUBSCRIPTIONS = 20  # per sandbox: each change is sent to every one of them


def create(ctx: Context, body: dict) -> dict:
    """POST /webhooks: a new subscription. Its payloads are serialized with the capabilities the
    body names, else those the request applies (Ventrata's docs take them from the header;
    its OpenAPI and the v1 types from the body: the digest's Rec is the body when present)."""
    targets.check_url(body["url"], ctx.mock.config.webhook_allowed_hosts)
    if len(table.subscriptions(ctx.box)) >= MAX_SUBSCRIPTIONS:
        raise BadRequest(f"A sandbox may have at most {MAX_SUBSCRIPTIONS} webhooks; delete one first")
    if "capabilities" in body:
        asked = ",".join(body["capabilities"])
        capabilities = list(ctx.plugins.applied(asked))
        unknown = sorted({schemas.canonical_capability(c) for c in body["capabilities"]} - set(ctx.plugins.ids))
        if unknown:
            raise BadRequest(f"capabilities this supplier does not implement: {', '.join(unknown)}")
    else:
        capabilities = list(ctx.capabilities)
    webhook = {
        "id": str(uuidlib.uuid4()),
        "event": body["event"],
        "url": body["url"],
        "retryOnError": body.get("retryOnError", True),
        "useContactLanguage": body.get("useContactLanguage", True),
        "headers": dict(body.get("headers") or {}),
        "capabilities": capabilities,
    }
    table.add_subscription(ctx.box, webhook, ctx.base_url)
    return webhook


def listing(ctx: Context) -> list[dict]:
    """GET /webhooks: the sandbox's subscriptions, oldest first."""
    return [public(webhook) for webhook in table.subscriptions(ctx.box)]


def delete(ctx: Context, webhook_id: str) -> dict:
    """DELETE /webhooks/{id}: the subscription is gone, and nothing not yet sent to it will be."""
    webhook = table.subscription(ctx.box.conn, ctx.box.key, webhook_id)
    if webhook is None:
        raise BadRequest(f"No webhook with id {webhook_id!r}", )
    table.remove_subscription(ctx.box, webhook_id)
    return public(webhook)


def public(webhook: dict) -> dict:
    """The Webhook object, without what the mock keeps beside it."""
    return {key: value for key, value in webhook.items() if not key.startswith("_")}
