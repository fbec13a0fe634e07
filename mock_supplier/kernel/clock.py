"""The one source of time. Each sandbox sees the real clock plus its own offset,
so the control interface can move one sandbox into the future (to expire holds)
without touching anybody else's."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

UTC = timezone.utc


def system_now() -> datetime:
    """The machine's current UTC time."""
    return datetime.now(UTC)


class Clock:
    """Current time for a sandbox: a base time source plus the sandbox's offset."""

    def __init__(self, base: Callable[[], datetime] = system_now):
        self._base = base

    def now(self, offset_seconds: float = 0.0) -> datetime:
        """The time as seen by a sandbox whose clock is moved by offset_seconds."""
        return self._base() + timedelta(seconds=offset_seconds)

    def offset_for(self, target: datetime) -> float:
        """The offset that makes a sandbox's clock read `target` now."""
        return (target - self._base()).total_seconds()


def utc_iso(moment: datetime | None) -> str | None:
    """OCTO's UTC timestamp form: second precision with a literal Z."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str | None) -> datetime | None:
    """Read back a timestamp written by utc_iso."""
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
