"""Where a run's settings come from: command line, then environment, then pyproject.

Every option has a command-line flag (`--base-url`), an environment variable
(`OCTO_BASE_URL`) and a key in the `[tool.octo-conformance]` table of the pyproject.toml
in the directory the run starts from (`base-url`), tried in that order.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import schemas

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

# option name -> (help, environment variable, pyproject key)
OPTIONS: dict[str, tuple[str, str, str]] = {
    "base_url": ("OCTO base URL of the supplier to certify (default: start the embedded mock)",
                 "OCTO_BASE_URL", "base-url"),
    "api_key": ("API key sent as 'Authorization: Bearer KEY'", "OCTO_API_KEY", "api-key"),
    "capabilities": ("comma-separated capabilities to request, or 'none' (default: every one the target "
                     "declares that the suites know)", "OCTO_CAPABILITIES", "capabilities"),
    "report_dir": ("directory for report.html, junit.xml and summary.json", "OCTO_REPORT_DIR", "report-dir"),
    "seed": ("seed for test data; a run's seed is printed in its header and replays its choices",
             "OCTO_SEED", "seed"),
    "timeout": ("seconds to wait for each response (default: 10)", "OCTO_TIMEOUT", "timeout"),
    "product": ("pin discovery to this product id", "OCTO_PRODUCT", "product"),
    "option": ("pin discovery to this option id", "OCTO_OPTION", "option"),
    "unit": ("pin discovery to this unit id", "OCTO_UNIT", "unit"),
    "date": ("pin discovery to this local travel date (YYYY-MM-DD)", "OCTO_DATE", "date"),
    "webhook_url": ("octo/webhooks: the address a remote target can reach that forwards to this run's webhook "
                    "receiver on 127.0.0.1 (without it, webhook rules skip against a target not on this machine)",
                    "OCTO_WEBHOOK_URL", "webhook-url"),
    "webhook_port": ("octo/webhooks: the local port of the run's webhook receiver, where --webhook-url forwards to "
                     "(default: the port --webhook-url names, else a free one)", "OCTO_WEBHOOK_PORT", "webhook-port"),
}


class SettingsError(ValueError):
    """A setting that cannot be used; said once, plainly, instead of a traceback."""


@dataclass(frozen=True)
class Settings:
    """The resolved settings of one run."""

    base_url: str | None
    api_key: str | None
    capabilities: tuple[str, ...] | None  # None: ask the target
    headers: tuple[tuple[str, str], ...]
    report_dir: str | None
    seed: int | None
    timeout: float
    real_time: bool
    product: str | None
    option: str | None
    unit: str | None
    date: str | None
    webhook_url: str | None = None
    webhook_port: int | None = None


def resolve(cli: dict[str, object], headers: list[str], real_time: bool, cwd: Path | None = None) -> Settings:
    """Settings from command-line values (None where not given), the environment and pyproject."""
    table = _pyproject_table(cwd or Path.cwd())

    def pick(name: str) -> str | None:
        _, env, key = OPTIONS[name]
        for value in (cli.get(name), os.environ.get(env), table.get(key)):
            if value not in (None, ""):
                return str(value)
        return None

    caps, base_url = pick("capabilities"), _base_url(pick("base_url"))
    return Settings(
        base_url=base_url,
        # Without a base URL the embedded mock is the target, with its own key: a key meant for
        # some supplier (OCTO_API_KEY left in the environment) would only be refused there.
        api_key=pick("api_key") if base_url else None,
        capabilities=_capabilities(caps),
        headers=tuple(_header(h) for h in headers),
        report_dir=pick("report_dir"),
        seed=_number(pick("seed"), int, "seed", "a whole number"),
        timeout=_number(pick("timeout"), float, "timeout", "a number of seconds above 0") or 10.0,
        real_time=real_time or bool(table.get("real-time")),
        product=pick("product"), option=pick("option"), unit=pick("unit"), date=_date(pick("date")),
        webhook_url=_webhook_url(pick("webhook_url")), webhook_port=_webhook_port(pick("webhook_port")),
    )


# The capabilities the suites have rules for (a run requests those the target declares), each
# with the ones it depends on, as schemas/meta/capabilities.json lists them for the whole project.
# A gift pays a price, so octo/gifts needs octo/pricing (SPEC-DIGEST); requested alone, a
# supplier applies neither, and every gift rule would fail.
KNOWN_CAPABILITIES: dict[str, tuple[str, ...]] = {c.id: c.dependencies for c in schemas.capabilities()}


def _capabilities(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None  # ask the target what it declares
    if value.strip().lower() == "none":
        return ()
    wanted = tuple(schemas.canonical_capability(c) for c in value.split(",") if c.strip())
    unknown = [c for c in wanted if c not in KNOWN_CAPABILITIES]
    if unknown:
        raise SettingsError(f"capabilities: the suites have no rules for {', '.join(unknown)}; they know "
                            f"{', '.join(KNOWN_CAPABILITIES)} (or 'none')")
    for capability in wanted:
        missing = [need for need in KNOWN_CAPABILITIES.get(capability, ()) if need not in wanted]
        if missing:
            raise SettingsError(f"capabilities: {capability} depends on {', '.join(missing)}; request "
                                f"them together, e.g. {','.join([*missing, *wanted])}")
    return wanted


def _base_url(text: str | None) -> str | None:
    if text is None:
        return None
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"base URL must be the supplier's OCTO root over http or https, e.g. "
                            f"https://api.example.com/octo, got {text!r}")
    return text.strip().rstrip("/")


def _webhook_url(text: str | None) -> str | None:
    if text is None:
        return None
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"webhook URL must be an http or https address the target can reach, got {text!r}")
    return text.strip().rstrip("/")


def _webhook_port(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit() or not 0 < int(text) < 65536:
        raise SettingsError(f"webhook port must be a port number (1-65535), got {text!r}")
    return int(text)


def _number(text: str | None, kind: type, name: str, wanted: str):
    if text is None:
        return None
    try:
        value = kind(text)
    except ValueError:
        raise SettingsError(f"{name} must be {wanted}, got {text!r}") from None
    if name == "timeout" and not value > 0:
        raise SettingsError(f"{name} must be {wanted}, got {text!r}")
    return value


def _date(text: str | None) -> str | None:
    if text is not None:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise SettingsError(f"date must be a travel date as YYYY-MM-DD, got {text!r}") from None
    return text


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise SettingsError(f"--header wants 'Name: value', got {text!r}")
    return name.strip(), value.strip()


def _pyproject_table(cwd: Path) -> dict:
    path = cwd / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("octo-conformance", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read {path}: {exc}") from None
    unknown = set(table) - {key for _, _, key in OPTIONS.values()} - {"real-time"}
    if unknown:
        raise SettingsError(f"unknown key(s) in [tool.octo-conformance] of {path}: {', '.join(sorted(unknown))}")
    return table
