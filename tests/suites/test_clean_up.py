"""What a rule made and could not cancel is named, with why, for summary.json's leftBehind."""
from __future__ import annotations

import json
from types import SimpleNamespace

from suites.conftest import _clean_up
from suites.plugin.exchanges import Exchange


class _Target:
    """A client whose bookings have fixed statuses and whose cancellations answer `cancel_status`."""

    def __init__(self, statuses: dict[str, str], cancel_status: int = 200):
        made = [Exchange("POST", "https://s.example/octo/bookings", {}, "{}", 200, {}, json.dumps({"uuid": u}))
                for u in statuses]
        self.log, self.statuses, self.cancel_status = made, statuses, cancel_status
        self.api_key, self.key_origin = "k", None

    def with_key(self, api_key, origin=None):
        return _Target(self.statuses, self.cancel_status)  # its own log, as the real client's

    def get(self, path):
        uuid = path.rsplit("/", 1)[-1]
        return SimpleNamespace(status=200, json=lambda: {"status": self.statuses[uuid]})

    def request(self, method, path, body):
        return SimpleNamespace(status=self.cancel_status)


def test_an_expired_hold_and_a_refused_cancellation_are_left_behind_with_why():
    node = SimpleNamespace(user_properties=[])
    _clean_up(_Target({"a": "EXPIRED", "b": "CANCELLED", "c": "CONFIRMED"}, cancel_status=400), node)
    assert node.user_properties == [
        ("left_behind", "a (EXPIRED: a hold that ran out; it holds nothing and cannot be cancelled)"),
        ("left_behind", "c (CONFIRMED: the cancellation was refused with HTTP 400)")]


def test_what_is_cancelled_is_not_left_behind():
    node = SimpleNamespace(user_properties=[])
    _clean_up(_Target({"a": "ON_HOLD", "b": "CONFIRMED"}), node)
    assert node.user_properties == []
