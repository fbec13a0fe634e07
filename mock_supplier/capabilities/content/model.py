"""The shape of the content data: texts in several languages, and what describes a product.

Content is kept here, keyed by product and option ids, not in the catalogue: the catalogue
model stays what core needs, and a catalogue this data does not know (a stranger's, with its
own ids) simply has none, and gets the content core's data gives (views.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

Texts = Mapping[str, str]  # BCP 47 tag -> the text in that language


def texts(**by_language: str) -> Texts:
    """A text in several languages, keyed by tag (pt_BR= stands for pt-BR)."""
    return {tag.replace("_", "-"): text for tag, text in by_language.items()}


@dataclass(frozen=True)
class Feature:
    """An inclusion, exclusion, highlight... (FeatureType) and what it says."""

    type: str
    text: Texts | None


@dataclass(frozen=True)
class Faq:
    question: Texts
    answer: Texts


@dataclass(frozen=True)
class Media:
    src: str
    type: str  # image/jpeg...
    rel: str  # LOGO, COVER, GALLERY
    title: Texts | None = None
    caption: Texts | None = None
    copyright: str | None = None


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    street: str | None
    locality: str | None
    region: str | None
    postal_code: str | None
    country: str  # ISO 3166-1 alpha-2
    google_place_id: str | None = None
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Location:
    title: Texts | None
    short_description: Texts | None
    types: tuple[str, ...]
    place: Place
    minutes_to: int | None = None
    minutes_at: int | None = None


@dataclass(frozen=True)
class Described:
    """What a product or an option says about itself (the two carry the same fields). An option's
    `departure` is the shortDescription of each of its availabilities."""

    title: Texts
    short_description: Texts | None = None
    description: Texts | None = None
    features: tuple[Feature, ...] = ()
    faqs: tuple[Faq, ...] = ()
    media: tuple[Media, ...] = ()
    locations: tuple[Location, ...] = ()
    category_labels: tuple[str, ...] = ()
    commentary: tuple[tuple[str, str], ...] = ()  # (CommentaryFormat, language tag)
    departure: Texts | None = None

    def all_texts(self) -> list[Texts]:
        """Every localized text it holds, to check that each is in every language."""
        found = [self.title, self.short_description, self.description, self.departure]
        found += [f.text for f in self.features]
        found += [text for faq in self.faqs for text in (faq.question, faq.answer)]
        found += [text for m in self.media for text in (m.title, m.caption)]
        found += [text for loc in self.locations for text in (loc.title, loc.short_description)]
        return [text for text in found if text is not None]


@dataclass(frozen=True)
class ProductContent:
    """A product's content in its languages, the first of which is its default."""

    languages: tuple[str, ...]
    product: Described
    options: Mapping[str, Described] = field(default_factory=dict)


@dataclass(frozen=True)
class SupplierContent:
    short_description: Texts
    media: tuple[Media, ...] = ()
