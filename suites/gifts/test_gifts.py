"""octo/gifts rules (seed 003): gift vouchers, and paying bookings with them."""
from __future__ import annotations

import uuid as uuidlib

import pytest

from suites.plugin.checks import capability_valid, expect, expect_equal, expect_held_for, octo_error, utc_moment, valid
from suites.plugin.delivery import typed_code
from suites.plugin.discovery import currencies_of
from suites.plugin.failures import StepBlocked

pytestmark = pytest.mark.capability("octo/gifts")

REFUSED = ("UNPROCESSABLE_ENTITY", "BAD_REQUEST")


def _code(gift: dict) -> str:
    """The gift code to type in: the voucher's first delivery value that is a code, not a link."""
    code = typed_code(gift.get("voucher"))
    expect(code, "a gift code among the voucher's delivery options", gift.get("voucher"))
    return code


def _paid(booking: dict) -> dict:
    """A booking's giftPayment with its code as `code` (seed 003; `giftCode` in SPEC-DIGEST §5 and Ventrata)."""
    payment = booking.get("giftPayment") or {}
    return {"code": payment.get("code", payment.get("giftCode")), "amount": payment.get("amount"),
            "currency": payment.get("currency")}


@pytest.fixture
def priced(api, discover):
    """A bookable offer and what one booking of it costs (retail, in its default currency)."""
    offer = discover.offer(bookings=3)
    probe = api.reserve(offer.reservation(api.reseller_reference()))  # the clean-up releases it
    total = (probe.get("pricing") or {}).get("retail")
    if not isinstance(total, int):
        raise StepBlocked("POST /bookings (its pricing total)", "test_booking_pricing_is_valid",
                          "a booking with pricing.retail in minor units", f"pricing = {probe.get('pricing')!r}")
    if total < 2:
        pytest.skip(f"the discovered booking costs {total}; the gift rules need a price of at least 2 minor units")
    return offer, total, probe["pricing"].get("currency")


@pytest.fixture
def gift_currency(discover) -> str:
    """A currency the target sells in (so a gift in it could pay a booking)."""
    for product, _ in discover.options():
        if currencies_of(product):
            return currencies_of(product)[0]
    pytest.skip("no product names the currency it is sold in (octo/pricing)")


def _pay(api, offer, code: str) -> dict:
    return api.reserve(offer.reservation(api.reseller_reference(), giftPayment={"code": code}))


# --- the gift voucher itself -----------------------------------------------------------


def test_gift_reservation_is_on_hold(api, gift_currency):
    """Reserving a gift gives ON_HOLD with the amount, currency and message asked, held expirationMinutes (seed 003, Gift Reservation)."""
    gift = api.gift("POST", "", {"amount": 2500, "currency": gift_currency, "message": "Enjoy!", "expirationMinutes": 20})
    expect_equal((gift.get("status"), gift.get("amount"), gift.get("currency"), gift.get("message")),
                 ("ON_HOLD", 2500, gift_currency, "Enjoy!"), "(status, amount, currency, message)")
    expect_held_for(gift, 20, since="utcCreatedAt")


def test_gift_delivery_options_empty_before_confirmation(api, gift_currency):
    """An ON_HOLD gift carries no delivery options yet (seed 003: populated once confirmed).

    The voucher may be null or carry an empty list (SPEC-DIGEST §5: voucher Ticket|null)."""
    gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency})
    expect(not (gift.get("voucher") or {}).get("deliveryOptions"), "no voucher deliveryOptions on an ON_HOLD gift",
           gift.get("voucher"))


def test_gift_confirmation(api, people, gift_currency):
    """Confirming sets CONFIRMED, utcConfirmedAt, the reference and contact, and a code to type in (seed 003)."""
    gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency})
    contact, reference = people.contact(), api.reseller_reference()
    confirmed = api.gift("POST", f"/{gift['uuid']}/confirm", {"contact": contact, "resellerReference": reference})
    expect_equal((confirmed["status"], confirmed["resellerReference"]), ("CONFIRMED", reference),
                 "(status, resellerReference)")
    expect(confirmed["utcConfirmedAt"] and confirmed["utcExpiresAt"] is None,
           "utcConfirmedAt set and utcExpiresAt null", (confirmed["utcConfirmedAt"], confirmed["utcExpiresAt"]))
    expect_equal(confirmed["contact"].get("emailAddress"), contact["emailAddress"], "contact.emailAddress")
    _code(confirmed)


