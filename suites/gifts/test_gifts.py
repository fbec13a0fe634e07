"""octo/gifts rules (seed 003): gift vouchers, and paying bookings with them."""
from __future__ import annotations

import uuid as uuidlib

import pytest

from suites.plugin.checks import (as_json, capability_valid, expect, expect_equal, expect_held_for, octo_error,
                                  utc_moment, valid)
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


def _expect_paid(booking: dict, gift: dict, amount: int, currency: str, what: str = "giftPayment") -> None:
    """The booking shows the gift's code paying `amount` in `currency`."""
    expect_equal(_paid(booking), {"code": _code(gift), "amount": amount, "currency": currency}, what)


def _paid(booking: dict) -> dict:
    """A booking's giftPayment with its code as `code` (seed 003; `giftCode` in SPEC-DIGEST §5 and Ventrata)."""
    payment = booking.get("giftPayment") or {}
    return {"code": payment.get("code", payment.get("giftCode")), "amount": payment.get("amount"),
            "currency": payment.get("currency")}


def _cost(api, offer, **extra) -> tuple[int, str]:
    """What one booking of the offer costs (retail, minor units) and its currency, read from a
    probe reservation that the clean-up releases."""
    probe = api.reserve(offer.reservation(api.reseller_reference(), **extra))
    total = (probe.get("pricing") or {}).get("retail")
    if not isinstance(total, int):
        raise StepBlocked("POST /bookings (its pricing total)", "test_booking_pricing_is_valid",
                          "a booking with pricing.retail in minor units", f"pricing = {as_json(probe.get('pricing'))}")
    if total < 2:
        pytest.skip(f"the discovered booking costs {total}; the gift rules need a price of at least 2 minor units")
    return total, probe["pricing"].get("currency")


@pytest.fixture
def priced(api, discover):
    """A bookable offer and what one booking of it costs (retail, in its default currency)."""
    offer = discover.offer(bookings=3)
    return (offer, *_cost(api, offer))


@pytest.fixture
def gift_currency(discover) -> str:
    """A currency the target sells in (so a gift in it could pay a booking)."""
    for product, _ in discover.options():
        if currencies_of(product):
            return currencies_of(product)[0]
    pytest.skip("no product names the currency it is sold in (octo/pricing)")


def _pay(api, offer, code: str) -> dict:
    """Reserve the offer paid with a gift code (pass api.tested where the payment is the rule's subject)."""
    return api.reserve(offer.reservation(api.reseller_reference(), giftPayment={"code": code}))


# --- the gift voucher itself -----------------------------------------------------------


def test_gift_reservation_is_on_hold(api, people, gift_currency):
    """Reserving a gift gives ON_HOLD with the amount, currency, message and recipient asked, held expirationMinutes (seed 003, Gift Reservation)."""
    recipient = {key: people.contact()[key] for key in ("fullName", "emailAddress")}
    gift = api.gift("POST", "", {"amount": 2500, "currency": gift_currency, "message": "Enjoy!", "expirationMinutes": 20,
                                 "recipient": recipient})
    expect_equal((gift.get("status"), gift.get("amount"), gift.get("currency"), gift.get("message")),
                 ("ON_HOLD", 2500, gift_currency, "Enjoy!"), "(status, amount, currency, message)")
    expect_equal({key: (gift.get("recipient") or {}).get(key) for key in recipient}, recipient,
                 "recipient.fullName and recipient.emailAddress")
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
    """A gift can be updated while cancellable: message and recipient (name and email) changed (seed 003, Gift Update)."""
    gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency})
    recipient = people.contact()
    updated = api.gift("PATCH", f"/{gift['uuid']}", {"message": "Changed", "recipient": recipient})
    expect_equal(updated["message"], "Changed", "message")
    expect_equal({key: (updated.get("recipient") or {}).get(key) for key in ("fullName", "emailAddress")},
                 {key: recipient[key] for key in ("fullName", "emailAddress")},
                 "recipient.fullName and recipient.emailAddress")


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


@pytest.mark.parametrize("status", ["ON_HOLD", "CONFIRMED", "CANCELLED", "REDEEMED"])
def test_gift_is_valid(api, people, request, gift_currency, status):
    """A gift answer is a valid Gift in each status: a CANCELLED one with its cancellation, a REDEEMED one saying when, its voucher DIGITAL (seed 003; SPEC-DIGEST §5, Gift)."""
    if status == "REDEEMED":
        offer, total, currency = request.getfixturevalue("priced")
        gift = api.confirmed_gift(people, total, currency)
        _pay(api, offer, _code(gift))
        gift = api.gift("GET", f"/{gift['uuid']}")
    else:
        gift = api.gift("POST", "", {"amount": 1000, "currency": gift_currency})
    if status in ("CONFIRMED", "CANCELLED"):
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
    booking = _pay(api.tested, offer, _code(gift))
    _expect_paid(booking, gift, total, currency, "giftPayment's code, amount and currency")


