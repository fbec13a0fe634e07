"""A capability plugs into the mock without touching core: this test writes one outside the
package ("octo/example", made up, depending on octo/pricing) that uses every hook the kernel
offers, and serves it beside the real ones. What the next capabilities need (content's
languages, pickups' and questions' fields refused at confirm, webhooks' notifications after
the commit) is each a hook used here."""
from __future__ import annotations

import datetime

import pytest

import schemas
from mock_supplier import DEFAULT_API_KEY, MockConfig, create_app
from mock_supplier.capabilities import installed
from mock_supplier.kernel.errors import UnprocessableEntity
from mock_supplier.kernel.operations import WRITE, Operations
from mock_supplier.kernel.plugins import Capability, Plugins

EXAMPLE = "octo/example"
FIELD = "exampleAnswer"
endpoints = Operations(EXAMPLE)
notified: list[str] = []  # what after_commit work saw, in order
saved: list[tuple[str, bool]] = []  # (status, created) of each booking_saved call


@endpoints("POST", "/example/notes", response=None, access=WRITE, operation_id="addExampleNote")  # JSON, no schema
def add_note(ctx, call):
    """Write a row to the capability's own table."""
    ctx.box.conn.execute("INSERT INTO example_notes VALUES (?, ?)", (ctx.box.key, call.query.get("text", "")))
    count = ctx.box.conn.execute("SELECT COUNT(*) FROM example_notes WHERE sandbox = ?", (ctx.box.key,)).fetchone()
    return {"notes": count[0]}


def _on_request(ctx):
    ctx.response_headers["Example-Variant"] = _variant(ctx)


def _variant(ctx):
    return ctx.headers.get("X-Example-Variant", "plain")


def _plan_booking(ctx, booking, plan, body, stage):
    if FIELD in body and not ctx.has(EXAMPLE):
        raise UnprocessableEntity(f"{FIELD} needs {EXAMPLE}")
    if FIELD in body:
        booking.extensions[FIELD] = body[FIELD]
    if stage == "confirm" and ctx.has(EXAMPLE) and not booking.extensions.get(FIELD):
        raise UnprocessableEntity(f"a booking needs an {FIELD} to be confirmed")


def _booking_saved(ctx, booking, created):
    saved.append((booking.status, created))
    ctx.box.conn.execute("INSERT INTO example_notes VALUES (?, ?)", (ctx.box.key, f"saved {booking.status}"))


def _booking_fields(ctx, booking, plan):
    ctx.after_commit.append(lambda: notified.append(f"{booking.uuid} {booking.status}"))
    return {FIELD: booking.extensions.get(FIELD)}


EXAMPLE_CAPABILITY = Capability(
    EXAMPLE, operations=tuple(endpoints),
    tables="CREATE TABLE IF NOT EXISTS example_notes (sandbox TEXT NOT NULL, text TEXT NOT NULL);",
    sandbox_tables=("example_notes",),
    on_request=_on_request, view_key=_variant,
    supplier_fields=lambda ctx: {"exampleSupplier": True},
    product_fields=lambda ctx, product: {"exampleVariant": _variant(ctx)},
    option_fields=lambda ctx, product, option: {"exampleOption": option.id},
    unit_fields=lambda ctx, product, unit: {"exampleUnit": unit.id},
    availability_fields=lambda ctx, slot, unit_ids, currency: {"exampleSlot": slot.id},
    calendar_fields=lambda ctx, product, option, unit_ids, currency: {"exampleDay": True},
    plan_booking=_plan_booking, booking_saved=_booking_saved, booking_fields=_booking_fields,
    unit_item_fields=lambda ctx, booking, plan, item: {"exampleTicket": item.unit_id},
)
EXAMPLE_INFO = schemas.CapabilityInfo(EXAMPLE, 1, ("octo/pricing",), "https://example.invalid/docs")
HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}", "Octo-Capabilities": f"octo/pricing, {EXAMPLE}"}


@pytest.fixture
def http(tmp_path):
    plugins = Plugins((*installed().installed, EXAMPLE_CAPABILITY), known=(*schemas.capabilities(), EXAMPLE_INFO))
    notified.clear()
    saved.clear()
    return create_app(MockConfig(db_path=str(tmp_path / "mock.sqlite3"), plugins=plugins)).test_client()


