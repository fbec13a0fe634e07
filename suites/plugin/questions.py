"""octo/questions as every rule meets it: the questions an option, its product or a unit asks,
read leniently, and valid answers to them.

Discovery uses this so that a reservation answers the required questions of whatever it books
(a supplier's confirmation refuses a booking with one unanswered, and a rule about something
else must not fail on that); the questions rules use it for the answers they send.
"""
from __future__ import annotations

# A value of the right form for each input type the sources name; radio and select take a choice.
SAMPLES = {"date": "1990-05-17", "datetime-local": "2030-06-01T10:30", "email": "guest@example.com", "number": "7",
           "tel": "+441632960123", "time": "10:30", "url": "https://example.com/card",
           "file": "https://example.com/card.pdf"}
TEXTS = ("Answered by octo-conformance", "Changed by octo-conformance")


def questions_of(holder: dict) -> list[dict]:
    """The questions an option or unit asks (those with an id)."""
    listed = holder.get("questions")
    if not isinstance(listed, list):
        return []
    return [q for q in listed if isinstance(q, dict) and isinstance(q.get("id"), str)]


def per_booking(product: dict, option: dict) -> list[dict]:
    """The questions asked once per booking: the option's, and the product's where a supplier puts
    them there (the v1 types and older Ventrata docs have Product.questions)."""
    listed = {q["id"]: q for q in questions_of(product)}
    listed.update((q["id"], q) for q in questions_of(option))
    return list(listed.values())


def choices_of(question: dict) -> list[str]:
    options = question.get("selectOptions")
    return [o["value"] for o in options if isinstance(o, dict) and isinstance(o.get("value"), str)] \
        if isinstance(options, list) else []


def value_for(question: dict, variant: int = 0) -> str:
    """A valid answer: a choice for radio and select, else text of the input type's form within maxLength."""
    choices = choices_of(question)
    if choices:
        return choices[variant % len(choices)]
    text = SAMPLES.get(question.get("inputType"), TEXTS[variant % 2])
    limit = question.get("maxLength")
    return text[:limit] if isinstance(limit, int) and limit > 0 else text


def answers_to(questions: list[dict], variant: int = 0, only_required: bool = False) -> list[dict]:
    return [{"questionId": q["id"], "value": value_for(q, variant)} for q in questions
            if not only_required or q.get("required") is True]


def unit_questions(option: dict, unit_id: str) -> list[dict]:
    """The questions the option's unit `unit_id` asks once per unit item."""
    units = option.get("units") if isinstance(option.get("units"), list) else []
    return next((questions_of(u) for u in units if isinstance(u, dict) and u.get("id") == unit_id), [])


def asks_required(option: dict, product: dict | None = None) -> bool:
    """Whether the option, one of its units or its product asks a required question."""
    units = option.get("units") if isinstance(option.get("units"), list) else []
    asked = per_booking(product or {}, option) + [q for u in units if isinstance(u, dict) for q in questions_of(u)]
    return any(q.get("required") is True for q in asked)
