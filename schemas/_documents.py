"""Reads the schema files shipped inside the `schemas` package."""

import json
from functools import cache
from importlib.resources import files

BASE_URI = "https://octo-conformance.invalid/schemas/"

# Sub-folders scanned for schema files; their names get the folder as a prefix.
_FOLDERS = ("", "requests")

# Files that hold shared $defs rather than an object an API exchange carries.
SUPPORT_NAMES = frozenset({"definitions"})


@cache
def documents() -> dict[str, dict]:
    """Every schema file as parsed JSON, keyed by name ("booking", "requests/booking-update")."""
    docs = {}
    root = files("schemas")
    for folder in _FOLDERS:
        directory = root.joinpath(folder) if folder else root
        prefix = f"{folder}/" if folder else ""
        for entry in directory.iterdir():
            if entry.name.endswith(".json"):
                docs[prefix + entry.name[: -len(".json")]] = json.loads(entry.read_text("utf-8"))
    return dict(sorted(docs.items()))


def uri_of(name: str) -> str:
    """The `$id` a schema name maps to; raises KeyError for an unknown name."""
    if name not in documents():
        raise KeyError(f"unknown schema {name!r}; known: {', '.join(documents())}")
    return f"{BASE_URI}{name}.json"
