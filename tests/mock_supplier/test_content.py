"""octo/content (SPEC-CAPABILITIES §1): content on the supplier, products, options, units and
availability, in the language Accept-Language negotiates, with Content-Language and
Available-Languages on every answer. (Every response's schema, and the two headers being
there exactly when content is applied, are checked by tests.harness.OctoClient itself.)"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_supplier import MockConfig, create_app
from mock_supplier.capabilities.content import views
from mock_supplier.capabilities.content.languages import negotiate, preferences
from mock_supplier.capabilities.content.seed import PRODUCTS
from tests.harness import (CONTENT, CONTACT, FOREIGN_CATALOGUE, PRICING, SPA_DAY_ID, FlaskTransport, OctoClient,
                           at_noon, find_slot, reservation, reserve)

PRODUCT_FIELDS = {"title", "shortDescription", "description", "features", "faqs", "media", "locations",
                  "categoryLabels", "durationMinutesFrom", "durationMinutesTo", "commentary"}
SUPPLIER_LANGUAGES = "en, fr, de, es, pt-BR, ja"


@pytest.fixture
def content(client):
    """The client asking for octo/content."""
    return client.with_capabilities(CONTENT)


def _in(language: str | None) -> dict:
    return {} if language is None else {"Accept-Language": language}


def _languages(reply) -> tuple[str, list[str]]:
    return reply.headers["Content-Language"], [t.strip() for t in reply.headers["Available-Languages"].split(",")]


# --- negotiation -------------------------------------------------------------------------------

RIVER = ("en", "fr", "de", "es")
MUSEUM = ("en", "fr", "pt-BR")


@pytest.mark.parametrize("header, available, chosen", [
    (None, RIVER, "en"),
    ("", RIVER, "en"),
    ("fr", RIVER, "fr"),
    ("FR", RIVER, "fr"),
    ("de, fr", RIVER, "de"),
    ("de;q=0.5, fr", RIVER, "fr"),  # the highest weight wins
    ("es;q=0.8, de;q=0.8", RIVER, "es"),  # equal weights: the request's order
    ("fr-CH", RIVER, "fr"),  # truncated: fr-CH finds fr
    ("fr-CH, de;q=0.9", RIVER, "fr"),
    ("pt", MUSEUM, "pt-BR"),  # a bare language finds its regional variant
    ("pt-PT", MUSEUM, "en"),  # a regional range does not jump to another region
    ("*", RIVER, "en"),
    ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", ("en",), "en"),  # Ventrata's localization example
    ("sv, nl", RIVER, "en"),  # nothing matches: the default, never a 406
    ("en;q=0, *", RIVER, "fr"),  # q=0: not that one, not even through *
    ("fr;q=0, fr-CH", RIVER, "en"),
    ("fr;q=abc, de", RIVER, "de"),  # malformed items are ignored
    ("fr;q=2, es", RIVER, "es"),
    ("fr;level=1, es", RIVER, "es"),
    ("!!, ;;, de", RIVER, "de"),
    ("de ; q = 0.9 , fr ; q=0.95", RIVER, "fr"),
])
def test_accept_language_is_negotiated(header, available, chosen):
    assert negotiate(header, available) == chosen


def test_preferences_are_bounded():
    """A header of thousands of ranges reads its first 32 only."""
    wanted, _ = preferences(", ".join(["xx"] * 5000 + ["fr"]))
    assert wanted == ("xx",) * 32


# --- the data ----------------------------------------------------------------------------------


def test_every_text_is_in_every_language_its_product_lists():
    assert views.problems() == []


def test_some_products_have_three_languages_or_more_and_others_one():
    counts = {product_id: len(content.languages) for product_id, content in PRODUCTS.items()}
    assert counts["river-cruise"] == 4 and counts["walking-tour"] == counts["museum-pass"] == 3
    assert counts["theatre-show"] == counts["harbour-cruise"] == 1
    assert all(content.languages[0] == "en" for content in PRODUCTS.values())


# --- fields ------------------------------------------------------------------------------------


def test_every_object_carries_its_content_fields(content):
    supplier = content.get("/supplier").ok()
    assert supplier["shortDescription"] and supplier["media"][0]["rel"] == "LOGO"
    for product in content.get("/products").ok():
        assert PRODUCT_FIELDS <= product.keys() and product["title"]
        for option in product["options"]:
            assert PRODUCT_FIELDS <= option.keys() and option["title"]
            assert all({"title", "shortDescription", "features"} <= unit.keys() for unit in option["units"])
    slot = find_slot(content, "river-cruise")
    assert (slot["title"], slot["shortDescription"]) == ("Sightseeing cruise", "Sailing from Westminster Pier on the hour")


def test_without_the_capability_there_is_no_content(client):
    assert "shortDescription" not in client.get("/supplier").ok()
    product = client.get("/products/river-cruise").ok()
    assert not PRODUCT_FIELDS & product.keys()
    assert not PRODUCT_FIELDS & product["options"][0].keys()
    assert "title" not in product["options"][0]["units"][0]
    booking = reserve(client, "river-cruise")
    assert "title" not in booking["availability"]


def test_durations_come_from_the_options(content):
    river = content.get("/products/river-cruise").ok()
    assert (river["durationMinutesFrom"], river["durationMinutesTo"]) == (60, 90)
    assert [(o["durationMinutesFrom"], o["durationMinutesTo"]) for o in river["options"]] == [(60, None), (90, None)]
    show = content.get("/products/theatre-show").ok()
    assert (show["durationMinutesFrom"], show["durationMinutesTo"]) == (165, None)


def test_units_are_described_by_type_and_ages(content):
    family = content.get("/products/cooking-class", headers=_in("ja")).ok()["options"][0]["units"][1]
    assert (family["title"], family["shortDescription"]) == ("ファミリー", "全年齢 · 4名分")
    child = content.get("/products/walking-tour", headers=_in("de")).ok()["options"][0]["units"][1]
    assert (child["title"], child["shortDescription"]) == ("Kind", "4 bis 15 Jahre")
    infant = content.get("/products/walking-tour").ok()["options"][0]["units"][2]
    assert (infant["title"], infant["shortDescription"]) == ("Infant", "Up to age 3")


def test_a_catalogue_without_content_data_gets_content_from_core(tmp_path):
    """A stranger's catalogue (other ids) is described by its internal names, in English only."""
    app = create_app(MockConfig(db_path=str(tmp_path / "foreign.sqlite3"), catalogue=FOREIGN_CATALOGUE))
    foreign = at_noon(OctoClient(FlaskTransport(app))).with_capabilities(CONTENT)
    reply = foreign.get(f"/products/{SPA_DAY_ID}", headers=_in("de"))
    spa = reply.ok()
    assert _languages(reply) == ("en", ["en"])
    assert (spa["title"], spa["description"], spa["features"], spa["media"]) == (spa["internalName"], None, [], [])
    assert spa["options"][0]["title"] == spa["options"][0]["internalName"]
    assert _languages(foreign.get("/products", headers=_in("fr"))) == ("en", ["en"])
    assert _languages(foreign.get("/supplier", headers=_in("fr"))) == ("en", ["en"])


