"""How a rule's outcome is proven: what the rule expected, what the target did, and every
exchange of the test, each with a curl line to reproduce it.

Three exceptions end a rule other than by passing:
- RuleViolation: the rule's own check failed (outcome *failed*);
- StepBlocked: a step the rule needs but does not test failed (outcome *blocked*): it names
  the step and the rule that tests it, and its proof is shown once per cause;
- Advisory: a recommendation beyond the standard was not followed (outcome *advisory*: reported,
  never failing the run unless --strict).
"""
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


class Advisory(RuleViolation):
    """The target did not follow a recommendation that goes beyond the standard."""


class StepBlocked(Exception):
    """A step the rule relies on (discovery, a set-up booking, a read of state) failed.

    `step` says what was attempted ("POST /bookings (reserve, set-up)"), `tested_by` the rule
    that judges that step, so the report can point to it instead of failing this rule.
    """

    def __init__(self, step: str, tested_by: str, expected: str, seen: str, exchange: Exchange | None = None):
        super().__init__(f"blocked: {step} failed: expected {expected}; seen {seen}")
        self.step, self.tested_by, self.expected, self.seen, self.exchange = step, tested_by, expected, seen, exchange

    @property
    def cause(self) -> str:
        """What blocked rules share: the step that failed (not the per-rule details)."""
        return self.step


def rule_of(function) -> tuple[str, str]:
    """A test's rule (its docstring's first line) and the rest of its docstring."""
    lines = (function.__doc__ or function.__name__).strip().splitlines()
    return lines[0].strip(), " ".join(line.strip() for line in lines[1:]).strip()


def render(rule: str, error: BaseException, exchanges: list[Exchange]) -> str:
    """The text shown for a failed or advised rule, in the console, JUnit and the HTML report."""
    lines = [f"RULE      {rule}"]
    if isinstance(error, Advisory):
        lines.append("ADVISORY  a recommendation beyond the standard (fails the run only with --strict)")
    if isinstance(error, RuleViolation):
        lines += [f"EXPECTED  {error.expected}", f"SEEN      {_indent(error.seen, 10)}"]
    else:
        lines += [f"FAILED    {type(error).__name__}: {_indent(str(error), 10)}"]
    lines += _exchanges(exchanges)
    return "\n".join(lines)


def render_blocked(rule: str, error: StepBlocked, first_of_cause: str | None) -> str:
    """The text shown for a blocked rule: the step, who tests it, and the proof once per cause."""
    lines = [f"RULE      {rule}",
             f"BLOCKED   the step {error.step} failed; this rule could not reach its own check",
             f"TESTED BY {error.tested_by}",
             f"EXPECTED  {error.expected}", f"SEEN      {_indent(error.seen, 10)}"]
    if first_of_cause:
        lines.append(f"PROOF     shown once, with {first_of_cause}")
    elif error.exchange is not None:
        lines += _exchanges([error.exchange])
    return "\n".join(lines)


def _exchanges(exchanges: list[Exchange]) -> list[str]:
    """The rule's own exchanges, numbered; discovery's searches for test data are only counted
    (unless the last one is the exchange that failed)."""
    shown = [e for number, e in enumerate(exchanges, start=1) if not e.discovery or number == len(exchanges)]
    searches, exchanges = len(exchanges) - len(shown), shown
    lines = [f"EXCHANGES ({len(exchanges)}" + (f"; {searches} made by discovery to find test data, not shown)"
                                               if searches else ")")]
    for number, exchange in enumerate(exchanges, start=1):
        lines.append(f"--- {number}. " + exchange.describe().replace("\n", "\n    "))
    keys = dict.fromkeys(line for line in (e.key_line() for e in exchanges) if line)
    lines += [f"KEY       the curl lines read {line}" for line in keys]
    return lines


def _indent(text: str, width: int) -> str:
    return text.replace("\n", "\n" + " " * width)