def test_amounts_stay_integer_minor_units(api, people, priced):
    """Gift amount, balance and payment stay integers in minor units (SPEC-DIGEST §4-5)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    booking = _pay(api, offer, _code(gift))
    values = {"gift.amount": gift.get("amount"), "giftPayment.amount": _paid(booking)["amount"],
              "pricing.retail": (booking.get("pricing") or {}).get("retail")}
    expect(all(type(v) is int for v in values.values()), "integers", values)


def _other_sold_currency(discover, currency: str) -> str:
    sold = {c for product, _ in discover.options() for c in currencies_of(product)}
    other = next((c for c in sorted(sold) if c != currency), None)
    if other is None:
        pytest.skip(f"the target sells in {currency} only: no gift in another currency to try")
    return other


@pytest.mark.parametrize("when", ["reserve", "update"])
def test_gift_in_another_currency_is_refused(api, client, discover, people, priced, when):
    """A gift in another currency than the booking's is refused, on reservation or update, and changes neither the gift nor the booking (seed 003: the currency must match).

    The other currency is one the target sells in too, so that it can sell a gift in it."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, _other_sold_currency(discover, currency))
    payment = {"giftPayment": {"code": _code(gift)}}
    if when == "reserve":
        octo_error(client.post("/bookings", offer.reservation(**payment)), REFUSED)
    else:
        booking = api.reserve(offer.reservation(api.reseller_reference()))
        octo_error(client.patch(f"/bookings/{booking['uuid']}", payment), REFUSED)
        after = api.get(booking["uuid"])
        expect_equal((after.get("giftPayment"), (after.get("pricing") or {}).get("retail")),
                     (booking.get("giftPayment"), (booking.get("pricing") or {}).get("retail")),
                     "(giftPayment, pricing.retail) of the booking after the refused update")
    after = api.gift("GET", f"/{gift['uuid']}")
    expect_equal((after.get("status"), after.get("amount"), after.get("currency")),
                 (gift.get("status"), gift.get("amount"), gift.get("currency")), "(status, amount, currency) of the gift")


def _unconfirmed_gift_pays_nothing(client, offer, gift: dict) -> None:
    """An unconfirmed gift has no code issued yet (seed 003: delivery options come with the
    confirmation), so a payment can only name what the reseller holds: its code if the target
    shows one early, its supplierReference and its uuid. Each is refused."""
    names = [typed_code(gift.get("voucher")), gift.get("supplierReference"), gift.get("uuid")]
    for name in dict.fromkeys(n for n in names if n):
        octo_error(client.post("/bookings", offer.reservation(giftPayment={"code": name})), REFUSED)


def test_on_hold_gift_cannot_pay(api, client, priced):
    """A gift still ON_HOLD cannot pay, by any name the reseller holds for it (seed 003: only a confirmed gift code)."""
    offer, total, currency = priced
    _unconfirmed_gift_pays_nothing(client, offer, api.gift("POST", "", {"amount": total, "currency": currency}))


def test_cancelled_gift_cannot_pay(api, client, people, priced):
    """A cancelled gift cannot pay (seed 003: the gift card must still be valid)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    api.gift("DELETE", f"/{gift['uuid']}", {"reason": "refunded"})
    octo_error(client.post("/bookings", offer.reservation(giftPayment={"code": _code(gift)})), REFUSED)


@pytest.mark.real_time
def test_expired_gift_cannot_pay(expiring):
    """A gift whose hold expired cannot pay, by any name the reseller holds for it (seed 003: the gift card must still be valid).

    The gift is in the booking's own currency, so a refusal cannot be for a currency mismatch."""
    api, discover, advance = expiring
    offer = discover.offer(bookings=2)
    total, currency = _cost(api, offer)
    gift = api.gift("POST", "", {"amount": total, "currency": currency, "expirationMinutes": 1})
    advance()
    _unconfirmed_gift_pays_nothing(api.client, offer, gift)


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


