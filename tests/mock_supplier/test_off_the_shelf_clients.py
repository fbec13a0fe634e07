"""Off-the-shelf clients against the seeded catalogue: what the official OCTO validator
(octotravel/validator, supplier mode) sends, three runs in a row on one mock, must all succeed.

The validator is not ours and does not play fair with inventory: it books the default option
of the first START_TIME product that has more than one available departure in the next 30 days,
on one departure, about fifteen times a run, and never releases a hold (30-minute holds outlive
the run). Each order is of the option's ADULT unit (else its first), a count drawn between
`minUnits || 1` and `maxUnits ?? 5` (Math.random in older versions, seeded by the option id in
newer ones): here always the top of that range, the worst case. Some of its confirmations send
a contact with only fullName; one booking is moved to another departure of the same option,
one to the second such product. It flags `restrictions.minUnits` that is not an integer (null)
as CRITICAL, and reads only the default option's availability.

None of this is a rule the mock bends: the seeded catalogue puts products that can take it first
(README: the seeded catalogue). The reservations it means to be refused (SOLD_OUT, unknown ids,
no unit items) must still be refused, with the codes it expects.
"""
from __future__ import annotations

from datetime import timedelta

from tests.harness import sandbox_today

RUNS = 3
WINDOW_DAYS = 30  # localDateStart today, localDateEnd today + 30
AVAILABLE = ("AVAILABLE", "FREESALE", "LIMITED")
FULL_CONTACT = {"firstName": "John", "lastName": "Doe", "emailAddress": "johndoe@mail.com",
                "fullName": "John Doe", "notes": "Test note"}
NAME_ONLY = {"fullName": "John Doe"}  # the list scenarios' confirmations


