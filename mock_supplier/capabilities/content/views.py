"""octo/content's fields on the supplier, products, options, units and availability, in one language.

Products this data does not describe (a stranger's catalogue) still get every field, from
what core knows: the title is the internal name, durations are the options', lists are
empty, and the one language is DEFAULT_LANGUAGE. Units are described from their type and
ages, in any of the languages below.
"""
from __future__ import annotations

from ...catalogue import Catalogue, Option, Product, Unit
from .model import Described, Feature, Location, Media, ProductContent, Texts, texts
from .seed import PRODUCTS, SUPPLIER

DEFAULT_LANGUAGE = "en"

UNIT_TITLES = {
    "ADULT": texts(en="Adult", fr="Adulte", de="Erwachsener", es="Adulto", pt_BR="Adulto", ja="大人"),
    "YOUTH": texts(en="Youth", fr="Jeune", de="Jugendlicher", es="Joven", pt_BR="Jovem", ja="ユース"),
    "CHILD": texts(en="Child", fr="Enfant", de="Kind", es="Niño", pt_BR="Criança", ja="子供"),
    "INFANT": texts(en="Infant", fr="Bébé", de="Kleinkind", es="Bebé", pt_BR="Bebê", ja="幼児"),
    "FAMILY": texts(en="Family", fr="Famille", de="Familie", es="Familia", pt_BR="Família", ja="ファミリー"),
    "SENIOR": texts(en="Senior", fr="Senior", de="Senior", es="Mayor", pt_BR="Idoso", ja="シニア"),
    "STUDENT": texts(en="Student", fr="Étudiant", de="Student", es="Estudiante", pt_BR="Estudante", ja="学生"),
    "MILITARY": texts(en="Military", fr="Militaire", de="Militär", es="Militar", pt_BR="Militar", ja="軍人"),
    "OTHER": texts(en="Guest", fr="Invité", de="Gast", es="Invitado", pt_BR="Convidado", ja="ゲスト"),
}
# (ages from-to, from and over, up to, all ages, counts as n people)
AGES = {
    "en": ("Ages {0}–{1}", "Ages {0} and over", "Up to age {1}", "All ages", "counts as {2} people"),
    "fr": ("De {0} à {1} ans", "{0} ans et plus", "Jusqu'à {1} ans", "Tous âges", "compte pour {2} personnes"),
    "de": ("{0} bis {1} Jahre", "Ab {0} Jahren", "Bis {1} Jahre", "Alle Altersgruppen", "zählt als {2} Personen"),
    "es": ("De {0} a {1} años", "Desde {0} años", "Hasta {1} años", "Todas las edades", "cuenta como {2} personas"),
    "pt-BR": ("De {0} a {1} anos", "A partir de {0} anos", "Até {1} anos", "Todas as idades",
              "conta como {2} pessoas"),
    "ja": ("{0}〜{1}歳", "{0}歳以上", "{1}歳以下", "全年齢", "{2}名分"),
}
OLDEST = 99  # a maxAge from here on means "no upper age"


def content_of(product: Product) -> ProductContent | None:
    """This data's content for a product, if it describes one with that id."""
    return PRODUCTS.get(product.id)


def languages_of(product: Product) -> tuple[str, ...]:
    """The languages a product's content is in, its default first."""
    content = content_of(product)
    return content.languages if content else (DEFAULT_LANGUAGE,)


def supplier_languages(catalogue: Catalogue) -> tuple[str, ...]:
    """Every language some product of the catalogue is in, the default first."""
    found = [DEFAULT_LANGUAGE]
    for product in catalogue.products:
        found += [tag for tag in languages_of(product) if tag not in found]
    return tuple(found)


def _in(text: Texts | None, language: str) -> str | None:
    if text is None:
        return None
    return text.get(language) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values()))


def supplier_fields(language: str) -> dict:
    return {"shortDescription": _in(SUPPLIER.short_description, language),
            "media": [_media(m, language) for m in SUPPLIER.media]}