def test_gift_update(api, people, gift_currency):
    """A gift can be updated while cancellable (seed 003, Gift Update)."""
    gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency})
    recipient = people.contact()
    updated = api.gift("PATCH", f"/{gift['uuid']}", {"message": "Changed", "recipient": recipient})
    expect_equal(updated["message"], "Changed", "message")
    expect_equal(updated["recipient"].get("fullName"), recipient["fullName"], "recipient.fullName")


def test_gift_cancellation(api, gift_currency):
    """DELETE cancels a cancellable gift with a cancellation giving the reason, and cancelling again answers the same cancellation (seed 003, Gift Cancellation).

    The cancelled gift's cancellable flag is not judged, as for bookings (seed 002 shows true)."""
    gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency})
    first = api.gift("DELETE", f"/{gift['uuid']}", {"reason": "changed mind"})
    expect_equal(first.get("status"), "CANCELLED", "status")
    expect_equal((first.get("cancellation") or {}).get("reason"), "changed mind", "cancellation.reason")
    second = api.gift("DELETE", f"/{gift['uuid']}", {"reason": "changed mind"})
    expect_equal((second.get("status"), second.get("cancellation")), ("CANCELLED", first.get("cancellation")),
                 "(status, cancellation) after a second cancellation")


def test_gift_extension(api, client, people, gift_currency):
    """An ON_HOLD gift can be held longer; a confirmed one cannot (seed 003, Extend Reservation)."""
    gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency, "expirationMinutes": 5})
    extended = api.gift("POST", f"/{gift['uuid']}/extend", {"expirationMinutes": 60})
    before, after = utc_moment(gift.get("utcExpiresAt")), utc_moment(extended.get("utcExpiresAt"))
    expect(before and after and after > before, "a later utcExpiresAt",
           f"{gift.get('utcExpiresAt')} then {extended.get('utcExpiresAt')}")
    api.gift("POST", f"/{gift['uuid']}/confirm", {"contact": people.contact()})
    octo_error(client.post(f"/gifts/{gift['uuid']}/extend", {"expirationMinutes": 60}), REFUSED)


def test_get_and_list_gifts(api, client, people, gift_currency):
    """GET finds a gift; lists by resellerReference and supplierReference find it; a list needs a filter (seed 003)."""
    gift = api.confirmed_gift(people, 1000, gift_currency)
    expect_equal(api.gift("GET", f"/{gift['uuid']}")["supplierReference"], gift["supplierReference"],
                 "supplierReference read back")
    for params in ({"resellerReference": gift["resellerReference"]}, {"supplierReference": gift["supplierReference"]}):
        expect_equal([g["uuid"] for g in api.gifts(params)], [gift["uuid"]], f"gifts listed by {params}")
    octo_error(client.get("/gifts"), "BAD_REQUEST")


def test_same_uuid_same_gift(api, people, gift_currency):
    """The same reservation with the same uuid returns the same gift, not a second one (seed 003: idempotency key).

    The reseller reference goes with the reservation and the confirmation (seed 003 sets it at
    confirmation); the gifts listed under it must be the one gift."""
    reference = api.reseller_reference()
    body = {"uuid": str(uuidlib.uuid4()), "amount": 1000, "currency": gift_currency, "resellerReference": reference}
    first, second = api.gift("POST", "", body), api.gift("POST", "", body)
    expect_equal(second.get("supplierReference"), first.get("supplierReference"), "supplierReference of the repeat")
    api.gift("POST", f"/{first['uuid']}/confirm", {"contact": people.contact(), "resellerReference": reference})
    expect_equal([g["uuid"] for g in api.gifts({"resellerReference": reference})], [first["uuid"]],
                 "gifts with that reference")


@pytest.mark.parametrize("missing", ["amount", "currency"])
def test_gift_without_amount_or_currency_is_refused(client, gift_currency, missing):
    """A gift reservation without amount or without currency is refused (seed 003: both are required)."""
    body = {"amount": 1000, "currency": gift_currency}
    del body[missing]
    octo_error(client.post("/gifts", body), REFUSED)


