"""Defects in octo/gifts (seed 003)."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from urllib.parse import urlencode

from .kit import (Call, Defect, about_bookings, answer, each_booking, environ_for, fetch, is_cancellation,
                  is_confirmation, is_reservation, is_update, octo_error, rewriting, rewriting_request, send,
                  served_as_if_asked)


def _gift_hold_of_30_minutes(data, call):
    if data.get("status") == "ON_HOLD" and data.get("utcCreatedAt"):
        created = datetime.fromisoformat(data["utcCreatedAt"].replace("Z", "+00:00"))
        data["utcExpiresAt"] = (created + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return data


GIFT_HOLD_IGNORES_EXPIRATION = Defect(
    "gift holds last 30 minutes whatever expirationMinutes says",
    rewriting(lambda c: c.method == "POST" and c.path == "/octo/gifts", _gift_hold_of_30_minutes),
    fails={"test_gift_reservation_is_on_hold"})


GIFT_FIELDS_DEFAULTED = Defect(
    "a gift reservation without amount or currency gets a default one",
    rewriting_request(lambda c: c.method == "POST" and c.path == "/octo/gifts",
                       lambda body: {"amount": 1000, "currency": "GBP", **body}),
    fails={"test_gift_without_amount_or_currency_is_refused"})


def _unknown_gift_crashes(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        if environ["PATH_INFO"].startswith("/octo/gifts/") and b"INVALID_BOOKING_UUID" in body:
            return octo_error(start_response, "INTERNAL_SERVER_ERROR", "gift not found", "500 Internal Server Error")
        return send(start_response, status, headers, body)
    return middleware


UNKNOWN_GIFT_CRASHES = Defect(
    "an unknown gift uuid answers HTTP 500",
    _unknown_gift_crashes,
    fails={"test_unknown_gift_is_refused"})


GIFTS_WITHOUT_CAPABILITY = Defect(
    "the gift endpoints serve callers who did not ask for octo/gifts",
    served_as_if_asked("/octo/gifts", "octo/pricing, octo/gifts"),
    fails={"test_gifts_need_the_capability"})


def _spent_gift_changes_accepted(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.method in ("PATCH", "DELETE") and call.path.startswith("/octo/gifts/") and not status.startswith("200"):
            status, headers, body = answer(app, environ_for(environ, "GET", call.path))
        return send(start_response, status, headers, body)
    return middleware


SPENT_GIFT_CHANGES_ACCEPTED = Defect(
    "changing a gift it may no longer change answers 200 with the gift as it is",
    _spent_gift_changes_accepted,
    fails={"test_spent_gift_cannot_be_changed"})


def _is_gift_reservation(call: Call) -> bool:
    return call.method == "POST" and call.path == "/octo/gifts"


def _is_gift_action(call: Call, method: str, action: str = "") -> bool:
    return (call.method == method and call.path.startswith("/octo/gifts/") and call.path.endswith(action)
            and call.path.count("/") == (4 if action else 3))


def _delivered_on_hold(data, call):
    for gift in data if isinstance(data, list) else [data]:
        if isinstance(gift, dict) and gift.get("status") == "ON_HOLD" and isinstance(gift.get("voucher"), dict):
            gift["voucher"]["deliveryOptions"] = [{"deliveryFormat": "QRCODE",
                                                   "deliveryValue": gift["supplierReference"]}]
    return data


GIFT_DELIVERED_ON_HOLD = Defect(
    "an ON_HOLD gift already carries a QR code delivery option (its supplierReference)",
    rewriting(lambda c: c.path.startswith("/octo/gifts"), _delivered_on_hold),
    fails={"test_gift_delivery_options_empty_before_confirmation"})


GIFT_CONFIRMATION_DROPS_REFERENCE = Defect(
    "a gift confirmation ignores the resellerReference it carries (only the reservation's is kept)",
    rewriting_request(lambda c: _is_gift_action(c, "POST", "/confirm"),
                      lambda body: {k: v for k, v in body.items() if k != "resellerReference"}),
    fails={"test_gift_confirmation"})


GIFT_UPDATE_IGNORES_RECIPIENT = Defect(
    "a gift update changes the message but ignores the recipient",
    rewriting_request(lambda c: _is_gift_action(c, "PATCH"), lambda body: {k: v for k, v in body.items()
                                                                          if k != "recipient"}),
    fails={"test_gift_update"})


def _second_gift_cancel_refused(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if _is_gift_action(call, "DELETE"):
            if (fetch(app, environ, "GET", call.path) or {}).get("status") == "CANCELLED":
                return octo_error(start_response, "UNPROCESSABLE_ENTITY", "Gift already cancelled")
        return app(environ, start_response)
    return middleware


SECOND_GIFT_CANCEL_REFUSED = Defect(
    "cancelling a CANCELLED gift again answers 400 instead of the same cancellation",
    _second_gift_cancel_refused,
    fails={"test_gift_cancellation"})


def _confirmed_gift_extended(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if _is_gift_action(call, "POST", "/extend") and not status.startswith("200"):
            status, headers, body = answer(app, environ_for(environ, "GET", call.path.removesuffix("/extend")))
        return send(start_response, status, headers, body)
    return middleware


CONFIRMED_GIFT_EXTENDED = Defect(
    "extending a confirmed gift answers 200 with the gift as it is",
    _confirmed_gift_extended,
    fails={"test_gift_extension"})


def _gifts_by_supplier_reference_empty(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "GET" and call.path == "/octo/gifts" and set(call.query) == {"supplierReference"}:
            return send(start_response, "200 OK", [("Content-Type", "application/json")], b"[]")
        return app(environ, start_response)
    return middleware


GIFTS_NOT_LISTED_BY_SUPPLIER_REFERENCE = Defect(
    "listing gifts by supplierReference alone finds nothing",
    _gifts_by_supplier_reference_empty,
    fails={"test_get_and_list_gifts"})


def _numeric_string_amount(body: dict) -> dict:
    if isinstance(body.get("amount"), str) and body["amount"].isdigit():
        body["amount"] = int(body["amount"])
    return body


GIFT_AMOUNT_STRING_ACCEPTED = Defect(
    "a gift amount sent as a string of digits (\"1000\") is read as a number",
    rewriting_request(_is_gift_reservation, _numeric_string_amount),
    fails={"test_amount_must_be_positive_minor_units"})


GIFT_CURRENCY_UPPER_CASED = Defect(
    "a gift currency in lower case (\"eur\") is upper-cased and accepted",
    rewriting_request(_is_gift_reservation, lambda body: {**body, "currency": body["currency"].upper()}
                      if isinstance(body.get("currency"), str) else body),
    fails={"test_currency_must_be_iso_4217"})


def _expired_gift_on_hold(data, call):
    for gift in data if isinstance(data, list) else [data]:
        if isinstance(gift, dict) and gift.get("status") == "EXPIRED":
            gift["status"] = "ON_HOLD"
    return data


GIFT_HOLD_NEVER_EXPIRES = Defect(
    "a gift whose hold ran out still reads ON_HOLD",
    rewriting(lambda c: c.method == "GET" and c.path.startswith("/octo/gifts"), _expired_gift_on_hold),
    fails={"test_gift_hold_expires"})


def _voucher_never_redeemed(data, call):
    for gift in data if isinstance(data, list) else [data]:
        if isinstance(gift, dict) and isinstance(gift.get("voucher"), dict):
            gift["voucher"]["utcRedeemedAt"] = None
    return data


GIFT_VOUCHER_NEVER_REDEEMED = Defect(
    "a REDEEMED gift's voucher keeps utcRedeemedAt null (only the gift's own is set)",
    rewriting(lambda c: c.path.startswith("/octo/gifts"), _voucher_never_redeemed),
    fails={"test_gift_is_valid"})


# --- paying bookings with gifts --------------------------------------------------------


def _paying(call: Call) -> bool:
    return (isinstance(call.body, dict) and isinstance(call.body.get("giftPayment"), dict)
            and (is_reservation(call) or is_update(call)))


def _paid_anyway(credit):
    """Middleware factory: a gift payment the mock refuses is answered as applied when
    `credit(app, environ, call, refusal)` gives the credit the supplier believes the code has
    (None: refused as the mock does); the booking is made without it and shows it paid."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            if status.startswith("200") or not _paying(call):
                return send(start_response, status, headers, body)
            code = call.body["giftPayment"].get("code")
            left = credit(app, environ, call, body)
            if left is None:
                return send(start_response, status, headers, body)
            unpaid = json.dumps({k: v for k, v in call.body.items() if k != "giftPayment"}).encode()
            status, headers, body = answer(app, environ_for(environ, call.method, call.path, unpaid,
                                                            environ.get("QUERY_STRING", "")))
            if status.startswith("200"):
                booking = json.loads(body)
                pricing = booking.get("pricing") or {}
                booking["giftPayment"] = {"code": code, "amount": min(left, pricing.get("retail", left)),
                                          "currency": pricing.get("currency")}
                body = json.dumps(booking).encode()
            return send(start_response, status, headers, body)
        return middleware
    return wrap


