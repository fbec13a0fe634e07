"""octo/questions rules (SPEC-CAPABILITIES §3): questions on options (asked once per booking) and on
units (once per unit item), answered on reservation, update and confirmation.

Sources: Ventrata's OpenAPI (Question, QuestionAnswer, Option.questions, Booking.questionAnswers),
the 2025-01 typespec (ventrata/models/capabilities/questions), the v1 types and Ventrata's
questions page, as digested in docs/SPEC-CAPABILITIES.md §3. Each rule runs per booking and per
unit item (`level`). Answers are sent as text, a radio or select one as one of the question's
selectOptions values, within maxLength.
"""
from __future__ import annotations

import pytest

from suites.plugin.checks import as_json, capability_valid, expect, expect_equal, octo_error
from suites.plugin.discovery import Shape
from suites.plugin.questions import TEXTS, answers_to, choices_of, per_booking, questions_of, value_for

pytestmark = pytest.mark.capability("octo/questions")

QUESTIONS = "octo/questions"
LEVELS = ("booking", "unit_item")
REFUSED = ("BAD_REQUEST", "UNPROCESSABLE_ENTITY")
UNKNOWN_QUESTION = "00000000-0000-4000-8000-0000000c0de5"
NOT_A_CHOICE = "NOT-ONE-OF-THE-OPTIONS-octoconf"
def answers_of(holder: dict) -> dict[str, object]:
    """questionId -> value of a booking's or unit item's questionAnswers (a missing value is unanswered:
    the 2025-01 typespec's `value?`)."""
    listed = holder.get("questionAnswers")
    if not isinstance(listed, list):
        return {}
    return {a.get("questionId"): a.get("value") for a in listed if isinstance(a, dict)}


def _asks(required: bool = False, choice: bool = False):
    def asks(holder: dict) -> bool:
        return any((not required or q.get("required") is True) and (not choice or choices_of(q))
                   for q in questions_of(holder))
    return asks


def _what(required: bool, choice: bool) -> str:
    return "a required question" if required else "a radio or select question" if choice else "questions"


def offer_asking(discover, level: str, required: bool = False, choice: bool = False, bookings: int = 1):
    """An offer whose option (booking) or one of whose booked units (unit_item) asks questions."""
    asks = _asks(required, choice)
    if level == "booking":
        return discover.offer(option_filter=lambda p, o: asks({"questions": per_booking(p, o)}),
                              need=f"option asking {_what(required, choice)}",
                              bookings=bookings)
    return discover.offer(shape=Shape("UNIT_QUESTIONS", f"a unit asking {_what(required, choice)}", focus=asks),
                          bookings=bookings)


def unit_of(offer, unit_id: str) -> dict:
    return next((u for u in offer.option.get("units") or [] if isinstance(u, dict) and u.get("id") == unit_id), {})


def other(level: str) -> str:
    return "unit_item" if level == "booking" else "booking"


def reservation(api, offer, full: str | None = None, required: tuple[str, ...] = (), variant: int = 0) -> dict:
    """A reservation of the offer answering every question of level `full` and the required
    questions of the levels in `required` (none of the others)."""
    def sent(questions: list[dict], level: str) -> list[dict]:
        if level == full:
            return answers_to(questions, variant)
        return answers_to(questions, variant, only_required=True) if level in required else []
    items = []
    for unit_id in offer.unit_ids:
        item_answers = sent(questions_of(unit_of(offer, unit_id)), "unit_item")
        items.append({"unitId": unit_id, **({"questionAnswers": item_answers} if item_answers else {})})
    booking_answers = sent(per_booking(offer.product, offer.option), "booking")
    body = offer.reservation(api.reseller_reference(), unitItems=items)
    body.pop("questionAnswers", None)  # discovery's offers answer the required ones; this sends only what it says
    return {**body, **({"questionAnswers": booking_answers} if booking_answers else {})}


def level_body(booking: dict, offer, level: str, variant: int = 0) -> dict:
    """The part of an update or confirmation body answering every question of `level` of a booking."""
    if level == "booking":
        return {"questionAnswers": answers_to(per_booking(offer.product, offer.option), variant)}
    return {"unitItems": [{"uuid": item.get("uuid"), "unitId": item.get("unitId"),
                           "questionAnswers": answers_to(questions_of(unit_of(offer, item.get("unitId"))), variant)}
                          for item in booking.get("unitItems") or []]}


