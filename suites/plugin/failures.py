"""How a broken rule is reported: what the rule expected, what the target did, and every
exchange of the test, each with a curl line to reproduce it."""
from __future__ import annotations

from .exchanges import Exchange


class RuleViolation(AssertionError):
    """The target broke the rule under test."""

    def __init__(self, expected: str, seen: str):
        super().__init__(f"expected {expected}; seen {seen}")
        self.expected = expected
        self.seen = seen


class TargetUnreachable(RuleViolation):
    """The target did not give a usable answer (timeout, refused connection, oversize body)."""


def rule_of(function) -> tuple[str, str]:
    """A test's rule (its docstring's first line) and the rest of its docstring."""
    lines = (function.__doc__ or function.__name__).strip().splitlines()
    return lines[0].strip(), " ".join(line.strip() for line in lines[1:]).strip()


def render(rule: str, error: BaseException, exchanges: list[Exchange]) -> str:
    """The text shown for a failed rule, in the console, JUnit and the HTML report."""
    lines = [f"RULE      {rule}"]
    if isinstance(error, RuleViolation):
        lines += [f"EXPECTED  {error.expected}", f"SEEN      {_indent(error.seen, 10)}"]
    else:
        lines += [f"FAILED    {type(error).__name__}: {_indent(str(error), 10)}"]
    lines.append(f"EXCHANGES ({len(exchanges)})")
    for number, exchange in enumerate(exchanges, start=1):
        lines.append(f"--- {number}. " + exchange.describe().replace("\n", "\n    "))
    return "\n".join(lines)


def _indent(text: str, width: int) -> str:
    return text.replace("\n", "\n" + " " * width)
