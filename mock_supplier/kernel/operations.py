"""Operations, each declared once: method, path, request and response schemas, and the handler.

The web layer turns these declarations into Flask routes, the served OpenAPI document is built
from them, and the project's tests read the response schema of every answer from them. A
handler knows nothing of HTTP: it gets the request context and the parsed request (`Call`) and
returns what to answer (a JSON-able value, or an `Encoded` answer).
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Callable

from .records import camel

OBJECT, ARRAY, EITHER = "object", "array", "either"  # the shape of a 200 body
NONE, READ, WRITE = "none", "read", "write"  # what an operation does with the caller's sandbox


@dataclass(frozen=True)
class Query:
    """A query parameter."""

    name: str
    required: bool = False
    local_date: bool = False  # a YYYY-MM-DD date


@dataclass(frozen=True)
class Call:
    """The parts of a request a handler reads."""

    body: dict = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)  # from the path


@dataclass(frozen=True)
class Operation:
    """One endpoint under /octo."""

    method: str  # GET, POST, PATCH, DELETE
    path: str  # an OpenAPI path template, e.g. "/bookings/{uuid}"
    handler: Callable
    operation_id: str
    summary: str
    request: str | None = None  # the request body's schema name
    response: str | None = None  # the 200 body's schema name; None: not JSON (a PDF)
    shape: str = OBJECT
    query: tuple[Query, ...] = ()
    access: str = READ
    authenticated: bool = True
    capability: str | None = None  # the capability it belongs to, None: core
    requires_capability: bool = True  # refused unless the request applies `capability`
    mimetype: str = "application/json"

    def matches(self, method: str, path: str) -> bool:
        """Whether a request for `method path` (under /octo, no query) is this operation's."""
        return method == self.method and re.fullmatch(self.path_pattern, path) is not None

    @property
    def path_pattern(self) -> str:
        return re.sub(r"\{[^/}]+\}", "[^/]+", re.escape(self.path).replace(r"\{", "{").replace(r"\}", "}"))

    @property
    def params(self) -> list[str]:
        return re.findall(r"\{([^/}]+)\}", self.path)


class Operations(list):
    """The operations of one package, declared with its decorator:

        endpoints = Operations()

        @endpoints("GET", "/bookings/{uuid}", response="booking")
        def get_booking(ctx, call): ...
    """

    def __init__(self, capability: str | None = None):
        super().__init__()
        self.capability = capability

    def __call__(self, method: str, path: str, **declared) -> Callable:
        def register(handler: Callable) -> Callable:
            self.append(Operation(method, path, handler, declared.pop("operation_id", camel(handler.__name__)),
                                  inspect.getdoc(handler).splitlines()[0], capability=self.capability, **declared))
            return handler
        return register
