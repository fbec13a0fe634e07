"""Redemption operations (under /octo/redemption). Credentials is unauthenticated by design
(seed 000): a scanner asks which of its keys owns a code, and learns nothing else."""
from __future__ import annotations

from ...core import booking_table
from ...core.booking_view import booking_json
from ...kernel.errors import BadRequest
from ...kernel.operations import ARRAY, EITHER, NONE, WRITE, Operations, Query
from . import rules

REDEMPTION = "octo/redemption"
RESULT = "redemption-lookup-result"

endpoints = Operations(REDEMPTION)


@endpoints("GET", "/redemption/lookup", response=RESULT, shape=ARRAY, query=(Query("reference", required=True),),
           operation_id="redemptionLookup")
def lookup(ctx, call):
    """Every booking the scanned code names, with its redemptionCode and whether it is redeemable."""
    reference = call.query.get("reference", "").strip()
    if not reference:
        raise BadRequest("Give the scanned code as ?reference=")
    return [_result(ctx, target) for target in rules.lookup(ctx, reference)]


@endpoints("POST", "/redemption/redeem", request="requests/redemption-redeem", response=RESULT, shape=EITHER,
           access=WRITE, operation_id="redeem")
def redeem(ctx, call):
    """One code gives a booking; an array of codes, all or nothing, an array."""
    code = call.body["redemptionCode"]
    done = [_result(ctx, target) for target in rules.redeem(ctx, code if isinstance(code, list) else [code])]
    return done if isinstance(code, list) else done[0]


@endpoints("POST", "/redemption/validate", request="requests/redemption-validate", response=RESULT, access=WRITE,
           operation_id="validateRedemption")
def validate(ctx, call):
    """Apply the validity rules, redeeming first if needed."""
    return _result(ctx, rules.validate(ctx, call.body["redemptionCode"]))


@endpoints("POST", "/redemption/credentials", request="requests/redemption-credentials",
           response="redemption-credentials", access=NONE, authenticated=False, requires_capability=False,
           operation_id="redemptionCredentials")
def credentials(ctx, call):
    """Which of the given API keys owns the code, or null."""
    mock = ctx.mock
    known = [key for key in call.body["apiKeys"] if key in mock.config.api_keys or mock.store.is_minted_key(key)]
    knowing = booking_table.sandboxes_knowing(mock.store.connection(), call.body["reference"], known)
    return {"apiKey": rules.owner(known, knowing)}


def _result(ctx, target: rules.Target) -> dict:
    return {**booking_json(ctx, target.booking), "redemptionCode": target.code,
            "redeemable": rules.why_not_redeemable(ctx, target) is None}