def _unconfirmed_gift_credit(app, environ, call, refusal):
    code = call.body["giftPayment"].get("code")
    gifts = fetch(app, {**environ, "HTTP_OCTO_CAPABILITIES": "octo/pricing, octo/gifts"}, "GET", "/octo/gifts",
                  query=urlencode({"supplierReference": code})) or []
    return next((g["amount"] for g in gifts if g.get("status") != "CANCELLED"), None)


# One check is missing, whatever the hold: a gift still ON_HOLD and one whose hold expired both pay.
UNCONFIRMED_GIFT_PAYS_BY_REFERENCE = Defect(
    "a gift's supplierReference pays as its code, confirmed or not (only CANCELLED gifts are refused)",
    _paid_anyway(_unconfirmed_gift_credit),
    fails={"test_on_hold_gift_cannot_pay", "test_expired_gift_cannot_pay"})


FOREIGN_GIFT_PAYS = Defect(
    "a gift in another currency pays the booking as if the currencies matched",
    _paid_anyway(lambda app, environ, call, refusal: 10 ** 9 if b"and the booking in" in refusal else None),
    fails={"test_gift_in_another_currency_is_refused"})


USED_UP_GIFT_PAYS_NOTHING = Defect(
    "a gift with no credit left is applied anyway, for 0",
    _paid_anyway(lambda app, environ, call, refusal: 0 if b"no credit left" in refusal else None),
    fails={"test_used_up_gift_cannot_pay"})