def test_unknown_gift_is_refused(client):
    """Reading an unknown gift uuid gets INVALID_BOOKING_UUID echoing uuid (SPEC-DIGEST §3: the code for an unknown uuid)."""
    unknown = "00000000-0000-4000-8000-00000000c0de"
    octo_error(client.get(f"/gifts/{unknown}"), "INVALID_BOOKING_UUID", {"uuid": unknown})


@pytest.mark.parametrize("method,path", [("POST", ""), ("GET", "?resellerReference=X")], ids=["reserve", "list"])
def test_gifts_need_the_capability(client, gift_currency, method, path):
    """Without octo/gifts in Octo-Capabilities the gift endpoints answer an OCTO error, not gifts (seed 003: a capability the caller asks for)."""
    body = {"amount": 1000, "currency": gift_currency} if method == "POST" else None
    reply = client.request(method, "/gifts" + path, body, capabilities=()) if body else client.get(
        "/gifts" + path, capabilities=())
    octo_error(reply, ("BAD_REQUEST", "FORBIDDEN", "UNAUTHORIZED", "UNPROCESSABLE_ENTITY"), statuses=(400, 401, 403, 404))


@pytest.mark.parametrize("amount", [0, -500, 10.5, "1000"], ids=["zero", "negative", "fraction", "string"])
def test_amount_must_be_positive_minor_units(client, amount, gift_currency):
    """A gift amount that is not a positive integer of minor units is refused (seed 003: amount, e.g. 1050)."""
    octo_error(client.post("/gifts", {"amount": amount, "currency": gift_currency}), REFUSED)


@pytest.mark.parametrize("currency", ["XYZ", "eur", "EURO"])
def test_currency_must_be_iso_4217(client, currency):
    """A currency that is not an ISO 4217 code is refused (seed 003: currency, ISO 4217)."""
    octo_error(client.post("/gifts", {"amount": 1000, "currency": currency}), REFUSED)


@pytest.mark.real_time
def test_gift_hold_expires(expiring, gift_currency):
    """A gift hold past utcExpiresAt reads EXPIRED (seed 003, status EXPIRED)."""
    api, _, advance = expiring
    gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency, "expirationMinutes": 1})
    advance()
    expect_equal(api.gift("GET", f"/{gift['uuid']}")["status"], "EXPIRED", "status after the hold ran out")


@pytest.mark.parametrize("status", ["ON_HOLD", "CONFIRMED", "CANCELLED"])
def test_gift_is_valid(api, people, gift_currency, status):
    """A gift answer is a valid Gift in each status (seed 003; SPEC-DIGEST §5, Gift)."""
    gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency})
    if status != "ON_HOLD":
        gift = api.gift("POST", f"/{gift['uuid']}/confirm", {"contact": people.contact()})
    if status == "CANCELLED":
        gift = api.gift("DELETE", f"/{gift['uuid']}", {"reason": "not wanted"})
    valid("gift", gift)


# --- paying bookings with gifts --------------------------------------------------------


def test_bookings_carry_gift_payment(api, people, priced):
    """With octo/gifts, a booking carries giftPayment: null when unpaid, a valid GiftPayment when paid (seed 003; SPEC-DIGEST §5)."""
    offer, total, currency = priced
    capability_valid("booking", api.reserve(offer.reservation(api.reseller_reference())), "octo/gifts")
    gift = api.confirmed_gift(people, total, currency)
    capability_valid("booking", _pay(api, offer, _code(gift)), "octo/gifts")


def test_gift_pays_a_booking(api, people, priced):
    """A confirmed gift in the booking's currency pays it: giftPayment shows code, amount applied and currency (seed 003)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total * 10, currency)
    booking = _pay(api, offer, _code(gift))
    expect_equal(_paid(booking), {"code": _code(gift), "amount": total, "currency": currency},
                 "giftPayment's code, amount and currency")


def test_amounts_stay_integer_minor_units(api, people, priced):
    """Gift amount, balance and payment stay integers in minor units (SPEC-DIGEST §4-5)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    booking = _pay(api, offer, _code(gift))
    values = {"gift.amount": gift.get("amount"), "giftPayment.amount": _paid(booking)["amount"],
              "pricing.retail": (booking.get("pricing") or {}).get("retail")}
    expect(all(type(v) is int for v in values.values()), "integers", values)


