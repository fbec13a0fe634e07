"""octo/content: titles, descriptions, features, FAQs, media, locations, categories, durations and
commentary on the supplier, products, options, units and availability, in the language the
request's Accept-Language gets (languages.py), with Content-Language and Available-Languages
on every answer.

Which languages an answer is negotiated among: a response about one product (GET
/products/{id}, availability and the calendar of a product, a reservation, a booking read or
changed by its uuid) among that product's; any other (the supplier, the product list, booking
lists, gifts...) among the supplier's, which are every language some product has. Within a
list, each product is in the best of its own languages for the request, so a product that
lacks the answer's language is in its default one.
"""
from __future__ import annotations

from ...kernel.context import Context
from ...kernel.plugins import Capability, Header
from . import views
from .languages import negotiate

CONTENT = "octo/content"


def _accept(ctx: Context) -> str | None:
    return ctx.headers.get("Accept-Language")


def _language(ctx: Context, product) -> str:
    return negotiate(_accept(ctx), views.languages_of(product))


def _describe(ctx: Context, languages: tuple[str, ...]) -> None:
    """Say in the answer's headers what it is in, and what it could have been in."""
    ctx.response_headers["Content-Language"] = negotiate(_accept(ctx), languages)
    ctx.response_headers["Available-Languages"] = ", ".join(languages)


def _on_request(ctx: Context) -> None:
    product = _named_product(ctx)
    _describe(ctx, views.languages_of(product) if product else views.supplier_languages(ctx.catalogue))


def _named_product(ctx: Context):
    """The product a request is about, when it names one (path or body)."""
    named = ctx.call.params.get("product_id")
    if named is None and isinstance(ctx.call.body, dict):
        named = ctx.call.body.get("productId")
    return ctx.catalogue.product(named) if isinstance(named, str) else None


def _booking_fields(ctx: Context, booking, plan) -> dict:
    # A booking read or changed by its uuid is about its product, whatever the request names.
    if ctx.call.params.get("booking_uuid") == booking.uuid:
        _describe(ctx, views.languages_of(plan.product))
    return {}


def _view_key(ctx: Context) -> tuple[str, ...]:
    """GET /products depends on the language each product gets: a few combinations at most."""
    return tuple(_language(ctx, product) for product in ctx.catalogue.products)


CAPABILITY = Capability(
    CONTENT,
    on_request=_on_request, view_key=_view_key,
    supplier_fields=lambda ctx: views.supplier_fields(
        negotiate(_accept(ctx), views.supplier_languages(ctx.catalogue))),
    product_fields=lambda ctx, product: views.product_fields(product, _language(ctx, product)),
    option_fields=lambda ctx, product, option: views.option_fields(product, option, _language(ctx, product)),
    unit_fields=lambda ctx, product, unit: views.unit_fields(unit, _language(ctx, product)),
    availability_fields=lambda ctx, slot, unit_ids, currency: views.availability_fields(
        slot.product, slot.option, _language(ctx, slot.product)),
    booking_fields=_booking_fields,
    headers=(
        Header("Accept-Language", "request", "The languages wanted, with q weights (RFC 9110): the best served "
               "one answers; a bare tag finds its regional forms, a regional one its bare tag; none "
               "matching, the default (SPEC-CAPABILITIES §1, Rec)."),
        Header("Content-Language", "response", "The language of the answer's content: one of Available-Languages."),
        Header("Available-Languages", "response", "Every language the answer could have been in, comma-separated: "
               "the product's, for an answer about one product; else the supplier's."),
    ),
)
