"""octo/redemption rules (seed 000): find bookings by a scanned code, redeem and validate them."""
from __future__ import annotations

import pytest

from suites.plugin.checks import advise, as_json, expect, expect_equal, octo_error, ok, valid
from suites.plugin.control import mint_sandbox
from suites.plugin.delivery import delivers_codes, typed_code

pytestmark = pytest.mark.capability("octo/redemption")

UNKNOWN_CODE = "OCTOCONF-NO-SUCH-CODE-0000"


def _found(results: list[dict], booking: dict, reference: str) -> dict:
    """The lookup result for `booking`, failing the rule if the lookup did not find it."""
    match = [r for r in results if r["uuid"] == booking["uuid"]]
    expect(match, f"lookup of {as_json(reference)} to find booking {booking['uuid']}", [r["uuid"] for r in results])
    return match[0]


def _delivered_by(method: str):
    return lambda product, option: method in product.get("deliveryMethods", []) and delivers_codes(product)


# --- lookup ----------------------------------------------------------------------------


def test_lookup_by_supplier_reference(api, discover, people):
    """Looking up a booking's supplierReference finds it (seed 000, Lookup)."""
    booking = api.confirmed(discover.offer(), people)
    _found(api.lookup(booking["supplierReference"]), booking, booking["supplierReference"])


def test_lookup_by_reseller_reference(api, discover, people):
    """Looking up a booking's resellerReference finds it (seed 000, Lookup)."""
    booking = api.confirmed(discover.offer(), people)
    _found(api.lookup(booking["resellerReference"]), booking, booking["resellerReference"])


def test_lookup_by_unit_item_reference(api, discover, people):
    """Looking up a unit item's supplierReference finds its booking (seed 000, Lookup)."""
    booking = api.confirmed(discover.offer(), people)
    reference = booking["unitItems"][0]["supplierReference"]
    expect(reference, "a supplierReference on the unit item", booking["unitItems"][0])
    _found(api.lookup(reference), booking, reference)


def test_lookup_by_voucher_code(api, discover, people):
    """Looking up the code printed on a booking's voucher finds the booking (seed 000: a barcode)."""
    booking = api.confirmed(discover.offer(option_filter=_delivered_by("VOUCHER"), need="product with a voucher code"),
                            people)
    code = typed_code(booking["voucher"])
    expect(code, "a code among the voucher's delivery options", booking["voucher"])
    _found(api.lookup(code), booking, code)


def test_lookup_by_ticket_code(api, discover, people):
    """Looking up the code printed on a unit item's ticket finds the booking (seed 000: a barcode)."""
    booking = api.confirmed(discover.offer(option_filter=_delivered_by("TICKET"), need="product with ticket codes"),
                            people)
    code = typed_code(booking["unitItems"][0]["ticket"])
    expect(code, "a code among the ticket's delivery options", booking["unitItems"][0]["ticket"])
    _found(api.lookup(code), booking, code)


def test_lookup_finds_every_booking_of_a_package(api, discover, people):
    """A code shared by several bookings (a package) finds all of them (seed 000: may return multiple results)."""
    offer = discover.offer(bookings=2)
    shared = api.reseller_reference()
    bookings = [api.confirmed(offer, people, resellerReference=shared) for _ in range(2)]
    results = api.lookup(shared)
    for booking in bookings:
        _found(results, booking, shared)


def test_lookup_results_are_valid(api, discover, people):
    """A lookup answers bookings with redemptionCode and redeemable, and a redemption one such booking (seed 000, Lookup and Redeem)."""
    booking = api.confirmed(discover.offer(), people)
    found = api.lookup(booking["supplierReference"])
    for index, result in enumerate(found):
        valid("redemption-lookup-result", result, f"[{index}]")
    valid("redemption-lookup-result", api.redeem(_found(found, booking, "")["redemptionCode"]))


def test_lookup_of_unknown_code_is_empty(client):
    """Looking up a code nobody has finds no booking: an empty array, or an OCTO error (seed 000, Lookup).

    Seed 000 says nothing of unknown codes; an empty result and a 400 error body both say "none"."""
    reply = client.get("/redemption/lookup", params={"reference": UNKNOWN_CODE})
    if reply.status != 200:
        octo_error(reply, ("BAD_REQUEST", "INVALID_BOOKING_UUID", "UNPROCESSABLE_ENTITY"))
        return
    expect_equal(ok(reply), [], f"lookup of {UNKNOWN_CODE}")


