"""Fixtures of the conformance suites: the run, a recording client per rule, checked API
steps with clean-up, seeded people and random choices, discovery and fresh sandboxes."""
from __future__ import annotations

import json
import random
import time

import pytest

from suites.plugin import EXCHANGES, settings_of
from suites.plugin import run as runs
from suites.plugin.api import Api
from suites.plugin.control import advance_clock, mint_sandbox
from suites.plugin.discovery import SHAPE_IDS, Discovery
from suites.plugin.failures import RuleViolation
from suites.plugin.people import People


@pytest.fixture(scope="session")
def octo_run(pytestconfig):
    """The target of this run, connected once per session (per worker under xdist)."""
    run = runs.start(settings_of(pytestconfig))
    yield run
    run.close()


@pytest.fixture(autouse=True)
def _preconditions(request, octo_run):
    """Block every rule of an unusable target; skip, with a reason, rules whose capability or control it lacks."""
    request.node.user_properties.append(("applied_capabilities", ",".join(octo_run.capabilities)))
    if octo_run.not_certified:  # in JUnit on every rule, and folded into summary.json and report.html
        request.node.user_properties.append(("not_certified", json.dumps(octo_run.not_certified)))
    if octo_run.blocker is not None:
        raise octo_run.blocker.error()
    marker = request.node.get_closest_marker("capability")
    if marker and marker.args[0] not in octo_run.capabilities:
        pytest.skip(f"the target does not declare {marker.args[0]} (or it was not requested)")


@pytest.fixture
def client(request, octo_run):
    """The recording HTTP client of this rule."""
    return octo_run.client(request.node.stash.setdefault(EXCHANGES, []))


@pytest.fixture
def api(client, octo_run, request):
    """Checked OCTO steps; every booking the rule made is cancelled afterwards."""
    yield Api(client, octo_run.run_id, octo_run.reference_counter)
    _clean_up(client, request.node)


@pytest.fixture
def rng(octo_run, request) -> random.Random:
    """Random choices seeded by the run's seed and this rule, so a replay chooses the same."""
    return random.Random(f"{octo_run.settings.seed}:{request.node.nodeid}")


@pytest.fixture
def people(octo_run, request) -> People:
    """Contact data seeded by the run's seed and this rule."""
    return People(f"{octo_run.settings.seed}:{request.node.nodeid}")


@pytest.fixture
def discover(api, octo_run, rng) -> Discovery:
    """Finds products, options, units and departures that fit a rule."""
    return Discovery(api, _products(octo_run), rng, octo_run.pins, octo_run.capabilities)


class Sandbox:
    """A fresh sandbox of the control interface: its own key, clock and inventory."""

    def __init__(self, api: Api, discover: Discovery):
        self.api, self.discover = api, discover

    def advance(self, minutes: float) -> str:
        """Move this sandbox's clock forward."""
        return advance_clock(self.api.client, minutes)


@pytest.fixture
def sandbox(api, octo_run, rng) -> Sandbox:
    """A fresh sandbox (needs the control interface) for rules that move the clock."""
    if not octo_run.control:
        pytest.skip("needs the test-control interface to move the clock")
    fresh = api.with_key(mint_sandbox(api.client))
    return Sandbox(fresh, Discovery(fresh, _products(octo_run), rng, octo_run.pins, octo_run.capabilities))


@pytest.fixture
def expiring(request, octo_run, api, discover):
    """(api, discovery, advance) for rules that need a hold to run out: a fresh sandbox whose
    clock moves, or real time (about a minute) when the user opted in with --real-time."""
    if octo_run.control:
        sandbox = request.getfixturevalue("sandbox")
        return sandbox.api, sandbox.discover, lambda: sandbox.advance(2)
    if octo_run.settings.real_time:
        return api, discover, lambda: time.sleep(65)
    pytest.skip("needs the test-control interface to move the clock, or --real-time to wait a minute")


@pytest.fixture(params=SHAPE_IDS)
def shape(request) -> str:
    """Each kind of product a rule may behave differently on; discovery skips absent ones."""
    return request.param


def _products(octo_run) -> list[dict]:
    if octo_run.products is None:
        raise octo_run.products_blocked.error()
    return octo_run.products


def _clean_up(client, node) -> None:
    """Cancel what this rule made (bookings first, which frees gift payments, then gifts);
    note what could not be cancelled. Never fails the rule."""
    quiet = client.with_key(client.api_key, client.key_origin)
    quiet.log = []
    for kind, cancel in (("bookings", "POST {}/cancel"), ("gifts", "DELETE {}")):
        for uuid in _made(client.log, kind):
            method, path = cancel.split()
            try:
                current = quiet.get(f"/{kind}/{uuid}")
                if current.status != 200:
                    continue  # made in another sandbox (a rule's fresh one), or already gone
                status = current.json().get("status")
                if status in ("ON_HOLD", "CONFIRMED"):
                    done = quiet.request(method, path.format(f"/{kind}/{uuid}"), {"reason": "octo-conformance clean-up"})
                    if done.status != 200:
                        node.user_properties.append(("left_behind", f"{uuid} ({status}: the cancellation was "
                                                                     f"refused with HTTP {done.status})"))
                elif status == "EXPIRED":  # holds nothing any more, but stays on the target's books
                    node.user_properties.append(("left_behind", f"{uuid} (EXPIRED: a hold that ran out; "
                                                                 "it holds nothing and cannot be cancelled)"))
            except (RuleViolation, AttributeError):
                node.user_properties.append(("left_behind", f"{uuid} (its state could not be read)"))


def _made(log, kind: str) -> list[str]:
    """uuids of what POST /{kind} created in this rule's exchanges."""
    uuids = []
    for exchange in log:
        if exchange.method == "POST" and exchange.url.split("?")[0].endswith(f"/{kind}") and exchange.status == 200:
            try:
                uuid = json.loads(exchange.response_body).get("uuid")
            except (ValueError, AttributeError):
                continue
            if uuid and uuid not in uuids:
                uuids.append(uuid)
    return uuids
