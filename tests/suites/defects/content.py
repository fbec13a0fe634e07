"""Defects in octo/content (SPEC-CAPABILITIES §1): its fields, its headers, and Accept-Language."""
from __future__ import annotations

import json
import re

from .kit import Call, Defect, answer, dropping_header, each_product, rewriting, rewriting_headers, send

CONTENT = "octo/content"
PRODUCT = re.compile(r"^/octo/products/[^/]+/?$")


def _is_product(call: Call) -> bool:
    return call.method == "GET" and bool(PRODUCT.match(call.path))


def _asks_content(environ) -> bool:
    return CONTENT in environ.get("HTTP_OCTO_CAPABILITIES", "")


def _lower_case_feature_types(data, call):
    for product in each_product(data):
        for thing in [product, *(product.get("options") or [])]:
            for feature in thing.get("features") or []:
                feature["type"] = str(feature.get("type")).lower()
    return data


PRODUCT_FEATURE_TYPES_IN_LOWER_CASE = Defect(
    "product and option features name their type in lower case (\"highlight\", not HIGHLIGHT)",
    rewriting(lambda c: c.path.startswith("/octo/products"), _lower_case_feature_types),
    fails={"test_product_content_is_valid"})


def _without_supplier_description(data, call):
    data.pop("shortDescription", None)
    return data


SUPPLIER_WITHOUT_SHORT_DESCRIPTION = Defect(
    "the supplier leaves shortDescription out under octo/content",
    rewriting(lambda c: c.path == "/octo/supplier", _without_supplier_description),
    fails={"test_supplier_content_is_valid"})


def _null_slot_descriptions(data, call):
    for slot in data:
        if "shortDescription" in slot:
            slot["shortDescription"] = None
    return data


AVAILABILITY_DESCRIPTION_NULL = Defect(
    "availability's shortDescription is null (the typespec makes it a string)",
    rewriting(lambda c: c.path == "/octo/availability", _null_slot_descriptions),
    fails={"test_availability_content_is_valid"})


def _content_always(app):
    """Served as if octo/content were asked for, the echo and the language headers put back as if not."""
    def middleware(environ, start_response):
        if _asks_content(environ) or not environ["PATH_INFO"].startswith("/octo"):
            return app(environ, start_response)
        asked = environ.get("HTTP_OCTO_CAPABILITIES", "")
        environ["HTTP_OCTO_CAPABILITIES"] = f"{asked}, {CONTENT}" if asked.strip() else CONTENT
        status, headers, body = answer(app, environ)
        kept = []
        for name, value in headers:
            if name.lower() in ("content-language", "available-languages"):
                continue
            if name.lower() == "octo-capabilities":
                value = ", ".join(c.strip() for c in value.split(",") if c.strip() and c.strip() != CONTENT)
            kept.append((name, value))
        return send(start_response, status, kept, body)
    return middleware


CONTENT_WITHOUT_CAPABILITY = Defect(
    "content fields are on every answer, whether octo/content was asked for or not",
    _content_always,
    fails={"test_no_content_without_the_capability"})


BOOKINGS_WITHOUT_CONTENT_LANGUAGE = Defect(
    "answers about bookings carry Available-Languages but no Content-Language",
    rewriting_headers(dropping_header("Content-Language"), when=lambda c: c.path.startswith("/octo/bookings")),
    fails={"test_content_headers_on_every_answer"})


def _accept_language_dropped(app):
    def middleware(environ, start_response):
        environ.pop("HTTP_ACCEPT_LANGUAGE", None)
        return app(environ, start_response)
    return middleware


ACCEPT_LANGUAGE_IGNORED = Defect(
    "Accept-Language is ignored: every answer is in the default language, and says so",
    _accept_language_dropped,
    fails={"test_each_listed_language_is_served_when_asked", "test_highest_weighted_language_wins",
           "test_localized_text_differs_between_languages"},
    advises={"test_regional_range_finds_its_language"})


def _weights_dropped(app):
    def middleware(environ, start_response):
        if "HTTP_ACCEPT_LANGUAGE" in environ:
            ranges = [item.split(";")[0].strip() for item in environ["HTTP_ACCEPT_LANGUAGE"].split(",")]
            environ["HTTP_ACCEPT_LANGUAGE"] = ", ".join(r for r in ranges if r)
        return app(environ, start_response)
    return middleware