# --- redeemable ------------------------------------------------------------------------


def test_confirmed_booking_is_redeemable(api, discover, people):
    """A freshly confirmed booking is redeemable (seed 000: redeemable says whether it can be redeemed)."""
    booking = api.confirmed(discover.offer(), people)
    expect_equal(_found(api.lookup(booking["supplierReference"]), booking, "")["redeemable"], True, "redeemable")


def test_on_hold_booking_is_not_redeemable(api, discover):
    """An ON_HOLD booking is found but not redeemable (seed 000, Lookup)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    expect_equal(_found(api.lookup(booking["supplierReference"]), booking, "")["redeemable"], False, "redeemable")


def test_cancelled_booking_is_not_redeemable(api, discover, people):
    """A cancelled booking is found but not redeemable (seed 000, Lookup)."""
    booking = api.confirmed(discover.offer(), people)
    api.cancel(booking["uuid"])
    expect_equal(_found(api.lookup(booking["supplierReference"]), booking, "")["redeemable"], False, "redeemable")


def test_redeemed_booking_is_not_redeemable(api, discover, people):
    """Once redeemed, a booking is not redeemable again (seed 000, Lookup)."""
    booking = api.confirmed(discover.offer(), people)
    code = _found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"]
    api.redeem(code)
    expect_equal(_found(api.lookup(booking["supplierReference"]), booking, "")["redeemable"], False, "redeemable")


@pytest.mark.real_time
def test_expired_booking_is_not_redeemable(expiring):
    """An expired hold is found but not redeemable (seed 000, Lookup: redeemable)."""
    api, discover, advance = expiring
    booking = api.reserve(discover.offer().reservation(api.reseller_reference(), expirationMinutes=1))
    advance()
    expect_equal(_found(api.lookup(booking["supplierReference"]), booking, "").get("redeemable"), False, "redeemable")


def test_redeem_answer_is_not_redeemable(api, discover, people):
    """The booking a redemption answers is no longer redeemable (seed 000, Redeem)."""
    booking = api.confirmed(discover.offer(), people)
    redeemed = api.redeem(_found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"])
    expect_equal(redeemed.get("redeemable"), False, "redeemable in the redemption's answer")


# --- redeem and validate ---------------------------------------------------------------


@pytest.mark.parametrize("status", ["ON_HOLD", "CANCELLED"])
def test_unredeemable_code_is_refused(api, client, discover, people, status):
    """The code of an ON_HOLD or CANCELLED booking cannot be redeemed, and the booking is unchanged (seed 000: only redeemable bookings can be redeemed)."""
    offer = discover.offer()
    if status == "ON_HOLD":
        booking = api.reserve(offer.reservation(api.reseller_reference()))
    else:
        booking = api.cancel(api.confirmed(offer, people)["uuid"])
    code = _found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"]
    octo_error(client.post("/redemption/redeem", {"redemptionCode": code}), ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))
    expect_equal(api.get(booking["uuid"]).get("status"), status, "status after the refused redemption")


def test_redeem_marks_everything_redeemed(api, discover, people):
    """Redeeming sets REDEEMED and utcRedeemedAt on the booking, voucher, unit items and tickets (seed 000, Redeem)."""
    booking = api.confirmed(discover.offer(), people)
    code = _found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"]
    redeemed = api.redeem(code)
    expect_equal(redeemed["status"], "REDEEMED", "status")
    expect(redeemed["utcRedeemedAt"], "utcRedeemedAt on the booking", redeemed["utcRedeemedAt"])
    if redeemed.get("voucher"):
        expect(redeemed["voucher"]["utcRedeemedAt"], "utcRedeemedAt on the voucher", redeemed["voucher"])
    for item in redeemed["unitItems"]:
        expect(item["status"] == "REDEEMED" and item["utcRedeemedAt"], "every unit item REDEEMED with utcRedeemedAt",
               {k: item.get(k) for k in ("uuid", "status", "utcRedeemedAt")})
        if item.get("ticket"):
            expect(item["ticket"]["utcRedeemedAt"], "utcRedeemedAt on every ticket", item["ticket"])
    expect_equal(api.get(booking["uuid"])["status"], "REDEEMED", "status read back")


def test_redeem_twice_is_refused(api, client, discover, people):
    """Redeeming an already redeemed code is refused (seed 000: only redeemable bookings can be redeemed)."""
    booking = api.confirmed(discover.offer(), people)
    code = _found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"]
    api.redeem(code)
    octo_error(client.post("/redemption/redeem", {"redemptionCode": code}), ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))


def test_redeem_many_codes_together(api, discover, people):
    """An array of codes redeems them all and answers an array of bookings (seed 000, Redeem)."""
    offer = discover.offer(bookings=2)
    bookings = [api.confirmed(offer, people) for _ in range(2)]
    codes = [_found(api.lookup(b["supplierReference"]), b, "")["redemptionCode"] for b in bookings]
    redeemed = api.redeem(codes)
    expect_equal(len(redeemed), 2, "number of bookings answered")
    expect_equal([r["status"] for r in redeemed], ["REDEEMED", "REDEEMED"], "statuses")
    expect_equal(sorted(r["uuid"] for r in redeemed), sorted(b["uuid"] for b in bookings), "bookings answered")


def test_redeem_many_is_all_or_nothing(api, client, discover, people):
    """When one code of an array cannot be redeemed (unknown, or redeemed already), none is (seed 000: codes are redeemed together)."""
    offer = discover.offer(bookings=2)
    booking, used = api.confirmed(offer, people), api.confirmed(offer, people)
    code = _found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"]
    used_code = _found(api.lookup(used["supplierReference"]), used, "")["redemptionCode"]
    api.redeem(used_code)
    for bad in (UNKNOWN_CODE, used_code):
        octo_error(client.post("/redemption/redeem", {"redemptionCode": [code, bad]}),
                   ("BAD_REQUEST", "UNPROCESSABLE_ENTITY"))
        expect_equal(api.get(booking["uuid"]).get("status"), "CONFIRMED",
                     f"status of the booking whose code was good, redeemed together with {bad}")


def test_unit_code_redeems_only_that_unit(api, discover, people):
    """Advisory: a unit item's own code redeems that unit item only (recommendation; seed 000 looks up by a unit item's reference, SPEC-DIGEST §5 scans per unit item).

    No source says what redeeming a unit item's code does to the rest of the booking, so this
    is a recommendation: it fails the run only with --strict."""
    booking = api.confirmed(discover.offer(units_at_least=2, need="departure for two unit items"), people)
    first, rest = booking["unitItems"][0], booking["unitItems"][1:]
    result = _found(api.lookup(first["supplierReference"]), booking, first["supplierReference"])
    redeemed = api.redeem(result["redemptionCode"])
    by_uuid = {i["uuid"]: i for i in redeemed["unitItems"]}
    advise(by_uuid[first["uuid"]].get("status") == "REDEEMED"
           and [by_uuid[i["uuid"]].get("status") for i in rest] == [i.get("status") for i in rest]
           and redeemed.get("status") == "CONFIRMED",
           f"unit item {first['uuid']} REDEEMED, the others as they were, the booking CONFIRMED",
           f"booking {redeemed.get('status')}; unit items "
           + ", ".join(f"{uuid} {item.get('status')}" for uuid, item in by_uuid.items()))


def test_validate_redeems(api, discover, people):
    """Validating a code that is not yet redeemed redeems it (seed 000, Redemption Validation)."""
    booking = api.confirmed(discover.offer(), people)
    code = _found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"]
    expect_equal(api.validate(code)["status"], "REDEEMED", "status after validate")


def test_validate_of_a_redeemed_code_answers_the_booking(api, discover, people):
    """Validating a code already redeemed answers its booking, REDEEMED (seed 000: validate checks a ticket, redeeming it first if needed)."""
    booking = api.confirmed(discover.offer(), people)
    code = _found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"]
    api.redeem(code)
    validated = api.tested.validate(code)
    expect_equal((validated["uuid"], validated.get("status")), (booking["uuid"], "REDEEMED"), "(uuid, status)")


def test_validate_of_an_unknown_code_is_refused(client):
    """Validating a code nobody has is refused with an OCTO error (seed 000, Redemption Validation)."""
    octo_error(client.post("/redemption/validate", {"redemptionCode": UNKNOWN_CODE}),
               ("BAD_REQUEST", "UNPROCESSABLE_ENTITY", "INVALID_BOOKING_UUID"))


@pytest.mark.parametrize("endpoint", ["lookup", "redeem", "validate"])
def test_redemption_needs_the_capability(api, client, discover, people, endpoint):
    """Without octo/redemption in Octo-Capabilities the redemption endpoints answer an OCTO error, not redemption data (seed 000: a capability the caller asks for).

    The request names a real, redeemable booking, so only the missing capability can be why it
    is refused; the booking must stay CONFIRMED."""
    booking = api.confirmed(discover.offer(), people)
    code = _found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"]
    if endpoint == "lookup":
        reply = client.get("/redemption/lookup", params={"reference": booking["supplierReference"]}, capabilities=())
    else:
        reply = client.post(f"/redemption/{endpoint}", {"redemptionCode": code}, capabilities=())
    octo_error(reply, ("BAD_REQUEST", "FORBIDDEN", "UNAUTHORIZED", "UNPROCESSABLE_ENTITY"), statuses=(400, 401, 403, 404))
    expect_equal(api.get(booking["uuid"]).get("status"), "CONFIRMED", "status after the refused call")


def test_redeemed_booking_cannot_be_cancelled(api, client, discover, people):
    """A redeemed booking cannot be cancelled, and stays REDEEMED (seed 002: only while cancellable).

    The redeemed booking's cancellable flag is not judged: seed 000's examples show true."""
    booking = api.confirmed(discover.offer(), people)
    api.redeem(_found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"])
    octo_error(client.post(f"/bookings/{booking['uuid']}/cancel", {}), ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))
    expect_equal(api.get(booking["uuid"]).get("status"), "REDEEMED", "status after the refused cancellation")


def test_redeemed_booking_cannot_be_updated(api, client, discover, people):
    """A redeemed booking cannot be updated (seed 002: not after it has been redeemed)."""
    booking = api.confirmed(discover.offer(), people, notes="before")
    api.redeem(_found(api.lookup(booking["supplierReference"]), booking, "")["redemptionCode"])
    octo_error(client.patch(f"/bookings/{booking['uuid']}", {"notes": "after"}), ("UNPROCESSABLE_ENTITY", "BAD_REQUEST"))
    expect_equal(api.get(booking["uuid"]).get("notes"), "before", "notes after the refused update")


# --- credentials -----------------------------------------------------------------------


@pytest.fixture
def other_keys(api, octo_run) -> list[str]:
    """Keys that own none of this run's bookings: an invalid one, and a fresh valid one when the
    control interface can mint it."""
    return ["octo-conformance-not-a-key"] + ([mint_sandbox(api.client)] if octo_run.control else [])


def test_credentials_pick_the_owning_key(api, client, discover, people, other_keys):
    """Credentials answers, among several keys, the one that owns the code (seed 000, Redemption Credentials)."""
    booking = api.confirmed(discover.offer(), people)
    answer = _credentials(client, booking["supplierReference"], [*other_keys, client.api_key])
    expect_equal(answer.get("apiKey"), client.api_key, "the credentials answer's apiKey")


def test_credentials_of_unknown_code_is_null(client, other_keys):
    """Credentials answers apiKey null for a code no key owns (seed 000, Redemption Credentials)."""
    answer = _credentials(client, UNKNOWN_CODE, [*other_keys, client.api_key])
    expect("apiKey" in answer and answer["apiKey"] is None, "the credentials answer's apiKey null", answer)


def _credentials(client, reference: str, keys: list[str]) -> dict:
    # Unauthenticated by design: a scanner asks before it knows which key to use.
    return ok(client.post("/redemption/credentials", {"reference": reference, "apiKeys": keys}, api_key=None),
              "redemption-credentials")
