"""octo/questions (SPEC-CAPABILITIES §3): questions on options and units, answers per booking and
per unit item on reservation, update and confirmation, and every refusal."""
import pytest

from tests.harness import CONTACT, assert_unchanged, confirm, reservation, reserve

QUESTIONS = "octo/questions"
CELEBRATING, NOTES = "6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c01", "6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c02"
HEARD, PHONE, EBOOK, BIRTH = (f"6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c0{n}" for n in (3, 4, 5, 6))
LANGUAGE = "6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c07"
DIET, CHILD_AGE, ID_NUMBER = (f"6f1c1e52-8a7b-4c55-9a55-0d4f3f6a0c2{n}" for n in (1, 2, 6))
GHOST_TOUR = {"product_id": "walking-tour", "option_id": "EVENING"}
GHOST_ANSWERS = [{"questionId": HEARD, "value": "A_FRIEND"}, {"questionId": PHONE, "value": "+447700900123"}]


@pytest.fixture
def asking(client):
    """The client asking for octo/questions."""
    return client.with_capabilities(QUESTIONS)


def answers(holder: dict) -> dict:
    """question id -> value, from a booking's or unit item's questionAnswers."""
    return {a["questionId"]: a["value"] for a in holder["questionAnswers"]}


def answer(question_id: str, value) -> dict:
    return {"questionId": question_id, "value": value}


# --- the questions ---------------------------------------------------------------------


def test_options_and_units_list_their_questions(asking):
    product = asking.get("/products/river-cruise").ok()
    default, sunset = product["options"]
    assert [q["id"] for q in default["questions"]] == [CELEBRATING, NOTES]
    assert sunset["questions"] == []
    adult, child = default["units"]
    assert [q["id"] for q in adult["questions"]] == [DIET] and [q["id"] for q in child["questions"]] == [CHILD_AGE]
    diet = adult["questions"][0]
    assert (diet["inputType"], diet["required"], diet["label"]) == ("radio", False, "Dietary requirements")
    assert [o["value"] for o in diet["selectOptions"]] == ["NONE", "VEGETARIAN", "VEGAN", "GLUTEN_FREE"]
    assert asking.get("/products/theatre-show").ok()["options"][0]["questions"] == []


def test_every_input_type_is_asked_and_some_are_required(asking):
    questions = [q for p in asking.get("/products").ok() for o in p["options"]
                 for q in o["questions"] + [q for u in o["units"] for q in u["questions"]]]
    assert {q["inputType"] for q in questions} == {"radio", "select", "textarea", "text", "date", "datetime-local",
                                                  "email", "file", "number", "tel", "time", "url"}
    assert {q["inputType"] for q in questions if q["required"]} == {"radio", "select", "tel", "text"}
    for q in questions:
        assert bool(q["selectOptions"]) == (q["inputType"] in ("radio", "select")), q
        assert q["inputType"] != "radio" or len(q["selectOptions"]) <= 5
        assert q["inputType"] != "select" or len(q["selectOptions"]) > 5


def test_without_the_capability_there_are_no_questions(client):
    option = client.get("/products/river-cruise").ok()["options"][0]
    assert "questions" not in option and "questions" not in option["units"][0]
    booking = reserve(client, "river-cruise")
    assert "questionAnswers" not in booking and "questionAnswers" not in booking["unitItems"][0]


# --- unanswered, then answered -----------------------------------------------------------


def test_every_question_is_listed_unanswered(asking):
    booking = reserve(asking, "river-cruise", ("adult", "child"))
    assert answers(booking) == {CELEBRATING: None, NOTES: None}
    assert booking["questionAnswers"][0]["question"]["label"] == "What are you celebrating?"
    assert [answers(item) for item in booking["unitItems"]] == [{DIET: None}, {CHILD_AGE: None}]
    other = reserve(asking, "theatre-show")
    assert other["questionAnswers"] == [] and other["unitItems"][0]["questionAnswers"] == []


def test_answers_on_reservation_per_booking_and_per_unit_item(asking):
    booking = asking.post("/bookings", reservation(
        asking, "river-cruise", questionAnswers=[answer(CELEBRATING, "BIRTHDAY")],
        unitItems=[{"unitId": "adult", "questionAnswers": [answer(DIET, "VEGAN")]}, {"unitId": "adult"}])).ok()
    assert answers(booking) == {CELEBRATING: "BIRTHDAY", NOTES: None}
    assert [answers(item) for item in booking["unitItems"]] == [{DIET: "VEGAN"}, {DIET: None}]
    assert asking.get(f"/bookings/{booking['uuid']}").ok() == booking


