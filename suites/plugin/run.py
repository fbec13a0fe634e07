"""One run against one target: who it is, which key and capabilities, whether it has the
control interface, and the state shared by every rule (products, the reference counter)."""
from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from datetime import date

import requests

import schemas
from mock_supplier.testing import ThreadedMockServer

from .client import EMBEDDED, SANDBOX, OctoClient
from .control import has_control, mint_sandbox
from .discovery import Pins
from .exchanges import Exchange
from .failures import RuleViolation, StepBlocked, TargetUnreachable
from .settings import KNOWN_CAPABILITIES, Settings

FIRST_REQUEST = "GET /supplier (the run's first request)"


@dataclass
class Blocker:
    """A step of the run's start that failed, blocking every rule that needs it: the target
    gave no answer, refused the key, a pin names nothing (all rules), or GET /products is
    unreadable (the rules that book)."""

    step: str
    tested_by: str
    expected: str
    seen: str
    exchange: Exchange | None = None

    def error(self) -> StepBlocked:
        """A fresh exception for each rule it blocks."""
        return StepBlocked(self.step, self.tested_by, self.expected, self.seen, self.exchange)


@dataclass
class Run:
    """Everything the fixtures share for the length of a session."""

    settings: Settings
    base_url: str
    api_key: str | None
    capabilities: tuple[str, ...]
    control: bool
    session: requests.Session
    mock: ThreadedMockServer | None = None  # the embedded mock, when the run started one
    run_id: str = field(default_factory=lambda: secrets.token_hex(3).upper())
    reference_counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    products: list[dict] | None = None  # None: GET /products was unreadable (see products_blocked)
    products_blocked: Blocker | None = None
    blocker: Blocker | None = None  # blocks every rule
    key_origin: str | None = None  # None: the user's key; else where the run's key comes from
    spelling: dict[str, str] = field(default_factory=dict)  # octo/content -> content, where declared bare
    not_certified: dict[str, str] = field(default_factory=dict)  # declared capability -> why no rule judges it

    @property
    def pins(self) -> Pins:
        s = self.settings
        return Pins(s.product, s.option, s.unit, s.date)

    def client(self, log: list) -> OctoClient:
        """A client for this run that records into `log`."""
        return OctoClient(self.session, self.base_url, self.api_key, self.capabilities,
                          self.settings.headers, self.settings.timeout, log, self.key_origin, self.spelling)

    def close(self) -> None:
        self.session.close()
        if self.mock is not None:
            self.mock.stop()


def start(settings: Settings) -> Run:
    """Connect to the target (starting the embedded mock when there is no base URL)."""
    mock = None if settings.base_url else ThreadedMockServer()
    base_url = settings.base_url or mock.base_url
    api_key = settings.api_key or (mock.api_key if mock else None)
    run = Run(settings, base_url, api_key, (), False, requests.Session(), mock,
              key_origin=None if settings.api_key else EMBEDDED)
    log: list[Exchange] = []
    probe = run.client(log)
    try:
        first = probe.get("/supplier")
    except TargetUnreachable as exc:
        # Nothing answers: every rule is blocked at once by this proof instead of each
        # waiting out its own timeouts.
        run.blocker = Blocker(FIRST_REQUEST, "test_supplier_is_valid", exc.expected,
                              f"{exc.seen}; no rule can be checked", log[-1])
        return run
    if _key_refused(first):
        run.blocker = Blocker(FIRST_REQUEST, "test_wrong_api_key_is_refused", "the target to accept the API key",
                              f"HTTP {first.status}: {first.gist()}; no rule can be checked", log[-1])
        return run
    if not _speaks_octo(first) and not _speaks_octo(probe.get("/products")):
        # Neither of the two endpoints every supplier serves answers JSON: this is not an OCTO
        # root (most often the base URL lacks its /octo), and no rule could reach its check.
        run.blocker = Blocker(FIRST_REQUEST, "test_supplier_is_valid",
                              "an OCTO API: GET /supplier and GET /products answering JSON",
                              f"{_root_hint(run)}GET /supplier answered HTTP {first.status} "
                              f"{first.headers.get('Content-Type') or '(no Content-Type)'}{_unparsable(first)}: "
                              f"{first.gist()}; no rule can be checked", log[0])
        return run
    run.control = has_control(probe)
    if run.control:
        # A sandbox of our own: the run starts clean and never touches the key's other bookings.
        run.api_key, run.key_origin = mint_sandbox(probe), SANDBOX
        probe = probe.with_key(run.api_key)
    declared = declared_spellings(probe) or {}
    run.capabilities = settings.capabilities if settings.capabilities is not None else \
        tuple(cap for cap in KNOWN_CAPABILITIES if cap in declared)
    run.spelling = {cap: said for cap, said in declared.items() if said != cap}
    run.not_certified = not_certified(declared, run.capabilities)
    run.products, run.products_blocked = _products(run.client(log))
    run.blocker = _pin_problem(run) if run.products is not None else None
    return run


