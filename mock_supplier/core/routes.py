"""OCTO core routes (served under /octo): supplier, products, availability, bookings."""
from __future__ import annotations

from flask import Blueprint, current_app, g, request

from ..capabilities import PRICING, capability_list
from ..web import authenticate, change, commit_and_view, json_body, json_response, json_text_response, sandbox
from . import availability, bookings
from .booking_json import booking_json
from .products import catalogue_text, find_product, product_json

blueprint = Blueprint("octo_core", __name__)
blueprint.before_request(authenticate)


@blueprint.get("/supplier")
def get_supplier():
    """GET /supplier: who we are."""
    with sandbox() as ctx:
        return json_response({
            "id": "octo-mock", "name": current_app.extensions["octo_mock"].config.supplier_name,
            "endpoint": ctx.base_url,
            "contact": {"website": None, "email": "support@octo-mock.invalid", "telephone": None, "address": None},
        })


@blueprint.get("/capabilities")
def get_capabilities():
    """GET /capabilities: the capabilities this supplier implements."""
    return json_response(capability_list())


@blueprint.get("/products")
def list_products():
    """GET /products: the whole catalogue. It depends on nothing in the sandbox, so it is served
    without a transaction, from text encoded once."""
    catalogue = current_app.extensions["octo_mock"].catalogue
    return json_text_response(catalogue_text(catalogue, PRICING in g.capabilities))


@blueprint.get("/products/<product_id>")
def get_product(product_id: str):
    """GET /products/{id}: one product, or INVALID_PRODUCT_ID."""
    with sandbox() as ctx:
        return json_response(product_json(find_product(ctx.catalogue, product_id), ctx.pricing))


@blueprint.post("/availability")
def check_availability():
    """POST /availability: by localDate, by date range, or by availabilityIds."""
    body = json_body("requests/availability-check")
    with sandbox() as ctx:
        return json_response(availability.check(ctx, body))


@blueprint.post("/availability/calendar")
def availability_calendar():
    """POST /availability/calendar: one entry per date."""
    body = json_body("requests/availability-calendar")
    with sandbox() as ctx:
        return json_response(availability.calendar(ctx, body))


@blueprint.post("/bookings")
def reserve():
    """POST /bookings: reserve (ON_HOLD)."""
    body = json_body("requests/booking-reservation")
    return commit_and_view(lambda ctx: bookings.reserve(ctx, body), booking_json)


@blueprint.get("/bookings")
def list_bookings():
    """GET /bookings: filtered by references or travel dates."""
    query = {key: request.args[key] for key in request.args}
    with sandbox() as ctx:
        return json_response([booking_json(ctx, record) for record in bookings.search(ctx, query)])


@blueprint.get("/bookings/<booking_uuid>")
def get_booking(booking_uuid: str):
    """GET /bookings/{uuid}."""
    with sandbox() as ctx:
        return json_response(booking_json(ctx, bookings.get(ctx, booking_uuid)))


@blueprint.patch("/bookings/<booking_uuid>")
def update_booking(booking_uuid: str):
    """PATCH /bookings/{uuid}: update while cancellable."""
    return change(bookings.update, booking_uuid, "requests/booking-update", booking_json)


@blueprint.post("/bookings/<booking_uuid>/confirm")
def confirm_booking(booking_uuid: str):
    """POST /bookings/{uuid}/confirm."""
    return change(bookings.confirm, booking_uuid, "requests/booking-confirmation", booking_json)


@blueprint.post("/bookings/<booking_uuid>/cancel")
@blueprint.delete("/bookings/<booking_uuid>")
def cancel_booking(booking_uuid: str):
    """POST /bookings/{uuid}/cancel and DELETE /bookings/{uuid}."""
    return change(bookings.cancel, booking_uuid, "requests/booking-cancellation", booking_json)


@blueprint.post("/bookings/<booking_uuid>/extend")
def extend_booking(booking_uuid: str):
    """POST /bookings/{uuid}/extend."""
    return change(bookings.extend, booking_uuid, "requests/booking-extension", booking_json)

