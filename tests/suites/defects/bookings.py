"""Defects in reserving, confirming, cancelling, expiry, idempotency and booking pricing."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from .kit import (BOOKING_PATH, Call, Defect, accepting_refused, answer, booking_now, crashing_on_answer,
                  is_cancellation, is_confirmation, is_reservation, octo_error, refusing, rewriting_bookings,
                  rewriting_request, seats_still_taken, send, with_body)


def _items_stay_on_hold(booking: dict) -> None:
    if booking.get("status") == "CONFIRMED":
        for item in booking["unitItems"]:
            if item.get("status") == "CONFIRMED":  # as they were when reserved
                item["status"] = "ON_HOLD"


ITEMS_STAY_ON_HOLD = Defect(
    "unit items stay ON_HOLD after confirmation (a confirm-time invariant)",
    rewriting_bookings(_items_stay_on_hold),
    fails={"test_unit_items_follow_the_booking"})


def _second_cancel_refused(app):
    cancelled: set[str] = set()

    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        if call.method == "POST" and match and match["action"] == "/cancel" and match["uuid"] in cancelled:
            return octo_error(start_response, "BAD_REQUEST", "Booking already cancelled")
        status, headers, body = answer(app, environ)
        if call.method == "POST" and match and match["action"] == "/cancel" and status.startswith("200"):
            if json.loads(body).get("utcConfirmedAt"):
                cancelled.add(match["uuid"])
        return send(start_response, status, headers, body)
    return middleware


SECOND_CANCEL_REFUSED = Defect(
    "a second cancel of a CONFIRMED booking answers 400",
    _second_cancel_refused,
    fails={"test_cancel_confirmed_twice_returns_same_booking"})


def _zero_prices(booking: dict) -> None:
    for priced in [booking] + booking["unitItems"]:
        if isinstance(priced.get("pricing"), dict):
            priced["pricing"].update(original=0, retail=0, net=0)
            for tax in priced["pricing"].get("includedTaxes") or []:
                tax.update(original=0, retail=0, net=0)


# The gift rules need a booking that costs something: with every price 0 they cannot apply.
PRICES_ZERO = Defect(
    "booking pricing is all zeros",
    rewriting_bookings(_zero_prices),
    fails={"test_per_booking_price_is_the_options", "test_unit_item_priced_as_its_unit",
           "test_booking_totals_add_up_with_the_discount", "test_offer_discount_shows_in_the_booking"},
    skips={"test_amounts_stay_integer_minor_units", "test_bookings_carry_gift_payment",
           "test_cancelled_gift_cannot_pay", "test_cancelling_the_booking_restores_the_gift",
           "test_expired_gift_cannot_pay", "test_gift_currency_can_be_changed",
           "test_gift_in_another_currency_is_refused", "test_gift_is_valid",
           "test_gift_paid_booking_can_be_confirmed", "test_gift_payment_needs_the_capability",
           "test_gift_pays_a_booking", "test_gift_pays_a_booking_on_update",
           "test_gift_pays_in_another_of_the_products_currencies", "test_on_hold_gift_cannot_pay",
           "test_partial_payment_leaves_the_right_balance", "test_spent_gift_cannot_be_changed",
           "test_used_up_gift_cannot_pay", "test_used_up_gift_reads_redeemed",
           "test_zero_decimal_gift_counts_whole_units"})


def _freesale_false(booking: dict) -> None:
    booking["freesale"] = False


FREESALE_FALSE = Defect(
    "bookings always say freesale false",
    rewriting_bookings(_freesale_false),
    fails={"test_booking_on_freesale_departure_is_freesale"})


def _get_booking_fails(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        if call.method == "GET" and match and not match["action"]:
            return octo_error(start_response, "INTERNAL_SERVER_ERROR", "database timeout", "500 Internal Server Error")
        return app(environ, start_response)
    return middleware


# Rules that read a booking to judge it fail (the read is their own call, as in reading a
# gift-paid booking without octo/gifts); rules that read one only to go on are blocked.
GET_BOOKING_FAILS = Defect(
    "GET /bookings/{uuid} answers 500 (a step many rules need)",
    _get_booking_fails,
    fails={"test_expired_hold_reads_expired", "test_get_equals_latest_state",
           "test_get_unknown_booking_is_refused"},
    blocks={"test_fewer_units_than_the_offer_needs_refuse_or_reprice", "test_offer_fields_absent_without_the_capability",
            "test_offer_whose_conditions_fail_is_refused", "test_unknown_offer_code_is_refused_on_update",
            "test_cancel_refused_when_not_cancellable", "test_cancellation_ends_when_the_cutoff_passes",
            "test_confirmation_over_a_units_max_quantity_is_refused",
            "test_confirmation_without_required_contact_is_refused",
            "test_confirming_cancelled_booking_is_refused",
            "test_confirming_cancelled_confirmed_booking_is_refused",
            "test_confirming_with_unknown_unit_is_refused", "test_gift_in_another_currency_is_refused",
            "test_ids_are_echoed_by_every_answer", "test_read_bookings_are_valid",
            "test_redeem_many_is_all_or_nothing", "test_redeem_marks_everything_redeemed",
            "test_redeemed_booking_cannot_be_cancelled", "test_redeemed_booking_cannot_be_updated",
            "test_redemption_needs_the_capability", "test_reused_uuid_with_other_request_is_refused",
            "test_supplier_reference_is_stable", "test_unredeemable_code_is_refused",
            "test_update_refused_after_cancellation", "test_update_refused_when_not_cancellable",
            "test_content_headers_on_every_answer",  # octo/content: the headers of GET /bookings/{uuid}
            "test_update_to_sold_out_departure_is_refused",
            # a booking read without a capability fails where every read does: not the capability's fault
            "test_gift_payment_needs_the_capability", "test_questions_need_the_capability",
            "test_pickup_fields_absent_without_the_capability",
            # answers and pickups read back, and a refused confirmation's booking read again
            "test_answers_on_reservation_are_kept", "test_answers_on_update_are_kept",
            "test_required_answer_is_enforced_at_confirmation", "test_required_pickup_missing_is_refused",
            # octo/cart: each booking of an order read back once the order's own answer is judged
            "test_booking_that_cannot_be_confirmed_leaves_the_order_unconfirmed",
            "test_cancelling_an_order_cancels_every_booking", "test_confirming_an_order_confirms_every_booking"})


def _confirm_reconfirms(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        match = BOOKING_PATH.match(call.path)
        status, headers, body = answer(app, environ)
        if call.method == "POST" and match and match["action"] == "/confirm" and not status.startswith("200"):
            booking = booking_now(app, environ, match["uuid"])
            if booking and booking.get("status") == "CANCELLED":
                booking.update(status="CONFIRMED", cancellation=None)
                return send(start_response, "200 OK", headers, json.dumps(booking).encode())
        return send(start_response, status, headers, body)
    return middleware


CONFIRM_RECONFIRMS = Defect(
    "confirming a cancelled booking answers it CONFIRMED",
    _confirm_reconfirms,
    fails={"test_confirming_cancelled_booking_is_refused", "test_confirming_cancelled_confirmed_booking_is_refused"})


def _hold_cancel_expires(booking: dict) -> None:
    if booking.get("status") == "CANCELLED" and not booking.get("utcConfirmedAt"):
        booking["status"] = "EXPIRED"
        for item in booking["unitItems"]:
            item["status"] = "EXPIRED"


HOLD_CANCEL_EXPIRES = Defect(
    "cancelling a hold answers it EXPIRED",
    rewriting_bookings(_hold_cancel_expires),
    # octo/cart: a cancelled order's bookings read back EXPIRED (the order's own answer is not rewritten)
    fails={"test_cancel_on_hold_booking", "test_cancelling_an_order_cancels_every_booking"},
    blocks={"test_cancel_twice_returns_same_booking", "test_cancellation_releases_vacancies",
            "test_cancelling_the_booking_restores_the_gift", "test_confirming_cancelled_booking_is_refused",
            "test_extend_refused_when_cancelled", "test_update_refused_after_cancellation"})


def _drop_locales(booking: dict) -> None:
    if isinstance(booking.get("contact"), dict):
        booking["contact"]["locales"] = []


CONTACT_LOCALES_DROPPED = Defect(
    "booking contacts lose their locales",
    rewriting_bookings(_drop_locales),
    fails={"test_confirmation_stores_contact_and_reference", "test_update_on_hold_booking"})


def _unit_uuids_forgotten(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        if call.method == "POST" and call.path == "/octo/bookings" and isinstance(call.body, dict) \
                and "uuid" not in call.body:
            body = {**call.body, "unitItems": [{k: v for k, v in item.items() if k != "uuid"}
                                               for item in call.body.get("unitItems") or []]}
            with_body(environ, body)
        return app(environ, start_response)
    return middleware


UNIT_UUIDS_FORGOTTEN = Defect(
    "a reservation without a booking uuid ignores its unit items' uuids",
    _unit_uuids_forgotten,
    fails={"test_same_unit_item_uuids_return_same_booking"})


def _confirmed_after_update(booking: dict) -> None:
    if booking.get("utcConfirmedAt") and booking.get("utcUpdatedAt"):
        updated = datetime.fromisoformat(booking["utcUpdatedAt"].replace("Z", "+00:00"))
        booking["utcConfirmedAt"] = (updated + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


CONFIRMED_AFTER_UPDATE = Defect(
    "utcConfirmedAt lies after utcUpdatedAt",
    rewriting_bookings(_confirmed_after_update),
    fails={"test_timestamps_are_ordered"})


EXTEND_UNKNOWN_CRASHES = Defect(
    "extending an unknown booking answers HTTP 500",
    crashing_on_answer(lambda call, status, body: call.path.startswith("/octo/bookings/")
                       and call.path.endswith("/extend") and b"INVALID_BOOKING_UUID" in body),
    fails={"test_expired_hold_cannot_be_extended", "test_extending_unknown_booking_is_refused"})


CONFIRM_IGNORES_UNIT_ITEMS = Defect(
    "confirmation ignores the unit items sent",
    rewriting_request(lambda c: c.method == "POST" and c.path.endswith("/confirm") and "/bookings/" in c.path,
                       lambda body: {k: v for k, v in body.items() if k != "unitItems"}),
    fails={"test_confirmation_over_a_units_max_quantity_is_refused", "test_confirmation_with_fewer_unit_items",
           "test_confirmation_with_unit_items_changes_them", "test_confirming_with_unknown_unit_is_refused",
           # octo/questions: a unit item's answers travel in the confirmation's unitItems, lost with them
           "test_answers_on_confirmation_are_kept", "test_required_answer_is_enforced_at_confirmation"})


def _first_delivery_method(booking: dict) -> None:
    booking["deliveryMethods"] = (booking.get("deliveryMethods") or [])[:1]


ONE_DELIVERY_METHOD = Defect(
    "bookings name only the first of their product's delivery methods",
    rewriting_bookings(_first_delivery_method),
    fails={"test_delivery_methods_are_the_products"})


def _upper_unit_uuids(booking: dict) -> None:
    for item in booking["unitItems"]:
        item["uuid"] = str(item.get("uuid")).upper()


UPPER_CASE_UNIT_UUIDS = Defect(
    "unit item uuids are upper-case",
    rewriting_bookings(_upper_unit_uuids),
    fails={"test_uuids_are_lower_case"})


def _no_availability_id(booking: dict) -> None:
    booking.pop("availabilityId", None)


CONFIRM_DROPS_AVAILABILITY_ID = Defect(
    "the confirmation answer has no availabilityId",
    rewriting_bookings(_no_availability_id, lambda c: c.method == "POST" and c.path.endswith("/confirm") and "/bookings/" in c.path),
    fails={"test_booking_is_valid", "test_ids_are_echoed_by_every_answer"})


RESERVATION_NEEDS_UUID = Defect(
    "a reservation without uuid is refused",
    refusing(lambda c: is_reservation(c) and isinstance(c.body, dict) and "uuid" not in c.body),
    fails={"test_reservation_without_uuid_gets_one"},
    blocks={"test_same_unit_item_uuids_return_same_booking"})


MISSING_ID_CRASHES = Defect(
    "a reservation missing productId, optionId or availabilityId answers HTTP 500",
    refusing(lambda c: is_reservation(c) and isinstance(c.body, dict)
              and not {"productId", "optionId", "availabilityId"} <= c.body.keys(), html=True),
    fails={"test_reservation_missing_an_id_is_refused"})


EMAIL_RECEIPT_REFUSED = Defect(
    "a confirmation with emailReceipt is refused",
    refusing(lambda c: is_confirmation(c) and isinstance(c.body, dict) and "emailReceipt" in c.body),
    fails={"test_confirmation_with_email_receipt"})


REQUIRED_CONTACT_IGNORED = Defect(
    "a confirmation without the required contact fields is accepted",
    rewriting_request(is_confirmation, lambda body: {**body, "contact": {
        "firstName": "Ada", "lastName": "Byron", "emailAddress": "ada@example.com", **(body.get("contact") or {})}}),
    fails={"test_confirmation_without_required_contact_is_refused"})


def _cancelled_confirmed_seats_kept(app):
    kept: dict[str, int] = {}  # availability id -> seats still counted as taken

    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if status.startswith("200") and is_cancellation(call) and call.method == "POST":
            booking = json.loads(body)
            if booking.get("utcConfirmedAt"):
                kept[booking["availabilityId"]] = kept.get(booking["availabilityId"], 0) + len(booking["unitItems"])
        return send(start_response, status, headers, seats_still_taken(call, status, body, kept))
    return middleware


# Seats still counted as taken also mislead the over-capacity order, which then fits.
CONFIRMED_CANCEL_KEEPS_SEATS = Defect(
    "cancelling a confirmed booking does not give its seats back",
    _cancelled_confirmed_seats_kept,
    fails={"test_cancellation_releases_vacancies", "test_over_capacity_is_refused"})


def _is_extension(call: Call) -> bool:
    return call.method == "POST" and call.path.startswith("/octo/bookings/") and call.path.endswith("/extend")


EXTEND_CANCELLED_IGNORED = Defect(
    "extending a booking that is not ON_HOLD answers 200 with the booking unchanged",
    accepting_refused(_is_extension),
    fails={"test_expired_hold_cannot_be_extended", "test_extend_refused_unless_on_hold",
           "test_extend_refused_when_cancelled"})


EXTEND_NEEDS_MINUTES = Defect(
    "an extension without expirationMinutes is refused",
    refusing(lambda c: _is_extension(c) and not (c.body or {}).get("expirationMinutes")),
    fails={"test_extend_without_minutes_keeps_it_on_hold"})


def _availability_ends_at_start(booking: dict) -> None:
    embedded = booking.get("availability")
    if isinstance(embedded, dict):
        embedded["localDateTimeEnd"] = embedded.get("localDateTimeStart")


BOOKING_AVAILABILITY_WRONG = Defect(
    "booking.availability ends when it starts",
    rewriting_bookings(_availability_ends_at_start),
    fails={"test_booking_availability_is_the_departure_booked"})


def _unit_contacts_names_only(booking: dict) -> None:
    for item in booking["unitItems"]:
        if isinstance(item.get("contact"), dict):
            item["contact"] = {**item["contact"], "emailAddress": None, "phoneNumber": None, "locales": []}


UNIT_CONTACTS_NAMES_ONLY = Defect(
    "unit item contacts keep their names only",
    rewriting_bookings(_unit_contacts_names_only),
    fails={"test_confirmation_with_unit_items_changes_them"})
