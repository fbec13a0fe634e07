"""octo/content rules (SPEC-CAPABILITIES §1): localized content on the supplier, products, options,
units and availability, the language negotiated from Accept-Language, and the headers that say it.

The language list may come as Available-Languages (the typespec, docs.octo.travel, Ventrata's
OpenAPI) or as Octo-Available-Languages or X-Available-Languages (versions of Ventrata's
localization page, bookspot): each is accepted. Language tags compare case-insensitively
(RFC 4647). Rules that need a product in several languages survey the first products of the
catalogue (after the pins) and skip, saying so, when none has two."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from suites.plugin.api import STEPS
from suites.plugin.checks import advise, as_json, capability_valid, expect, expect_equal
from suites.plugin.client import Reply
from suites.plugin.failures import StepBlocked

CONTENT = "octo/content"
pytestmark = pytest.mark.capability("octo/content")

LISTS = ("Available-Languages", "Octo-Available-Languages", "X-Available-Languages")
TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
HEADERS_RULE = "test_content_headers_on_every_answer"
SURVEYED = 8  # products read one by one to find their languages
# Languages few suppliers sell in, to ask for one a product lacks (primary subtags differ from all listed).
RARE = ("tlh", "kl", "haw", "sm", "ln", "zu", "fo", "mi", "cy", "eu")

PRODUCT_FIELDS = ("title", "shortDescription", "description", "features", "faqs", "media", "locations",
                  "categoryLabels", "durationMinutesFrom", "durationMinutesTo", "commentary")
UNIT_FIELDS = ("title", "shortDescription", "features")
AVAILABILITY_FIELDS = ("title", "shortDescription")
SUPPLIER_FIELDS = ("shortDescription", "media")
SUPPLIER_STEP = ("GET /supplier", "test_supplier_is_valid")
TEXT_FIELDS = ("title", "shortDescription", "description", "features", "faqs", "media", "locations")


@dataclass(frozen=True)
class Version:
    """A product as one answer gave it: the body, the language said, the languages listed."""

    body: dict
    language: str
    listed: tuple[str, ...]

    def lists(self, tag: str) -> bool:
        return tag.lower() in {t.lower() for t in self.listed}


def _said(reply: Reply) -> tuple[str | None, tuple[str, ...] | None]:
    """Content-Language, and the languages listed (None where a header is missing)."""
    header = next((name for name in LISTS if reply.headers.get(name) is not None), None)
    listed = None if header is None else tuple(t.strip() for t in reply.headers[header].split(",") if t.strip())
    language = reply.headers.get("Content-Language")
    return (language.strip() if language is not None else None), listed


def _asking(language: str | None) -> dict | None:
    return None if language is None else {"Accept-Language": language}


def _answer(reply: Reply, step: str, tested_by: str) -> object:
    """A 200 JSON body, or the rule is blocked by `step`."""
    if reply.status != 200:
        raise StepBlocked(step, tested_by, "HTTP 200", f"HTTP {reply.status}: {reply.gist()}", reply.exchange)
    try:
        return reply.json()
    except Exception as problem:  # RuleViolation: not JSON
        raise StepBlocked(step, tested_by, "a JSON body", str(problem), reply.exchange) from None


def _product_in(client, product_id: str, language: str | None = None) -> Version:
    """GET /products/{id} (in a language) as a step: its body and both headers, or blocked."""
    reply = client.get(f"/products/{product_id}", headers=_asking(language))
    step = STEPS["product"]
    body = _answer(reply, step.label, step.tested_by)
    said, listed = _said(reply)
    if not said or not listed or not isinstance(body, dict):
        raise StepBlocked("the Content-Language and Available-Languages of GET /products/{id}", HEADERS_RULE,
                          "both headers and a product", f"Content-Language {as_json(said)}, languages listed "
                          f"{as_json(listed)}", reply.exchange)
    return Version(body, said, listed)


def _products(discover) -> list[str]:
    """The first products' ids, after the pins, in catalogue order."""
    ids = []
    for product, _ in discover.options():
        if product.get("id") not in ids:
            ids.append(product["id"])
    return ids[:SURVEYED]


def _multilingual(client, discover, distinct_primaries: bool = False) -> Version:
    """Of the first products, the one listing the most languages (two at least), as it answers by default."""
    best = None
    for product_id in _products(discover):
        version = _product_in(client, product_id)
        count = len(_primaries(version.listed) if distinct_primaries else set(t.lower() for t in version.listed))
        if count >= 2 and (best is None or count > best[0]):
            best = (count, version)
    if best is None:
        kind = " with different primary subtags" if distinct_primaries else ""
        pytest.skip(f"no product (of the first {SURVEYED}) lists two languages or more{kind} in Available-Languages")
    return best[1]


