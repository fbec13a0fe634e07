"""question.json, question-answer.json, the answers in request bodies, and the questions fields
of options, units, bookings and unit items under octo/questions (SPEC-CAPABILITIES §3)."""
import pytest

import schemas

from . import instances

QUESTIONS = "octo/questions"


def question(input_type: str = "radio", **fields) -> dict:
    """A question as Ventrata's OpenAPI shows it."""
    choices = [{"label": "Yes", "value": "YES"}] if input_type in ("radio", "select") else []
    return {"id": "6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c01", "label": "Ready?", "title": "Ready?", "internalName": None,
            "shortDescription": None, "description": None, "coverImageUrl": None, "inputType": input_type,
            "required": False, "maxLength": None, "selectOptions": choices, **fields}


def _problems(name: str, instance, capabilities=(QUESTIONS,), strict: bool = True) -> list[str]:
    return [str(v) for v in schemas.violations(name, instance, capabilities=capabilities, strict=strict)]


@pytest.mark.parametrize("input_type", ["radio", "select", "textarea", "textArea", "text", "date", "datetime-local",
                                        "email", "file", "number", "tel", "time", "url"])
def test_every_input_type_a_source_names_is_valid(input_type):
    assert _problems("question", question(input_type)) == []


@pytest.mark.parametrize("broken", [{"inputType": "dropdown"}, {"selectOptions": []}, {"required": "true"},
                                    {"maxLength": 0}, {"selectOptions": [{"label": "Yes"}]}])
def test_broken_questions_are_invalid(broken):
    assert _problems("question", question("select", **broken), strict=False)


def test_the_typespec_may_leave_out_what_it_does_not_have():
    minimal = {"id": "q1", "inputType": "textarea", "required": True, "selectOptions": [], "hint": None}
    assert _problems("question", minimal, strict=False) == []


def test_an_answer_embeds_its_question_or_flattens_it():
    assert _problems("question-answer", {"questionId": "q1", "question": question(), "value": None}) == []
    flattened = {**question(), "questionId": question()["id"], "value": "YES"}
    assert _problems("question-answer", flattened, strict=False) == []
    assert _problems("question-answer", {"questionId": "q1", "value": None}, strict=False)


def test_options_and_units_must_list_questions_with_the_capability():
    option = instances.option()
    assert any("questions" in p for p in _problems("option", option, strict=False))
    option["questions"] = [question()]
    for unit in option["units"]:
        unit["questions"] = []
    assert _problems("option", option) == []
    assert any("questions" in p for p in _problems("option", option, capabilities=()))


def test_bookings_and_unit_items_must_list_answers_with_the_capability():
    booking = instances.booking()
    problems = _problems("booking", booking, strict=False)
    assert any("questionAnswers" in p for p in problems)
    booking["questionAnswers"] = [{"questionId": "q1", "question": question(), "value": "YES"}]
    for item in booking["unitItems"]:
        item["questionAnswers"] = []
    assert _problems("booking", booking) == []


@pytest.mark.parametrize("name", ["booking-reservation", "booking-update", "booking-confirmation"])
def test_request_bodies_take_answers_per_booking_and_per_unit_item(name):
    body = {"questionAnswers": [{"questionId": "q1", "value": "YES"}, {"questionId": "q2", "value": None}],
            "unitItems": [{"unitId": "adult", "questionAnswers": [{"questionId": "q3", "value": "x"}]}]}
    if name == "booking-reservation":
        body.update(productId="p", optionId="o", availabilityId="a")
    if name == "booking-confirmation":
        body["contact"] = {}
    assert _problems(f"requests/{name}", body, strict=False) == []
    assert _problems(f"requests/{name}", {**body, "questionAnswers": [{"value": "x"}]}, strict=False)
