"""Where a run's settings come from: command line, then environment, then pyproject."""
from __future__ import annotations

import re

import pytest

from suites.plugin.settings import SettingsError, resolve

from .running import run_suites


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A directory with a pyproject.toml holding [tool.octo-conformance], and a clean environment."""
    for name in ("OCTO_BASE_URL", "OCTO_API_KEY", "OCTO_CAPABILITIES", "OCTO_TIMEOUT", "OCTO_SEED"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.octo-conformance]\nbase-url = "https://from-pyproject/octo/"\napi-key = "py-key"\n'
        'capabilities = "octo/pricing"\ntimeout = 3\nseed = 7\n')
    return tmp_path


def test_pyproject_is_the_last_fallback(project):
    settings = resolve({}, [], False, cwd=project)
    assert settings.base_url == "https://from-pyproject/octo"  # trailing slash dropped
    assert (settings.api_key, settings.capabilities, settings.timeout, settings.seed) == \
        ("py-key", ("octo/pricing",), 3.0, 7)


def test_environment_beats_pyproject(project, monkeypatch):
    monkeypatch.setenv("OCTO_BASE_URL", "https://from-env/octo")
    monkeypatch.setenv("OCTO_CAPABILITIES", "none")
    settings = resolve({}, [], False, cwd=project)
    assert settings.base_url == "https://from-env/octo"
    assert settings.capabilities == ()
    assert settings.api_key == "py-key"


def test_command_line_beats_environment(project, monkeypatch):
    monkeypatch.setenv("OCTO_BASE_URL", "https://from-env/octo")
    settings = resolve({"base_url": "https://from-cli/octo", "capabilities": "octo/pricing, octo/gifts"},
                       ["X-Env: sandbox"], True, cwd=project)
    assert settings.base_url == "https://from-cli/octo"
    assert settings.capabilities == ("octo/pricing", "octo/gifts")
    assert settings.headers == (("X-Env", "sandbox"),)
    assert settings.real_time is True


def test_nothing_given_means_the_embedded_mock(tmp_path, monkeypatch):
    monkeypatch.delenv("OCTO_BASE_URL", raising=False)
    settings = resolve({}, [], False, cwd=tmp_path)
    assert settings.base_url is None and settings.capabilities is None and settings.timeout == 10.0


@pytest.mark.parametrize("cli, message", [
    ({"seed": "x"}, "seed must be a whole number"),
    ({"timeout": "0"}, "timeout must be a number of seconds above 0"),
    ({"timeout": "soon"}, "timeout must be a number"),
    ({"date": "next tuesday"}, "date must be a travel date"),
])
def test_unusable_values_are_refused_plainly(tmp_path, cli, message):
    with pytest.raises(SettingsError, match=message):
        resolve(cli, [], False, cwd=tmp_path)


def test_a_header_without_a_colon_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="Name: value"):
        resolve({}, ["no colon here"], False, cwd=tmp_path)


@pytest.mark.parametrize("text, message", [("[tool.octo-conformance\n", "cannot read"),
                                           ('[tool.octo-conformance]\nbase_url = "x"\n', "unknown key")])
def test_a_broken_pyproject_is_refused_plainly(tmp_path, text, message):
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(SettingsError, match=message):
        resolve({}, [], False, cwd=tmp_path)


def test_a_capability_without_the_one_it_depends_on_is_a_settings_error(project):
    with pytest.raises(SettingsError, match="octo/gifts depends on octo/pricing"):
        resolve({"capabilities": "octo/gifts"}, [], False, cwd=project)


def test_listing_the_rules_leaves_the_last_reports_alone(tmp_path):
    """--collect-only lists the rules; it must not replace a run's reports with empty ones."""
    (tmp_path / "summary.json").write_text('{"verdict": "from the last run"}')
    listed = run_suites(None, None, tmp_path, "--collect-only")
    assert listed.exit_code == 0 and re.search(r"\d+ tests collected", listed.output)
    assert "seed" not in listed.output  # nothing ran: no seed to replay
    assert (tmp_path / "summary.json").read_text() == '{"verdict": "from the last run"}'
    assert not (tmp_path / "junit.xml").exists() and not (tmp_path / "report.html").exists()


def test_the_base_url_must_be_http_or_https(project):
    assert resolve({"base_url": "http://127.0.0.1:8000/octo/"}, [], False, cwd=project).base_url == \
        "http://127.0.0.1:8000/octo"
    for bad in ("not-a-url", "ftp://example.com/octo", "https://"):
        with pytest.raises(SettingsError, match="base URL must be"):
            resolve({"base_url": bad}, [], False, cwd=project)


def test_a_capability_the_suites_do_not_know_is_a_settings_error(project):
    with pytest.raises(SettingsError, match="no rules for octo/pricng; they know octo/pricing"):
        resolve({"capabilities": "octo/pricing,octo/pricng"}, [], False, cwd=project)


def test_without_a_base_url_no_api_key_is_taken(project, monkeypatch):
    """The embedded mock has its own key; OCTO_API_KEY is for a supplier's base URL."""
    (project / "pyproject.toml").unlink()
    monkeypatch.setenv("OCTO_API_KEY", "some-suppliers-key")
    assert resolve({}, [], False, cwd=project).api_key is None
    assert resolve({"base_url": "https://s.example/octo"}, [], False, cwd=project).api_key == "some-suppliers-key"
