"""Capability plug-ins: what each capability adds to the mock, and the registry core consults.

A capability is a package under mock_supplier/capabilities that exposes `CAPABILITY`, a
`Capability` saying what it adds: its operations, the fields it adds to OCTO objects (view
hooks, called only when a request applies the capability), what it checks and keeps on a
booking when one is reserved, changed or confirmed (plan hook, called for every request, so
that it can also refuse its own fields sent without it), what it records when a booking is stored (index
hook), its tables, and where its printed documents are. Core calls these hooks and names no
capability; ids, revisions and dependencies come from schemas/meta/capabilities.json.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import schemas

from .operations import Operation

Hook = Callable | None


@dataclass(frozen=True)
class Header:
    """An HTTP header a capability reads from requests or sets on answers: the served OpenAPI
    document lists it on every operation."""

    name: str
    direction: str  # "request" or "response"
    description: str


@dataclass(frozen=True)
class Capability:
    """What one capability plug-in adds. Every hook is optional.

    Every request (of the capabilities it applies):
      on_request(ctx): before the handler: read ctx.headers and ctx.call, set ctx.response_headers,
        or refuse the request
    View hooks return the fields to add to an object:
      supplier_fields(ctx)
      product_fields(ctx, product) · option_fields(ctx, product, option) · unit_fields(ctx, product, unit)
      availability_fields(ctx, slot, unit_ids, currency) · calendar_fields(ctx, product, option, unit_ids, currency)
      booking_fields(ctx, booking, plan) · unit_item_fields(ctx, booking, plan, item)
      view_key(ctx): what else than the applied capabilities the catalogue's view depends on (a
        language, say): GET /products is encoded once per applied capabilities and view keys
    Lifecycle hooks:
      plan_booking(ctx, booking, plan, body, stage): on reserve, update and confirm ("reserve",
        "update", "confirm"), before the booking is stored: check and set what the capability
        keeps on it (booking.extensions), or refuse the request
      ctx.after_commit (a list on the context): work to do once the change is committed, such
        as notifying someone; never inside the transaction
      booking_saved(ctx, booking, created): after a booking is written, in the same transaction
        (ctx.box); created is true on a reservation's first save, false on every later change
        (update, confirm, cancel, extend, redeem, an order's confirm or cancel)
      document_status(store, code): the status of a printed document of this capability, or None
    Description: headers, the Header objects its on_request reads and sets (for the OpenAPI document)
    """

    id: str
    operations: tuple[Operation, ...] = ()
    tables: str = ""  # SQL run when the store opens (CREATE TABLE IF NOT EXISTS ...)
    sandbox_tables: tuple[str, ...] = ()  # tables with a `sandbox` column: emptied by a reset
    on_request: Hook = None
    view_key: Hook = None
    supplier_fields: Hook = None
    product_fields: Hook = None
    option_fields: Hook = None
    unit_fields: Hook = None
    availability_fields: Hook = None
    calendar_fields: Hook = None
    booking_fields: Hook = None
    unit_item_fields: Hook = None
    plan_booking: Hook = None
    booking_saved: Hook = None
    document_status: Hook = None
    headers: tuple[Header, ...] = ()



_APPLIED_CACHE_SIZE = 256


@dataclass(frozen=True)
class Plugins:
    """The capabilities a mock serves, in the order `known` lists them (by default the project's
    list, schemas/meta/capabilities.json, which also gives their revisions and dependencies)."""

    installed: tuple[Capability, ...] = field(default_factory=tuple)
    known: tuple[schemas.CapabilityInfo, ...] = field(default_factory=schemas.capabilities)

    def __post_init__(self):
        listed = [c.id for c in self.known]
        unknown = [c.id for c in self.installed if c.id not in listed]
        if unknown:
            raise ValueError(f"capabilities not listed in schemas/meta/capabilities.json: {unknown}")
        ids = {c.id for c in self.installed}
        for cap in self.installed:
            missing = set(self.info(cap.id).dependencies) - ids
            if missing:
                raise ValueError(f"{cap.id} needs {', '.join(sorted(missing))}, which is not installed")
        object.__setattr__(self, "installed", tuple(sorted(self.installed, key=lambda c: listed.index(c.id))))
        object.__setattr__(self, "_applied", {})

    def info(self, capability: str) -> schemas.CapabilityInfo:
        """Revision, dependencies and docs of a known capability."""
        return next(c for c in self.known if c.id == capability)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.installed)

    def applied(self, header: str | None) -> tuple[str, ...]:
        """The capabilities an Octo-Capabilities header asks for that this mock serves, each only
        together with its dependencies; unknown ids are ignored, bare ones (`content`) read as
        `octo/content` (schemas.canonical_capability)."""
        cache: dict = self._applied  # every request reads the header; clients send a few values
        applied = cache.get(header)
        if applied is None:
            asked = {schemas.canonical_capability(part) for part in (header or "").split(",")}
            applied = tuple(c.id for c in self.installed if c.id in asked and set(self.info(c.id).dependencies) <= asked)
            if len(cache) >= _APPLIED_CACHE_SIZE:  # a client sending ever new values cannot grow it
                cache.clear()
            cache[header] = applied
        return applied

    @property
    def headers(self) -> tuple[Header, ...]:
        """The headers every installed capability reads and sets."""
        return tuple(h for c in self.installed for h in c.headers)

    def listing(self) -> list[dict]:
        """The body of GET /capabilities."""
        return [{"id": info.id, "revision": info.revision, "required": False, "dependencies": list(info.dependencies),
                 "docs": info.docs} for info in (self.info(c.id) for c in self.installed)]

    def hooks(self, name: str, applied: tuple[str, ...] | None = None) -> list[Callable]:
        """The hooks of this name, of every installed capability (or of those applied)."""
        return [getattr(c, name) for c in self.installed
                if getattr(c, name) is not None and (applied is None or c.id in applied)]

    def added_fields(self, name: str, applied: tuple[str, ...], *args) -> dict:
        """The fields the applied capabilities' view hooks of this name add."""
        fields: dict = {}
        for hook in self.hooks(name, applied):
            fields.update(hook(*args))
        return fields
