"""octo/cart rules (SPEC-CAPABILITIES §5): orders of several bookings, started by a reservation
without orderId and joined by one with it, confirmed, cancelled and extended whole.

Sources: Ventrata's OpenAPI (VY: BookingCart, Order, the /order… paths), Ventrata's cart page
(the /orders… paths, DELETE to cancel), the v1 types and the official mock, as digested in
docs/SPEC-CAPABILITIES.md §5. Paths: a target may serve /orders… (Ventrata's docs, the official
mock) or /order… (Ventrata's OpenAPI); the rules find which from the first order they read, and
cancel with POST …/cancel or, failing that, DELETE /orders/{id}.
"""
from __future__ import annotations

import pytest

from suites.plugin.checks import as_json, capability_valid, expect, expect_equal, expect_held_for, octo_error, valid
from suites.plugin.discovery import currencies_of
from suites.plugin.failures import RuleViolation, StepBlocked

pytestmark = pytest.mark.capability("octo/cart")

CART = "octo/cart"
ROOTS = ("/orders", "/order")  # Ventrata's docs and the official mock; Ventrata's OpenAPI
UNKNOWN_ORDER = "00000000-0000-4000-8000-00000000c0de"
REFUSED = ("BAD_REQUEST", "UNPROCESSABLE_ENTITY")


# --- orders as steps ------------------------------------------------------------------------------


def order_id_of(booking: dict) -> str:
    """The orderId a booking carries (a booking without one blocks the rule: the order rules judge it)."""
    order_id = booking.get("orderId")
    if not isinstance(order_id, str) or not order_id:
        raise StepBlocked("POST /bookings (its orderId)", "test_reservation_starts_an_order",
                          "a booking with a string orderId", f"orderId = {as_json(order_id)}")
    return order_id


def root_of(api, order_id: str) -> str:
    """The path the target serves orders under, /orders or /order, found by reading this order;
    when neither answers it, GET /orders/{id} fails as its step does."""
    for root in ROOTS:
        reply = api.client.get(f"{root}/{order_id}")
        try:
            if reply.status == 200 and isinstance(reply.json(), dict) and reply.json().get("id") == order_id:
                return root
        except RuleViolation:
            continue
    order = api.order("get", f"{ROOTS[0]}/{order_id}")
    raise StepBlocked("GET /orders/{id}", "test_reservation_starts_an_order", f"the order {order_id}",
                      f"id = {as_json(order.get('id'))}")


class Order:
    """An order the rule made: its id, the path it is served at, its bookings as reserved."""

    def __init__(self, api, order_id: str, root: str, bookings: list[dict]):
        self.api, self.id, self.root, self.bookings = api, order_id, root, bookings

    @property
    def path(self) -> str:
        return f"{self.root}/{self.id}"

    def get(self, api=None) -> dict:
        return (api or self.api).order("get", self.path)

    def confirm(self, contact: dict, api=None) -> dict:
        return (api or self.api).order("confirm", f"{self.path}/confirm", {"contact": contact})

    def cancel(self, reason: str, api=None) -> dict:
        return (api or self.api).order("cancel", f"{self.path}/cancel", {"reason": reason},
                                       also=("DELETE", self.path))


def start_order(api, offer, tested: bool = False) -> Order:
    """Reserve the offer without orderId: the order it starts."""
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    order_id = order_id_of(booking)
    return Order(api, order_id, root_of(api.tested if tested else api, order_id), [booking])


def join(order: Order, offer, api=None) -> dict:
    """Reserve the offer into the order (a booking that lands elsewhere blocks the rule)."""
    api = api or order.api
    booking = api.reserve(offer.reservation(api.reseller_reference(), orderId=order.id))
    if booking.get("orderId") != order.id and api is order.api:
        raise StepBlocked("POST /bookings with orderId (join an order)", "test_reservation_joins_an_order",
                          f"orderId = {as_json(order.id)}", f"orderId = {as_json(booking.get('orderId'))}")
    order.bookings.append(booking)
    return booking


def two_booking_order(api, offer) -> Order:
    order = start_order(api, offer)
    join(order, offer)
    return order


def uuids(bookings: list) -> list:
    return sorted(b.get("uuid") for b in bookings if isinstance(b, dict))