class Bookable:
    """A product as the validator books it: its default option, one unit, a departure it keeps."""

    def __init__(self, product: dict, slots: list[dict]):
        self.product = product
        self.option = next((o for o in product["options"] if o.get("default")), product["options"][0])
        self.unit = next((u for u in self.option["units"] if u["type"] == "ADULT"), self.option["units"][0])
        self.slot_ids = [s["id"] for s in slots]

    @property
    def departure(self) -> str:
        """The one departure it books (newer versions pick it by the list's length alone; the
        middle of the list stays clear of today's cutoffs)."""
        return self.slot_ids[len(self.slot_ids) // 2]

    def other_departure(self, taken: str) -> str:
        others = [i for i in self.slot_ids if i != taken]
        return others[len(others) // 2]

    def quantity(self) -> int:
        restrictions = self.option["restrictions"]
        return restrictions["maxUnits"] if restrictions["maxUnits"] is not None else 5

    def unit_items(self, quantity: int | None = None) -> list[dict]:
        return [{"unitId": self.unit["id"]}] * (quantity or self.quantity())

    def reservation(self, quantity: int | None = None, **changes) -> dict:
        body = {"productId": self.product["id"], "optionId": self.option["id"],
                "availabilityId": changes.pop("availabilityId", None) or self.departure,
                "unitItems": self.unit_items(quantity)}
        body.update(changes)
        return {k: v for k, v in body.items() if v is not None}


class Validator:
    """One validator run: every request it makes, each answer checked as it checks it, more strictly."""

    def __init__(self, client):
        self.client = client
        self.today = sandbox_today(client)

    def run(self) -> int:
        """The run; returns how many reservations it made."""
        self.reservations = 0
        self.client.get("/supplier").ok()
        products = self.client.get("/products").ok()
        _check_products(products)
        self.client.get(f"/products/{products[0]['id']}").ok()
        self.client.get("/products/invalidProductId").error("INVALID_PRODUCT_ID", productId="invalidProductId")
        start_time = [p for p in products if p["availabilityType"] == "START_TIME"]
        opening_hours = [p for p in products if p["availabilityType"] == "OPENING_HOURS"]
        available, sold_out = [], None
        for group in (start_time, opening_hours):
            for product in group:
                slots = self._availability(product)
                if sold_out is None and group is start_time:
                    full = next((s for s in slots if s["status"] == "SOLD_OUT"), None)
                    sold_out = (Bookable(product, []), full["id"]) if full else None
                bookable = [s for s in slots if s["available"] and s["status"] in AVAILABLE]
                if len(bookable) > 1:
                    available.append(Bookable(product, bookable))
        assert len(available) >= 2, "the validator needs two bookable products to move a booking between"
        first, second = available[0], available[1]
        assert first.product["availabilityType"] == second.product["availabilityType"] == "START_TIME"
        self._reservation_flow(first, sold_out)
        self._extend_flow(first)
        self._confirmation_flow(first)
        self._update_flow(first, second)
        self._cancellation_flow(first)
        self._get_flow(first)
        self._list_flow(first)
        return self.reservations

    def _availability(self, product: dict) -> list[dict]:
        option = next((o for o in product["options"] if o.get("default")), product["options"][0])
        return self.client.post("/availability", {
            "productId": product["id"], "optionId": option["id"], "localDateStart": self.today.isoformat(),
            "localDateEnd": (self.today + timedelta(days=WINDOW_DAYS)).isoformat()}).ok()

    def reserve(self, bookable: Bookable, quantity: int | None = None, **changes) -> dict:
        booking = self.client.post("/bookings", bookable.reservation(quantity, **changes)).ok()
        assert booking["status"] == "ON_HOLD"
        self.reservations += 1
        return booking

    def confirm(self, booking: dict, contact: dict, **fields) -> dict:
        body = {"contact": contact, "resellerReference": f"VAL-{booking['uuid'][:8]}", **fields}
        confirmed = self.client.post(f"/bookings/{booking['uuid']}/confirm", body).ok()
        assert confirmed["status"] == "CONFIRMED" and confirmed["utcConfirmedAt"]
        assert confirmed["utcExpiresAt"] is None and confirmed["cancellation"] is None
        return confirmed

    def _reservation_flow(self, first: Bookable, sold_out) -> None:
        self.reserve(first)
        if sold_out is not None:
            bookable, availability_id = sold_out
            self.client.post("/bookings", bookable.reservation(availabilityId=availability_id)).error(
                "UNPROCESSABLE_ENTITY")
        refused = self.client.post
        refused("/bookings", first.reservation(productId="invalidProductId")).error(
            "INVALID_PRODUCT_ID", productId="invalidProductId")
        refused("/bookings", first.reservation(optionId="invalidOptionId")).error(
            "INVALID_OPTION_ID", optionId="invalidOptionId")
        refused("/bookings", first.reservation(availabilityId="invalidAvailabilityId")).error(
            "INVALID_AVAILABILITY_ID", availabilityId="invalidAvailabilityId")
        missing = first.reservation()
        del missing["unitItems"]
        refused("/bookings", missing).error("UNPROCESSABLE_ENTITY")
        refused("/bookings", first.reservation(unitItems=[])).error("UNPROCESSABLE_ENTITY")
        refused("/bookings", first.reservation(unitItems=[{"unitId": "invalidUnitId"}])).error(
            "INVALID_UNIT_ID", unitId="invalidUnitId")

    def _extend_flow(self, first: Bookable) -> None:
        booking = self.reserve(first)
        extended = self.client.post(f"/bookings/{booking['uuid']}/extend", {"expirationMinutes": 31}).ok()
        assert extended["status"] == "ON_HOLD" and extended["utcExpiresAt"] > booking["utcExpiresAt"]
        self.client.post("/bookings/invalidUUID/extend", {"expirationMinutes": 31}).error(
            "INVALID_BOOKING_UUID", uuid="invalidUUID")

    def _confirmation_flow(self, first: Bookable) -> None:
        self.confirm(self.reserve(first), FULL_CONTACT)
        grown = self.confirm(self.reserve(first, 2), FULL_CONTACT, unitItems=first.unit_items(3))
        assert len(grown["unitItems"]) == 3
        self.client.post("/bookings/invalidUUID/confirm", {"contact": FULL_CONTACT}).error(
            "INVALID_BOOKING_UUID", uuid="invalidUUID")
        booking = self.reserve(first, 2)
        self.client.post(f"/bookings/{booking['uuid']}/confirm", {
            "contact": FULL_CONTACT, "unitItems": [{"unitId": "invalidUnitId"}] * 2}).error(
            "INVALID_UNIT_ID", unitId="invalidUnitId")

    def _update_flow(self, first: Bookable, second: Bookable) -> None:
        booking = self.reserve(first)
        moved = self.client.patch(f"/bookings/{booking['uuid']}", {
            "availabilityId": first.other_departure(booking["availabilityId"])}).ok()
        assert moved["availabilityId"] != booking["availabilityId"]
        booking = self.reserve(first, 2)
        assert len(self.client.patch(f"/bookings/{booking['uuid']}", {
            "unitItems": first.unit_items(3)}).ok()["unitItems"]) == 3
        booking = self.reserve(first)
        self.client.patch(f"/bookings/{booking['uuid']}", {"contact": {
            "fullName": "John Doe", "firstName": "John", "lastName": "Doe", "emailAddress": "johndoe@email.com",
            "phoneNumber": "+00000000", "country": "GB", "notes": "Test notes contact", "locales": ["en"]},
            "notes": "Test note"}).ok()
        booking = self.reserve(first)
        rebooked = self.client.patch(f"/bookings/{booking['uuid']}", {
            "productId": second.product["id"], "optionId": second.option["id"],
            "unitItems": second.unit_items(), "availabilityId": second.departure}).ok()
        assert rebooked["productId"] == second.product["id"]

    def _cancellation_flow(self, first: Bookable) -> None:
        booking = self.reserve(first)
        self.client.delete(f"/bookings/{booking['uuid']}", {"reason": "Reason for cancellation"}).ok()
        booking = self.confirm(self.reserve(first), FULL_CONTACT)
        cancelled = self.client.delete(f"/bookings/{booking['uuid']}", {"reason": "Reason for cancellation"}).ok()
        assert cancelled["status"] == "CANCELLED" and cancelled["cancellation"]["reason"] == "Reason for cancellation"
        self.client.delete("/bookings/invalidUUID", {"reason": "Reason for cancellation"}).error(
            "INVALID_BOOKING_UUID", uuid="invalidUUID")

    def _get_flow(self, first: Bookable) -> None:
        booking = self.reserve(first)
        assert self.client.get(f"/bookings/{booking['uuid']}").ok()["status"] == "ON_HOLD"
        booking = self.confirm(self.reserve(first), FULL_CONTACT)
        assert self.client.get(f"/bookings/{booking['uuid']}").ok()["status"] == "CONFIRMED"
        self.client.get("/bookings/invalidUUID").error("INVALID_BOOKING_UUID", uuid="invalidUUID")

    def _list_flow(self, first: Bookable) -> None:
        booking = self.confirm(self.reserve(first), NAME_ONLY)
        listed = self.client.get("/bookings", {"supplierReference": booking["supplierReference"]}).ok()
        assert [b["uuid"] for b in listed] == [booking["uuid"]]
        booking = self.reserve(first)
        reference = "RESREFnull"  # `RESREF${reservation.resellerReference}`: the same in every run
        self.confirm(booking, NAME_ONLY, resellerReference=reference)
        listed = self.client.get("/bookings", {"resellerReference": reference}).ok()
        assert booking["uuid"] in [b["uuid"] for b in listed]
        self.client.get("/bookings").error("BAD_REQUEST")


def _check_products(products: list[dict]) -> None:
    """What the validator holds CRITICAL in GET /products (besides the schema the client checks)."""
    assert products, "the validator stops at an empty catalogue"
    for product in products:
        for option in product["options"]:
            where = f"{product['id']}/{option['id']}"
            assert isinstance(option["restrictions"]["minUnits"], int), f"{where}: minUnits must be an integer"
            assert option["restrictions"]["maxUnits"] is None or isinstance(option["restrictions"]["maxUnits"], int)
            if product["availabilityType"] == "START_TIME":
                assert option["availabilityLocalStartTimes"], where
            for unit in option["units"]:
                r = unit["restrictions"]
                assert all(isinstance(r[k], int) for k in ("minAge", "maxAge", "paxCount")), f"{where}/{unit['id']}"


def test_three_validator_runs_in_a_row_all_succeed(client):
    """Three runs on the same mock, none releasing its holds: every reservation and confirmation
    it means to succeed does, every refusal it expects comes with its code."""
    made = [Validator(client).run() for _ in range(RUNS)]
    assert all(count >= 15 for count in made), made


def test_the_first_product_the_validator_books_has_room_for_three_runs(client):
    """The margin, in numbers: three runs' worth of maxUnits orders on one departure, with room left."""
    products = client.get("/products").ok()
    first = next(p for p in products if p["availabilityType"] == "START_TIME")
    bookable = Bookable(first, [])
    per_run = 16 * bookable.quantity()  # an upper bound: 16 orders a run, none released or moved away
    today = sandbox_today(client)
    slots = client.post("/availability", {"productId": first["id"], "optionId": bookable.option["id"],
                                          "localDateStart": today.isoformat(),
                                          "localDateEnd": (today + timedelta(days=WINDOW_DAYS)).isoformat()}).ok()
    assert slots and all(s["capacity"] is None or s["capacity"] >= RUNS * per_run for s in slots)