def _gift_payment(when, change):
    """Middleware factory: the giftPayment of matching booking answers passes through change(payment, booking)."""
    def changed(data, call):
        def one(booking):
            if isinstance(booking.get("giftPayment"), dict):
                change(booking["giftPayment"], booking)
        return each_booking(data, one)
    return rewriting(when, changed)


def _face_values(app):
    """Reservation answers show the gift's face value (learned from gift answers) as the amount applied."""
    values: dict[str, int] = {}

    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if status.startswith("200") and call.path.startswith("/octo/gifts"):
            data = json.loads(body)
            for gift in data if isinstance(data, list) else [data]:
                for option in (gift.get("voucher") or {}).get("deliveryOptions") or []:
                    values[option["deliveryValue"]] = gift["amount"]
        elif status.startswith("200") and is_reservation(call):
            booking = json.loads(body)
            payment = booking.get("giftPayment")
            if isinstance(payment, dict) and payment.get("code") in values:
                payment["amount"] = values[payment["code"]]
                body = json.dumps(booking).encode()
        return send(start_response, status, headers, body)
    return middleware


# A gift worth more than the booking shows its whole value as applied: the partial payment too.
GIFT_PAYMENT_SHOWS_FACE_VALUE = Defect(
    "a reservation's giftPayment.amount is the gift's face value, not the amount applied",
    _face_values,
    fails={"test_gift_pays_a_booking", "test_partial_payment_leaves_the_right_balance"})


def _charged_the_total(payment, booking):
    payment["amount"] = (booking.get("pricing") or {}).get("retail", payment["amount"])


GIFT_PAYS_BEYOND_ITS_BALANCE = Defect(
    "a gift pays a booking's whole total even when less credit is left",
    _gift_payment(about_bookings, _charged_the_total),
    fails={"test_partial_payment_leaves_the_right_balance"})


def _float_amount(payment, booking):
    payment["amount"] = float(payment["amount"])


GIFT_PAYMENT_AMOUNT_FLOAT = Defect(
    "giftPayment.amount is written as a decimal number (1250.0)",
    _gift_payment(about_bookings, _float_amount),
    fails={"test_amounts_stay_integer_minor_units"})


def _unpaid_without_gift_payment(data, call):
    def one(booking):
        if booking.get("giftPayment", 0) is None:
            del booking["giftPayment"]
    return each_booking(data, one)


UNPAID_BOOKING_WITHOUT_GIFT_PAYMENT = Defect(
    "a booking no gift paid leaves giftPayment out instead of null",
    rewriting(about_bookings, _unpaid_without_gift_payment),
    fails={"test_bookings_carry_gift_payment"})


def _dropped(payment, booking):
    booking["giftPayment"] = None


GIFT_PAYMENT_MISSING_FROM_UPDATE = Defect(
    "the answer to a PATCH that adds a gift payment shows giftPayment null (the payment is kept)",
    _gift_payment(is_update, _dropped),
    fails={"test_gift_pays_a_booking_on_update"})


