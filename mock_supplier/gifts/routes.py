"""Gift routes (served under /octo/gifts): thin, like the booking routes."""
from __future__ import annotations

from flask import Blueprint, g, request

from ..capabilities import GIFTS
from ..errors import BadRequest
from ..web import authenticate, json_body, json_response, sandbox
from . import rules
from .gift_json import gift_json

blueprint = Blueprint("octo_gifts", __name__)
blueprint.before_request(authenticate)


@blueprint.before_request
def require_capability() -> None:
    """Gifts are only for callers who ask for them (with octo/pricing, which they depend on)."""
    if GIFTS not in g.capabilities:
        raise BadRequest(f"Gift vouchers need the header Octo-Capabilities: octo/pricing, {GIFTS}")


@blueprint.post("")
def reserve():
    """POST /gifts: reserve a gift voucher (ON_HOLD)."""
    body = json_body("requests/gift-reservation")
    with sandbox(write=True) as ctx:
        return json_response(gift_json(ctx, rules.reserve(ctx, body)))


@blueprint.get("")
def list_gifts():
    """GET /gifts: by resellerReference or supplierReference."""
    query = {key: request.args[key] for key in request.args}
    with sandbox() as ctx:
        return json_response([gift_json(ctx, record) for record in rules.search(ctx, query)])


@blueprint.get("/<gift_uuid>")
def get_gift(gift_uuid: str):
    """GET /gifts/{uuid}."""
    with sandbox() as ctx:
        return json_response(gift_json(ctx, rules.get(ctx, gift_uuid)))


@blueprint.patch("/<gift_uuid>")
def update_gift(gift_uuid: str):
    """PATCH /gifts/{uuid}: while cancellable."""
    return _change(rules.update, gift_uuid, "requests/gift-update")


@blueprint.post("/<gift_uuid>/confirm")
def confirm_gift(gift_uuid: str):
    """POST /gifts/{uuid}/confirm."""
    return _change(rules.confirm, gift_uuid, "requests/gift-confirmation")


@blueprint.delete("/<gift_uuid>")
def cancel_gift(gift_uuid: str):
    """DELETE /gifts/{uuid}: while cancellable."""
    return _change(rules.cancel, gift_uuid, "requests/booking-cancellation")


@blueprint.post("/<gift_uuid>/extend")
def extend_gift(gift_uuid: str):
    """POST /gifts/{uuid}/extend."""
    return _change(rules.extend, gift_uuid, "requests/booking-extension")


def _change(rule, gift_uuid: str, schema_name: str):
    body = json_body(schema_name)
    with sandbox(write=True) as ctx:
        return json_response(gift_json(ctx, rule(ctx, gift_uuid, body)))