def product_fields(product: Product, language: str) -> dict:
    content = content_of(product)
    durations = sorted({o.duration_minutes for o in product.options})
    described = content.product if content else Described(texts(en=product.internal_name))
    return _described(described, language, durations[0], durations[-1] if len(durations) > 1 else None)


def option_fields(product: Product, option: Option, language: str) -> dict:
    return _described(_option_content(product, option), language, option.duration_minutes, None)


def _option_content(product: Product, option: Option) -> Described:
    content = content_of(product)
    described = content.options.get(option.id) if content else None
    return described or Described(texts(en=option.internal_name))


def unit_fields(unit: Unit, language: str) -> dict:
    phrases = AGES.get(language, AGES[DEFAULT_LANGUAGE])
    if unit.min_age <= 0:
        ages = phrases[3] if unit.max_age >= OLDEST else phrases[2]
    else:
        ages = phrases[1] if unit.max_age >= OLDEST else phrases[0]
    if unit.pax_count > 1:
        ages += " · " + phrases[4]
    return {"title": _in(UNIT_TITLES.get(unit.type, UNIT_TITLES["OTHER"]), language),
            "shortDescription": ages.format(unit.min_age, unit.max_age, unit.pax_count), "features": []}


def availability_fields(product: Product, option: Option, language: str) -> dict:
    described = _option_content(product, option)
    return {"title": _in(described.title, language), "shortDescription": _in(described.departure or described.title,
                                                                              language)}


def _described(described: Described, language: str, minutes_from: int, minutes_to: int | None) -> dict:
    return {
        "title": _in(described.title, language),
        "shortDescription": _in(described.short_description, language),
        "description": _in(described.description, language),
        "features": [_feature(f, language) for f in described.features],
        "faqs": [{"question": _in(f.question, language), "answer": _in(f.answer, language)} for f in described.faqs],
        "media": [_media(m, language) for m in described.media],
        "locations": [_location(loc, language) for loc in described.locations],
        "categoryLabels": list(described.category_labels),
        "durationMinutesFrom": minutes_from,
        "durationMinutesTo": minutes_to,
        "commentary": [{"format": kind, "language": tag} for kind, tag in described.commentary],
    }


def _feature(feature: Feature, language: str) -> dict:
    return {"shortDescription": _in(feature.text, language), "type": feature.type}


def _media(media: Media, language: str) -> dict:
    return {"src": media.src, "type": media.type, "rel": media.rel, "title": _in(media.title, language),
            "caption": _in(media.caption, language), "copyright": media.copyright}


def _location(location: Location, language: str) -> dict:
    place = location.place
    return {
        "title": _in(location.title, language),
        "shortDescription": _in(location.short_description, language),
        "types": list(location.types),
        "minutesTo": location.minutes_to,
        "minutesAt": location.minutes_at,
        "place": {
            "latitude": place.latitude, "longitude": place.longitude,
            "postalAddress": {"streetAddress": place.street, "addressLocality": place.locality,
                              "addressRegion": place.region, "postalCode": place.postal_code,
                              "addressCountry": place.country, "postOfficeBoxNumber": None},
            "identifiers": {"googlePlaceId": place.google_place_id, "applePlaceId": None,
                            "tripadvisorLocationId": None, "yelpPlaceId": None, "facebookPlaceId": None,
                            "foursquarePlaceId": None, "baiduPlaceId": None, "amapPlaceId": None},
            "sameAs": list(place.same_as),
        },
    }


def problems() -> list[str]:
    """What is wrong with the data: a text missing in a language its product claims, a language
    units cannot be described in, a language the supplier's own content lacks."""
    found = []
    for product_id, content in PRODUCTS.items():
        for where, described in (("", content.product), *((f"/{k}", v) for k, v in content.options.items())):
            for text in described.all_texts():
                missing = [tag for tag in content.languages if tag not in text]
                if missing:
                    found.append(f"{product_id}{where}: {dict(text)} lacks {missing}")
        found += [f"{product_id}: units cannot be described in {tag}" for tag in content.languages if tag not in AGES]
        found += [f"{product_id}: the supplier's shortDescription lacks {tag}"
                  for tag in content.languages if tag not in SUPPLIER.short_description]
    return found
