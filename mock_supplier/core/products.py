"""The OCTO product, option and unit objects, with the fields applied capabilities add."""
from __future__ import annotations

from ..catalogue import Catalogue, Option, Product, Unit
from ..kernel.context import Context
from ..kernel.encoding import json_bytes
from ..kernel.errors import InvalidOptionId, InvalidProductId, InvalidUnitId
from ..kernel.plugins import Plugins


def find_product(catalogue: Catalogue, product_id: object) -> Product:
    """The product with this id, or INVALID_PRODUCT_ID."""
    product = catalogue.product(product_id)
    if product is None:
        raise InvalidProductId(product_id)
    return product


def find_option(product: Product, option_id: object) -> Option:
    """The option of the product with this id, or INVALID_OPTION_ID."""
    option = product.option(option_id)
    if option is None:
        raise InvalidOptionId(option_id, f"Product {product.id!r} has no option {option_id!r}")
    return option


def find_unit(option: Option, unit_id: object) -> Unit:
    """The unit of the option with this id, or INVALID_UNIT_ID."""
    unit = option.unit(unit_id)
    if unit is None:
        raise InvalidUnitId(unit_id, f"Option {option.id!r} has no unit {unit_id!r}")
    return unit


class _View:
    """The catalogue as one view of it (applied capabilities, and what their view keys name)
    shows it, encoded: the whole list at once, and each product when first asked for."""

    def __init__(self, catalogue: Catalogue, plugins: Plugins):
        self.catalogue, self.plugins = catalogue, plugins
        self.products: dict[str, bytes] = {}
        self.listing: bytes | None = None


_VIEWS: dict[tuple, _View] = {}


def _view(ctx: Context) -> _View:
    catalogue, plugins = ctx.catalogue, ctx.plugins
    key = (id(catalogue), id(plugins), ctx.capabilities,
           tuple(hook(ctx) for hook in plugins.hooks("view_key", ctx.capabilities)))
    view = _VIEWS.get(key)
    if view is None or view.catalogue is not catalogue or view.plugins is not plugins:  # ids can be reused
        view = _VIEWS[key] = _View(catalogue, plugins)
    return view


def encoded_catalogue(ctx: Context) -> bytes:
    """Every product as OCTO JSON, encoded. The catalogue never changes while the mock runs, so
    each view is built and encoded once: GET /products is the call resellers make most."""
    view = _view(ctx)
    if view.listing is None:
        view.listing = json_bytes([product_json(ctx, p) for p in ctx.catalogue.products])
    return view.listing


def encoded_product(ctx: Context, product: Product) -> bytes:
    """One product as OCTO JSON, encoded once per view like the whole list."""
    view = _view(ctx)
    encoded = view.products.get(product.id)
    if encoded is None:
        encoded = view.products[product.id] = json_bytes(product_json(ctx, product))
    return encoded


def product_json(ctx: Context, product: Product) -> dict:
    """The OCTO Product object."""
    body = {
        "id": product.id,
        "internalName": product.internal_name,
        "reference": product.reference,
        "locale": product.locale,
        "timeZone": product.time_zone,
        "allowFreesale": product.allows_freesale,
        "instantConfirmation": product.instant_confirmation,
        "instantDelivery": product.instant_delivery,
        "availabilityRequired": True,
        "availabilityType": product.availability_type,
        "deliveryFormats": list(product.delivery_formats),
        "deliveryMethods": list(product.delivery_methods),
        "redemptionMethod": product.redemption_method,
        "capabilities": ctx.plugins.listing(),
        "options": [option_json(ctx, product, option) for option in product.options],
    }
    body.update(ctx.plugins.added_fields("product_fields", ctx.capabilities, ctx, product))
    return body


def option_json(ctx: Context, product: Product, option: Option) -> dict:
    """The OCTO Option object."""
    cutoff = option.cancellation_cutoff_amount
    unit = option.cancellation_cutoff_unit
    body = {
        "id": option.id,
        "default": option.default,
        "internalName": option.internal_name,
        "reference": None,
        "availabilityLocalStartTimes": list(option.start_times),
        "cancellationCutoff": f"{cutoff} {unit}{'' if cutoff == 1 else 's'}",
        "cancellationCutoffAmount": cutoff,
        "cancellationCutoffUnit": unit,
        "requiredContactFields": list(option.required_contact_fields),
        "restrictions": {"minUnits": option.min_units, "maxUnits": option.max_units},
        "units": [unit_json(ctx, product, u) for u in option.units],
    }
    body.update(ctx.plugins.added_fields("option_fields", ctx.capabilities, ctx, product, option))
    return body


def unit_json(ctx: Context, product: Product, unit: Unit) -> dict:
    """The OCTO Unit object."""
    body = {
        "id": unit.id,
        "internalName": unit.internal_name,
        "reference": unit.id,
        "type": unit.type,
        "requiredContactFields": list(unit.required_contact_fields),
        "restrictions": {
            "minAge": unit.min_age,
            "maxAge": unit.max_age,
            "idRequired": unit.id_required,
            "minQuantity": unit.min_quantity,
            "maxQuantity": unit.max_quantity,
            "paxCount": unit.pax_count,
            "accompaniedBy": list(unit.accompanied_by),
        },
    }
    body.update(ctx.plugins.added_fields("unit_fields", ctx.capabilities, ctx, product, unit))
    return body
