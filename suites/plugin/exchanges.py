"""One HTTP exchange with the target, as recorded for the failure report."""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field

SHOWN_BODY_CHARS = 3000  # the console: enough to read a booking; the HTML report shows up to 20,000


@dataclass
class Exchange:
    """A request and what came back (or why nothing usable did)."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str = ""
    problem: str | None = None
    key: "KeyUse | None" = None  # whose key the request carried, for the curl line
    discovery: bool = False  # sent by discovery to find test data, not by the rule to check it

    def curl(self) -> str:
        """A shell line that sends the same request; the user's API key comes from $OCTO_API_KEY,
        a key the run minted from the variable its `key` line sets, a made-up key as it is."""
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.request_headers.items():
            if name.lower() == "authorization" and value.lower().startswith("bearer "):
                if self.key is not None and self.key.variable is None:
                    parts += ["-H", shlex.quote(f"Authorization: Bearer {self.key.value}")]
                else:
                    variable = self.key.variable if self.key is not None else "OCTO_API_KEY"
                    parts += ["-H", f'"Authorization: Bearer ${variable}"']
            elif value == "":
                parts += ["-H", shlex.quote(f"{name};")]  # curl's way to send a header with no value
            else:
                parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.request_body is not None:
            parts += ["--data-raw", shlex.quote(self.request_body)]
        return " ".join(parts)

    def describe(self) -> str:
        """Method, URL, bodies and outcome, for a human."""
        outcome = self.problem or f"HTTP {self.status} {self.response_headers.get('Content-Type', '')}".rstrip()
        lines = [f"{self.method} {self.url} -> {outcome}"]
        if self.request_body is not None:
            lines.append("request:  " + _pretty(self.request_body))
        if self.status is not None:
            lines.append("response: " + _pretty(self.response_body))
        lines.append("curl:     " + self.curl())
        return "\n".join(lines)

    def as_record(self, body_chars: int = 20000) -> dict:
        """The exchange for the HTML report: bodies pretty-printed, cut only when huge."""
        return {"method": self.method, "url": self.url,
                "outcome": self.problem or f"HTTP {self.status} {self.response_headers.get('Content-Type', '')}".rstrip(),
                "request": None if self.request_body is None else _pretty(self.request_body, body_chars, indent=0),
                "response": None if self.status is None else _pretty(self.response_body, body_chars, indent=0),
                "curl": self.curl(), "key": self.key_line()}

    def key_line(self) -> str | None:
        """What the curl line's key variable holds, when the run minted that key."""
        if self.key is not None and self.key.variable and self.key.origin:
            return f"{self.key.variable}={self.key.value} ({self.key.origin})"
        return None


@dataclass(frozen=True)
class KeyUse:
    """The key of a request as its curl line needs it. The user's key is never kept: it is read
    from $OCTO_API_KEY. A key the run minted (a sandbox) is no secret of the user's: its value
    and origin are shown, for the curl line to replay against the bookings made under it."""

    variable: str | None  # None: a key a rule made up, written as it is
    value: str = ""
    origin: str = ""


USER_KEY = KeyUse("OCTO_API_KEY")


def masked(headers: dict[str, str]) -> dict[str, str]:
    """Headers with the API key replaced, so reports never leak it."""
    return {name: ("Bearer ****" if name.lower() == "authorization" and value.lower().startswith("bearer ")
                   else value) for name, value in headers.items()}


def _pretty(text: str, limit: int = SHOWN_BODY_CHARS, indent: int = 10) -> str:
    try:
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        pass
    if len(text) > limit:
        text = text[:limit] + f"\n... ({len(text) - limit} more characters)"
    return text.replace("\n", "\n" + " " * indent)
