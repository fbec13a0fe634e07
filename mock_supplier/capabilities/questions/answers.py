"""Answers to questions (SPEC-CAPABILITIES §3.2-3.4): the questions capability's hooks into the
booking lifecycle, and the answers it shows on bookings and unit items.

A booking keeps its answers in `booking.extensions`: "questionAnswers" (question id -> text)
for the option's questions, and "unitItemQuestionAnswers" (unit item uuid -> question id ->
text) for each unit item's. Answers come with a reservation, an update or a confirmation, per
booking (`questionAnswers`) and per unit item (`unitItems[].questionAnswers`):

- an answer overwrites the stored one; `null` leaves it as it is; "" clears it;
- an answer to a question not asked there (another option's, a unit's at booking level),
  the same question answered twice, a radio or select value that is not one of its
  selectOptions' values, or text longer than maxLength: BAD_REQUEST, nothing changes;
- a required question still unanswered at confirmation, or left unanswered by an update of a
  confirmed booking: UNPROCESSABLE_ENTITY, and the booking stays as it was;
- answers sent without Octo-Capabilities: octo/questions: BAD_REQUEST. A caller who does not
  apply the capability is not asked the questions, required or not.

Answers to questions the booking no longer asks (its option or a unit item's unit changed,
a unit item removed) are dropped.
"""
from __future__ import annotations

from ...core.bookings import RESERVE
from ...kernel.errors import BadRequest, UnprocessableEntity
from ...kernel.holds import CONFIRMED
from .catalogue import CHOICE_TYPES, Question, booking_questions, question_json, unit_questions

QUESTIONS = "octo/questions"
FIELD = "questionAnswers"  # the booking's answers, under their OCTO name
ITEM_FIELD = "unitItemQuestionAnswers"  # unit item uuid -> its answers


def plan_booking(ctx, booking, plan, body: dict, stage: str) -> None:
    """Check and keep the answers a reservation, update or confirmation sends."""
    sent_items = body.get("unitItems") if isinstance(body.get("unitItems"), list) else None
    if not ctx.has(QUESTIONS):
        if body.get(FIELD) or any(isinstance(i, dict) and i.get(FIELD) for i in sent_items or []):
            raise BadRequest("questionAnswers needs the header Octo-Capabilities: octo/questions")
        return
    fresh = stage == RESERVE
    kept = {} if fresh else booking.extensions.get(FIELD) or {}
    kept_items = {} if fresh else booking.extensions.get(ITEM_FIELD) or {}
    answers = _answered(booking_questions(plan.product.id, plan.option.id), kept, body.get(FIELD), "questionAnswers")
    item_answers = {}
    for index, item in enumerate(plan.unit_items):
        sent = sent_items[index].get(FIELD) if sent_items is not None else None
        item_answers[item.uuid] = _answered(unit_questions(plan.product.id, item.unit_id),
                                            kept_items.get(item.uuid) or {}, sent,
                                            f"unitItems[{index}].questionAnswers")
    if booking.status == CONFIRMED:
        _require_answers(plan, answers, item_answers)
    booking.extensions[FIELD] = answers
    booking.extensions[ITEM_FIELD] = item_answers


def booking_fields(ctx, booking, plan) -> dict:
    """Every question of the booking's option, with its answer or null."""
    answers = booking.extensions.get(FIELD) or {}
    return {FIELD: _listed(booking_questions(plan.product.id, plan.option.id), answers)}


def unit_item_fields(ctx, booking, plan, item) -> dict:
    """Every question of the unit item's unit, with its answer or null."""
    answers = (booking.extensions.get(ITEM_FIELD) or {}).get(item.uuid) or {}
    return {FIELD: _listed(unit_questions(plan.product.id, item.unit_id), answers)}


def _listed(questions: tuple[Question, ...], answers: dict) -> list[dict]:
    return [{"questionId": q.id, "question": question_json(q), "value": answers.get(q.id)} for q in questions]


def _answered(questions: tuple[Question, ...], kept: dict, sent: list | None, where: str) -> dict:
    """The answers after a request: those kept that are still asked, changed by those sent."""
    asked = {q.id: q for q in questions}
    answers = {qid: value for qid, value in kept.items() if qid in asked}
    seen = set()
    for answer in sent or []:
        qid, value = answer["questionId"], answer.get("value")
        question = asked.get(qid)
        if question is None:
            listed = ", ".join(asked) or "none"
            raise BadRequest(f"{where}: question {qid!r} is not asked here (the questions asked: {listed})")
        if qid in seen:
            raise BadRequest(f"{where}: question {qid!r} is answered twice")
        seen.add(qid)
        if value is None:
            continue
        if value == "":
            answers.pop(qid, None)
            continue
        _check_value(question, value, where)
        answers[qid] = value
    return answers


def _check_value(question: Question, value: str, where: str) -> None:
    if question.input_type in CHOICE_TYPES and value not in question.values:
        raise BadRequest(f"{where}: {value!r} is not one of the values of question {question.id!r} "
                         f"({', '.join(question.values)})")
    if question.max_length is not None and len(value) > question.max_length:
        raise BadRequest(f"{where}: the answer to question {question.id!r} is longer than its maxLength "
                         f"{question.max_length}")


def _require_answers(plan, answers: dict, item_answers: dict) -> None:
    """A confirmed booking has every required question answered (SPEC-CAPABILITIES §3.4)."""
    missing = [f"{q.id} ({q.label})" for q in booking_questions(plan.product.id, plan.option.id)
               if q.required and q.id not in answers]
    for item in plan.unit_items:
        asked = unit_questions(plan.product.id, item.unit_id)
        missing += [f"{q.id} ({q.label}) of unit item {item.uuid}" for q in asked
                    if q.required and q.id not in item_answers[item.uuid]]
    if missing:
        raise UnprocessableEntity("Required questions are unanswered: " + "; ".join(missing)
                                  + ". Answer them (questionAnswers) before or on confirmation")
