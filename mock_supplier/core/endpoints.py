"""OCTO core's operations: supplier, capabilities, products, availability, bookings, tickets.
Thin: each reads its request, calls a rule, and returns the view of what the rule returns."""
from __future__ import annotations

from ..kernel.encoding import Encoded
from ..kernel.operations import ARRAY, NONE, WRITE, Operations, Query
from . import availability, bookings
from .booking_view import booking_json
from .products import encoded_catalogue, encoded_product, find_product
from .tickets import ticket_document

endpoints = Operations()


@endpoints("GET", "/supplier", response="supplier", access=NONE, operation_id="getSupplier")
def get_supplier(ctx, call):
    """Who we are."""
    return {"id": "octo-mock", "name": ctx.mock.config.supplier_name, "endpoint": ctx.base_url,
            "contact": {"website": None, "email": "support@octo-mock.invalid", "telephone": None, "address": None},
            **ctx.plugins.added_fields("supplier_fields", ctx.capabilities, ctx)}


@endpoints("GET", "/capabilities", response="capability", shape=ARRAY, access=NONE, operation_id="getCapabilities")
def get_capabilities(ctx, call):
    """The capabilities this supplier implements."""
    return ctx.plugins.listing()


@endpoints("GET", "/products", response="product", shape=ARRAY, access=NONE, operation_id="listProducts")
def list_products(ctx, call):
    """The whole catalogue. It depends on nothing in the sandbox, so it is served without a
    transaction, from text encoded once per set of capabilities."""
    return Encoded(encoded_catalogue(ctx))


@endpoints("GET", "/products/{product_id}", response="product", access=NONE, operation_id="getProduct")
def get_product(ctx, call):
    """One product, or INVALID_PRODUCT_ID; served like the list, from text encoded once."""
    return Encoded(encoded_product(ctx, find_product(ctx.catalogue, call.params["product_id"])))


@endpoints("POST", "/availability", request="requests/availability-check", response="availability", shape=ARRAY,
           operation_id="checkAvailability")
def check_availability(ctx, call):
    """By localDate, by date range, or by availabilityIds."""
    return availability.check(ctx, call.body)


@endpoints("POST", "/availability/calendar", request="requests/availability-calendar",
           response="availability-calendar-day", shape=ARRAY, operation_id="availabilityCalendar")
def availability_calendar(ctx, call):
    """One entry per date."""
    return availability.calendar(ctx, call.body)


@endpoints("POST", "/bookings", request="requests/booking-reservation", response="booking", access=WRITE,
           operation_id="reserveBooking")
def reserve_booking(ctx, call):
    """Reserve (ON_HOLD)."""
    return booking_json(ctx, bookings.reserve(ctx, call.body))


@endpoints("GET", "/bookings", response="booking", shape=ARRAY, operation_id="listBookings", query=(
    Query("resellerReference"), Query("supplierReference"), Query("productId"), Query("optionId"),
    Query("localDate", local_date=True), Query("localDateStart", local_date=True),
    Query("localDateEnd", local_date=True)))
def list_bookings(ctx, call):
    """Filtered by references or travel dates."""
    return [booking_json(ctx, booking) for booking in bookings.search(ctx, call.query)]


@endpoints("GET", "/bookings/{booking_uuid}", response="booking", operation_id="getBooking")
def get_booking(ctx, call):
    """One booking by its uuid."""
    return booking_json(ctx, bookings.get(ctx, call.params["booking_uuid"]))


@endpoints("PATCH", "/bookings/{booking_uuid}", request="requests/booking-update", response="booking", access=WRITE,
           operation_id="updateBooking")
def update_booking(ctx, call):
    """Update while cancellable."""
    return booking_json(ctx, bookings.update(ctx, call.params["booking_uuid"], call.body))


@endpoints("POST", "/bookings/{booking_uuid}/confirm", request="requests/booking-confirmation", response="booking",
           access=WRITE, operation_id="confirmBooking")
def confirm_booking(ctx, call):
    """Confirm an ON_HOLD booking."""
    return booking_json(ctx, bookings.confirm(ctx, call.params["booking_uuid"], call.body))


@endpoints("POST", "/bookings/{booking_uuid}/cancel", request="requests/booking-cancellation", response="booking",
           access=WRITE, operation_id="cancelBooking")
def cancel_booking(ctx, call):
    """Cancel while cancellable."""
    return booking_json(ctx, bookings.cancel(ctx, call.params["booking_uuid"], call.body))


@endpoints("DELETE", "/bookings/{booking_uuid}", request="requests/booking-cancellation", response="booking",
           access=WRITE, operation_id="deleteBooking")
def delete_booking(ctx, call):
    """Cancel while cancellable (the older spelling of cancel)."""
    return booking_json(ctx, bookings.cancel(ctx, call.params["booking_uuid"], call.body))


@endpoints("POST", "/bookings/{booking_uuid}/extend", request="requests/booking-extension", response="booking",
           access=WRITE, operation_id="extendBooking")
def extend_booking(ctx, call):
    """Hold an ON_HOLD booking for longer."""
    return booking_json(ctx, bookings.extend(ctx, call.params["booking_uuid"], call.body))


@endpoints("GET", "/tickets/{code}.pdf", response=None, access=NONE, authenticated=False, operation_id="ticketPdf",
           mimetype="application/pdf")
def ticket_pdf(ctx, call):
    """The printable ticket or voucher behind a PDF_URL delivery option (no key: guests open these)."""
    return ticket_document(ctx.mock.store, ctx.plugins, call.params["code"])
