"""Complete instances validate; capability and strict variants tighten the rules."""

import pytest

import schemas
from schemas import SchemaViolations

from . import instances

PRICING = {"octo/pricing"}

VALID = {
    "booking": instances.booking,
    "unit-item": instances.unit_item,
    "product": instances.product,
    "option": instances.option,
    "unit": instances.unit,
    "availability": instances.availability,
    "availability-calendar-day": instances.calendar_day,
    "supplier": instances.supplier,
    "capability": instances.capability,
    "error": instances.error,
    "pricing": instances.pricing,
    "pricing-unit": instances.pricing_unit,
    "ticket": instances.ticket,
    "contact": instances.contact,
    "requests/booking-reservation": instances.reservation_body,
}

PRICED = {
    "booking": lambda: instances.booking(priced=True),
    "product (per unit)": lambda: instances.product("UNIT"),
    "product (per booking)": lambda: instances.product("BOOKING"),
    "availability": lambda: instances.availability(priced=True),
    "availability-calendar-day": lambda: instances.calendar_day(priced=True),
}


def _keywords_at(found, path):
    """The (path, keyword) pairs reported at one path."""
    return {(v.path, v.keyword) for v in found if v.path == path}


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("name", VALID)
def test_valid_instance_passes(name, strict):
    """A complete instance of each object validates in lenient and strict mode."""
    schemas.check(name, VALID[name](), strict=strict)


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("label", PRICED)
def test_priced_instance_passes_with_pricing(label, strict):
    """With octo/pricing on, instances carrying the pricing fields validate."""
    schema = label.split(" ")[0]
    schemas.check(schema, PRICED[label](), capabilities=PRICING, strict=strict)


def test_pricing_capability_requires_booking_pricing():
    """With octo/pricing, a booking without pricing is rejected at $ with `required`."""
    found = schemas.violations("booking", instances.booking(), capabilities=PRICING)
    assert [(v.path, v.keyword, v.message) for v in found] == [
        ("$", "required", "'pricing' is a required property")
    ]


def test_pricing_capability_requires_product_pricing_per():
    """With octo/pricing, a product without pricingPer is rejected."""
    product = instances.product("UNIT")
    del product["pricingPer"]
    found = schemas.violations("product", product, capabilities=PRICING)
    assert ("$", "required") in _keywords_at(found, "$")
    assert any("pricingPer" in v.message for v in found)


@pytest.mark.parametrize("name,builder,fields", [
    ("availability", instances.availability, ("unitPricing", "pricing")),
    ("availability-calendar-day", instances.calendar_day, ("unitPricingFrom", "pricingFrom")),
])
def test_pricing_capability_requires_availability_pricing(name, builder, fields):
    """With octo/pricing, availability and calendar days carry per-unit or total prices, or both
    (SPEC-DIGEST §4: per-unit products price units, per-booking products the total)."""
    bare = schemas.violations(name, builder(), capabilities=PRICING)
    assert [(v.path, v.keyword) for v in bare] == [("$", "required")]  # the best match of the anyOf
    for kept in fields:
        priced = builder(priced=True)
        priced.pop(next(f for f in fields if f != kept))
        assert schemas.violations(name, priced, capabilities=PRICING) == [], kept


def test_pricing_capability_off_drops_the_conditions():
    """Without octo/pricing, nothing about prices is required of availability, calendar or products."""
    assert schemas.violations("availability", instances.availability()) == []
    assert schemas.violations("availability-calendar-day", instances.calendar_day()) == []
    product = instances.product("UNIT")
    del product["options"][0]["units"][0]["pricing"], product["options"][0]["units"][0]["pricingFrom"]
    assert schemas.violations("product", product) == []


def test_per_unit_pricing_requires_unit_prices():
    """pricingPer UNIT makes pricingFrom or pricing required on every unit (OCTO's docs put only
    pricingFrom there; either alone passes)."""
    product = instances.product("UNIT")
    del product["options"][0]["units"][0]["pricing"]
    assert schemas.violations("product", product, capabilities=PRICING) == []
    del product["options"][0]["units"][0]["pricingFrom"]
    found = schemas.violations("product", product, capabilities=PRICING)
    assert [(v.path, v.keyword) for v in found] == [("$.options[0].units[0]", "required")]


