"""octo/questions (SPEC-CAPABILITIES §3): questions asked per booking (on options) and per
unit item (on units), answered on reservation, update and confirmation."""
from __future__ import annotations

from ...kernel.plugins import Capability
from . import answers
from .answers import QUESTIONS
from .catalogue import booking_questions, question_json, unit_questions


def _option_fields(ctx, product, option) -> dict:
    return {"questions": [question_json(q) for q in booking_questions(product.id, option.id)]}


def _unit_fields(ctx, product, unit) -> dict:
    return {"questions": [question_json(q) for q in unit_questions(product.id, unit.id)]}


CAPABILITY = Capability(
    QUESTIONS,
    option_fields=_option_fields,
    unit_fields=_unit_fields,
    booking_fields=answers.booking_fields,
    unit_item_fields=answers.unit_item_fields,
    plan_booking=answers.plan_booking,
)
