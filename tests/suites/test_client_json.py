"""The suites read a target's JSON as json.loads does (suites/plugin/client.py reads it with
orjson first, for speed): what json.loads accepts is read to the same value, what it refuses is
a failure that says what came instead."""
from __future__ import annotations

import json

import pytest

from suites.plugin.client import Reply
from suites.plugin.exchanges import Exchange
from suites.plugin.failures import RuleViolation

SAME = ['{"a": [1, 2.5, -0, null, true, "é\\u00e9"]}', '{"a": 1, "a": 2}', "[]", ' "text" ', "NaN", "[Infinity]",
        '"\\ud800"', "1e400"]


def _reply(text: str) -> Reply:
    return Reply(Exchange(method="GET", url="http://target/octo/x", request_headers={}, request_body=None,
                          status=200, response_body=text, response_headers={"Content-Type": "text/html"}), ())


@pytest.mark.parametrize("text", SAME)
def test_what_json_reads_is_read_alike(text):
    value, expected = _reply(text).json(), json.loads(text)
    assert json.dumps(value) == json.dumps(expected)


@pytest.mark.parametrize("number", [10**29, 2**64, -(2**63) - 1])
def test_an_integer_past_64_bits_keeps_its_magnitude(number):
    """The one difference read_json documents: the nearest float, never a refusal."""
    assert _reply(f'{{"n": {number}}}').json()["n"] == pytest.approx(number, rel=1e-15)


def test_an_integer_within_64_bits_stays_an_integer():
    value = _reply(f"[{2**63 - 1}, {-(2**63)}]").json()
    assert value == [2**63 - 1, -(2**63)] and all(isinstance(n, int) for n in value)


@pytest.mark.parametrize("text", ["<html>oops</html>", "", "{'a': 1}", "[1,]"])
def test_what_json_refuses_is_a_failure_saying_what_came(text):
    with pytest.raises(RuleViolation) as failure:
        _reply(text).json()
    assert "text/html" in str(failure.value)
