"""What a stranger's octo/content and octo/questions may do differently from our mock and still
keep to the sources (SPEC-CAPABILITIES §1 and §3): listed among tests/suites/alternatives.py's
ALTERNATIVES, as pickup_alternatives.py's are."""
from __future__ import annotations

from .defects.kit import Defect, rewriting, rewriting_headers

LANGUAGE_HEADERS = ("content-language", "available-languages")


def _list_named_octo(name: str, value: str) -> tuple[str, str]:
    return ("Octo-Available-Languages", value) if name.lower() == "available-languages" else (name, value)


def _lower_case_tags(name: str, value: str) -> tuple[str, str]:
    return (name, value.lower()) if name.lower() in LANGUAGE_HEADERS else (name, value)


def _answers(change):
    """Every questionAnswers entry of every answer passes through `change`."""
    def walk(value):
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            out = {k: walk(v) for k, v in value.items()}
            if isinstance(out.get("questionAnswers"), list):
                out["questionAnswers"] = [change(a) if isinstance(a, dict) else a for a in out["questionAnswers"]]
            return out
        return value
    return rewriting(lambda c: not c.path.startswith("/octo/_control"), lambda data, call: walk(data))


def _flattened(answer: dict) -> dict:
    """TS-2025-01's QuestionAnswer: the question's own fields (its id too), questionId and value."""
    question = answer.get("question")
    if not isinstance(question, dict):
        return answer  # flat already (the alternatives stack)
    return {**question, "questionId": answer.get("questionId"), "value": answer.get("value")}


def _flattened_unanswered_without_value(answer: dict) -> dict:
    """TS-2025-01's `value?`: an unanswered question's answer has no value at all."""
    return {k: v for k, v in _flattened(answer).items() if not (k == "value" and v is None)}


CONTENT_ALTERNATIVES = [
    Defect("the language list named Octo-Available-Languages (SPEC-CAPABILITIES §1: Ventrata's localization page)",
           rewriting_headers(_list_named_octo)),
    Defect("language tags in lower case, pt-br for pt-BR (RFC 4647: tags compare case-insensitively)",
           rewriting_headers(_lower_case_tags)),
]

QUESTION_ALTERNATIVES = [
    Defect("answers carry the question's fields flattened, not embedded (SPEC-CAPABILITIES §3.2: TS-2025-01)",
           _answers(_flattened)),
    Defect("flattened answers leave value out until answered (SPEC-CAPABILITIES §3.2: TS-2025-01's value?)",
           _answers(_flattened_unanswered_without_value)),
]