def _primaries(tags) -> dict[str, str]:
    """One tag per primary subtag (en-GB and en-US are one language here)."""
    found: dict[str, str] = {}
    for tag in tags:
        found.setdefault(tag.split("-")[0].lower(), tag)
    return found


def _texts(product: dict) -> list[str]:
    """Every localized text of a product, its options and units, in order."""
    found: list[str] = []
    things = [product] + [o for o in product.get("options") or [] if isinstance(o, dict)]
    things += [u for o in things[1:] for u in o.get("units") or [] if isinstance(u, dict)]
    for thing in things:
        for field in TEXT_FIELDS:
            value = thing.get(field)
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, str):
                    found.append(item)
                elif isinstance(item, dict):
                    found += [v for k, v in sorted(item.items()) if isinstance(v, str) and k not in ("src", "type",
                                                                                                      "rel")]
    return found


def _ids(product: dict) -> list:
    """The ids of a product, its options and their units."""
    return [product.get("id"), [(o.get("id"), [u.get("id") for u in o.get("units") or [] if isinstance(u, dict)])
                                for o in product.get("options") or [] if isinstance(o, dict)]]


def _without_content(client) -> tuple[str, ...]:
    return tuple(c for c in client.capabilities if c != CONTENT)


# --- the fields --------------------------------------------------------------------------


def test_product_content_is_valid(api):
    """Products, their options and their units carry octo/content's fields, valid: titles, descriptions, features, FAQs, media, locations, category labels, durations and commentary (SPEC-CAPABILITIES §1, typespec content models).

    Product and option share one field set; a unit carries title, shortDescription and features.
    Fields are present while the capability is applied (x-capability-data required:true), null
    or empty where the typespec allows."""
    capability_valid("product", api.products(), CONTENT, many=True)


def test_supplier_content_is_valid(client):
    """The supplier carries octo/content's shortDescription and media, valid (SPEC-CAPABILITIES §1, typespec Supplier content)."""
    supplier = _answer(client.get("/supplier"), *SUPPLIER_STEP)
    capability_valid("supplier", supplier, CONTENT)


def test_availability_content_is_valid(api, discover):
    """Availability carries octo/content's title (a string or null) and shortDescription (a string) (SPEC-CAPABILITIES §1, typespec AvailabilityContent)."""
    offer = discover.offer()
    slots = api.availability({"productId": offer.product_id, "optionId": offer.option_id,
                              "availabilityIds": [offer.availability_id]})
    capability_valid("availability", slots, CONTENT, many=True)


def test_no_content_without_the_capability(client, discover):
    """Asked without octo/content, the supplier, products, options, units and availability carry none of its fields (SPEC-CAPABILITIES §1 and §0: a capability's fields are absent when it is not applied)."""
    without = _without_content(client)
    offer = discover.offer()
    seen = []
    supplier = _answer(client.get("/supplier", capabilities=without), *SUPPLIER_STEP)
    seen += [f"supplier.{f}" for f in SUPPLIER_FIELDS if f in supplier]
    step = STEPS["product"]
    product = _answer(client.get(f"/products/{offer.product_id}", capabilities=without), step.label,
                      step.tested_by)
    seen += [f"product.{f}" for f in PRODUCT_FIELDS if f in product]
    for option in product.get("options") or []:
        seen += [f"option {option.get('id')}.{f}" for f in PRODUCT_FIELDS if f in option]
        for unit in option.get("units") or []:
            seen += [f"unit {option.get('id')}/{unit.get('id')}.{f}" for f in UNIT_FIELDS if f in unit]
    slots = _answer(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                                  "availabilityIds": [offer.availability_id]}, capabilities=without),
                    STEPS["departure"].label, STEPS["departure"].tested_by)
    seen += [f"availability.{f}" for slot in slots if isinstance(slot, dict) for f in AVAILABILITY_FIELDS if f in slot]
    expect(not seen, f"no {CONTENT} fields when it is not in Octo-Capabilities", ", ".join(sorted(set(seen))))


# --- the headers -------------------------------------------------------------------------


ANSWERS = ("supplier", "products", "product", "availability", "calendar", "reservation", "booking")