def test_per_booking_pricing_requires_option_prices():
    """pricingPer BOOKING makes pricingFrom or pricing required on every option."""
    product = instances.product("BOOKING")
    del product["options"][0]["pricingFrom"]
    assert schemas.violations("product", product, capabilities=PRICING) == []
    del product["options"][0]["pricing"]
    found = schemas.violations("product", product, capabilities=PRICING)
    assert [(v.path, v.keyword) for v in found] == [("$.options[0]", "required")]


def test_ignoring_unrequested_capabilities_leaves_their_fields_unchecked():
    """ignore_unrequested: a wrong pricing field is not a core violation, and is one with octo/pricing."""
    booking = instances.booking()
    booking["pricing"] = {"retail": "12.50"}
    assert schemas.violations("booking", booking, ignore_unrequested=True) == []
    assert schemas.violations("booking", booking)  # lenient still checks a field it knows
    assert schemas.violations("booking", booking, capabilities=PRICING, ignore_unrequested=True)


def test_unknown_capabilities_are_ignored():
    """Unknown capability ids change nothing; a header string is accepted too."""
    assert schemas.violations("booking", instances.booking(), capabilities={"octo/checkin"}) == []
    found = schemas.violations("booking", instances.booking(), capabilities="octo/checkin, octo/pricing")
    assert [v.message for v in found] == ["'pricing' is a required property"]


def test_lenient_accepts_pricing_without_capability():
    """Without octo/pricing, lenient mode tolerates pricing fields."""
    schemas.check("booking", instances.booking(priced=True))
    schemas.check("product", instances.product("UNIT"))


def test_strict_rejects_pricing_without_capability():
    """Strict mode without octo/pricing rejects a booking that carries pricing."""
    found = schemas.violations("booking", instances.booking(priced=True), strict=True)
    assert [(v.path, v.keyword) for v in found] == [("$", "unevaluatedProperties")]
    assert "'pricing' was unexpected" in found[0].message


def test_strict_rejects_unit_pricing_without_capability():
    """Strict mode without octo/pricing also rejects conditional pricing fields on units."""
    found = schemas.violations("product", instances.product("UNIT"), strict=True)
    paths = {v.path for v in found if v.keyword == "unevaluatedProperties"}
    assert paths == {"$", "$.options[0].units[0]"}


@pytest.mark.parametrize("path", [(), ("unitItems", 0), ("availability",), ("voucher",), ("contact",)])
def test_lenient_allows_unknown_fields_strict_rejects_them(path):
    """An extension field passes in lenient mode and fails strict mode at its object."""
    booking = instances.booking()
    target = booking
    for step in path:
        target = target[step]
    target["x_supplierExtension"] = {"anything": 1}
    assert schemas.violations("booking", booking) == []
    found = schemas.violations("booking", booking, strict=True)
    expected_path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    assert [(v.path, v.keyword) for v in found] == [(expected_path, "unevaluatedProperties")]


def test_strict_pricing_unit_keeps_both_parts():
    """Strict PricingUnit accepts Pricing fields plus unitId and rejects anything else."""
    schemas.check("pricing-unit", instances.pricing_unit(), strict=True)
    extra = {**instances.pricing_unit(), "unitType": "ADULT"}
    assert [v.keyword for v in schemas.violations("pricing-unit", extra, strict=True)] == ["unevaluatedProperties"]


def test_check_raises_schema_violations_listing_each_one():
    """check() raises an AssertionError subclass whose text lists one violation per line."""
    booking = instances.booking()
    booking["status"] = "DONE"
    del booking["supplierReference"]
    with pytest.raises(SchemaViolations) as caught:
        schemas.check("booking", booking)
    assert isinstance(caught.value, AssertionError)
    assert [str(v) for v in caught.value.violations] == [
        "$: 'supplierReference' is a required property",
        "$.status: 'DONE' is not one of ['ON_HOLD', 'CONFIRMED', 'EXPIRED', 'CANCELLED', 'REDEEMED', 'PENDING', 'REJECTED']",
    ]
    lines = str(caught.value).splitlines()
    assert lines[0] == "2 violation(s) of schema 'booking':"
    assert lines[1:] == [str(v) for v in caught.value.violations]


def test_embedded_availability_needs_no_pricing():
    """Booking.availability keeps pricing optional under octo/pricing, as the official validator does."""
    booking = instances.booking(priced=True)
    schemas.check("booking", booking, capabilities=PRICING, strict=True)
    booking["availability"] = instances.availability(priced=True)
    schemas.check("booking", booking, capabilities=PRICING, strict=True)
    found = schemas.violations("booking", booking, strict=True)
    assert {v.path for v in found} == {"$", "$.availability"}
