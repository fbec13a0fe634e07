"""The OCTO product, option and unit objects, with octo/pricing fields when requested."""
from __future__ import annotations

from ..capabilities import capability_list
from ..catalogue import Catalogue, Option, Product, Unit
from ..errors import InvalidOptionId, InvalidProductId, InvalidUnitId
from .. import pricing
from ..web import json_text


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


_CATALOGUE_TEXT: dict[tuple[int, bool], tuple[Catalogue, str]] = {}


def catalogue_text(catalogue: Catalogue, with_pricing: bool) -> str:
    """Every product as OCTO JSON, encoded. The catalogue never changes while the mock runs, so
    each view is built and encoded once (GET /products is the call resellers make most)."""
    key = (id(catalogue), with_pricing)
    cached = _CATALOGUE_TEXT.get(key)
    if cached is None or cached[0] is not catalogue:  # an id can be reused by a later object
        products = [product_json(p, with_pricing) for p in catalogue.products]
        cached = _CATALOGUE_TEXT[key] = (catalogue, json_text(products))
    return cached[1]


def product_json(product: Product, with_pricing: bool) -> dict:
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
        "capabilities": capability_list(),
        "options": [option_json(product, option, with_pricing) for option in product.options],
    }
    if with_pricing:
        body.update(defaultCurrency=product.default_currency,
                    availableCurrencies=list(product.currencies), pricingPer=product.pricing_per)
    return body


def option_json(product: Product, option: Option, with_pricing: bool) -> dict:
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
        "units": [unit_json(product, u, with_pricing) for u in option.units],
    }
    if with_pricing and product.pricing_per == "BOOKING":
        prices = [pricing.price(option.booking_prices[c], c, product.tax) for c in product.currencies]
        body.update(pricingFrom=prices, pricing=prices)
    return body


def unit_json(product: Product, unit: Unit, with_pricing: bool) -> dict:
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
    if with_pricing and product.pricing_per == "UNIT":
        prices = [pricing.price(unit.prices[c], c, product.tax) for c in product.currencies]
        body.update(pricingFrom=prices, pricing=prices)
    return body
