"""JSON in and out, the same way for every operation."""
from __future__ import annotations

import json
from dataclasses import dataclass

from .errors import BadRequest


def json_text(payload: object) -> str:
    """Compact JSON, as every response is sent."""
    return json.dumps(payload, separators=(",", ":"))


def json_object(raw: bytes) -> dict:
    """A request body as a JSON object; {} when empty; BAD_REQUEST when it is anything else."""
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise BadRequest(f"The request body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object")
    return body


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


@dataclass(frozen=True)
class Encoded:
    """An answer already encoded: JSON text built once (the catalogue), or a document (a PDF)."""

    content: str | bytes
    mimetype: str = "application/json"
