"""The booking examples of seed 002 against booking.json.

The seed shows abridged bookings: it leaves out fields that both OpenAPI documents require
(id, utcCreatedAt, utcUpdatedAt, utcRedeemedAt, availabilityId, most availability fields, the
unit-item status and contact...). So the examples are checked in two honest parts:
(a) with the `required` keyword switched off, every example validates: each field the seed does
show has the type, enum, format and nullability the schema demands;
(b) with `required` on, the missing fields are exactly SEED_ABRIDGED_FIELDS, so abridgement is
the only disagreement and any other drift (in the seed copy or the schema) fails.
"""

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, validators

import schemas
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from schemas import _report

SEED_DIR = Path(__file__).parent.parent / "fixtures" / "seed_examples"
SEED_FILES = sorted(p.name for p in SEED_DIR.glob("booking-*.json"))

# Fields the seed's examples omit although the typespec requires them, written as the path of
# the missing field with array indices collapsed ("unitItems[].status"). The union over all
# seven examples; freesale and notes are missing only from the cancellation/extension examples.
SEED_ABRIDGED_FIELDS = frozenset({
    "id", "utcCreatedAt", "utcUpdatedAt", "utcRedeemedAt", "availabilityId", "freesale", "notes",
    "availability.utcCutoffAt", "availability.available", "availability.status",
    "availability.vacancies", "availability.capacity", "availability.maxUnits",
    "contact.firstName", "contact.lastName", "contact.postalCode", "contact.notes",
    "unitItems[].status", "unitItems[].utcRedeemedAt", "unitItems[].contact",
})

_REQUIRED_MESSAGE = re.compile(r"^'(.+)' is a required property$")

# Draft 2020-12 with `required` turned into a no-op: checks everything except presence.
_PresenceBlind = validators.extend(Draft202012Validator, {"required": lambda *args: ()})


def _presence_blind_booking_validator():
    """A _PresenceBlind validator for booking.json over the lenient documents.

    jsonschema picks the validator class of a $ref target from its `$schema`, which would
    bring `required` back inside unit items, so the copies here drop `$schema`.
    """
    docs = [schemas.raw_schema(n) for n in [*schemas.schema_names(), "definitions"]]
    for doc in docs:
        del doc["$schema"]
    registry = Registry().with_resources((d["$id"], DRAFT202012.create_resource(d)) for d in docs)
    booking = next(d for d in docs if d["$id"].endswith("/booking.json"))
    return _PresenceBlind(booking, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _seed_booking(file_name: str) -> dict:
    """One seed example; the list response file holds a one-element array."""
    data = json.loads((SEED_DIR / file_name).read_text("utf-8"))
    if isinstance(data, list):
        assert len(data) == 1, file_name
        data = data[0]
    return data


def _missing_fields(violations) -> set[str]:
    """Required violations as collapsed field paths, e.g. "$.unitItems[0]" + status."""
    fields = set()
    for v in violations:
        assert v.keyword == "required", v
        field = _REQUIRED_MESSAGE.match(v.message).group(1)
        parent = re.sub(r"\[\d+\]", "[]", v.path).removeprefix("$").removeprefix(".")
        fields.add(f"{parent}.{field}" if parent else field)
    return fields


def test_all_seven_examples_are_present():
    """Every booking response example of the seed was extracted."""
    assert SEED_FILES == [
        f"booking-{step}.json"
        for step in sorted(["cancellation", "confirmation", "extension", "get", "list", "reservation", "update"])
    ]


@pytest.mark.parametrize("file_name", SEED_FILES)
def test_seed_fields_have_the_schema_types(file_name):
    """(a) Ignoring presence, every field the seed shows matches booking.json (lenient)."""
    checker = _presence_blind_booking_validator()
    found = _report.collect(checker.iter_errors(_seed_booking(file_name)))
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize("file_name", SEED_FILES)
def test_seed_only_omits_documented_fields(file_name):
    """(b) Each example's violations are all missing fields listed in SEED_ABRIDGED_FIELDS."""
    missing = _missing_fields(schemas.violations("booking", _seed_booking(file_name)))
    assert missing <= SEED_ABRIDGED_FIELDS, sorted(missing - SEED_ABRIDGED_FIELDS)


def test_seed_abridgement_is_exactly_the_documented_set():
    """(b) Together the examples omit exactly SEED_ABRIDGED_FIELDS, no more and no fewer."""
    missing = set()
    for file_name in SEED_FILES:
        missing |= _missing_fields(schemas.violations("booking", _seed_booking(file_name)))
    assert missing == SEED_ABRIDGED_FIELDS


def test_presence_blind_validator_still_catches_type_errors():
    """Guard for (a): switching off `required` leaves the other keywords working."""
    broken = _seed_booking("booking-get.json")
    broken["status"] = "DONE"
    broken["unitItems"][0]["uuid"] = "not-a-uuid"
    broken["availability"]["allDay"] = "yes"
    found = _report.collect(_presence_blind_booking_validator().iter_errors(broken))
    assert [(v.path, v.keyword) for v in found] == [
        ("$.availability.allDay", "type"), ("$.status", "enum"), ("$.unitItems[0].uuid", "format"),
    ]
