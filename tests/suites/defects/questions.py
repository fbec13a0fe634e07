"""Defects in octo/questions (SPEC-CAPABILITIES §3): questions shown wrongly, answers lost, and
answers the supplier should refuse taken in."""
from __future__ import annotations

import json

from .kit import (BOOKING_PATH, Call, Defect, about_bookings, answer, booking_now, each_option, environ_for,
                  is_confirmation, is_reservation, is_update, rewriting, rewriting_bookings, rewriting_request, send,
                  with_body)

QUESTIONS = "octo/questions"


def _questions_everywhere(data, call, change):
    for option in each_option(data):
        for holder in [option, *(option.get("units") or [])]:
            for question in holder.get("questions") or []:
                change(question)
    return data


QUESTION_INPUT_TYPE_UNKNOWN = Defect(
    "questions say inputType \"dropdown\", a type no source names",
    rewriting(lambda c: c.path.startswith("/octo/products"),
              lambda data, call: _questions_everywhere(data, call, lambda q: q.update(inputType="dropdown"))),
    fails={"test_questions_are_valid"})


def _always_asking(app):
    def middleware(environ, start_response):
        asked = [c.strip() for c in environ.get("HTTP_OCTO_CAPABILITIES", "").split(",") if c.strip()]
        if QUESTIONS not in asked:
            environ["HTTP_OCTO_CAPABILITIES"] = ", ".join(asked + [QUESTIONS])
        return app(environ, start_response)
    return middleware


QUESTIONS_WITHOUT_CAPABILITY = Defect(
    "questions and answers are served to callers who did not ask for octo/questions",
    _always_asking,
    fails={"test_questions_need_the_capability"})


def _answered_only(holder: dict) -> None:
    if isinstance(holder.get("questionAnswers"), list):
        holder["questionAnswers"] = [a for a in holder["questionAnswers"] if a.get("value") is not None]


UNANSWERED_BOOKING_QUESTIONS_LEFT_OUT = Defect(
    "a booking lists only the questions already answered, not every question of its option",
    rewriting_bookings(_answered_only),
    fails={"test_every_question_is_listed_unanswered"})


UNANSWERED_UNIT_ITEM_QUESTIONS_LEFT_OUT = Defect(
    "a unit item lists only the questions already answered, not every question of its unit",
    rewriting_bookings(lambda booking: [_answered_only(item) for item in booking.get("unitItems") or []]),
    fails={"test_every_question_is_listed_unanswered"})


def _without_answers(body: dict, booking: bool = True, unit_items: bool = True) -> dict:
    if booking:
        body.pop("questionAnswers", None)
    if unit_items and isinstance(body.get("unitItems"), list):
        body["unitItems"] = [{k: v for k, v in item.items() if k != "questionAnswers"} if isinstance(item, dict)
                             else item for item in body["unitItems"]]
    return body


# Dropping answers also takes in the wrong ones the rules send: those rules fail too.
RESERVATION_IGNORES_BOOKING_ANSWERS = Defect(
    "a reservation drops the answers sent for the booking (those of its unit items are kept)",
    rewriting_request(is_reservation, lambda body: _without_answers(body, unit_items=False)),
    fails={"test_answers_on_reservation_are_kept", "test_answers_survive_update_and_confirmation",
           "test_answer_to_unknown_question_is_refused", "test_value_outside_select_options_is_refused"})


RESERVATION_IGNORES_UNIT_ITEM_ANSWERS = Defect(
    "a reservation drops the answers sent in its unit items (those of the booking are kept)",
    rewriting_request(is_reservation, lambda body: _without_answers(body, booking=False)),
    fails={"test_answers_on_reservation_are_kept", "test_answers_survive_update_and_confirmation",
           "test_answer_to_unknown_question_is_refused", "test_value_outside_select_options_is_refused"})


UPDATE_IGNORES_ANSWERS = Defect(
    "an update drops the answers it carries, per booking and per unit item",
    rewriting_request(is_update, _without_answers),
    fails={"test_answers_on_update_are_kept"})


CONFIRMATION_IGNORES_ANSWERS = Defect(
    "a confirmation drops the answers it carries, per booking and per unit item",
    rewriting_request(is_confirmation, _without_answers),
    fails={"test_answers_on_confirmation_are_kept", "test_required_answer_is_enforced_at_confirmation"})