@pytest.mark.parametrize("answer", ANSWERS)
def test_content_headers_on_every_answer(api, client, discover, answer):
    """Every answer with octo/content says its one language in Content-Language, a tag among those Available-Languages lists (SPEC-CAPABILITIES §1 Headers: both required with the capability; docs.octo.travel).

    Available-Languages is a comma-separated list of BCP 47 tags; its Ventrata spellings
    Octo-Available-Languages and X-Available-Languages are accepted. GET /capabilities is not
    judged: it carries no content."""
    reply = _reply_for(answer, api, client, discover)
    _answer(reply, *_STEPS[answer])
    said, listed = _said(reply)
    expect(said is not None, "a Content-Language header", "no Content-Language")
    expect(listed is not None, "an Available-Languages header", "no Available-Languages (nor Octo-/X-Available-"
           "Languages)")
    expect(TAG.match(said), "Content-Language: one BCP 47 tag", f"Content-Language: {said}")
    expect(listed and all(TAG.match(t) for t in listed), "Available-Languages: BCP 47 tags separated by commas",
           f"Available-Languages: {', '.join(listed)}")
    expect(said.lower() in {t.lower() for t in listed}, "Content-Language among the languages listed",
           f"Content-Language: {said}; Available-Languages: {', '.join(listed)}")


# The step each answer is, as the core rules name it, so that a broken step is one cause.
_STEPS = {"supplier": SUPPLIER_STEP, **{answer: (STEPS[step].label, STEPS[step].tested_by) for answer, step in (
    ("products", "products"), ("product", "product"), ("availability", "departure"), ("calendar", "calendar"),
    ("reservation", "reserve"), ("booking", "get"))}}


def _reply_for(answer: str, api, client, discover) -> Reply:
    if answer == "supplier":
        return client.get("/supplier")
    if answer == "products":
        return client.get("/products")
    offer = discover.offer()
    if answer == "product":
        return client.get(f"/products/{offer.product_id}")
    if answer == "availability":
        return client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                             "availabilityIds": [offer.availability_id]})
    if answer == "calendar":
        day = offer.availability["localDateTimeStart"][:10]
        return client.post("/availability/calendar", {"productId": offer.product_id, "optionId": offer.option_id,
                                                      "localDateStart": day, "localDateEnd": day})
    if answer == "reservation":
        return client.post("/bookings", offer.reservation(api.reseller_reference()))
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    return client.get(f"/bookings/{booking['uuid']}")


# --- negotiation -------------------------------------------------------------------------


def test_each_listed_language_is_served_when_asked(client, discover):
    """Asked for a language a product lists in Available-Languages, the product answers in it: Content-Language is that language (SPEC-CAPABILITIES §1: Accept-Language, one language per answer, each by its own request).

    Every language of the product listing the most (up to six) is asked for on its own."""
    product = _multilingual_or_any(client, discover)
    for tag in product.listed[:6]:
        version = _product_in(client, product.body["id"], tag)
        expect(version.language.lower() == tag.lower(), f"Content-Language {tag} for Accept-Language: {tag}",
               f"Content-Language {version.language} for product {product.body['id']}")


def _multilingual_or_any(client, discover) -> Version:
    try:
        return _multilingual(client, discover)
    except pytest.skip.Exception:
        ids = _products(discover)
        if not ids:
            pytest.skip("the target lists no product")
        return _product_in(client, ids[0])


def test_highest_weighted_language_wins(client, discover):
    """Of the languages Accept-Language names that a product has, the one with the highest q weight is served (SPEC-CAPABILITIES §1: a BCP 47 list with q weights; RFC 9110 §12.5.4).

    Two of the product's languages are asked for with their weights one way, then the other."""
    product = _multilingual(client, discover)
    first, second = product.listed[-1], product.listed[-2]
    for wanted, other in ((first, second), (second, first)):
        header = f"{other};q=0.4, {wanted};q=0.9"
        version = _product_in(client, product.body["id"], header)
        expect(version.language.lower() == wanted.lower(), f"Content-Language {wanted} for Accept-Language: {header}",
               f"Content-Language {version.language}")