# --- languages and headers ---------------------------------------------------------------------


@pytest.mark.parametrize("product_id, header, language, title", [
    ("river-cruise", None, "en", "Thames Sightseeing Cruise"),
    ("river-cruise", "es", "es", "Crucero turístico por el Támesis"),
    ("river-cruise", "de-AT, fr;q=0.5", "de", "Sightseeing-Bootsfahrt auf der Themse"),
    ("museum-pass", "pt", "pt-BR", "Passe de um dia para os museus de Paris"),
    ("museum-pass", "de", "en", "Paris Museum Day Pass"),  # a language the product lacks: its default
    ("cooking-class", "ja-JP", "ja", "東京の家庭料理教室"),
    ("theatre-show", "fr", "en", "West End Musical"),
])
def test_a_product_is_in_the_language_negotiated_among_its_own(content, product_id, header, language, title):
    reply = content.get(f"/products/{product_id}", headers=_in(header))
    assert reply.ok()["title"] == title
    assert _languages(reply) == (language, list(PRODUCTS[product_id].languages))


def test_the_product_list_is_negotiated_among_the_suppliers_languages_each_product_among_its_own(content):
    reply = content.get("/products", headers=_in("fr"))
    titles = {p["id"]: p["title"] for p in reply.ok()}
    assert reply.headers["Content-Language"] == "fr"
    assert reply.headers["Available-Languages"] == SUPPLIER_LANGUAGES
    assert titles["river-cruise"] == "Croisière touristique sur la Tamise"
    assert titles["theatre-show"] == "West End Musical"  # English only: in English


def test_the_product_list_is_encoded_per_language(content):
    french, german = (content.get("/products", headers=_in(tag)).ok() for tag in ("fr", "de"))
    assert french[0]["title"] != german[0]["title"]
    assert content.get("/products", headers=_in("fr")).ok() == french
    assert content.get("/products", headers=_in("fr-BE")).ok() == french