def _rewriting_with_booking(when, change):
    """Middleware factory: the JSON body of matching booking requests passes through
    change(body, booking), the booking as the mock has it before the request."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            match = BOOKING_PATH.match(call.path)
            if when(call) and match and isinstance(call.body, dict):
                booking = booking_now(app, environ, match["uuid"])
                if booking is not None:
                    with_body(environ, change(dict(call.body), booking))
            return app(environ, start_response)
        return middleware
    return wrap


def _cleared(holder: dict) -> list[dict]:
    return [{"questionId": a["questionId"], "value": ""} for a in holder.get("questionAnswers") or []
            if a.get("value") is not None]


def _booking_answers_forgotten(body: dict, booking: dict) -> dict:
    if "questionAnswers" not in body:
        body["questionAnswers"] = _cleared(booking)
    return body


UPDATE_FORGETS_BOOKING_ANSWERS = Defect(
    "an update that sends no answers clears the booking's answers",
    _rewriting_with_booking(is_update, _booking_answers_forgotten),
    fails={"test_answers_survive_update_and_confirmation"})


def _unit_item_answers_forgotten(body: dict, booking: dict) -> dict:
    if "unitItems" not in body:
        body["unitItems"] = [{"uuid": item["uuid"], "unitId": item["unitId"], "questionAnswers": _cleared(item)}
                             for item in booking.get("unitItems") or []]
    return body


CONFIRMATION_FORGETS_UNIT_ITEM_ANSWERS = Defect(
    "a confirmation that sends no unit items clears the unit items' answers",
    _rewriting_with_booking(is_confirmation, _unit_item_answers_forgotten),
    fails={"test_answers_survive_update_and_confirmation"})


def _filled(holder: dict) -> list[dict]:
    """Answers for the required questions still unanswered: a choice, or text."""
    filled = []
    for a in holder.get("questionAnswers") or []:
        question = a.get("question") or {}
        if a.get("value") is None and question.get("required"):
            choices = [o["value"] for o in question.get("selectOptions") or []]
            filled.append({"questionId": a["questionId"], "value": choices[0] if choices else "n/a"})
    return filled


def _booking_answers_made_up(body: dict, booking: dict) -> dict:
    if "questionAnswers" not in body:
        body["questionAnswers"] = _filled(booking)
    return body


REQUIRED_BOOKING_ANSWERS_NOT_ENFORCED = Defect(
    "a booking is confirmed with its required questions unanswered (the supplier makes the answers up)",
    _rewriting_with_booking(is_confirmation, _booking_answers_made_up),
    fails={"test_required_answer_is_enforced_at_confirmation"})


def _unit_item_answers_made_up(body: dict, booking: dict) -> dict:
    if "unitItems" not in body:
        body["unitItems"] = [{"uuid": item["uuid"], "unitId": item["unitId"], "questionAnswers": _filled(item)}
                             for item in booking.get("unitItems") or []]
    return body


REQUIRED_UNIT_ITEM_ANSWERS_NOT_ENFORCED = Defect(
    "a booking is confirmed with its unit items' required questions unanswered (the supplier makes the answers up)",
    _rewriting_with_booking(is_confirmation, _unit_item_answers_made_up),
    fails={"test_required_answer_is_enforced_at_confirmation"})


def _accepting_without_answers(refusal: bytes):
    """Middleware factory: a booking request the mock refuses with `refusal` in its message is
    carried out as if it had sent no answers at all."""
    def wrap(app):
        def middleware(environ, start_response):
            call = Call.of(environ)
            status, headers, body = answer(app, environ)
            if (status.startswith("400") and refusal in body and about_bookings(call)
                    and isinstance(call.body, dict)):
                raw = json.dumps(_without_answers(dict(call.body))).encode()
                status, headers, body = answer(app, environ_for(environ, call.method, call.path, raw,
                                                                environ.get("QUERY_STRING", "")))
            return send(start_response, status, headers, body)
        return middleware
    return wrap


UNKNOWN_QUESTIONS_IGNORED = Defect(
    "answers to questions not asked are taken in silently (the request goes through without them)",
    _accepting_without_answers(b"is not asked here"),
    fails={"test_answer_to_unknown_question_is_refused"})


ANY_CHOICE_ACCEPTED = Defect(
    "a radio or select answer that is not one of its selectOptions is taken in silently",
    _accepting_without_answers(b"is not one of the values"),
    fails={"test_value_outside_select_options_is_refused"})
