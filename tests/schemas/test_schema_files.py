"""The schema files themselves: metaschema, ids, references and house rules."""

from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator

import schemas
from schemas import _variants
from schemas._documents import BASE_URI, documents

ALL_NAMES = list(documents())

EXPECTED_OBJECTS = {
    "supplier", "product", "option", "unit", "availability", "availability-calendar-day",
    "booking", "unit-item", "ticket", "delivery-option", "contact", "cancellation", "pricing",
    "pricing-unit", "capability", "error",
    "redemption-lookup-result", "redemption-credentials",  # octo/redemption
    "gift", "gift-payment",  # octo/gifts
    "content",  # octo/content: the fields it adds to other objects, and their sub-objects
    "pickup-point",  # octo/pickups
    "question", "question-answer",  # octo/questions
    "offer",  # octo/offers
    "order",  # octo/cart
    "webhook", "webhook-booking-update", "webhook-availability-update",  # octo/webhooks
}
EXPECTED_REQUESTS = {
    "availability-check", "availability-calendar", "booking-reservation", "booking-update",
    "booking-confirmation", "booking-cancellation", "booking-extension", "contact",
    "redemption-redeem", "redemption-validate", "redemption-credentials",  # octo/redemption
    "gift-reservation", "gift-update", "gift-confirmation", "gift-payment",  # octo/gifts
    "question-answer",  # octo/questions
    "order-creation", "order-confirmation",  # octo/cart
    "webhook-creation",  # octo/webhooks
}


def _walk(value, pointer=""):
    """Yields (JSON pointer, key, value) for every key of every object in a document."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield pointer, key, child
            yield from _walk(child, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, f"{pointer}/{index}")


def test_schema_names_are_the_expected_objects_and_request_bodies():
    """schema_names() lists every object and request body, and no support file."""
    assert set(schemas.schema_names()) == EXPECTED_OBJECTS | {f"requests/{n}" for n in EXPECTED_REQUESTS}


def test_every_json_file_in_the_package_is_loaded():
    """The loader finds the files through importlib.resources, including requests/."""
    root = files("schemas")
    on_disk = {e.name[:-5] for e in root.iterdir() if e.name.endswith(".json")}
    on_disk |= {"requests/" + e.name[:-5] for e in root.joinpath("requests").iterdir() if e.name.endswith(".json")}
    assert on_disk == set(ALL_NAMES)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_file_is_a_valid_2020_12_schema(name):
    """Every file passes the Draft 2020-12 metaschema."""
    Draft202012Validator.check_schema(schemas.raw_schema(name))


@pytest.mark.parametrize("name", ALL_NAMES)
def test_file_header(name):
    """Every file declares 2020-12, an $id matching its path, a title and a description citing the spec."""
    doc = schemas.raw_schema(name)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"] == f"{BASE_URI}{name}.json"
    assert doc["title"]
    assert ("SPEC-DIGEST §" in doc["description"] or "SPEC-CAPABILITIES §" in doc["description"]) \
        and "\n" not in doc["description"]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_no_additional_properties_and_only_relative_refs(name):
    """Objects stay open (strict mode is derived in code) and $refs are relative."""
    for pointer, key, value in _walk(schemas.raw_schema(name)):
        assert key not in ("additionalProperties", "unevaluatedProperties"), f"{name}{pointer}"
        if key == "$ref":
            assert "://" not in value, f"{name}{pointer}: absolute $ref {value}"


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_ref_resolves(name, strict):
    """Every $ref in every file resolves in the registry, lenient and strict."""
    registry = _variants.registry(frozenset({"octo/pricing"}), strict)
    doc = schemas.raw_schema(name)
    resolver = registry.resolver(base_uri=doc["$id"])
    refs = [value for _, key, value in _walk(doc) if key == "$ref"]
    for ref in refs:
        assert resolver.lookup(ref).contents is not None, f"{name}: {ref}"


def _declared_properties(node: dict, doc: dict) -> set[str]:
    """A node's property names, plus those of a same-document schema it $refs."""
    names = set(node.get("properties", {}))
    if node.get("$ref", "").startswith("#/"):
        target = doc
        for step in node["$ref"][2:].split("/"):
            target = target[step]
        names |= set(target["properties"])
    return names


@pytest.mark.parametrize("name", ALL_NAMES)
def test_capability_fields_are_declared_properties(name):
    """Every field a capability keyword names is a property of that object schema."""
    doc = schemas.raw_schema(name)
    for node in _variants.schema_nodes(doc):
        for keyword in (_variants.REQUIRED_WITH, _variants.OPTIONAL_WITH):
            for cap, fields in node.get(keyword, {}).items():
                assert cap.startswith("octo/")
                assert set(fields) <= _declared_properties(node, doc), f"{name}: {keyword} {cap}"


def test_raw_schema_is_a_copy():
    """Mutating what raw_schema returns does not change later validation."""
    raw = schemas.raw_schema("booking")
    raw["required"].clear()
    assert "id" in schemas.raw_schema("booking")["required"]
    assert schemas.violations("booking", {})


def test_raw_schema_unknown_name():
    """An unknown name raises KeyError naming the known schemas."""
    with pytest.raises(KeyError, match="booking"):
        schemas.raw_schema("bookings")


def test_all_enums_live_in_definitions():
    """Enums are written once, in definitions.json (error codes excepted: they belong to error.json)."""
    for name in ALL_NAMES:
        if name in ("definitions", "error"):
            continue
        keys = {key for _, key, _ in _walk(schemas.raw_schema(name))}
        assert "enum" not in keys, name


def test_pricing_unit_extends_pricing():
    """PricingUnit reuses Pricing's fields instead of copying them."""
    doc = schemas.raw_schema("pricing-unit")
    assert doc["$ref"] == "pricing.json#/$defs/PricingFields"
    assert doc["required"] == ["unitId"]