def test_an_update_adds_and_overwrites_answers_and_keeps_the_others(asking):
    booking = asking.post("/bookings", reservation(
        asking, "river-cruise", questionAnswers=[answer(CELEBRATING, "BIRTHDAY")])).ok()
    item = booking["unitItems"][0]
    updated = asking.patch(f"/bookings/{booking['uuid']}", {
        "questionAnswers": [answer(NOTES, "A cake, please"), answer(CELEBRATING, None)],
        "unitItems": [{"uuid": item["uuid"], "unitId": "adult", "questionAnswers": [answer(DIET, "NONE")]}]}).ok()
    assert answers(updated) == {CELEBRATING: "BIRTHDAY", NOTES: "A cake, please"}
    assert answers(updated["unitItems"][0]) == {DIET: "NONE"}
    again = asking.patch(f"/bookings/{booking['uuid']}", {"notes": "window seat",
                                                          "questionAnswers": [answer(CELEBRATING, "")]}).ok()
    assert answers(again) == {CELEBRATING: None, NOTES: "A cake, please"}
    assert answers(again["unitItems"][0]) == {DIET: "NONE"}


def test_answers_on_confirmation_and_kept_through_it(asking):
    booking = asking.post("/bookings", reservation(asking, "river-cruise", units=("adult", "child"),
                                                   questionAnswers=[answer(NOTES, "Two wheelchairs")])).ok()
    child = booking["unitItems"][1]
    confirmed = confirm(asking, booking, questionAnswers=[answer(CELEBRATING, "HONEYMOON")],
                        unitItems=[{"unitId": "adult"}, {"uuid": child["uuid"], "unitId": "child",
                                                         "questionAnswers": [answer(CHILD_AGE, "7")]}])
    assert confirmed["status"] == "CONFIRMED"
    assert answers(confirmed) == {CELEBRATING: "HONEYMOON", NOTES: "Two wheelchairs"}
    assert [answers(item) for item in confirmed["unitItems"]] == [{DIET: None}, {CHILD_AGE: "7"}]


def test_answers_of_questions_no_longer_asked_are_dropped(asking):
    booking = asking.post("/bookings", reservation(
        asking, "river-cruise", questionAnswers=[answer(CELEBRATING, "BIRTHDAY")],
        unitItems=[{"unitId": "adult", "questionAnswers": [answer(DIET, "VEGAN")]}])).ok()
    item = booking["unitItems"][0]
    moved = asking.patch(f"/bookings/{booking['uuid']}", {"unitItems": [{"uuid": item["uuid"], "unitId": "child"},
                                                                        {"unitId": "adult"}]}).ok()
    assert [answers(i) for i in moved["unitItems"]] == [{CHILD_AGE: None}, {DIET: None}]
    sunset = asking.post("/availability", {"productId": "river-cruise", "optionId": "SUNSET",
                                           "localDate": booking["availabilityId"][:10]}).ok()[0]
    moved = asking.patch(f"/bookings/{booking['uuid']}", {"optionId": "SUNSET", "availabilityId": sunset["id"],
                                                          "unitItems": [{"unitId": "adult"}]}).ok()
    assert moved["questionAnswers"] == []


# --- required answers --------------------------------------------------------------------


def test_a_required_booking_answer_missing_at_confirmation_is_unprocessable(asking):
    booking = reserve(asking, **GHOST_TOUR, questionAnswers=[answer(HEARD, "OUR_HOTEL")])
    error = asking.post(f"/bookings/{booking['uuid']}/confirm", {"contact": CONTACT}).error("UNPROCESSABLE_ENTITY")
    assert PHONE in error["errorMessage"] and HEARD not in error["errorMessage"]
    assert_unchanged(asking, booking)
    confirmed = confirm(asking, booking, questionAnswers=[answer(PHONE, "+447700900123")])
    assert confirmed["status"] == "CONFIRMED" and answers(confirmed)[HEARD] == "OUR_HOTEL"


