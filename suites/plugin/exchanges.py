"""One HTTP exchange with the target, as recorded for the failure report."""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field

SHOWN_BODY_CHARS = 3000  # enough to read a booking; a huge body is cut, not dumped


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

    def curl(self) -> str:
        """A shell line that sends the same request; the API key comes from $OCTO_API_KEY."""
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.request_headers.items():
            if name.lower() == "authorization" and value.lower().startswith("bearer "):
                parts += ["-H", '"Authorization: Bearer $OCTO_API_KEY"']
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


def masked(headers: dict[str, str]) -> dict[str, str]:
    """Headers with the API key replaced, so reports never leak it."""
    return {name: ("Bearer ****" if name.lower() == "authorization" and value.lower().startswith("bearer ")
                   else value) for name, value in headers.items()}


def _pretty(text: str) -> str:
    try:
        text = json.dumps(json.loads(text), indent=2)
    except ValueError:
        pass
    if len(text) > SHOWN_BODY_CHARS:
        text = text[:SHOWN_BODY_CHARS] + f"\n... ({len(text) - SHOWN_BODY_CHARS} more characters)"
    return text.replace("\n", "\n          ")
