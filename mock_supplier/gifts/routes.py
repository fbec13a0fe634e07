"""Gift routes (served under /octo/gifts): thin, like the booking routes."""
from __future__ import annotations

from flask import Blueprint, request

from ..capabilities import GIFTS
from ..web import authenticate, change, commit_and_view, json_body, json_response, requiring, sandbox
from . import rules
from .gift_json import gift_json

blueprint = Blueprint("octo_gifts", __name__)
blueprint.before_request(authenticate)
blueprint.before_request(requiring(GIFTS))  # with octo/pricing, which gifts depend on


@blueprint.post("")
def reserve():
    """POST /gifts: reserve a gift voucher (ON_HOLD)."""
    body = json_body("requests/gift-reservation")
    return commit_and_view(lambda ctx: rules.reserve(ctx, body), gift_json)


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
    return change(rules.update, gift_uuid, "requests/gift-update", gift_json)


@blueprint.post("/<gift_uuid>/confirm")
def confirm_gift(gift_uuid: str):
    """POST /gifts/{uuid}/confirm."""
    return change(rules.confirm, gift_uuid, "requests/gift-confirmation", gift_json)


@blueprint.delete("/<gift_uuid>")
def cancel_gift(gift_uuid: str):
    """DELETE /gifts/{uuid}: while cancellable."""
    return change(rules.cancel, gift_uuid, "requests/booking-cancellation", gift_json)


@blueprint.post("/<gift_uuid>/extend")
def extend_gift(gift_uuid: str):
    """POST /gifts/{uuid}/extend."""
    return change(rules.extend, gift_uuid, "requests/booking-extension", gift_json)