ACCEPT_LANGUAGE_WEIGHTS_IGNORED = Defect(
    "Accept-Language's q weights are ignored: the first language named that the product has wins",
    _weights_dropped,
    fails={"test_highest_weighted_language_wins"})


def _listed(headers) -> list[str]:
    found = next((v for k, v in headers if k.lower() == "available-languages"), "")
    return [t.strip().lower() for t in found.split(",") if t.strip()]


def _unknown_language_refused(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        wanted = environ.get("HTTP_ACCEPT_LANGUAGE")
        if wanted and status.startswith("200") and _is_product(Call.of(environ)):
            primaries = {t.split("-")[0] for t in _listed(headers)}
            asked = {item.split(";")[0].strip().split("-")[0].lower() for item in wanted.split(",")}
            if not asked & primaries:
                body = json.dumps({"error": "BAD_REQUEST", "errorMessage": f"not available in {wanted}"}).encode()
                return send(start_response, "406 Not Acceptable", [("Content-Type", "application/json")], body)
        return send(start_response, status, headers, body)
    return middleware


UNKNOWN_LANGUAGE_NOT_ACCEPTABLE = Defect(
    "a product asked for in a language it lacks answers 406 instead of its default language",
    _unknown_language_refused,
    fails={"test_language_the_product_lacks_falls_back_to_its_default"})


def _language_said(headers) -> str | None:
    return next((v for k, v in headers if k.lower() == "content-language"), None)


def _localized_ids(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        language = _language_said(headers)
        listed = _listed(headers)
        if status.startswith("200") and _is_product(Call.of(environ)) and listed and language \
                and language.lower() != listed[0]:
            product = json.loads(body)
            for option in product.get("options") or []:
                for unit in option.get("units") or []:
                    unit["id"] = f"{unit['id']}-{language}"
            body = json.dumps(product).encode()
        return send(start_response, status, headers, body)
    return middleware


UNIT_IDS_LOCALIZED = Defect(
    "a product read in another language than its default names its units by other ids (adult-fr)",
    _localized_ids,
    fails={"test_same_ids_in_every_language"})


def _default_text_in_every_language(app):
    def middleware(environ, start_response):
        status, headers, body = answer(app, environ)
        call = Call.of(environ)
        about_products = call.method == "GET" and call.path.startswith("/octo/products")
        if status.startswith("200") and about_products and environ.get("HTTP_ACCEPT_LANGUAGE"):
            plain = {k: v for k, v in environ.items() if k != "HTTP_ACCEPT_LANGUAGE"}
            _, _, body = answer(app, plain)  # the default text, under the language negotiated
        return send(start_response, status, headers, body)
    return middleware


DEFAULT_TEXT_UNDER_EVERY_LANGUAGE = Defect(
    "every language a product lists gives its default text (alone and in the list): only Content-Language changes",
    _default_text_in_every_language,
    fails={"test_localized_text_differs_between_languages"})


def _regional_ranges_dropped(app):
    def middleware(environ, start_response):
        if "HTTP_ACCEPT_LANGUAGE" in environ:
            items = [i for i in environ["HTTP_ACCEPT_LANGUAGE"].split(",") if "-" not in i.split(";")[0]]
            environ["HTTP_ACCEPT_LANGUAGE"] = ",".join(items)
        return app(environ, start_response)
    return middleware


REGIONAL_RANGES_UNMATCHED = Defect(
    "a regional range (fr-CH) matches only that exact tag, never its language (fr)",
    _regional_ranges_dropped,
    advises={"test_regional_range_finds_its_language"})


def _list_in_the_default_language(app):
    def middleware(environ, start_response):
        if environ["PATH_INFO"].rstrip("/") == "/octo/products":
            environ.pop("HTTP_ACCEPT_LANGUAGE", None)
        return app(environ, start_response)
    return middleware


PRODUCT_LIST_IGNORES_ACCEPT_LANGUAGE = Defect(
    "GET /products is always in the default language; only GET /products/{id} follows Accept-Language",
    _list_in_the_default_language,
    fails={"test_product_list_is_in_the_language_asked"})
