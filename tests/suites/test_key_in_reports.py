"""The user's API key never reaches a report, and every curl line says where its key comes from."""
from __future__ import annotations

import pytest

from suites.plugin.exchanges import USER_KEY, Exchange, KeyUse
from tests.harness import served_mock

from .defects import bookings
from .running import run_suites

SECRET = "user-secret-key-4f1c9a"


@pytest.mark.parametrize("control", [False, True], ids=["the user's key", "a sandbox the run minted"])
def test_the_users_key_never_reaches_a_report(tmp_path, control):
    """With a failing rule, the console, report.html, junit.xml and summary.json hold no trace of
    the key; curl lines read it from $OCTO_API_KEY, or from $OCTO_SANDBOX_KEY whose value is shown."""
    with served_mock(tmp_path / "mock.sqlite3", bookings.FREESALE_FALSE.wrap, api_keys=(SECRET,),
                     control_enabled=control) as mock:
        run = run_suites(mock.base_url, SECRET, tmp_path / "reports", "-k",
                         "freesale_departure_is_freesale or wrong_api_key or supplier_is_valid")
    assert run.exit_code == 1 and run.failed() == ["test_booking_on_freesale_departure_is_freesale"], run.output
    written = [run.output] + [(tmp_path / "reports" / name).read_text() for name in
                              ("report.html", "junit.xml", "summary.json")]
    assert not [text for text in written if SECRET in text]
    curls = [line for line in run.output.splitlines() if line.strip().startswith("curl:")]
    variable = "OCTO_SANDBOX_KEY" if control else "OCTO_API_KEY"
    assert curls and all(f'"Authorization: Bearer ${variable}"' in line for line in curls), curls
    key_lines = [line for line in run.output.splitlines() if line.startswith("KEY ")]
    assert bool(key_lines) == control, key_lines
    assert all("OCTO_SANDBOX_KEY=sbx_" in line and "not a secret of yours" in line for line in key_lines)


def test_curl_lines_name_the_key_each_request_carried():
    def curl(key):
        return Exchange("GET", "https://s.example/octo/supplier", {"Authorization": "Bearer ****"}, None,
                        key=key).curl()
    assert '"Authorization: Bearer $OCTO_API_KEY"' in curl(USER_KEY)
    assert '"Authorization: Bearer $OCTO_SANDBOX_KEY"' in curl(KeyUse("OCTO_SANDBOX_KEY", "sbx_1", "minted"))
    assert "'Authorization: Bearer not-a-real-key'" in curl(KeyUse(None, "not-a-real-key"))