def test_gift_in_another_currency_is_refused(api, client, discover, people, priced):
    """A gift in another currency than the booking's is refused, and leaves the gift untouched (seed 003).

    The other currency is one the target sells in too, so that it can sell a gift in it."""
    offer, total, currency = priced
    sold = {c for product, _ in discover.options() for c in currencies_of(product)}
    other = next((c for c in sorted(sold) if c != currency), None)
    if other is None:
        pytest.skip(f"the target sells in {currency} only: no gift in another currency to try")
    gift = api.confirmed_gift(people, total, other)
    octo_error(client.post("/bookings", offer.reservation(giftPayment={"code": _code(gift)})), REFUSED)
    expect_equal(api.gift("GET", f"/{gift['uuid']}").get("status"), "CONFIRMED", "status of the gift")


def test_on_hold_gift_cannot_pay(api, client, priced):
    """A gift still ON_HOLD cannot pay (seed 003: only a confirmed gift code).

    Its code is not issued yet, so the payment names its supplierReference; any refusal passes."""
    offer, total, currency = priced
    gift = api.gift("POST", "", {"amount": total, "currency": currency})
    octo_error(client.post("/bookings", offer.reservation(giftPayment={"code": gift["supplierReference"]})), REFUSED)


def test_cancelled_gift_cannot_pay(api, client, people, priced):
    """A cancelled gift cannot pay (seed 003: the gift card must still be valid)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    api.gift("DELETE", f"/{gift['uuid']}", {"reason": "refunded"})
    octo_error(client.post("/bookings", offer.reservation(giftPayment={"code": _code(gift)})), REFUSED)


@pytest.mark.real_time
def test_expired_gift_cannot_pay(expiring, gift_currency):
    """A gift whose hold expired cannot pay (seed 003: the gift card must still be valid)."""
    api, discover, advance = expiring
    offer = discover.offer()
    gift = api.gift("POST", "", {"amount": 100000, "currency": gift_currency, "expirationMinutes": 1})
    advance()
    octo_error(api.client.post("/bookings", offer.reservation(giftPayment={"code": gift["supplierReference"]})),
               REFUSED)


def test_partial_payment_leaves_the_right_balance(api, people, priced):
    """A gift worth more than a booking keeps the difference for the next one (seed 003: sufficient credit)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total + total // 2, currency)
    first = _pay(api, offer, _code(gift))
    second = _pay(api, offer, _code(gift))
    expect_equal((_paid(first)["amount"], _paid(second)["amount"]),
                 (total, total // 2),
                 f"amounts applied by two bookings of {total} from a gift of {total + total // 2}")


def test_used_up_gift_reads_redeemed(api, people, priced):
    """A gift whose whole amount has been applied reads REDEEMED (seed 003: REDEEMED if fully utilised)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    _pay(api, offer, _code(gift))
    after = api.gift("GET", f"/{gift['uuid']}")
    expect_equal(after["status"], "REDEEMED", "status of the used-up gift")
    expect(after["utcRedeemedAt"], "utcRedeemedAt on a REDEEMED gift", after["utcRedeemedAt"])


@pytest.mark.parametrize("change", ["update", "cancel"])
def test_spent_gift_cannot_be_changed(api, client, people, priced, change):
    """A gift that has paid part of a booking can no longer be updated or cancelled, and keeps its balance (seed 003: only while cancellable)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total * 2, currency)
    _pay(api, offer, _code(gift))
    if change == "update":
        reply = client.patch(f"/gifts/{gift['uuid']}", {"message": "changed after spending"})
    else:
        reply = client.delete(f"/gifts/{gift['uuid']}", {"reason": "refund"})
    octo_error(reply, REFUSED)
    expect_equal(api.gift("GET", f"/{gift['uuid']}").get("status"), "CONFIRMED", f"status after the refused {change}")


def test_cancelling_the_booking_restores_the_gift(api, people, priced):
    """Cancelling a booking paid by a gift gives the amount back to the gift (seed 003)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    booking = _pay(api, offer, _code(gift))
    api.cancel(booking["uuid"])
    expect_equal(api.gift("GET", f"/{gift['uuid']}")["status"], "CONFIRMED", "status of the gift after the refund")
    expect_equal(_paid(_pay(api, offer, _code(gift)))["amount"], total,
                 "amount a new booking can apply")