def test_gift_pays_a_booking_on_update(api, people, priced):
    """A gift code added to a booking by PATCH /bookings/{uuid} pays it, as it would on reservation (seed 003: on the reservation step or after in a PATCH)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total * 10, currency)
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    updated = api.tested.update(booking["uuid"], {"giftPayment": {"code": _code(gift)}})
    _expect_paid(updated, gift, total, currency, "giftPayment's code, amount and currency after the update")


def test_gift_paid_booking_can_be_confirmed(api, people, priced):
    """A booking whose gift covers it whole can be confirmed, and keeps its giftPayment (seed 003: sufficient credit, confirm immediately)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    booking = _pay(api, offer, _code(gift))
    confirmed = api.tested.confirm(booking["uuid"], {"contact": people.contact()})
    expect_equal(confirmed.get("status"), "CONFIRMED", "status")
    _expect_paid(confirmed, gift, total, currency, "giftPayment of the confirmed booking")


def test_used_up_gift_cannot_pay(api, client, people, priced):
    """A gift with no credit left cannot pay another booking (seed 003: only a gift with sufficient credit is applied)."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    _pay(api, offer, _code(gift))
    octo_error(client.post("/bookings", offer.reservation(giftPayment={"code": _code(gift)})), REFUSED)


@pytest.mark.parametrize("how", ["read", "pay"])
def test_gift_payment_needs_the_capability(api, client, people, priced, how):
    """Without octo/gifts requested, a booking shows no giftPayment, and a giftPayment sent is not applied (seed 003: fields of a capability the caller asks for).

    read: a gift-paid booking read without octo/gifts has no giftPayment (absent or null). pay:
    a payment sent without octo/gifts is refused, or ignored so that the gift keeps its credit."""
    offer, total, currency = priced
    gift = api.confirmed_gift(people, total, currency)
    without = tuple(c for c in client.capabilities if c != "octo/gifts")
    if how == "read":
        booking = _pay(api, offer, _code(gift))
        seen = api.read_without(booking["uuid"], without)
        expect(seen.get("giftPayment") is None, "no giftPayment without octo/gifts", seen.get("giftPayment"))
        return
    reply = client.post("/bookings", offer.reservation(giftPayment={"code": _code(gift)}), capabilities=without)
    if reply.status != 200:
        octo_error(reply, ("BAD_REQUEST", "UNPROCESSABLE_ENTITY", "FORBIDDEN"), statuses=(400, 403))
        return
    expect_equal(_paid(_pay(api, offer, _code(gift)))["amount"], total,
                 "amount the gift still pays after a payment sent without octo/gifts")


def test_gift_pays_in_another_of_the_products_currencies(api, people, discover):
    """A booking in a currency other than the product's default is paid by a gift in that currency (seed 003: the currency must match the booking's)."""
    offer = discover.offer(option_filter=lambda p, o: len(currencies_of(p)) > 1, need="product sold in two currencies",
                           bookings=2)
    other = next(c for c in currencies_of(offer.product) if c != offer.product.get("defaultCurrency"))
    total, currency = _cost(api, offer, currency=other)
    gift = api.confirmed_gift(people, total, other)
    booking = api.tested.reserve(offer.reservation(api.reseller_reference(), currency=other,
                                                   giftPayment={"code": _code(gift)}))
    _expect_paid(booking, gift, total, other, f"giftPayment of a booking in {other}")


def test_gift_currency_can_be_changed(api, people, discover, priced):
    """A gift's currency changed by PATCH before confirmation is the one it pays in (seed 003, Gift Update: currency)."""
    offer, total, currency = priced
    gift = api.gift("POST", "", {"amount": total, "currency": _other_sold_currency(discover, currency)})
    updated = api.gift("PATCH", f"/{gift['uuid']}", {"currency": currency})
    expect_equal(updated.get("currency"), currency, "currency after the update")
    confirmed = api.gift("POST", f"/{gift['uuid']}/confirm", {"contact": people.contact()})
    _expect_paid(_pay(api.tested, offer, _code(confirmed)), confirmed, total, currency, "giftPayment")


def test_zero_decimal_gift_counts_whole_units(api, people, discover):
    """A gift in a zero-decimal currency (JPY…) counts whole units: amount and payment in the same minor units as the booking's price (seed 003: amount in minor units; ISO 4217 exponents)."""
    offer = discover.offer(shape="ZERO_DECIMAL", bookings=2)
    total, currency = _cost(api, offer)
    gift = api.confirmed_gift(people, total, currency)
    expect_equal((gift.get("amount"), gift.get("currency")), (total, currency), "the gift's (amount, currency)")
    _expect_paid(_pay(api.tested, offer, _code(gift)), gift, total, currency, "giftPayment")