def test_a_required_unit_item_answer_missing_at_confirmation_is_unprocessable(asking):
    booking = reserve(asking, "museum-pass", ("adult", "senior"))
    senior = booking["unitItems"][1]
    error = asking.post(f"/bookings/{booking['uuid']}/confirm", {"contact": CONTACT}).error("UNPROCESSABLE_ENTITY")
    assert senior["uuid"] in error["errorMessage"]
    assert_unchanged(asking, booking)
    confirmed = confirm(asking, booking, unitItems=[
        {"unitId": "adult"}, {"uuid": senior["uuid"], "unitId": "senior",
                              "questionAnswers": [answer(ID_NUMBER, "X1234567")]}])
    assert answers(confirmed["unitItems"][1]) == {ID_NUMBER: "X1234567"}


def test_a_confirmed_booking_keeps_its_required_answers(asking):
    booking = reserve(asking, **GHOST_TOUR, questionAnswers=GHOST_ANSWERS)
    confirm(asking, booking)
    asking.patch(f"/bookings/{booking['uuid']}", {"questionAnswers": [answer(PHONE, "")]}).error("UNPROCESSABLE_ENTITY")
    changed = asking.patch(f"/bookings/{booking['uuid']}", {"questionAnswers": [answer(PHONE, "+33612345678")]}).ok()
    assert answers(changed)[PHONE] == "+33612345678"


def test_required_questions_are_not_asked_of_callers_without_the_capability(client):
    booking = reserve(client, **GHOST_TOUR)
    assert confirm(client, booking)["status"] == "CONFIRMED"


# --- refusals -----------------------------------------------------------------------------


UNKNOWN = "6f1c1e52-0000-4000-8000-000000000000"
WRONG = {  # per booking, per unit item (an adult's, or a child's for the too long one), and the message
    "unknown": (answer(UNKNOWN, "x"), answer(UNKNOWN, "x"), "is not asked here"),
    "other level": (answer(DIET, "VEGAN"), answer(CELEBRATING, "BIRTHDAY"), "is not asked here"),
    "not a choice": (answer(CELEBRATING, "CHRISTMAS"), answer(DIET, "CARNIVORE"), "is not one of the values"),
    "too long": (answer(NOTES, "x" * 201), answer(CHILD_AGE, "101"), "longer than its maxLength"),
}


@pytest.mark.parametrize("level", ["booking", "unit item"])
@pytest.mark.parametrize("case", WRONG)
def test_wrong_answers_are_bad_requests(asking, level, case):
    per_booking, per_unit_item, message = WRONG[case]
    if level == "booking":
        body = reservation(asking, "river-cruise", questionAnswers=[per_booking])
    else:
        unit = "child" if per_unit_item["questionId"] == CHILD_AGE else "adult"
        items = [{"unitId": "adult"}] if unit == "child" else []
        body = reservation(asking, "river-cruise",
                           unitItems=items + [{"unitId": unit, "questionAnswers": [per_unit_item]}])
    assert message in asking.post("/bookings", body).error("BAD_REQUEST")["errorMessage"]


def test_a_question_answered_twice_is_a_bad_request(asking):
    body = reservation(asking, "river-cruise", questionAnswers=[answer(NOTES, "a"), answer(NOTES, "b")])
    asking.post("/bookings", body).error("BAD_REQUEST")


def test_a_refused_update_changes_no_answer(asking):
    booking = asking.post("/bookings", reservation(asking, "river-cruise",
                                                   questionAnswers=[answer(CELEBRATING, "BIRTHDAY")])).ok()
    wrong = [answer(NOTES, "fine"), answer(CELEBRATING, "EASTER")]
    asking.patch(f"/bookings/{booking['uuid']}", {"questionAnswers": wrong}).error("BAD_REQUEST")
    assert_unchanged(asking, booking)


@pytest.mark.parametrize("level", ["booking", "unit item"])
def test_answers_without_the_capability_are_bad_requests(client, level):
    if level == "booking":
        body = reservation(client, "river-cruise", questionAnswers=[answer(CELEBRATING, "BIRTHDAY")])
    else:
        body = reservation(client, "river-cruise",
                           unitItems=[{"unitId": "adult", "questionAnswers": [answer(DIET, "VEGAN")]}])
    assert "octo/questions" in client.post("/bookings", body).error("BAD_REQUEST")["errorMessage"]


def test_an_answer_without_question_id_is_a_bad_request(asking):
    asking.post("/bookings", reservation(asking, "river-cruise", questionAnswers=[{"value": "x"}])).error("BAD_REQUEST")