def expect_answers(booking: dict, offer, level: str, variant: int | None, what: str) -> None:
    """The booking's answers at `level`: every question listed once, with the value sent
    (variant), or null (variant None)."""
    holders = [booking] if level == "booking" else list(booking.get("unitItems") or [])
    for index, holder in enumerate(holders):
        asked = (per_booking(offer.product, offer.option) if level == "booking"
                 else questions_of(unit_of(offer, holder.get("unitId"))))
        where = "booking" if level == "booking" else f"unitItems[{index}] ({holder.get('unitId')})"
        listed = holder.get("questionAnswers")
        ids = sorted(a.get("questionId") for a in listed if isinstance(a, dict)) if isinstance(listed, list) else None
        expect_equal(ids, sorted(q["id"] for q in asked), f"{what}: the questionIds of {where}'s questionAnswers")
        wanted = {q["id"]: None if variant is None else value_for(q, variant) for q in asked}
        expect_equal(answers_of(holder), wanted, f"{what}: {where}'s answers (questionId: value)")


def _without_questions(client) -> tuple[str, ...]:
    return tuple(c for c in client.capabilities if c != QUESTIONS)


# --- the questions ---------------------------------------------------------------------------


def test_questions_are_valid(api):
    """With octo/questions, every option and unit lists its questions, each a valid Question (id, inputType, required, selectOptions; a choice for radio and select) (SPEC-CAPABILITIES §3.1; Ventrata's OpenAPI Question).

    inputType may be any the sources name: Ventrata's radio, select and textArea, or the v1
    HTML types and textarea; the typespec's and the v1 types' other fields are typed when present."""
    capability_valid("product", api.products(), QUESTIONS, many=True)


@pytest.mark.parametrize("what", ["products", "booking", "answers"])
def test_questions_need_the_capability(api, client, discover, what):
    """Without octo/questions requested, options and units list no questions, bookings and unit items no answers, and answers sent are not kept (Ventrata's OpenAPI: only present when octo/questions is requested).

    products: no option or unit lists a question (the field may be absent, null or empty).
    booking: a booking of an option with questions, read without the capability, has no
    questionAnswers (absent, null or empty), nor have its unit items. answers: answers sent
    without the capability are refused, or ignored: the booking read with it shows none."""
    without = _without_questions(client)
    if what == "products":
        reply = client.get("/products", capabilities=without)
        expect(reply.status == 200 and isinstance(reply.json(), list), "HTTP 200 with the products",
               f"HTTP {reply.status}: {reply.gist()}")
        shown = [f"{p.get('id')}/{o.get('id')}" + (f"/{u.get('id')}" if u is not o else "")
                 for p in reply.json() if isinstance(p, dict) for o in p.get("options") or [] if isinstance(o, dict)
                 for u in [o, *(o.get("units") or [])] if isinstance(u, dict) and u.get("questions")]
        expect(not shown, "no questions without octo/questions", f"questions on {', '.join(shown[:5])}")
        return
    offer = offer_asking(discover, "booking")
    if what == "booking":
        booking = api.reserve(reservation(api, offer, full="booking"))
        seen = api.read_without(booking["uuid"], without)
        shown = [holder.get("questionAnswers") for holder in [seen, *(seen.get("unitItems") or [])]
                 if isinstance(holder, dict) and holder.get("questionAnswers")]
        expect(not shown, "no questionAnswers without octo/questions", as_json(shown[:2]))
        return
    reply = client.post("/bookings", reservation(api, offer, full="booking"), capabilities=without)
    if reply.status != 200:
        octo_error(reply, (*REFUSED, "FORBIDDEN"), statuses=(400, 403))
        return
    booking = reply.json()
    kept = {k: v for k, v in answers_of(api.get(booking["uuid"])).items() if v is not None}
    expect(not kept, "the answers sent without octo/questions not kept", as_json(kept))


# --- answers, per booking and per unit item ------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_every_question_is_listed_unanswered(api, discover, level):
    """A booking lists every question of its option, and each unit item every question of its unit, with a null answer until answered, each a valid QuestionAnswer (SPEC-CAPABILITIES §3.2: always fully populated, value null until answered).

    The answers may embed the question (Ventrata's OpenAPI, v1) or carry its fields flattened
    (the 2025-01 typespec); a missing value reads as unanswered."""
    offer = offer_asking(discover, level)
    booking = api.reserve(reservation(api, offer))
    expect_answers(booking, offer, level, None, "a reservation without answers")
    capability_valid("booking", booking, QUESTIONS)


@pytest.mark.parametrize("level", LEVELS)
def test_answers_on_reservation_are_kept(api, discover, level):
    """Answers sent with a reservation are the booking's (per booking) or the unit item's (per unit item), in its answer and when read back (SPEC-CAPABILITIES §3.3: questionAnswers on POST /bookings and in each unitItems entry)."""
    offer = offer_asking(discover, level)
    booking = api.tested.reserve(reservation(api, offer, full=level, required=LEVELS))
    expect_answers(booking, offer, level, 0, "the reservation's answer")
    expect_answers(api.get(booking["uuid"]), offer, level, 0, "the booking read back")


