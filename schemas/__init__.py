"""The OCTO JSON Schemas (Draft 2020-12) and the validation API every suite and test uses."""

import copy
from collections.abc import Iterable

from ._documents import SUPPORT_NAMES, documents, uri_of
from ._report import SchemaViolations, Violation, collect
from ._variants import normalise, validator

__all__ = ["SchemaViolations", "Violation", "check", "raw_schema", "schema_names", "violations"]


def schema_names() -> list[str]:
    """Names of the object schemas: file stems, request bodies as "requests/<stem>"."""
    return [name for name in documents() if name not in SUPPORT_NAMES]


def raw_schema(name: str) -> dict:
    """A deep copy of one schema file as written (also accepts "definitions")."""
    uri_of(name)  # raises KeyError with the known names
    return copy.deepcopy(documents()[name])


def violations(
    name: str, instance, *, capabilities: Iterable[str] | str = (), strict: bool = False,
    ignore_unrequested: bool = False,
) -> list[Violation]:
    """Every way `instance` breaks schema `name` under the capabilities, sorted by path.

    `ignore_unrequested` leaves the fields of capabilities not in `capabilities` unchecked, so
    that a rule about one capability is not failed by another's fields (the suites' way)."""
    checker = validator(name, normalise(capabilities), bool(strict), bool(ignore_unrequested))
    return collect(checker.iter_errors(instance))


def check(
    name: str, instance, *, capabilities: Iterable[str] | str = (), strict: bool = False
) -> None:
    """Raises SchemaViolations listing every violation, if there is any."""
    found = violations(name, instance, capabilities=capabilities, strict=strict)
    if found:
        raise SchemaViolations(found, schema=name)
