"""Typed records stored as JSON documents.

A record's fields are snake_case attributes; its document uses the same names in OCTO's
camelCase (utc_created_at <-> utcCreatedAt), so a stored document reads like the OCTO object
it becomes. Keys a record does not declare (fields a capability keeps on a booking, such as
giftPayment) are carried in `extensions`, untouched, so core stores what it does not know.
"""
from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, ClassVar


def camel(name: str) -> str:
    """utc_created_at -> utcCreatedAt."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclasses.dataclass
class Record:
    """Base of every stored record: to_doc() and from_doc() over the dataclass fields."""

    # field name -> Record class, for fields holding a list of records (a booking's unit items)
    nested: ClassVar[dict[str, type["Record"]]] = {}
    extensions: dict[str, Any] = dataclasses.field(default_factory=dict, kw_only=True)

    def to_doc(self) -> dict:
        doc = dict(self.extensions)
        for name, key in _doc_keys(type(self)):
            value = getattr(self, name)
            if name in self.nested:
                value = [item.to_doc() for item in value]
            doc[key] = value
        return doc

    @classmethod
    def from_doc(cls, doc: dict):
        keys = dict(_doc_keys(cls))
        values = {}
        for name, key in keys.items():
            if key in doc:
                value = doc[key]
                if name in cls.nested:
                    value = [cls.nested[name].from_doc(item) for item in value]
                values[name] = value
        known = set(keys.values())
        return cls(**values, extensions={k: v for k, v in doc.items() if k not in known})


@cache
def _doc_keys(cls) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, camel(f.name)) for f in dataclasses.fields(cls) if f.name != "extensions")