def test_the_same_ids_in_every_language(content):
    def ids(product):
        return [(o["id"], [u["id"] for u in o["units"]]) for o in product["options"]]
    versions = [content.get("/products/river-cruise", headers=_in(tag)).ok() for tag in RIVER]
    assert len({str(ids(v)) for v in versions}) == 1
    assert len({v["title"] for v in versions}) == 4


@pytest.mark.parametrize("path", ["/supplier", "/capabilities", "/products"])
def test_answers_about_no_one_product_use_the_suppliers_languages(content, path):
    reply = content.get(path, headers=_in("es"))
    assert _languages(reply) == ("es", SUPPLIER_LANGUAGES.split(", "))


def test_availability_and_calendar_use_their_products_languages(content):
    slot = find_slot(content, "walking-tour")
    reply = content.post("/availability", {"productId": "walking-tour", "optionId": "DEFAULT",
                                           "availabilityIds": [slot["id"]]}, headers=_in("fr"))
    assert _languages(reply) == ("fr", ["en", "fr", "de"])
    assert reply.ok()[0]["shortDescription"] == "Visite avec un guide local"
    day = slot["id"][:10]
    calendar = content.post("/availability/calendar", {"productId": "walking-tour", "optionId": "DEFAULT",
                                                       "localDateStart": day, "localDateEnd": day},
                            headers=_in("es"))
    assert _languages(calendar) == ("en", ["en", "fr", "de"])  # no Spanish: the default


def test_a_booking_is_in_its_products_language_through_its_life(content):
    reserved = content.post("/bookings", reservation(content, "river-cruise"), headers=_in("de"))
    booking = reserved.ok()
    assert _languages(reserved) == ("de", list(RIVER))
    assert booking["availability"]["title"] == "Rundfahrt"
    uuid = booking["uuid"]
    for method, path, sent in (("GET", f"/bookings/{uuid}", None), ("PATCH", f"/bookings/{uuid}", {"notes": "x"}),
                               ("POST", f"/bookings/{uuid}/confirm", {"contact": CONTACT}),
                               ("POST", f"/bookings/{uuid}/cancel", {"reason": "plans changed"})):
        reply = content.request(method, path, *([sent] if sent else []), headers=_in("es-MX"))
        assert _languages(reply) == ("es", list(RIVER)), (method, path)
        assert reply.ok()["availability"]["title"] == "Crucero panorámico"


def test_a_booking_moved_to_another_product_speaks_the_new_ones_languages(content):
    booking = reserve(content, "river-cruise")
    moved = reservation(content, "theatre-show")
    reply = content.patch(f"/bookings/{booking['uuid']}", {k: moved[k] for k in ("productId", "optionId",
                                                                                  "availabilityId")},
                          headers=_in("fr"))
    assert _languages(reply) == ("en", ["en"]) and reply.ok()["availability"]["title"] == "Stalls"


def test_a_list_of_bookings_uses_the_suppliers_languages(content):
    booking = reserve(content, "cooking-class", resellerReference="CONTENT-LIST")
    reply = content.get("/bookings", {"resellerReference": "CONTENT-LIST"}, headers=_in("ja"))
    assert _languages(reply) == ("ja", SUPPLIER_LANGUAGES.split(", "))
    assert [b["availability"]["title"] for b in reply.ok()] == ["料理教室"] and reply.ok()[0]["uuid"] == booking["uuid"]


def test_errors_carry_no_language_headers(content):
    reply = content.get("/products/no-such-product", headers=_in("fr"))
    reply.error("INVALID_PRODUCT_ID")
    assert "Content-Language" not in reply.headers


def test_content_goes_with_other_capabilities(client):
    both = client.with_capabilities(PRICING, CONTENT)
    product = both.get("/products/river-cruise", headers=_in("fr")).ok()
    assert product["title"] == "Croisière touristique sur la Tamise" and product["pricingPer"] == "UNIT"


# --- no header breaks it -----------------------------------------------------------------------

HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
LANGUAGE_LISTS = st.lists(st.sampled_from(["en", "fr", "de-CH", "pt", "ja-JP", "*", "x", "zz-ZZ", "q=1", ""]),
                          max_size=5).flatmap(lambda tags: st.tuples(
                              st.just(tags), st.lists(st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=x"]),
                                                      min_size=len(tags), max_size=len(tags))))


@settings(max_examples=60, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(HEADER_TEXT, LANGUAGE_LISTS.map(lambda pair: ", ".join(t + w for t, w in zip(*pair)))))
def test_any_accept_language_gets_a_listed_language(content, header):
    """Whatever Accept-Language says, the answer is a 200 in one of the listed languages (the
    checking client asserts Content-Language is among Available-Languages)."""
    content.get("/products/museum-pass", headers={"Accept-Language": header}).ok()
