"""Turns jsonschema errors into Violations that point at the real culprit."""

import json
import re
from dataclasses import dataclass
from itertools import chain

from jsonschema.exceptions import ValidationError, best_match

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


@dataclass(frozen=True)
class Violation:
    """One failed schema rule: where, what and which keyword."""

    path: str
    message: str
    keyword: str

    def __str__(self) -> str:
        """The violation as one line, path first."""
        return f"{self.path}: {self.message}"


class SchemaViolations(AssertionError):
    """Raised by check(); an AssertionError so pytest reports it as a failed expectation."""

    def __init__(self, violations: list[Violation], schema: str | None = None):
        """Keeps the violations and builds a one-per-line message."""
        self.violations = list(violations)
        self.schema = schema
        head = f"{len(self.violations)} violation(s) of schema {schema!r}:" if schema else None
        super().__init__("\n".join(filter(None, [head, *map(str, self.violations)])))


def json_path(parts) -> str:
    """A JSONPath string such as $.unitItems[0].status for a jsonschema path deque."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.match(part):
            out += f".{part}"
        else:
            out += f"[{json.dumps(part)}]"
    return out


def _sort_key(error: ValidationError):
    """Orders by path (array indices numerically), then by message."""
    # Numbers and names never share a position in one path, but keep ints before strs anyway.
    return tuple((isinstance(p, str), p) for p in error.absolute_path), error.message


def _instance_type_mismatch(errors: list[ValidationError]) -> bool:
    """True when a branch failed because the value is not even of that branch's type."""
    return any(e.validator == "type" and not e.relative_path for e in errors)


def _branch_of(error: ValidationError, combinator: ValidationError) -> int:
    """The index of the anyOf/oneOf branch an error (or its ancestor) came from."""
    while error.parent is not combinator:
        error = error.parent
    return error.relative_schema_path[0]


def _leaves(error: ValidationError):
    """Yields the errors that explain `error`, descending into anyOf/oneOf branches."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield error
        return
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    plausible = {i: errs for i, errs in branches.items() if not _instance_type_mismatch(errs)}
    if not plausible:
        yield _type_error(error, branches)
        return
    chosen = _branch_of(best_match(chain(*plausible.values())), error)
    for sub in plausible[chosen]:
        yield from _leaves(sub)


def _type_error(error: ValidationError, branches) -> ValidationError:
    """One type error naming every type the anyOf/oneOf accepts (e.g. object or null)."""
    types = []
    for errs in branches.values():
        for sub in errs:
            if sub.validator == "type" and not sub.relative_path:
                value = sub.validator_value
                types.extend(value if isinstance(value, list) else [value])
    names = ", ".join(repr(t) for t in dict.fromkeys(types))
    return ValidationError(
        f"{error.instance!r} is not of type {names}",
        validator="type",
        path=error.absolute_path,
        instance=error.instance,
    )


def collect(errors) -> list[Violation]:
    """Every leaf violation of an iter_errors() stream, sorted by path, without duplicates."""
    leaves = sorted((leaf for e in errors for leaf in _leaves(e)), key=_sort_key)
    found = (Violation(json_path(e.absolute_path), e.message, str(e.validator)) for e in leaves)
    return list(dict.fromkeys(found))
