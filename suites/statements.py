"""What the seed documents state, one statement per row, with the rules that check it.

The rows of the traceability matrix (docs/RULES.md, `octo-conformance --list-rules`). Each
statement is said in our words with the seed section it comes from; `rules` are the suite
rules that fail when a supplier breaks it. A test keeps this table and the suites in step:
every rule named here exists, every statement has a rule, and every rule citing a seed is
listed under one of that seed's statements. Add a row when a seed statement gets a rule.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Statement:
    """One thing a seed says a supplier does, and the rules that check it."""

    seed: str  # "000" redemption, "002" bookings, "003" gift vouchers
    section: str  # the seed's own heading
    text: str
    rules: tuple[str, ...]


def _s(seed: str, section: str, text: str, *rules: str) -> Statement:
    return Statement(seed, section, text, tuple(f"test_{rule}" for rule in rules))


STATEMENTS: tuple[Statement, ...] = (
    # --- seed 002: bookings -----------------------------------------------------------------
    _s("002", "Booking Reservation", "A reservation creates a booking ON_HOLD, holding the departure's seats.",
       "reservation_is_on_hold", "reservation_holds_vacancies", "on_hold_state"),
    _s("002", "Booking Reservation", "The booking shows the uuid, product, option and availability reserved, on every "
       "answer that follows.", "reservation_echoes_what_was_booked", "ids_are_echoed_by_every_answer"),
    _s("002", "Booking Reservation", "booking.availability is the departure booked (start, end, allDay, openingHours).",
       "booking_availability_is_the_departure_booked"),
    _s("002", "Booking Reservation", "uuid is optional: without one the supplier makes it.",
       "reservation_without_uuid_gets_one"),
    _s("002", "Booking Reservation", "productId, optionId, availabilityId and unitItems are required.",
       "reservation_missing_an_id_is_refused", "missing_unit_items_are_refused", "empty_unit_items_are_refused"),
    _s("002", "Booking Reservation", "One unit item per unit requested, each with its own uuid, the one sent if any.",
       "unit_items_as_requested", "unit_item_uuids_are_honoured"),
    _s("002", "Booking Reservation", "expirationMinutes sets how long the hold lasts (utcExpiresAt).",
       "hold_expiry_honours_expiration_minutes"),
    _s("002", "Booking Reservation", "The same reservation with the same uuid returns the same booking and holds its "
       "seats once; a unit item uuid does the same per unit; a uuid reused for another request is refused.",
       "same_uuid_returns_same_booking", "same_uuid_holds_seats_once", "same_unit_item_uuids_return_same_booking",
       "reused_uuid_with_other_request_is_refused"),
    _s("002", "Booking object", "Delivery options are populated once the booking is confirmed, as the product's "
       "deliveryMethods say (VOUCHER for the booking, TICKET per unit item).",
       "delivery_options_empty_before_confirmation", "voucher_delivered_per_delivery_methods",
       "tickets_delivered_per_delivery_methods", "delivery_methods_are_the_products"),
    _s("002", "Booking object", "freesale says whether the booking was made on a freesale departure.",
       "booking_on_freesale_departure_is_freesale", "booking_on_counted_departure_is_not_freesale"),
    _s("002", "Booking object", "supplierReference is the supplier's reference for the booking, for finding it.",
       "supplier_reference_is_stable", "list_by_supplier_reference"),
    _s("002", "Booking object", "settlementMethod is one of DIRECT, VOUCHER, WHOLESALE, DEPOSIT, DEFERRED.",
       "booking_is_valid"),
    _s("002", "Booking object", "Every timestamp is ISO 8601 in UTC; a booking's fields are as the booking object "
       "describes them.", "booking_is_valid", "read_bookings_are_valid", "timestamps_are_ordered"),
    _s("002", "Booking Update", "While cancellable, a booking's unit items, departure, option, product, contact, "
       "notes, resellerReference and expirationMinutes can be changed.", "update_on_hold_booking",
       "update_unit_items", "update_availability_moves_seats", "update_option", "update_product",
       "update_reference_and_hold", "update_confirmed_cancellable_booking"),
    _s("002", "Booking Update", "Unit items left out of an update's unitItems are removed.",
       "update_removes_unit_items_left_out"),
    _s("002", "Booking Update", "An update the supplier cannot make is refused and changes nothing: not cancellable "
       "any more, cancelled, redeemed, a sold-out departure, unknown ids.", "update_refused_when_not_cancellable",
       "update_refused_after_cancellation", "redeemed_booking_cannot_be_updated",
       "update_to_sold_out_departure_is_refused", "update_with_unknown_id_is_refused"),
    _s("002", "Booking Confirmation", "Confirming makes the booking CONFIRMED with utcConfirmedAt, no expiry, and the "
       "contact and resellerReference sent.", "confirmation_confirms", "confirmation_stores_contact_and_reference",
       "confirmed_state", "unit_items_follow_the_booking"),
    _s("002", "Booking Confirmation", "unitItems sent with the confirmation replace the reserved ones (count, "
       "references, contacts); emailReceipt may be sent.", "confirmation_with_unit_items_changes_them",
       "confirmation_with_fewer_unit_items", "confirmation_with_email_receipt"),
    _s("002", "Booking Confirmation", "A confirmation the option's rules forbid is refused and the booking stays "
       "ON_HOLD: required contact fields missing, a unit over its maxQuantity, an unknown unit.",
       "confirmation_without_required_contact_is_refused", "confirmation_over_a_units_max_quantity_is_refused",
       "confirming_with_unknown_unit_is_refused"),
    _s("002", "Booking Confirmation", "Confirming again with the same request returns the same booking; a cancelled "
       "booking cannot be confirmed.", "confirm_twice_returns_same_booking", "confirming_cancelled_booking_is_refused",
       "confirming_cancelled_confirmed_booking_is_refused"),
    _s("002", "Booking Cancellation", "Cancelling (POST …/cancel or DELETE) makes the booking CANCELLED with a "
       "cancellation giving the reason, and gives its seats back.", "cancel_with_post", "cancel_with_delete",
       "cancel_on_hold_booking", "cancellation_releases_vacancies", "cancelled_state"),
    _s("002", "Booking Cancellation", "A booking can be cancelled only while cancellable (before its cutoff, not "
       "redeemed).", "confirmed_booking_is_cancellable", "cancel_refused_when_not_cancellable",
       "cancellation_ends_when_the_cutoff_passes", "redeemed_booking_cannot_be_cancelled",
       "cancelled_booking_is_not_cancellable"),
    _s("002", "Booking Cancellation", "A cancelled booking has no vouchers or tickets left to travel with.",
       "cancelled_booking_has_no_delivery_options"),
    _s("002", "Booking Cancellation", "Cancelling again returns the same cancelled booking.",
       "cancel_twice_returns_same_booking", "cancel_confirmed_twice_returns_same_booking"),
    _s("002", "Extend Reservation", "Extending an ON_HOLD booking moves its expiry to now + expirationMinutes "
       "(optional).", "extend_moves_expiry", "extend_without_minutes_keeps_it_on_hold"),
    _s("002", "Extend Reservation", "Only an ON_HOLD booking can be extended: not a confirmed, cancelled or expired "
       "one.", "extend_refused_unless_on_hold", "extend_refused_when_cancelled", "expired_hold_cannot_be_extended"),
    _s("002", "Booking object", "A hold not confirmed before utcExpiresAt is EXPIRED: read, listed and confirmed as "
       "such, its seats given back.", "expired_hold_reads_expired", "expired_hold_is_not_listed_on_hold",
       "expired_hold_cannot_be_confirmed", "expiry_releases_seats"),
    _s("002", "Get Booking", "GET /bookings/{uuid} shows the booking as it is now.", "get_equals_latest_state",
       "read_bookings_are_valid"),
    _s("002", "List Bookings", "Bookings are listed by resellerReference, supplierReference, localDate or a "
       "localDateStart-localDateEnd range (travel dates), narrowed by productId and optionId.",
       "list_by_reseller_reference", "list_by_supplier_reference", "list_by_travel_date", "list_by_date_range",
       "list_narrowed_by_product_and_option"),
    _s("002", "List Bookings", "One of those filters is required: productId, optionId or half a range is not "
       "enough.", "list_without_filter_is_bad_request", "list_without_a_required_filter_is_bad_request"),
    # --- seed 000: redemption ---------------------------------------------------------------
    _s("000", "Lookup", "Lookup finds bookings by supplier or reseller reference, a unit item's reference, or the "
       "code on a voucher or ticket; several results for a package.", "lookup_by_supplier_reference",
       "lookup_by_reseller_reference", "lookup_by_unit_item_reference", "lookup_by_voucher_code",
       "lookup_by_ticket_code", "lookup_finds_every_booking_of_a_package"),
    _s("000", "Lookup", "Results are bookings with redemptionCode and redeemable; a code nobody has finds nothing.",
       "lookup_results_are_valid", "lookup_of_unknown_code_is_empty"),
    _s("000", "Lookup", "redeemable says whether the booking can be redeemed now: a confirmed one can; one on hold, "
       "cancelled, expired or already redeemed cannot.", "confirmed_booking_is_redeemable",
       "on_hold_booking_is_not_redeemable", "cancelled_booking_is_not_redeemable",
       "expired_booking_is_not_redeemable", "redeemed_booking_is_not_redeemable"),
    _s("000", "Redeem", "Redeeming marks the booking, voucher, unit items and tickets REDEEMED with utcRedeemedAt, "
       "and the booking is no longer redeemable.", "redeem_marks_everything_redeemed",
       "redeem_answer_is_not_redeemable"),
    _s("000", "Redeem", "Only redeemable bookings can be redeemed: not twice, not on hold or cancelled.",
       "redeem_twice_is_refused", "unredeemable_code_is_refused"),
    _s("000", "Redeem", "An array of codes is redeemed together, all or none.", "redeem_many_codes_together",
       "redeem_many_is_all_or_nothing"),
    _s("000", "Redeem", "A unit item's own code redeems that unit item (recommendation).",
       "unit_code_redeems_only_that_unit"),
    _s("000", "Redemption Validation", "Validating a code redeems it if needed and answers its booking; an unknown "
       "code is refused.", "validate_redeems", "validate_of_a_redeemed_code_answers_the_booking",
       "validate_of_an_unknown_code_is_refused"),
    _s("000", "Redemption Credentials", "Credentials answers the API key that owns a code, or null.",
       "credentials_pick_the_owning_key", "credentials_of_unknown_code_is_null"),
    _s("000", "Redemption", "The redemption endpoints serve callers who ask for octo/redemption.",
       "redemption_needs_the_capability"),
    # --- seed 003: gift vouchers ------------------------------------------------------------
    _s("003", "Gift Reservation", "Reserving a gift gives it ON_HOLD with the amount, currency, message and recipient "
       "asked, held expirationMinutes.", "gift_reservation_is_on_hold", "gift_is_valid"),
    _s("003", "Gift Reservation", "amount (positive integer, minor units) and currency (ISO 4217) are required.",
       "gift_without_amount_or_currency_is_refused", "amount_must_be_positive_minor_units",
       "currency_must_be_iso_4217", "zero_decimal_gift_counts_whole_units"),
    _s("003", "Gift Reservation", "The same reservation with the same uuid returns the same gift.",
       "same_uuid_same_gift"),
    _s("003", "Gift object", "A gift is ON_HOLD, EXPIRED when not confirmed in time, CONFIRMED, CANCELLED, or "
       "REDEEMED once fully used; its voucher is DIGITAL.", "gift_is_valid", "gift_hold_expires",
       "used_up_gift_reads_redeemed"),
    _s("003", "Gift Confirmation", "Confirming makes the gift CONFIRMED with its reference and contact, and populates "
       "the voucher's delivery options with a code to type in.", "gift_confirmation",
       "gift_delivery_options_empty_before_confirmation"),
    _s("003", "Gift Update", "A gift can be updated (message, recipient, currency…) while cancellable, not once "
       "spent.", "gift_update", "gift_currency_can_be_changed", "spent_gift_cannot_be_changed"),
    _s("003", "Gift Cancellation", "DELETE cancels a cancellable gift with a cancellation giving the reason; again "
       "answers the same.", "gift_cancellation", "spent_gift_cannot_be_changed"),
    _s("003", "Extend Reservation", "An ON_HOLD gift can be held longer, a confirmed one cannot.", "gift_extension"),
    _s("003", "Gift Update", "Gifts are read by uuid and listed by resellerReference or supplierReference, one of "
       "which is required.", "get_and_list_gifts", "unknown_gift_is_refused"),
    _s("003", "Gift vouchers", "The gift endpoints serve callers who ask for octo/gifts.",
       "gifts_need_the_capability"),
    _s("003", "Redeem Gift Voucher", "A confirmed gift's code pays a booking, on reservation or by PATCH; the booking "
       "shows giftPayment (code, amount, currency).", "gift_pays_a_booking", "gift_pays_a_booking_on_update",
       "bookings_carry_gift_payment", "amounts_stay_integer_minor_units"),
    _s("003", "Redeem Gift Voucher", "The gift's currency must match the booking's; a mismatch changes nothing.",
       "gift_in_another_currency_is_refused", "gift_pays_in_another_of_the_products_currencies"),
    _s("003", "Redeem Gift Voucher", "Only a valid gift with credit pays: not on hold, expired, cancelled or used up.",
       "on_hold_gift_cannot_pay", "expired_gift_cannot_pay", "cancelled_gift_cannot_pay", "used_up_gift_cannot_pay"),
    _s("003", "Redeem Gift Voucher", "A gift pays up to its credit and keeps the rest; a booking it covers whole can "
       "be confirmed; cancelling the booking gives the credit back.", "partial_payment_leaves_the_right_balance",
       "gift_paid_booking_can_be_confirmed", "cancelling_the_booking_restores_the_gift"),
    _s("003", "Redeem Gift Voucher", "giftPayment is part of octo/gifts: not shown or applied without it.",
       "gift_payment_needs_the_capability"),
)