@pytest.mark.parametrize("level", LEVELS)
def test_answers_on_update_are_kept(api, discover, level):
    """Answers sent with PATCH /bookings/{uuid} are the booking's or the unit item's, in its answer and when read back (SPEC-CAPABILITIES §3.3: Ventrata's questions page, on PATCH /bookings/{uuid})."""
    offer = offer_asking(discover, level)
    booking = api.reserve(reservation(api, offer))
    updated = api.tested.update(booking["uuid"], level_body(booking, offer, level))
    expect_answers(updated, offer, level, 0, "the update's answer")
    expect_answers(api.get(booking["uuid"]), offer, level, 0, "the booking read back")


@pytest.mark.parametrize("level", LEVELS)
def test_answers_on_confirmation_are_kept(api, discover, people, level):
    """Answers sent with the confirmation are the confirmed booking's or unit item's (SPEC-CAPABILITIES §3.3: answers are sent before or on the final confirm)."""
    offer = offer_asking(discover, level)
    booking = api.reserve(reservation(api, offer, required=(other(level),)))
    confirmed = api.tested.confirm(booking["uuid"], {"contact": people.contact(), **level_body(booking, offer, level)})
    expect_answers(confirmed, offer, level, 0, "the confirmation's answer")


@pytest.mark.parametrize("level", LEVELS)
def test_answers_survive_update_and_confirmation(api, discover, people, level):
    """Answers given on reservation are kept by an update and a confirmation that send none (SPEC-CAPABILITIES §3.3-3.4: omitting an answer leaves the stored one)."""
    offer = offer_asking(discover, level)
    booking = api.reserve(reservation(api, offer, full=level, required=LEVELS))
    api.update(booking["uuid"], {"notes": "updated by octo-conformance"})
    confirmed = api.tested.confirm(booking["uuid"], {"contact": people.contact()})
    expect_answers(confirmed, offer, level, 0, "after an update and a confirmation without answers")


@pytest.mark.parametrize("level", LEVELS)
def test_required_answer_is_enforced_at_confirmation(api, client, discover, people, level):
    """A confirmation is refused while a required question is unanswered, the booking staying ON_HOLD, and accepted once it is answered (Ventrata's OpenAPI: a required question should be answered; SPEC-CAPABILITIES §3.3-3.4: before or on the final confirm).

    The refusal may be UNPROCESSABLE_ENTITY (SPEC-CAPABILITIES §3.4) or BAD_REQUEST. Every
    required question of the other level is answered on reservation, so only this one is missing."""
    offer = offer_asking(discover, level, required=True)
    booking = api.reserve(reservation(api, offer, required=(other(level),)))
    contact = people.contact()
    octo_error(client.post(f"/bookings/{booking['uuid']}/confirm", {"contact": contact}), REFUSED)
    expect_equal(api.get(booking["uuid"]).get("status"), "ON_HOLD", "status after the refused confirmation")
    confirmed = api.tested.confirm(booking["uuid"], {"contact": contact, **level_body(booking, offer, level)})
    expect_equal(confirmed.get("status"), "CONFIRMED", "status once the required questions are answered")


@pytest.mark.parametrize("level", LEVELS)
def test_answer_to_unknown_question_is_refused(client, discover, api, level):
    """An answer whose questionId is not one of the questions asked there is refused (SPEC-CAPABILITIES §3.3: questionId must equal a question.id; §3.4 BAD_REQUEST).

    BAD_REQUEST or UNPROCESSABLE_ENTITY."""
    offer = discover.offer()
    answer = [{"questionId": UNKNOWN_QUESTION, "value": TEXTS[0]}]
    body = reservation(api, offer)
    if level == "booking":
        body["questionAnswers"] = answer
    else:
        body["unitItems"][0]["questionAnswers"] = body["unitItems"][0].get("questionAnswers", []) + answer
    octo_error(client.post("/bookings", body), REFUSED)


@pytest.mark.parametrize("level", LEVELS)
def test_value_outside_select_options_is_refused(client, discover, api, level):
    """An answer to a radio or select question that is not one of its selectOptions' values is refused (SPEC-CAPABILITIES §3.1: the value of a SelectOption is what gets submitted; §3.4 BAD_REQUEST).

    BAD_REQUEST or UNPROCESSABLE_ENTITY."""
    offer = offer_asking(discover, level, choice=True)
    body = reservation(api, offer)
    holders = [(body, per_booking(offer.product, offer.option))] if level == "booking" else [
        (item, questions_of(unit_of(offer, item["unitId"]))) for item in body["unitItems"]]
    holder, asked = next((h, a) for h, a in holders if any(choices_of(q) for q in a))
    question = next(q for q in asked if choices_of(q))
    others = [a for a in holder.get("questionAnswers", []) if a["questionId"] != question["id"]]
    holder["questionAnswers"] = others + [{"questionId": question["id"], "value": NOT_A_CHOICE}]
    octo_error(client.post("/bookings", body), REFUSED)
