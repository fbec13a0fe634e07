"""The octo/webhooks rules as a user runs them: they leave no subscription behind, reach the
receiver through a forwarded --webhook-url, and skip against a remote target without one."""
from __future__ import annotations

import pytest
import requests

from mock_supplier.testing import free_port
from suites.plugin.settings import SettingsError, resolve
from suites.webhooks.test_webhooks import _on_this_machine
from tests.harness import served_mock

from .running import run_suites

RULES = ("-k", "test_a_subscription_is_made_and_listed or test_a_booking_change_delivers_one_booking_update "
               "or test_a_deleted_subscription_is_told_nothing_more")


def test_the_rules_pass_and_delete_what_they_subscribed(tmp_path):
    """Against a mock without the control interface (the run works under the given key): every
    webhook rule passes, and the key has no subscription left afterwards."""
    with served_mock(tmp_path / "mock.sqlite3", control_enabled=False) as mock:
        run = run_suites(mock.base_url, mock.api_key, tmp_path / "reports", *RULES)
        left = requests.get(mock.base_url + "/webhooks", timeout=10, headers={
            "Authorization": f"Bearer {mock.api_key}", "Octo-Capabilities": "octo/webhooks"}).json()
    assert (run.exit_code, run.rules("passed")) == (0, sorted(RULES[1].split(" or "))), run.output[-3000:]
    assert left == []


def test_a_forwarded_webhook_url_reaches_the_receiver(tmp_path):
    """--webhook-url names the address the target posts to, under a path of its own, and the
    receiver listens on its port (here the forwarder is the identity)."""
    port = free_port()
    with served_mock(tmp_path / "mock.sqlite3") as mock:
        run = run_suites(mock.base_url, mock.api_key, tmp_path / "reports", *RULES,
                         "--webhook-url", f"http://127.0.0.1:{port}/forwarded/")
    assert (run.exit_code, len(run.rules("passed"))) == (0, 3), run.output[-3000:]


@pytest.mark.parametrize("url, local", [("http://127.0.0.1:8080/octo", True), ("http://localhost/octo", True),
                                        ("http://[::1]:9/octo", True), ("https://api.example.com/octo", False),
                                        ("http://10.0.0.5/octo", False)])
def test_only_a_target_on_this_machine_reaches_the_receiver_without_a_webhook_url(url, local):
    assert _on_this_machine(url) is local


@pytest.mark.parametrize("option, value", [("webhook_url", "ftp://gateway/hooks"), ("webhook_url", "gateway:9000"),
                                           ("webhook_port", "0"), ("webhook_port", "http")])
def test_a_webhook_setting_that_cannot_be_used_stops_the_run(option, value, tmp_path):
    with pytest.raises(SettingsError, match=f"(?i)webhook {option.split('_')[1]}"):
        resolve({option: value}, [], False, cwd=tmp_path)


def test_webhook_settings_are_read(tmp_path):
    settings = resolve({"webhook_url": "https://gw.example/hooks/", "webhook_port": "9100"}, [], False, cwd=tmp_path)
    assert (settings.webhook_url, settings.webhook_port) == ("https://gw.example/hooks", 9100)
