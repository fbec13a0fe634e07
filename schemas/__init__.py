"""The OCTO JSON Schemas (Draft 2020-12) and the validation API every suite and test uses."""

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ._documents import SUPPORT_NAMES, documents, uri_of
from ._report import SchemaViolations, Violation, collect
from ._variants import fast_validator, normalise, validator

__all__ = ["CapabilityInfo", "SchemaViolations", "Violation", "canonical_capability", "capabilities", "check",
           "raw_schema", "schema_names", "violations", "with_dependencies"]


@dataclass(frozen=True)
class CapabilityInfo:
    """One OCTO capability this project knows (meta/capabilities.json)."""

    id: str
    revision: int
    dependencies: tuple[str, ...]
    docs: str


@cache
def capabilities() -> tuple[CapabilityInfo, ...]:
    """Every capability the schemas, the mock and the suites know, in the order the mock lists them:
    the one place their ids, revisions and dependencies are written."""
    listed = json.loads(files("schemas").joinpath("meta", "capabilities.json").read_text("utf-8"))
    return tuple(CapabilityInfo(c["id"], c["revision"], tuple(c["dependencies"]), c["docs"])
                 for c in listed["capabilities"])


def canonical_capability(capability_id: str) -> str:
    """A capability id as this project writes it: `octo/content` for `content`. docs.octo.travel
    has named capabilities bare since 2025; the typespec, Ventrata and the official mock use the
    octo/ prefix. SPEC-CAPABILITIES (Capability ids, Rec): accept both, echo the prefixed one."""
    capability_id = capability_id.strip()
    return capability_id if "/" in capability_id or not capability_id else f"octo/{capability_id}"


def with_dependencies(requested: Iterable[str]) -> tuple[str, ...]:
    """The known capabilities among `requested` (either spelling) whose dependencies were requested
    with them, in the listed order: what a supplier applies for an Octo-Capabilities header."""
    asked = {canonical_capability(c) for c in requested}
    return tuple(c.id for c in capabilities() if c.id in asked and set(c.dependencies) <= asked)


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
    variant = (name, normalise(capabilities), bool(strict), bool(ignore_unrequested))
    if _valid_at_once(fast_validator(*variant), instance):
        return []
    return collect(validator(*variant).iter_errors(instance))


def _valid_at_once(fast, instance) -> bool:
    """Whether the compiled validator finds the document valid (False when it cannot tell:
    absent, or a value it does not take, such as an integer beyond 64 bits)."""
    if fast is None:
        return False
    try:
        return fast.is_valid(instance)
    except Exception:  # noqa: BLE001 - jsonschema decides instead
        return False


def check(
    name: str, instance, *, capabilities: Iterable[str] | str = (), strict: bool = False
) -> None:
    """Raises SchemaViolations listing every violation, if there is any."""
    found = violations(name, instance, capabilities=capabilities, strict=strict)
    if found:
        raise SchemaViolations(found, schema=name)
