"""The mock encodes its answers with orjson where it is installed and with the standard library
where it is not (kernel/encoding.py): both must send the same bytes, so that no client sees the
mock change with the interpreter it runs on."""
from __future__ import annotations

import json

import pytest

from mock_supplier import DEFAULT_API_KEY
from mock_supplier.capabilities import installed
from mock_supplier.kernel import encoding

orjson = pytest.importorskip("orjson")

AWKWARD = ["é\u2028\u2029\n\t\x01\x7f\"\\/ 😀 日本語", "", 0, -1, 2**63 - 1, 0.5, 12.0, 1e16, True, False, None,
           [], {}, {"nested": [1, {"deeper": [None, "x"]}]}]


@pytest.mark.parametrize("value", AWKWARD, ids=repr)
def test_awkward_values_encode_alike(value):
    assert orjson.dumps(value) == encoding.stdlib_json_bytes(value)


def test_the_mocks_answers_encode_alike(mock_app):
    """Every kind of answer, in every language of the catalogue, with every capability: decoded
    and encoded again by each encoder, the bytes are the same."""
    client = mock_app.test_client()
    headers = {"Authorization": f"Bearer {DEFAULT_API_KEY}", "Octo-Capabilities": ", ".join(c.id for c in installed().installed)}
    answers = []
    for language in ("en", "es", "de", "fr", "ja"):
        answers.append(client.get("/octo/products", headers={**headers, "Accept-Language": language}))
    product = answers[0].get_json()[0]
    option = product["options"][0]
    window = {"productId": product["id"], "optionId": option["id"],
              "localDateStart": "2030-01-01", "localDateEnd": "2030-01-14"}
    answers.append(client.post("/octo/availability", json=window, headers=headers))
    answers.append(client.post("/octo/availability/calendar", json=window, headers=headers))
    answers.append(client.get("/octo/bookings/nope", headers=headers))  # an error body
    answers.append(client.get("/octo/supplier", headers=headers))
    for answer in answers:
        value = json.loads(answer.get_data())
        assert orjson.dumps(value) == encoding.stdlib_json_bytes(value), answer.request.path


def test_an_integer_past_64_bits_is_written_as_the_standard_library_writes_it():
    assert encoding.json_bytes({"big": 2**70}) == b'{"big":1180591620717411303424}'


@pytest.mark.parametrize("value", AWKWARD, ids=repr)
def test_a_stored_document_reads_back_as_written(value):
    assert encoding.json_value(encoding.json_text({"doc": value})) == {"doc": value}


def test_a_document_stored_by_an_older_version_still_reads():
    """Older versions stored json.dumps' default text: spaced, ASCII-escaped, NaN allowed."""
    older = json.dumps({"name": "Café 😀", "n": [1, 2.5], "nan": float("nan")})
    read = encoding.json_value(older)
    assert read["name"] == "Café 😀" and read["n"] == [1, 2.5] and read["nan"] != read["nan"]
