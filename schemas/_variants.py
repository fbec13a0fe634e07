"""Derives capability and strict variants of the schemas and caches their validators."""

import copy
from functools import cache, lru_cache

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from ._documents import documents, uri_of

# Fields that must be present when the capability is on (SPEC-DIGEST: x-capability-data).
REQUIRED_WITH = "x-required-with-capability"
# Fields that belong to a capability but are only conditionally required (option/unit/unit-item
# pricing); strict mode still rejects them when the capability is off.
OPTIONAL_WITH = "x-optional-with-capability"
# A subschema (an allOf entry) that applies only when the capability is on, e.g. "pricing is
# given per unit or per booking"; with the capability off it is dropped.
ONLY_WITH = "x-only-with-capability"

# Keywords whose value is one subschema, a map of subschemas, or a list of subschemas.
_ONE = ("items", "not", "if", "then", "else", "contains", "additionalProperties",
        "unevaluatedProperties", "unevaluatedItems", "propertyNames", "contentSchema")
_MAP = ("properties", "$defs", "patternProperties", "dependentSchemas")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")


def schema_nodes(node):
    """Yields every subschema of a document, skipping data such as enum values."""
    if not isinstance(node, dict):
        return
    yield node
    for key in _ONE:
        yield from schema_nodes(node.get(key))
    for key in _MAP:
        for child in (node.get(key) or {}).values():
            yield from schema_nodes(child)
    for key in _LIST:
        for child in node.get(key) or ():
            yield from schema_nodes(child)


@cache
def known_capabilities() -> frozenset[str]:
    """Capability ids that any schema declares fields for."""
    return frozenset(
        cap
        for doc in documents().values()
        for node in schema_nodes(doc)
        for keyword in (REQUIRED_WITH, OPTIONAL_WITH)
        for cap in node.get(keyword, {})
    ) | frozenset(node[ONLY_WITH] for doc in documents().values() for node in schema_nodes(doc) if ONLY_WITH in node)


def normalise(capabilities) -> frozenset[str]:
    """The known capability ids in an iterable or an Octo-Capabilities header value."""
    if isinstance(capabilities, str):
        capabilities = capabilities.split(",")
    return frozenset(c.strip() for c in capabilities or ()) & known_capabilities()


def _is_object_schema(node: dict) -> bool:
    """True for nodes that declare "type": "object" (alone or in a type list)."""
    kind = node.get("type")
    return kind == "object" or (isinstance(kind, list) and "object" in kind)


def _apply(node: dict, capabilities: frozenset[str], strict: bool, ignore_unrequested: bool) -> None:
    """Rewrites one schema node in place for the given variant."""
    if ONLY_WITH in node and node[ONLY_WITH] not in capabilities:
        node.clear()  # an empty schema: anything goes
        return
    properties = node.get("properties", {})
    for keyword in (REQUIRED_WITH, OPTIONAL_WITH):
        for cap, fields in node.get(keyword, {}).items():
            if cap in capabilities and keyword == REQUIRED_WITH:
                required = node.setdefault("required", [])
                required.extend(f for f in fields if f not in required)
            elif cap not in capabilities and (strict or ignore_unrequested):
                for field in fields:
                    properties.pop(field, None)
    # unevaluatedProperties (not additionalProperties) sees through $ref/allOf/if, so
    # pricing-unit.json can extend pricing.json's fields and both stay closed.
    if strict and _is_object_schema(node):
        node["unevaluatedProperties"] = False


def transformed(doc: dict, capabilities: frozenset[str], strict: bool, ignore_unrequested: bool = False) -> dict:
    """A deep copy of one document rewritten for the given variant. `ignore_unrequested`
    leaves the fields of capabilities that are off unchecked (strict rejects them instead)."""
    doc = copy.deepcopy(doc)
    for node in list(schema_nodes(doc)):
        _apply(node, capabilities, strict, ignore_unrequested)
    return doc


@lru_cache(maxsize=None)
def registry(capabilities: frozenset[str], strict: bool, ignore_unrequested: bool = False) -> Registry:
    """A registry holding every document of one variant, keyed by `$id`."""
    resources = []
    for doc in documents().values():
        variant = transformed(doc, capabilities, strict, ignore_unrequested)
        resources.append((variant["$id"], DRAFT202012.create_resource(variant)))
    return Registry().with_resources(resources).crawl()


@lru_cache(maxsize=None)
def validator(name: str, capabilities: frozenset[str], strict: bool,
              ignore_unrequested: bool = False) -> Draft202012Validator:
    """The validator for one schema name in one variant, built once."""
    reg = registry(capabilities, strict, ignore_unrequested)
    return Draft202012Validator(
        reg.contents(uri_of(name)),
        registry=reg,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@lru_cache(maxsize=None)
def fast_validator(name: str, capabilities: frozenset[str], strict: bool, ignore_unrequested: bool = False):
    """jsonschema-rs's compiled validator for the same schema variant, or None where
    jsonschema-rs is not installed or cannot compile it.

    It only answers "valid or not", in about a microsecond where jsonschema takes a few hundred
    (the mock validates every request body, the suites every answer); the messages of an
    invalid document still come from jsonschema, so they read the same either way.
    tests/schemas/test_fast_validation.py checks that the two agree on generated documents."""
    try:
        import jsonschema_rs  # noqa: PLC0415 - optional: without it jsonschema alone decides
    except ImportError:
        return None
    try:
        return jsonschema_rs.validator_for(registry(capabilities, strict, ignore_unrequested).contents(uri_of(name)),
                                           registry=_rs_registry(capabilities, strict, ignore_unrequested),
                                           validate_formats=True, formats=_python_formats())
    except Exception:  # noqa: BLE001 - a schema it cannot compile is left to jsonschema
        return None


@cache
def _python_formats() -> dict:
    """Every format the schemas use, judged by jsonschema's own format checker: the two libraries
    read some formats differently (jsonschema-rs takes a leap second, 23:59:60, as a date-time;
    rfc3339-validator does not), and a format must mean one thing whichever library answers."""
    checker = Draft202012Validator.FORMAT_CHECKER
    used = {node["format"] for doc in documents().values() for node in schema_nodes(doc)
            if isinstance(node.get("format"), str)}
    return {name: (lambda value, name=name: checker.conforms(value, name)) for name in sorted(used)}


@lru_cache(maxsize=None)
def _rs_registry(capabilities: frozenset[str], strict: bool, ignore_unrequested: bool):
    import jsonschema_rs  # noqa: PLC0415

    variant = registry(capabilities, strict, ignore_unrequested)
    return jsonschema_rs.Registry([(uri, variant.contents(uri)) for uri in variant])
