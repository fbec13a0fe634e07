"""Redemption routes (served under /octo/redemption). Credentials is unauthenticated by design
(seed 000): a scanner asks which of its keys owns a code, and learns nothing else."""
from __future__ import annotations

from flask import Blueprint, current_app, request

from ..capabilities import REDEMPTION
from ..core.booking_json import booking_json
from ..errors import BadRequest
from ..web import authenticate, json_body, json_response, requiring, sandbox
from . import rules

blueprint = Blueprint("octo_redemption", __name__)
blueprint.before_request(authenticate)
blueprint.before_request(requiring(REDEMPTION))  # not meant for resellers: only for those who ask
credentials_blueprint = Blueprint("octo_redemption_credentials", __name__)


@blueprint.get("/lookup")
def lookup():
    """GET /redemption/lookup?reference=: every booking the code names, with redemptionCode and redeemable."""
    reference = request.args.get("reference", "").strip()
    if not reference:
        raise BadRequest("Give the scanned code as ?reference=")
    with sandbox() as ctx:
        return json_response([_result(ctx, target) for target in rules.lookup(ctx, reference)])


@blueprint.post("/redeem")
def redeem():
    """POST /redemption/redeem: one code gives a booking; an array of codes, all or nothing, an array."""
    code = json_body("requests/redemption-redeem")["redemptionCode"]
    with sandbox(write=True) as ctx:
        done = [_result(ctx, target) for target in rules.redeem(ctx, code if isinstance(code, list) else [code])]
        return json_response(done if isinstance(code, list) else done[0])


@blueprint.post("/validate")
def validate():
    """POST /redemption/validate: apply the validity rules, redeeming first if needed."""
    code = json_body("requests/redemption-validate")["redemptionCode"]
    with sandbox(write=True) as ctx:
        return json_response(_result(ctx, rules.validate(ctx, code)))


@credentials_blueprint.post("/credentials")
def credentials():
    """POST /redemption/credentials: which of the given API keys owns the code, or null."""
    body = json_body("requests/redemption-credentials")
    mock = current_app.extensions["octo_mock"]
    known = [key for key in body["apiKeys"] if key in mock.config.api_keys or mock.store.is_minted_key(key)]
    return json_response({"apiKey": rules.owner(known, mock.store.sandboxes_knowing(body["reference"], known))})


def _result(ctx, target: rules.Target) -> dict:
    return {**booking_json(ctx, target.record), "redemptionCode": target.code,
            "redeemable": rules.why_not_redeemable(ctx, target) is None}
