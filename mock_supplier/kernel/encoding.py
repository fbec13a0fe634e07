"""JSON in and out, the same way for every operation."""
from __future__ import annotations

import json
from dataclasses import dataclass

from .errors import BadRequest

try:  # several times faster than json at encoding catalogues and availability ranges
    import orjson
except ImportError:  # no wheel for this interpreter (PyPy): the standard library says the same
    orjson = None


def json_bytes(payload: object) -> bytes:
    """Compact UTF-8 JSON, as every response is sent."""
    if orjson is not None:
        try:
            return orjson.dumps(payload)
        except TypeError:  # an integer past 64 bits, which only the standard library writes
            pass
    return stdlib_json_bytes(payload)


def stdlib_json_bytes(payload: object) -> bytes:
    """What json_bytes sends without orjson: the same JSON, byte for byte on the mock's answers."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def json_text(payload: object) -> str:
    """Compact JSON as text: how the store keeps its documents (bookings, gifts, orders, webhooks)."""
    return json_bytes(payload).decode()


def json_value(text: str | bytes) -> object:
    """A document the store kept, read back (json_text's inverse). orjson would read an integer
    past 64 bits as the nearest float; no stored document holds one (the request integers that
    are kept are bounded first, expirationMinutes by MAX_HOLD_MINUTES)."""
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:  # what only json reads: NaN, written by older versions
            pass
    return json.loads(text)


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
    if b"\\u" in raw and _lone_surrogate(body):  # JSON may escape half a character; no answer could carry it
        raise BadRequest("The request body is not valid JSON: a \\u escape names half a character (a lone surrogate)")
    return body


def _lone_surrogate(value: object) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return True
    return False


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


@dataclass(frozen=True)
class Encoded:
    """An answer already encoded: JSON text built once (the catalogue), or a document (a PDF)."""

    content: str | bytes
    mimetype: str = "application/json"