def expect_listed(order: dict, made: Order, status: str, what: str) -> None:
    """The order's answer lists every booking made in it, each `status`."""
    listed = order.get("bookings")
    expect(isinstance(listed, list), f"{what}: the order's bookings listed", as_json(listed))
    expect_equal(uuids(listed), uuids(made.bookings), f"{what}: the uuids of the order's bookings")
    expect_equal({b.get("uuid"): b.get("status") for b in listed}, {b["uuid"]: status for b in made.bookings},
                 f"{what}: the status of each booking in the order's answer")


def expect_bookings(order: dict, made: Order, status: str, what: str) -> None:
    """The order lists every booking made in it, each `status` in the order's answer and read back."""
    expect_listed(order, made, status, what)
    read = {b["uuid"]: made.api.get(b["uuid"]).get("status") for b in made.bookings}
    expect_equal(read, {b["uuid"]: status for b in made.bookings}, f"{what}: each booking's status read back")


# --- starting, joining, creating -----------------------------------------------------------------


def test_reservation_starts_an_order(api, discover):
    """A reservation without orderId starts an ON_HOLD order: the booking carries orderId, orderReference and primary true, and GET /orders/{id} answers a valid Order listing it (SPEC-CAPABILITIES §5.2-5.3: Ventrata's OpenAPI BookingCart and Order, the v1 types, the official mock).

    The order may be served at /orders/{id} (Ventrata's docs, the official mock) or /order/{id}
    (Ventrata's OpenAPI)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    capability_valid("booking", booking, CART)
    expect(booking.get("primary") is True, "primary true on the booking that started the order",
           f"primary = {as_json(booking.get('primary'))}")
    order_id = booking["orderId"]
    root = root_of(api.tested, order_id)
    order = api.tested.order("get", f"{root}/{order_id}")
    valid("order", order)
    expect_equal(order.get("status"), "ON_HOLD", "the order's status")
    expect_equal(uuids(order.get("bookings") or []), [booking["uuid"]], "the uuids of the order's bookings")


def test_reservation_joins_an_order(api, discover):
    """A reservation with orderId joins that order: the booking carries the same orderId and primary false, and the order lists both bookings (SPEC-CAPABILITIES §5.2: Ventrata's cart page, the v1 types; primary is true only for the booking that created the order)."""
    offer = discover.offer(bookings=2)
    order = start_order(api, offer)
    second = api.tested.reserve(offer.reservation(api.reseller_reference(), orderId=order.id))
    expect_equal(second.get("orderId"), order.id, "the joining booking's orderId")
    expect(second.get("primary") is False, "primary false on a booking that joined an order",
           f"primary = {as_json(second.get('primary'))}")
    order.bookings.append(second)
    expect_equal(uuids(order.get(api.tested).get("bookings") or []), uuids(order.bookings),
                 "the uuids of the order's bookings")


def test_order_can_be_created(api, client):
    """POST /orders (or POST /order) creates an empty ON_HOLD order, a valid Order that bookings can then join (SPEC-CAPABILITIES §5.1, §5.4: Ventrata's docs and OpenAPI; the official mock has no such route)."""
    replies = []
    for root in ROOTS:
        reply = client.post(root, {})
        replies.append(f"POST {root}: HTTP {reply.status}: {reply.gist()}")
        if reply.status == 200:
            break
    expect(reply.status == 200, "HTTP 200 with a new order from POST /orders or POST /order", "\n".join(replies))
    order = api.tested.order("create", root)
    valid("order", order)
    expect_equal((order.get("status"), order.get("bookings")), ("ON_HOLD", []), "the new order's (status, bookings)")


# --- confirming ---------------------------------------------------------------------------------------


def test_confirming_an_order_confirms_every_booking(api, discover, people):
    """Confirming an order confirms it and every booking in it: the order CONFIRMED, each booking CONFIRMED in its answer and when read back (SPEC-CAPABILITIES §5.5: "Confirms the order and all the bookings it contains"; the official mock answers before its bookings are confirmed)."""
    order = two_booking_order(api, discover.offer(bookings=2))
    confirmed = order.confirm(people.contact(), api.tested)
    expect_equal(confirmed.get("status"), "CONFIRMED", "the order's status after its confirmation")
    expect_bookings(confirmed, order, "CONFIRMED", "after the order's confirmation")


def test_booking_that_cannot_be_confirmed_leaves_the_order_unconfirmed(api, client, discover, people):
    """An order with a booking that cannot be confirmed (its option's required contact fields missing) is not confirmed at all: the confirmation is refused and every booking stays ON_HOLD (SPEC-CAPABILITIES §5.5, Rec: confirm is all or nothing; no source allows a partial confirmation).

    The confirmable booking comes first in the order, the other second. The refusal may be
    UNPROCESSABLE_ENTITY or BAD_REQUEST. A target that confirms the booking without its required
    contact fields makes nothing unconfirmable: the rule is skipped (the core rule
    test_confirmation_without_required_contact_is_refused judges that)."""
    needy = discover.offer(shape="REQUIRED_CONTACT")
    currency = currencies_of(needy.product)[:1]
    plain = discover.offer(option_filter=lambda p, o: not o.get("requiredContactFields")
                           and currencies_of(p)[:1] == currency,
                           need="option without requiredContactFields, in the currency of one with them")
    order = start_order(api, plain)
    join(order, needy)
    required = set(needy.option.get("requiredContactFields") or [])
    contact = {k: v for k, v in people.contact().items()
               if k not in required and not (k == "fullName" and required & {"firstName", "lastName"})}
    reply = client.post(f"{order.path}/confirm", {"contact": contact})
    statuses = {b["uuid"]: api.get(b["uuid"]).get("status") for b in order.bookings}
    if reply.status == 200 and set(statuses.values()) == {"CONFIRMED"}:
        pytest.skip(f"the target confirmed a booking of {needy.product_id}/{needy.option_id} without its required "
                    f"contact fields {sorted(required)}: no booking of the order could be kept from confirming")
    expect_equal(statuses, {b["uuid"]: "ON_HOLD" for b in order.bookings},
                 "each booking's status after a confirmation one of them could not take")
    octo_error(reply, REFUSED)
    expect(order.get().get("status") != "CONFIRMED", "the order not CONFIRMED", "status CONFIRMED")


def test_order_total_equals_its_bookings(api, client, discover):
    """With octo/pricing, an order's pricing is the sum of its bookings': retail, original and net, in their currency (SPEC-CAPABILITIES §5.3: Ventrata's OpenAPI Order.pricing, the sum of the bookings)."""
    if "octo/pricing" not in client.capabilities:
        pytest.skip("needs octo/pricing, which this run does not apply")
    offer = discover.offer(bookings=2)
    order = two_booking_order(api, offer)
    answer = order.get(api.tested)
    pricing = answer.get("pricing")
    expect(isinstance(pricing, dict), "the order's pricing object", as_json(pricing))
    # The bookings as the same answer lists them (a total and its parts read at one moment), else as reserved.
    listed = [b.get("pricing") for b in answer.get("bookings") or [] if isinstance(b, dict)]
    prices = listed if len(listed) == len(order.bookings) and all(isinstance(p, dict) for p in listed) \
        else [b.get("pricing") or {} for b in order.bookings]
    for field in ("retail", "original", "net"):
        amounts = [p.get(field) for p in prices]
        if all(isinstance(a, int) for a in amounts):
            expect_equal(pricing.get(field), sum(amounts), f"the order's pricing.{field} (its bookings': {amounts})")
    expect_equal(pricing.get("currency"), prices[0].get("currency"), "the order's pricing.currency")


# --- cancelling ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["ON_HOLD", "CONFIRMED"])
def test_cancelling_an_order_cancels_every_booking(api, discover, people, state):
    """Cancelling an order, on hold or confirmed, cancels it and every booking in it (CANCELLED, not EXPIRED) and gives every seat back (SPEC-CAPABILITIES §5.5: "cancels the order and any bookings inside it"; Rec: an ON_HOLD order is CANCELLED; the official mock answers EXPIRED and does not wait for its bookings).

    POST /orders/{id}/cancel (the official mock, Ventrata's OpenAPI) or DELETE /orders/{id}
    (Ventrata's newer docs)."""
    offer = discover.offer(bookings=2, slot_filter=lambda s: isinstance(s.get("vacancies"), int),
                           need="departure with a capacity")
    before = api.departure(offer)["vacancies"]
    order = two_booking_order(api, offer)
    if state == "CONFIRMED":
        order.confirm(people.contact())
    cancelled = order.cancel("plans changed", api.tested)
    expect_equal(cancelled.get("status"), "CANCELLED", f"the status of a cancelled {state} order")
    expect_bookings(cancelled, order, "CANCELLED", f"after cancelling an {state} order")
    expect_equal(api.departure(offer)["vacancies"], before, "vacancies after the order was cancelled")


@pytest.mark.parametrize("action", ["confirm", "cancel"])
def test_order_confirm_and_cancel_are_idempotent(api, discover, people, action):
    """Confirming a confirmed order, or cancelling a cancelled one, answers the order unchanged (SPEC-CAPABILITIES §5.5: the official mock returns a CONFIRMED order, and a CANCELLED one, as it is)."""
    order = two_booking_order(api, discover.offer(bookings=2))
    contact = people.contact()
    first = order.confirm(contact) if action == "confirm" else order.cancel("plans changed")
    again = order.confirm(contact, api.tested) if action == "confirm" else order.cancel("plans changed", api.tested)
    status = "CONFIRMED" if action == "confirm" else "CANCELLED"
    expect_equal(again.get("status"), status, f"the order's status after a second {action}")
    expect_equal(again.get("utcConfirmedAt"), first.get("utcConfirmedAt"), f"utcConfirmedAt after a second {action}")
    # The answer alone: whether each booking reads back so is the rule above's to judge.
    expect_listed(again, order, status, f"after a second {action}")


# --- extending -------------------------------------------------------------------------------------------


def test_extending_an_order_holds_it_longer(api, discover):
    """POST /orders/{id}/extend with expirationMinutes holds an ON_HOLD order that long from now (SPEC-CAPABILITIES §5.4-5.5: Ventrata's cart page and OpenAPI, the official mock: a new utcExpiresAt)."""
    order = start_order(api, discover.offer())
    extended = api.tested.order("extend", f"{order.path}/extend", {"expirationMinutes": 90})
    expect_equal(extended.get("status"), "ON_HOLD", "the extended order's status")
    expect_held_for(extended, 90, "utcUpdatedAt")


# --- refusals and the capability ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["read", "join"])
def test_unknown_order_is_invalid_order_id(api, client, discover, where):
    """An order id the target does not know, read or joined by a reservation, is refused INVALID_ORDER_ID echoing it as id (or orderId) (SPEC-CAPABILITIES §5.6: the official mock's InvalidOrderIdError, the only source with an order error).

    read: GET of the unknown id under the path the target serves orders at. join: a
    reservation whose orderId is unknown."""
    offer = discover.offer()
    if where == "read":
        root = start_order(api, offer).root
        reply = client.get(f"{root}/{UNKNOWN_ORDER}")
    else:
        reply = client.post("/bookings", offer.reservation(api.reseller_reference(), orderId=UNKNOWN_ORDER))
    body = octo_error(reply, "INVALID_ORDER_ID")
    expect(UNKNOWN_ORDER in (body.get("id"), body.get("orderId")), f"the error to echo id = {as_json(UNKNOWN_ORDER)}",
           as_json(body))


def test_cart_fields_need_the_capability(api, client, discover):
    """Without octo/cart requested, a reservation's answer carries no orderId, orderReference or primary (SPEC-CAPABILITIES §0: capability fields only when requested; the official mock adds them to every POST /bookings).

    They may be absent or null."""
    without = tuple(c for c in client.capabilities if c != CART)
    reply = client.post("/bookings", discover.offer().reservation(api.reseller_reference()), capabilities=without)
    if reply.status != 200:
        raise StepBlocked("POST /bookings without octo/cart", "test_reservation_is_on_hold", "HTTP 200 with the booking",
                          f"HTTP {reply.status}: {reply.gist()}", reply.exchange)
    booking = reply.json()
    shown = {k: booking.get(k) for k in ("orderId", "orderReference", "primary") if booking.get(k) is not None}
    expect(not shown, "no octo/cart fields without octo/cart", as_json(shown))