def _reserve(http, headers=HEADERS, **fields):
    day = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    slot = http.post("/octo/availability", headers=headers, json={
        "productId": "river-cruise", "optionId": "DEFAULT", "localDate": day}).get_json()[0]
    return http.post("/octo/bookings", headers=headers, json={
        "productId": "river-cruise", "optionId": "DEFAULT", "availabilityId": slot["id"],
        "unitItems": [{"unitId": "adult"}], **fields})


def test_it_is_listed_applied_and_echoed_only_with_its_dependency(http):
    listed = http.get("/octo/capabilities", headers=HEADERS).get_json()
    assert {"id": EXAMPLE, "revision": 1, "required": False, "dependencies": ["octo/pricing"],
            "docs": EXAMPLE_INFO.docs} in listed
    assert EXAMPLE in http.get("/octo/supplier", headers=HEADERS).headers["Octo-Capabilities"]
    alone = {**HEADERS, "Octo-Capabilities": EXAMPLE}
    assert http.get("/octo/supplier", headers=alone).headers["Octo-Capabilities"] == ""


def test_its_fields_appear_on_every_object_only_when_applied(http):
    supplier = http.get("/octo/supplier", headers=HEADERS).get_json()
    product = http.get("/octo/products", headers=HEADERS).get_json()[0]
    assert supplier["exampleSupplier"] is True and product["exampleVariant"] == "plain"
    assert product["options"][0]["exampleOption"] == "DEFAULT"
    assert product["options"][0]["units"][0]["exampleUnit"]
    booking = _reserve(http, exampleAnswer="yes").get_json()
    assert booking["exampleAnswer"] == "yes" and booking["availability"]["exampleSlot"]
    assert booking["unitItems"][0]["exampleTicket"] == "adult" and "pricing" in booking
    without = {**HEADERS, "Octo-Capabilities": "octo/pricing"}
    assert "exampleVariant" not in http.get("/octo/products", headers=without).get_json()[0]
    assert "exampleAnswer" not in _reserve(http, without).get_json()


def test_the_catalogue_view_follows_its_view_key_and_it_sets_response_headers(http):
    first = http.get("/octo/products", headers=HEADERS)
    fancy = http.get("/octo/products", headers={**HEADERS, "X-Example-Variant": "fancy"})
    assert first.headers["Example-Variant"] == "plain" and fancy.headers["Example-Variant"] == "fancy"
    assert first.get_json()[0]["exampleVariant"] == "plain" and fancy.get_json()[0]["exampleVariant"] == "fancy"


def test_its_plan_hook_refuses_a_confirmation_and_the_refusal_changes_nothing(http):
    booking = _reserve(http).get_json()
    refused = http.post(f"/octo/bookings/{booking['uuid']}/confirm", headers=HEADERS,
                        json={"contact": {"fullName": "Ada"}})
    assert refused.status_code == 400 and refused.get_json()["error"] == "UNPROCESSABLE_ENTITY"
    assert http.get(f"/octo/bookings/{booking['uuid']}", headers=HEADERS).get_json()["status"] == "ON_HOLD"
    confirmed = http.post(f"/octo/bookings/{booking['uuid']}/confirm", headers=HEADERS,
                          json={"contact": {"fullName": "Ada"}, FIELD: "ok"}).get_json()
    assert confirmed["status"] == "CONFIRMED" and confirmed[FIELD] == "ok"


def test_after_commit_work_runs_for_committed_changes_only(http):
    booking = _reserve(http).get_json()
    http.post(f"/octo/bookings/{booking['uuid']}/confirm", headers=HEADERS, json={"contact": {"fullName": "Ada"}})
    assert notified == [f"{booking['uuid']} ON_HOLD"]  # the refused confirmation rolled back, notified nothing
    http.post(f"/octo/bookings/{booking['uuid']}/cancel", headers=HEADERS, json={})
    assert saved[-1] == ("CANCELLED", False)  # a later change is not a creation


def test_its_operation_table_and_index_hook_work_and_reset_empties_its_table(http):
    _reserve(http)  # booking_saved wrote one row
    assert saved[-1] == ("ON_HOLD", True)  # a reservation's save is a creation
    assert http.post("/octo/example/notes?text=hi", headers=HEADERS).get_json() == {"notes": 2}
    refused = http.post("/octo/example/notes", headers={**HEADERS, "Octo-Capabilities": "octo/pricing"})
    assert refused.status_code == 400 and EXAMPLE in refused.get_json()["errorMessage"]
    http.post("/octo/_control/reset", headers=HEADERS)
    assert http.post("/octo/example/notes", headers=HEADERS).get_json() == {"notes": 1}
    assert "/example/notes" in http.get("/octo/openapi.json").get_json()["paths"]
