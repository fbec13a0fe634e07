"""jsonschema-rs answers "valid?" for schemas.violations before jsonschema is asked (see
schemas/_variants.fast_validator). It must never call valid what jsonschema calls invalid, or a
broken request would reach the mock and a broken answer would pass a rule. Checked here on the
complete instances and on thousands of near-misses made from them: one field replaced by a value
from a pool of format edge cases (dates, times, e-mails, uuids, URIs, digits of other scripts),
removed, or joined by an unknown one."""
from __future__ import annotations

import copy
import random

import pytest

import schemas
from schemas._variants import fast_validator, normalise, validator

from .test_valid_instances import PRICED, VALID

MUTATIONS = 400
POOL = [None, True, False, 0, -1, 1, 2.5, 10**20, "", " ", "x", [], {}, [{}], {"x": 1},
        "2026-12-08", "2026-12-8", "2026-13-08", "2026-02-30", "2026-12-08T09:00:00Z", "2026-12-08T09:00:00",
        "2026-12-08T09:00:00+01:00", "2026-12-08t09:00:00z", "2026-12-08 09:00:00Z", "2016-12-31T23:59:60Z",
        "2026-12-08T09:00:00.123456789Z", "09:00", "24:00", "24:01", "9:00", "\u0663\u0663:\u0660\u0660",
        "\u0662\u0660\u0662\u0666-12-08", "a@b", "@", "a@", "ada@example.com", "ada@@example.com", "ada example.com",
        "89fe0192-ddcd-430a-b285-e1396a4725d2", "89fe0192ddcd430ab285e1396a4725d2", "89FE0192-DDCD-430A-B285-E1396A4725D2",
        "{89fe0192-ddcd-430a-b285-e1396a4725d2}", "http://example.com", "https://example.com/", "example.com",
        "mailto:ada@example.com", "http://exa mple.com", "EUR", "eur", "EURO", "en", "en-GB", "e", "octo/pricing",
        "UNIT", "BOOKING", "ADULT", "CONFIRMED", "ON_HOLD"]


def _variants():
    for name, build in VALID.items():
        for strict in (False, True):
            yield pytest.param(name, build, (), strict, id=f"{name}-{'strict' if strict else 'lenient'}")
    for label, build in PRICED.items():
        name = label.split(" (")[0]
        for strict in (False, True):
            yield pytest.param(name, build, ("octo/pricing",), strict,
                               id=f"{label}-pricing-{'strict' if strict else 'lenient'}")


def _places(node, path=()):
    """Every (container, key) inside a document, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _places(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _places(value, path + (index,))


def _mutated(document, rng: random.Random):
    doc = copy.deepcopy(document)
    places = list(_places(doc))
    if not places:
        return rng.choice(POOL)
    container, key = rng.choice(places)
    action = rng.random()
    if action < 0.7:
        container[key] = copy.deepcopy(rng.choice(POOL))
    elif action < 0.85:
        del container[key]
    elif isinstance(container, dict):
        container[f"unknown{rng.randrange(3)}"] = copy.deepcopy(rng.choice(POOL))
    else:
        container.append(copy.deepcopy(rng.choice(POOL)))
    return doc


@pytest.mark.parametrize("name, build, capabilities, strict", list(_variants()))
def test_what_jsonschema_rs_calls_valid_jsonschema_does_too(name, build, capabilities, strict):
    variant = (name, normalise(capabilities), strict, False)
    fast, slow = fast_validator(*variant), validator(*variant)
    assert fast is not None, "jsonschema-rs (a dependency) did not compile the schema"
    document = build()
    assert fast.is_valid(document) and not list(slow.iter_errors(document))
    rng, judged_valid = random.Random(f"{name}{capabilities}{strict}"), 0
    for _ in range(MUTATIONS):
        near_miss = _mutated(document, rng)
        if fast.is_valid(near_miss):
            judged_valid += 1
            assert not list(slow.iter_errors(near_miss)), near_miss
    assert judged_valid, "no near-miss was valid: the comparison compared nothing"


def test_an_invalid_document_gets_jsonschemas_messages():
    """The compiled validator only says no; what is wrong is jsonschema's to say."""
    body = {"productId": "walking-tour", "optionId": "DEFAULT", "availabilityId": "2026-12-08T09:00:00Z",
            "unitItems": "adult"}
    assert [(v.path, v.keyword, v.message) for v in schemas.violations("requests/booking-reservation", body)] == [
        ("$.unitItems", "type", "'adult' is not of type 'array'")]