GIFT_PAYMENT_MISSING_FROM_CONFIRMATION = Defect(
    "confirming a gift-paid booking answers giftPayment null",
    _gift_payment(is_confirmation, _dropped),
    fails={"test_gift_paid_booking_can_be_confirmed"})


def _gift_payment_shown_to_all(app):
    def middleware(environ, start_response):
        asked = [c.strip() for c in environ.get("HTTP_OCTO_CAPABILITIES", "").split(",") if c.strip()]
        if (environ["REQUEST_METHOD"] == "GET" and environ["PATH_INFO"].startswith("/octo/bookings/")
                and "octo/pricing" in asked and "octo/gifts" not in asked):
            environ["HTTP_OCTO_CAPABILITIES"] = ", ".join(asked + ["octo/gifts"])
        return app(environ, start_response)
    return middleware


GIFT_PAYMENT_SHOWN_WITHOUT_CAPABILITY = Defect(
    "a booking read without octo/gifts (but with octo/pricing) still shows its giftPayment",
    _gift_payment_shown_to_all,
    fails={"test_gift_payment_needs_the_capability"})


def _default_currency_only(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if is_reservation(call) and _paying(call) and call.body.get("currency"):
            default = (fetch(app, environ, "GET", f"/octo/products/{call.body.get('productId')}") or {}).get(
                "defaultCurrency")
            if default and call.body["currency"] != default:
                return octo_error(start_response, "UNPROCESSABLE_ENTITY",
                                  f"The gift's currency does not match the product's currency {default}")
        return app(environ, start_response)
    return middleware


GIFT_CURRENCY_CHECKED_AGAINST_DEFAULT = Defect(
    "a gift's currency is compared with the product's default currency, not the booking's",
    _default_currency_only,
    fails={"test_gift_pays_in_another_of_the_products_currencies"})


GIFT_CURRENCY_NOT_UPDATED = Defect(
    "a gift update ignores a new currency",
    rewriting_request(lambda c: _is_gift_action(c, "PATCH"), lambda body: {k: v for k, v in body.items()
                                                                          if k != "currency"}),
    fails={"test_gift_currency_can_be_changed"})


def _two_decimals_everywhere(data, call):
    for gift in data if isinstance(data, list) else [data]:
        if isinstance(gift, dict) and gift.get("currency") in ("JPY", "KRW", "ISK", "CLP", "VND"):
            gift["amount"] *= 100
            if isinstance(gift.get("balance"), int):
                gift["balance"] *= 100
    return data


GIFT_ZERO_DECIMALS_SHOWN_IN_CENTS = Defect(
    "gift answers count every currency in hundredths: a JPY gift of 1500 shows 150000",
    rewriting(lambda c: c.path.startswith("/octo/gifts"), _two_decimals_everywhere),
    fails={"test_zero_decimal_gift_counts_whole_units"})


def _unredeemed(gift):
    if isinstance(gift, dict) and gift.get("status") == "REDEEMED":
        gift.update(status="CONFIRMED", utcRedeemedAt=None)
        if isinstance(gift.get("voucher"), dict):
            gift["voucher"]["utcRedeemedAt"] = None
    return gift


GIFT_STAYS_CONFIRMED_WHEN_USED_UP = Defect(
    "a gift whose whole amount has been applied still reads CONFIRMED",
    rewriting(lambda c: c.path.startswith("/octo/gifts"),
              lambda data, call: [_unredeemed(g) for g in data] if isinstance(data, list) else _unredeemed(data)),
    fails={"test_used_up_gift_reads_redeemed"})


# --- more gift defects -------------------------------------------------------------------


GIFT_UUID_IGNORED = Defect(
    "a gift reservation ignores its uuid: the same reservation sent twice makes two gifts",
    rewriting_request(_is_gift_reservation, lambda body: {k: v for k, v in body.items() if k != "uuid"}),
    fails={"test_same_uuid_same_gift"})


def _codes_of(gift: dict) -> set[str]:
    """The names a gift pays by: its supplierReference and the codes on its voucher."""
    options = (gift.get("voucher") or {}).get("deliveryOptions") or []
    return {gift.get("supplierReference")} | {o.get("deliveryValue") for o in options if isinstance(o, dict)}


def _learning_gifts(app, environ, call: Call, status: str, body: bytes, known: dict) -> None:
    """Remembers, per API key, the gift (uuid) each code of a gift answer names."""
    if not (status.startswith("200") and call.path.startswith("/octo/gifts")):
        return
    data = json.loads(body)
    for gift in data if isinstance(data, list) else [data]:
        if isinstance(gift, dict) and gift.get("uuid"):
            for code in _codes_of(gift):
                known[(environ.get("HTTP_AUTHORIZATION", ""), code)] = gift["uuid"]


def _refund_kept(app):
    """Cancelling a gift-paid booking gives the gift nothing back: the supplier (the middleware)
    keeps the amount as spent, shows the gift's balance without it and refuses payments past it."""
    known: dict[tuple[str, str], str] = {}  # (API key, code) -> gift uuid
    kept: dict[tuple[str, str], int] = {}  # (API key, gift uuid) -> refunds kept back

    def shown(gift: dict, key: str) -> dict:
        held = kept.get((key, gift.get("uuid")), 0)
        if held and isinstance(gift.get("balance"), int):
            gift["balance"] = max(0, gift["balance"] - held)
            if gift["balance"] == 0 and gift.get("status") == "CONFIRMED":
                gift.update(status="REDEEMED", utcRedeemedAt=gift.get("utcUpdatedAt"))
                if isinstance(gift.get("voucher"), dict):
                    gift["voucher"]["utcRedeemedAt"] = gift.get("utcUpdatedAt")
        return gift

    def middleware(environ, start_response):
        call = Call.of(environ)
        key = environ.get("HTTP_AUTHORIZATION", "")
        if _paying(call):
            uuid = known.get((key, call.body["giftPayment"].get("code")))
            if uuid and kept.get((key, uuid)):
                gift = fetch(app, environ, "GET", f"/octo/gifts/{uuid}") or {}
                if isinstance(gift.get("balance"), int) and gift["balance"] <= kept[(key, uuid)]:
                    return octo_error(start_response, "UNPROCESSABLE_ENTITY", "The gift has no credit left")
        status, headers, body = answer(app, environ)
        _learning_gifts(app, environ, call, status, body, known)
        if status.startswith("200") and is_cancellation(call):
            payment = json.loads(body).get("giftPayment")
            uuid = known.get((key, (payment or {}).get("code")))
            if uuid and isinstance(payment.get("amount"), int):
                kept[(key, uuid)] = kept.get((key, uuid), 0) + payment["amount"]
        elif status.startswith("200") and call.path.startswith("/octo/gifts"):
            data = json.loads(body)
            data = [shown(g, key) for g in data] if isinstance(data, list) else shown(data, key)
            body = json.dumps(data).encode()
        return send(start_response, status, headers, body)
    return middleware


GIFT_CREDIT_KEPT_AFTER_CANCELLATION = Defect(
    "cancelling a booking a gift paid does not give the gift its credit back",
    _refund_kept,
    fails={"test_cancelling_the_booking_restores_the_gift"})


def _cancelled_gift_pays(app):
    """A gift payment refused because the gift is cancelled is applied anyway, for the gift's amount."""
    known: dict[tuple[str, str], str] = {}  # (API key, code) -> gift uuid

    def credit(app, environ, call, refusal):
        uuid = known.get((environ.get("HTTP_AUTHORIZATION", ""), call.body["giftPayment"].get("code")))
        if b"is CANCELLED" not in refusal or uuid is None:
            return None
        return (fetch(app, environ, "GET", f"/octo/gifts/{uuid}") or {}).get("amount")

    paying = _paid_anyway(credit)(app)

    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(paying, environ)
        _learning_gifts(app, environ, call, status, body, known)
        return send(start_response, status, headers, body)
    return middleware


CANCELLED_GIFT_PAYS = Defect(
    "a cancelled gift still pays a booking (its whole amount is credit)",
    _cancelled_gift_pays,
    fails={"test_cancelled_gift_cannot_pay"})


def _amounts_as_strings(value):
    if isinstance(value, dict):
        return {k: (f"{v / 100:.2f}" if k in ("amount", "balance") and isinstance(v, int) else _amounts_as_strings(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_amounts_as_strings(v) for v in value]
    return value


# Every rule that reads a gift's amount sees the strings: the Gift schema, the amounts kept in
# integer minor units, and the zero-decimal currencies' whole units.
GIFT_AMOUNTS_AS_STRINGS = Defect(
    "gift answers write amount and balance as decimal strings in major units (\"25.00\")",
    rewriting(lambda c: c.path.startswith("/octo/gifts"), lambda data, call: _amounts_as_strings(data)),
    fails={"test_gift_reservation_is_on_hold", "test_gift_is_valid", "test_amounts_stay_integer_minor_units",
           "test_zero_decimal_gift_counts_whole_units"})
