"""OCTO calls as the steps of a rule: navigate leniently, and say who is to blame.

A rule uses most calls as *steps* (set-up and reads of state): a step checks only what the
rule needs to go on (HTTP 200, a JSON body of the right kind, the ids and status it reads),
never the schema or the invariants, which have rules of their own. A step that fails raises
StepBlocked: the rule is *blocked*, and the report points to the rule that tests that step.

The call a rule is about goes through `api.tested`: the same checks, but a failure is the
rule's own (*failed*). Schemas and booking invariants are judged by the rules about them
(checks.valid, checks.booking_state, checks.unit_items_follow), once per object and shape.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from .checks import as_json, expect_json
from .client import OctoClient, Reply
from .failures import RuleViolation, StepBlocked


@dataclass(frozen=True)
class Step:
    """An OCTO call as a step, and the rule that judges it."""

    label: str
    tested_by: str
    status: str | tuple[str, ...] | None = None  # the booking status the step must leave


STEPS = {
    "products": Step("GET /products", "test_products_are_valid"),
    "product": Step("GET /products/{id}", "test_product_by_id_equals_list_entry"),
    "availability": Step("POST /availability", "test_check_by_range_is_valid"),
    "departure": Step("POST /availability by availabilityIds", "test_check_by_ids_round_trips"),
    "calendar": Step("POST /availability/calendar", "test_calendar_is_valid"),
    "reserve": Step("POST /bookings (reserve)", "test_reservation_is_on_hold", "ON_HOLD"),
    "reserve without uuid": Step("POST /bookings without uuid", "test_reservation_without_uuid_gets_one", "ON_HOLD"),
    "confirm": Step("POST /bookings/{uuid}/confirm", "test_confirmation_confirms", "CONFIRMED"),
    "update": Step("PATCH /bookings/{uuid}", "test_update_on_hold_booking"),
    "cancel": Step("POST /bookings/{uuid}/cancel", "test_cancel_with_post", "CANCELLED"),
    "cancel hold": Step("POST /bookings/{uuid}/cancel of a hold", "test_cancel_on_hold_booking", "CANCELLED"),
    "delete": Step("DELETE /bookings/{uuid}", "test_cancel_with_delete", "CANCELLED"),
    "extend": Step("POST /bookings/{uuid}/extend", "test_extend_moves_expiry", "ON_HOLD"),
    "get": Step("GET /bookings/{uuid}", "test_get_equals_latest_state"),
    "search": Step("GET /bookings", "test_list_by_reseller_reference"),
    "lookup": Step("GET /redemption/lookup", "test_lookup_by_supplier_reference"),
    "redeem": Step("POST /redemption/redeem", "test_redeem_marks_everything_redeemed"),
    "validate": Step("POST /redemption/validate", "test_validate_redeems"),
    "gift POST": Step("POST /gifts (reserve a gift)", "test_gift_reservation_is_on_hold"),
    "gift POST /confirm": Step("POST /gifts/{uuid}/confirm", "test_gift_confirmation"),
    "gift POST /extend": Step("POST /gifts/{uuid}/extend", "test_gift_extension"),
    "gift PATCH": Step("PATCH /gifts/{uuid}", "test_gift_update"),
    "gift DELETE": Step("DELETE /gifts/{uuid}", "test_gift_cancellation"),
    "gift GET": Step("GET /gifts/{uuid}", "test_get_and_list_gifts"),
    "gifts": Step("GET /gifts", "test_get_and_list_gifts"),
    "order get": Step("GET /orders/{id}", "test_reservation_starts_an_order"),
    "order create": Step("POST /orders (create an order)", "test_order_can_be_created"),
    "order confirm": Step("POST /orders/{id}/confirm", "test_confirming_an_order_confirms_every_booking"),
    "order cancel": Step("POST /orders/{id}/cancel", "test_cancelling_an_order_cancels_every_booking"),
    "order extend": Step("POST /orders/{id}/extend", "test_extending_an_order_holds_it_longer"),
    "webhook POST": Step("POST /webhooks (subscribe)", "test_a_subscription_is_made_and_listed"),
    "webhooks": Step("GET /webhooks", "test_a_subscription_is_made_and_listed"),
}


class Api:
    """The target's OCTO endpoints as steps (or, through `tested`, as the rule's own calls)."""

    def __init__(self, client: OctoClient, run_id: str, counter: itertools.count, judged: bool = False,
                 statuses: dict[str, str] | None = None):
        self.client = client
        self.run_id = run_id
        self._counter = counter  # shared by the whole run, so references never repeat
        self._judged = judged
        self._statuses = {} if statuses is None else statuses  # booking uuid -> the status last seen

    @property
    def tested(self) -> "Api":
        """The same calls, judged: a failure is the rule's own, not a blocked step."""
        return Api(self.client, self.run_id, self._counter, True, self._statuses)

    def with_key(self, api_key: str) -> "Api":
        """The same steps for another API key (a fresh sandbox)."""
        return Api(self.client.with_key(api_key), self.run_id, self._counter, self._judged, self._statuses)

    def reseller_reference(self) -> str:
        """A reseller reference that says which run made the booking."""
        return f"OCTOCONF-{self.run_id}-{next(self._counter)}"

    # --- catalogue and availability ------------------------------------------------

    def products(self) -> list[dict]:
        return self._objects("products", self.client.get("/products"), "id")

    def product(self, product_id: str) -> dict:
        return self._object("product", self.client.get(f"/products/{product_id}"), "id")

    def availability(self, body: dict) -> list[dict]:
        return self._objects("availability", self.client.post("/availability", body), "id")

    def search_departures(self, body: dict) -> list[dict]:
        """POST /availability as discovery sends it, to find test data: its exchanges are marked,
        so that a failure's proof shows the rule's own exchanges, not the search."""
        sent = len(self.client.log)
        try:
            return self.availability(body)
        finally:
            for exchange in self.client.log[sent:]:
                exchange.discovery = True

    def calendar(self, body: dict) -> list[dict]:
        return self._objects("calendar", self.client.post("/availability/calendar", body), "localDate")

    def departure(self, offer) -> dict:
        """The current availability of an offer's departure, found by its id."""
        reply = self.client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                                   "availabilityIds": [offer.availability_id]})
        found = self._objects("departure", reply, "id")
        ids = [a["id"] for a in found]
        if ids != [offer.availability_id]:
            self._fail("departure", f"exactly availability {offer.availability_id} returned by id", ids, reply)
        return found[0]

    # --- bookings ------------------------------------------------------------------

    def reserve(self, body: dict) -> dict:
        step = "reserve" if "uuid" in body else "reserve without uuid"
        return self._booking(step, self.client.post("/bookings", body))

    def confirm(self, booking_uuid: str, body: dict) -> dict:
        return self._booking("confirm", self.client.post(f"/bookings/{booking_uuid}/confirm", body))

    def update(self, booking_uuid: str, body: dict) -> dict:
        return self._booking("update", self.client.patch(f"/bookings/{booking_uuid}", body))

    def cancel(self, booking_uuid: str, reason: str | None = None, via_delete: bool = False) -> dict:
        body = {} if reason is None else {"reason": reason}
        if via_delete:
            return self._booking("delete", self.client.delete(f"/bookings/{booking_uuid}", body))
        step = "cancel hold" if self._statuses.get(booking_uuid) == "ON_HOLD" else "cancel"
        return self._booking(step, self.client.post(f"/bookings/{booking_uuid}/cancel", body))

    def extend(self, booking_uuid: str, body: dict) -> dict:
        return self._booking("extend", self.client.post(f"/bookings/{booking_uuid}/extend", body))

    def get(self, booking_uuid: str) -> dict:
        return self._booking("get", self.client.get(f"/bookings/{booking_uuid}"))

    def read_without(self, booking_uuid: str, capabilities: tuple[str, ...]) -> dict:
        """The booking read with fewer capabilities: the check of a rule about what a capability
        adds. When that read fails, reading it as every step does tells a broken GET
        /bookings/{uuid} (StepBlocked: the rule is blocked) from one that breaks only without
        the capabilities (the rule's own failure)."""
        seen = self.client.get(f"/bookings/{booking_uuid}", capabilities=capabilities)
        try:
            booking = seen.json() if seen.status == 200 else None
        except RuleViolation:
            booking = None
        if isinstance(booking, dict):
            return booking
        self.get(booking_uuid)
        raise RuleViolation(f"HTTP 200 with the booking, read without {self._dropped(capabilities)}",
                            f"HTTP {seen.status}: {seen.gist()}")

    def _dropped(self, capabilities: tuple[str, ...]) -> str:
        return ", ".join(c for c in self.client.capabilities if c not in capabilities) or "no capability"

    def search(self, params: dict) -> list[dict]:
        return self._objects("search", self.client.get("/bookings", params=params), "uuid")

    def confirmed(self, offer, people, **reservation) -> dict:
        """Reserve and confirm an offer with a fresh contact; the reseller reference (a fresh one
        unless given) is sent with both, as seed 002 says it is set at confirmation."""
        reference = reservation.pop("resellerReference", None) or self.reseller_reference()
        booking = self.reserve(offer.reservation(reference, **reservation))
        return self.confirm(booking["uuid"], {"contact": people.contact(), "resellerReference": reference})

    # --- redemption ----------------------------------------------------------------

    def lookup(self, reference: str) -> list[dict]:
        """GET /redemption/lookup: the bookings a scanned code names."""
        return self._objects("lookup", self.client.get("/redemption/lookup", params={"reference": reference}),
                             "uuid")

    def redeem(self, code: str | list[str]) -> dict | list[dict]:
        """POST /redemption/redeem with one code (a booking back) or several (an array back)."""
        reply = self.client.post("/redemption/redeem", {"redemptionCode": code})
        if isinstance(code, list):
            return self._objects("redeem", reply, "uuid")
        return self._object("redeem", reply, "uuid")

    def validate(self, code: str) -> dict:
        """POST /redemption/validate."""
        return self._object("validate", self.client.post("/redemption/validate", {"redemptionCode": code}), "uuid")

    # --- gifts ---------------------------------------------------------------------

    def gift(self, method: str, path: str = "", body: object = None) -> dict:
        """One /gifts call whose answer must be a gift."""
        step = f"gift {method}" + ("" if path.count("/") < 2 else "/" + path.rsplit("/", 1)[-1])
        if method == "GET":
            return self._object(step, self.client.get("/gifts" + path), "uuid")
        return self._object(step, self.client.request(method, "/gifts" + path, {} if body is None else body), "uuid")

    def gifts(self, params: dict) -> list[dict]:
        """GET /gifts with filters."""
        return self._objects("gifts", self.client.get("/gifts", params=params), "uuid")

    def confirmed_gift(self, people, amount: int, currency: str) -> dict:
        """Reserve and confirm a gift voucher of `amount` minor units."""
        reference = self.reseller_reference()  # sent with both: seed 003 sets it at confirmation
        gift = self.gift("POST", "", {"amount": amount, "currency": currency, "resellerReference": reference,
                                      "recipient": {"fullName": people.contact()["fullName"]}})
        return self.gift("POST", f"/{gift['uuid']}/confirm", {"contact": people.contact(),
                                                              "resellerReference": reference})

    # --- orders (octo/cart) ----------------------------------------------------------

    def order(self, action: str, path: str, body: object = None, also: tuple[str, str] | None = None) -> dict:
        """One order call whose answer must be an order: action get, create, confirm, cancel or
        extend, at `path` (the target's spelling, /orders… or /order…); `also`, (method, path) of
        another spelling to try when the first does not answer 200 (DELETE /orders/{id} to cancel)."""
        reply = (self.client.get(path) if action == "get"
                 else self.client.post(path, {} if body is None else body))
        if reply.status != 200 and also is not None:
            reply = self.client.request(also[0], also[1], {} if body is None else body)
        return self._object(f"order {action}", reply, "id")

    # --- webhooks ------------------------------------------------------------------

    def subscribe(self, body: dict) -> dict:
        """POST /webhooks: a subscription."""
        return self._object("webhook POST", self.client.post("/webhooks", body), "id")

    def webhooks(self) -> list[dict]:
        """GET /webhooks: the caller's subscriptions."""
        return self._objects("webhooks", self.client.get("/webhooks"), "id")

    # --- what every step checks ----------------------------------------------------

    def _json(self, step: str, reply: Reply) -> object:
        if reply.status != 200:
            self._fail(step, f"HTTP 200 from {reply.exchange.method} {reply.exchange.url}",
                       f"HTTP {reply.status}: {reply.gist()}", reply)
        try:
            expect_json(reply)
            return reply.json()
        except RuleViolation as exc:
            self._fail(step, exc.expected, exc.seen, reply)

    def _object(self, step: str, reply: Reply, key: str) -> dict:
        data = self._json(step, reply)
        if not isinstance(data, dict) or not isinstance(data.get(key), str):
            self._fail(step, f"a JSON object with a string {as_json(key)}", reply.gist(), reply)
        return data

    def _objects(self, step: str, reply: Reply, key: str) -> list[dict]:
        data = self._json(step, reply)
        if not isinstance(data, list) or not all(isinstance(i, dict) and isinstance(i.get(key), str) for i in data):
            self._fail(step, f"a JSON array of objects, each with a string {as_json(key)}", reply.gist(), reply)
        return data

    def _booking(self, step: str, reply: Reply) -> dict:
        booking = self._object(step, reply, "uuid")
        self._statuses[booking["uuid"]] = booking.get("status")
        wanted = STEPS[step].status
        if wanted is not None and booking.get("status") != wanted:
            self._fail(step, f"status {wanted} after {STEPS[step].label}", f"status {as_json(booking.get('status'))}", reply)
        return booking

    def _fail(self, step: str, expected: str, seen: object, reply: Reply):
        if self._judged:
            raise RuleViolation(expected, str(seen))
        known = STEPS[step]
        raise StepBlocked(known.label, known.tested_by, expected, str(seen), reply.exchange)