def test_language_the_product_lacks_falls_back_to_its_default(client, discover):
    """Asked for a language a product does not list, the product still answers, in the language and with the text it gives without Accept-Language (SPEC-CAPABILITIES §1: a preference, not a guarantee; the default when the header is absent or nothing matches; Ventrata's example answers in the one language it has).

    Never a 406 or an error: Accept-Language only expresses a preference."""
    ids = _products(discover)
    if not ids:
        pytest.skip("the target lists no product")
    product_id = ids[0]
    default = _product_in(client, product_id)
    primaries = _primaries(default.listed)
    rare = next((tag for tag in RARE if tag not in primaries), None)
    if rare is None:
        pytest.skip(f"product {product_id} lists every language this rule would ask for: {', '.join(RARE)}")
    reply = client.get(f"/products/{product_id}", headers={"Accept-Language": rare})
    expect(reply.status == 200, f"HTTP 200 for Accept-Language: {rare}", f"HTTP {reply.status}: {reply.gist()}")
    said, _ = _said(reply)
    expect(said and said.lower() == default.language.lower(),
           f"Content-Language {default.language} (as without Accept-Language) for Accept-Language: {rare}",
           f"Content-Language {as_json(said)}")
    expect_equal(_texts(reply.json()), _texts(default.body), f"the product's text for Accept-Language: {rare}")


def test_product_list_is_in_the_language_asked(client, discover):
    """Asked for a language a product lists, GET /products gives that product in it, with the text GET /products/{id} gives in it (SPEC-CAPABILITIES §1: Accept-Language on every operation; one language per answer).

    Only a product that lists the language is judged: how a list shows products that lack it
    is not said by any source."""
    product = _multilingual(client, discover)
    pid = product.body["id"]
    tag = next(t for t in product.listed if t.lower() != product.language.lower())
    alone = _product_in(client, pid, tag)
    step = STEPS["products"]
    listed = _answer(client.get("/products", headers=_asking(tag)), step.label, step.tested_by)
    entry = next((p for p in listed if isinstance(p, dict) and p.get("id") == pid), None) \
        if isinstance(listed, list) else None
    expect(entry is not None, f"product {pid} in GET /products", "not listed")
    expect_equal(_texts(entry), _texts(alone.body), f"the text of product {pid} in GET /products for "
                 f"Accept-Language: {tag}")


def test_same_ids_in_every_language(client, discover):
    """A product, its options, units and departures keep their ids in every language (SPEC-CAPABILITIES §1: only content is localized; the ids are what bookings name).

    The product listing the most languages is read in each (up to four); a departure of it, when
    one is bookable, is looked up by id in two."""
    product = _multilingual(client, discover)
    pid = product.body["id"]
    for tag in product.listed[:4]:
        version = _product_in(client, pid, tag)
        expect_equal(_ids(version.body), _ids(product.body), f"the ids of product {pid} in {tag}")
    try:
        offer = discover.offer(option_filter=lambda p, o: p.get("id") == pid)
    except pytest.skip.Exception:
        return
    body = {"productId": offer.product_id, "optionId": offer.option_id, "localDate":
            offer.availability["localDateTimeStart"][:10]}
    step = STEPS["availability"]
    seen = []
    for tag in product.listed[:2]:
        slots = _answer(client.post("/availability", body, headers=_asking(tag)), step.label, step.tested_by)
        seen.append(sorted(s.get("id") for s in slots if isinstance(s, dict)))
    expect_equal(seen[1], seen[0], f"the availability ids of {pid} on {body['localDate']} in {product.listed[1]}")


def test_localized_text_differs_between_languages(client, discover):
    """A product listed in two languages gives different text in each: not one text under several Content-Language tags (SPEC-CAPABILITIES §1: Available-Languages lists the languages the content exists in).

    Languages that share a primary subtag (en-GB and en-US) may read alike and are not compared."""
    product = _multilingual(client, discover, distinct_primaries=True)
    pid = product.body["id"]
    tags = list(_primaries(product.listed).values())[:4]
    texts = {tag: _texts(_product_in(client, pid, tag).body) for tag in tags}
    for index, tag in enumerate(tags):
        for other in tags[index + 1:]:
            expect(texts[tag] != texts[other], f"product {pid} worded differently in {tag} and {other}",
                   f"the same {len(texts[tag])} texts, e.g. {as_json(texts[tag][:2])}")


def test_regional_range_finds_its_language(client, discover):
    """Advisory: asked for a regional variant a product lacks (fr-CH) of a language it has (fr), the product answers in that language (SPEC-CAPABILITIES §1 Rec; RFC 4647 §3.4 lookup)."""
    product = _multilingual_or_any(client, discover)
    bare = [t for t in product.listed if "-" not in t]
    tag = next((t for t in bare if t.lower() != product.language.lower()), bare[0] if bare else None)
    if tag is None:
        pytest.skip(f"product {product.body['id']} lists no language without a region")
    asked = f"{tag}-ZZ"
    version = _product_in(client, product.body["id"], asked)
    advise(version.language.lower() == tag.lower(), f"Content-Language {tag} for Accept-Language: {asked}",
           f"Content-Language {version.language}")