def _speaks_octo(reply) -> bool:
    try:
        return reply.status == 200 and isinstance(reply.json(), (dict, list))
    except RuleViolation:
        return False


def _unparsable(reply) -> str:
    try:
        reply.json()
    except RuleViolation:
        return ", not a JSON body"
    return ""


def _root_hint(run: Run) -> str:
    """Where the OCTO root probably is, when the base URL missed it."""
    if run.base_url.rstrip("/").endswith("/octo"):
        return "is the base URL the supplier's OCTO root? "
    guess = run.base_url.rstrip("/") + "/octo"
    try:
        found = _speaks_octo(OctoClient(run.session, guess, run.api_key, (), run.settings.headers,
                                        run.settings.timeout, []).get("/supplier"))
    except RuleViolation:
        found = False
    if found:
        return f"{guess} answers as OCTO: use --base-url {guess}; "
    return f"is the base URL the supplier's OCTO root (often ending in /octo, e.g. {guess})? "


def _key_refused(reply) -> bool:
    try:
        body = reply.json()
    except RuleViolation:
        return reply.status in (401, 403)
    return isinstance(body, dict) and body.get("error") in ("UNAUTHORIZED", "FORBIDDEN")


def declared_spellings(client: OctoClient) -> dict[str, str] | None:
    """The capabilities GET /capabilities lists, each octo/ id with the target's own spelling
    (`content` for a bare id, as docs.octo.travel writes them); None when the list is unreadable."""
    try:
        reply = client.get("/capabilities")
        listed = reply.json() if reply.status == 200 else None
    except RuleViolation:
        return None
    if not isinstance(listed, list):
        return None
    return {schemas.canonical_capability(item["id"]): item["id"] for item in listed
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip()}


def declared_capabilities(client: OctoClient) -> set[str] | None:
    """The octo/ ids of the capabilities GET /capabilities lists; None when that list cannot be read."""
    declared = declared_spellings(client)
    return None if declared is None else set(declared)


def not_certified(declared: dict[str, str], applied: tuple[str, ...]) -> dict[str, str]:
    """The declared capabilities no rule of this run judges, each with why: every report lists
    them, so that a pass is never read as covering them."""
    return {cap: ("the suites have no rules for it" if cap not in KNOWN_CAPABILITIES
                  else "not requested (--capabilities)")
            for cap in sorted(declared) if cap not in applied}


def _products(client: OctoClient) -> tuple[list[dict] | None, Blocker | None]:
    """The catalogue, read leniently: the products with options, each with an id. Its schema is
    judged by the product rules; a broken list blocks the rules that need products, naming them."""
    try:
        reply = client.get("/products")
        products = reply.json() if reply.status == 200 else None
    except RuleViolation as exc:
        return None, Blocker("GET /products", "test_products_are_valid", exc.expected, exc.seen,
                             client.log[-1] if client.log else None)
    usable = [p for p in products if isinstance(p, dict) and isinstance(p.get("id"), str) and p.get("options")] \
        if isinstance(products, list) else []
    if not usable:
        return None, Blocker("GET /products", "test_products_are_valid",
                             "HTTP 200 with a JSON array of products, each with an id and options",
                             f"HTTP {reply.status}: {reply.gist()}", reply.exchange)
    return usable, None


def _pin_problem(run: Run) -> Blocker | None:
    """A pin that names nothing in the catalogue would silently skip most rules: refuse it."""
    pins, products = run.pins, run.products or []
    if pins.product and pins.product not in [p.get("id") for p in products]:
        return _pin_blocker(f"pinned product {pins.product!r} in GET /products", f"ids {[p.get('id') for p in products]}")
    chosen = [p for p in products if not pins.product or p.get("id") == pins.product]
    options = [o for p in chosen for o in p.get("options") or []]
    if pins.option and pins.option not in [o.get("id") for o in options]:
        return _pin_blocker(f"pinned option {pins.option!r} in the pinned products", f"ids {[o.get('id') for o in options]}")
    units = [u.get("id") for o in options if not pins.option or o.get("id") == pins.option for u in o.get("units") or []]
    if pins.unit and pins.unit not in units:
        return _pin_blocker(f"pinned unit {pins.unit!r} in the pinned options", f"ids {sorted(set(units))}")
    if pins.date and date.fromisoformat(pins.date) < date.today():
        return _pin_blocker("a pinned travel date that is not in the past", pins.date)
    return None


def _pin_blocker(expected: str, seen: str) -> Blocker:
    return Blocker("the pins (--product, --option, --unit, --date)", "(the run's settings)", expected,
                   f"{seen}; no rule can be checked")
