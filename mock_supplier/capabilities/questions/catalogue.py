"""The questions the seeded catalogue asks, kept here rather than in the catalogue model.

Booking questions are keyed by (product id, option id), unit-item questions by (product id,
unit id): the view hook for a unit knows its product, not its option, so a unit asks the same
questions in every option of its product (as Unit.questions does in OCTO). Another catalogue
(tests/harness/foreign_catalogue.py) has other ids, hence no questions.

Which inputs: every input type a source names (SPEC-CAPABILITIES §3.1): radio with up to five
choices and select with more (Ventrata's rule), textarea, and the v1 HTML types. Required
questions sit only on options and units a plain booking need not touch (the evening walking
tour, the exhibition, the museum's senior ticket), so that clients that know nothing of
questions still book the rest.
"""
from __future__ import annotations

from dataclasses import dataclass

CHOICE_TYPES = ("radio", "select")


@dataclass(frozen=True)
class Question:
    """One question: the answer is always text; a radio or select answer is one of `choices`' values."""

    id: str
    label: str
    input_type: str
    required: bool = False
    max_length: int | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    description: str | None = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for _, value in self.choices)


def _choices(*labels: str) -> tuple[tuple[str, str], ...]:
    return tuple((label, label.upper().replace(" ", "_")) for label in labels)


BOOKING_QUESTIONS: dict[tuple[str, str], tuple[Question, ...]] = {
    ("river-cruise", "DEFAULT"): (
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c01", "What are you celebrating?", "select",
                 choices=_choices("Birthday", "Anniversary", "Engagement", "Honeymoon", "Graduation",
                                  "Nothing in particular")),
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c02", "Anything the crew should know?", "textarea",
                 max_length=200, description="Accessibility needs, a surprise to prepare..."),
    ),
    ("walking-tour", "EVENING"): (
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c03", "How did you hear about the ghost tour?", "radio",
                 required=True, choices=_choices("Search engine", "A friend", "Our hotel", "Social media")),
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c04", "A phone number we can reach you on during the tour",
                 "tel", required=True, max_length=20),
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c05", "Where should we send the ghost-story e-book?", "email",
                 max_length=120),
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c06", "Date of birth of the lead guest", "date"),
    ),
    ("museum-pass", "EXHIBITION"): (
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c07", "Audio guide language", "select", required=True,
                 choices=_choices("English", "French", "German", "Spanish", "Italian", "Japanese", "Mandarin")),
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c08", "Preferred entry time", "time"),
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c09", "When will you arrive in Paris?", "datetime-local"),
    ),
}

UNIT_QUESTIONS: dict[tuple[str, str], tuple[Question, ...]] = {
    ("river-cruise", "adult"): (
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c21", "Dietary requirements", "radio",
                 choices=_choices("None", "Vegetarian", "Vegan", "Gluten free")),
    ),
    ("river-cruise", "child"): (
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c22", "Age of the child", "number", max_length=2),
    ),
    ("museum-pass", "adult"): (
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c23", "Link to a scan of your Friends of the Museum card",
                 "file", max_length=300),
    ),
    ("museum-pass", "youth"): (
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c24", "Your school's website", "url", max_length=300),
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c25", "Name of the accompanying adult", "text", max_length=80),
    ),
    ("museum-pass", "senior"): (
        Question("6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c26", "Number of the ID document you will show", "text",
                 required=True, max_length=20),
    ),
}


def booking_questions(product_id: str, option_id: str) -> tuple[Question, ...]:
    """The questions asked once per booking of an option."""
    return BOOKING_QUESTIONS.get((product_id, option_id), ())


def unit_questions(product_id: str, unit_id: str) -> tuple[Question, ...]:
    """The questions asked once per unit item of a unit."""
    return UNIT_QUESTIONS.get((product_id, unit_id), ())


def question_json(question: Question) -> dict:
    """The OCTO Question (Ventrata's field set; title and label carry the same text)."""
    return {
        "id": question.id,
        "label": question.label,
        "title": question.label,
        "internalName": question.label,
        "shortDescription": None,
        "description": question.description,
        "coverImageUrl": None,
        "inputType": question.input_type,
        "required": question.required,
        "maxLength": question.max_length,
        "selectOptions": [{"label": label, "value": value} for label, value in question.choices],
    }
