"""OCTO calls with their checks built in, for the steps of a test that must simply work.

Each call validates the answer against the schemas (for the capabilities asked) and, for
bookings, the state invariants and the stability of supplierReference. The rule under test
is then asserted by the test itself; a failure in a step names the step's own rule.
"""
from __future__ import annotations

import itertools

from .checks import booking_invariants, expect, ok
from .client import OctoClient


class Api:
    """The target's OCTO endpoints as checked steps."""

    def __init__(self, client: OctoClient, run_id: str, references: dict[str, str], counter: itertools.count):
        self.client = client
        self.run_id = run_id
        self._references = references  # booking uuid -> the supplierReference first seen
        self._counter = counter  # shared by the whole run, so references never repeat

    def with_key(self, api_key: str) -> "Api":
        """The same steps for another API key (a fresh sandbox)."""
        return Api(self.client.with_key(api_key), self.run_id, self._references, self._counter)

    def reseller_reference(self) -> str:
        """A reseller reference that says which run made the booking."""
        return f"OCTOCONF-{self.run_id}-{next(self._counter)}"

    def products(self) -> list[dict]:
        return ok(self.client.get("/products"), "product", many=True)

    def product(self, product_id: str) -> dict:
        return ok(self.client.get(f"/products/{product_id}"), "product")

    def availability(self, body: dict) -> list[dict]:
        return ok(self.client.post("/availability", body), "availability", many=True)

    def calendar(self, body: dict) -> list[dict]:
        return ok(self.client.post("/availability/calendar", body), "availability-calendar-day", many=True)

    def departure(self, offer) -> dict:
        """The current availability of an offer's departure, found by its id."""
        found = self.availability({"productId": offer.product_id, "optionId": offer.option_id,
                                   "availabilityIds": [offer.availability_id]})
        expect(len(found) == 1 and found[0]["id"] == offer.availability_id,
               f"availability {offer.availability_id} returned by id", [a.get("id") for a in found])
        return found[0]

    def reserve(self, body: dict) -> dict:
        return self.booking_from(self.client.post("/bookings", body))

    def confirm(self, booking_uuid: str, body: dict) -> dict:
        return self.booking_from(self.client.post(f"/bookings/{booking_uuid}/confirm", body))

    def update(self, booking_uuid: str, body: dict) -> dict:
        return self.booking_from(self.client.patch(f"/bookings/{booking_uuid}", body))

    def cancel(self, booking_uuid: str, reason: str | None = None, via_delete: bool = False) -> dict:
        body = {} if reason is None else {"reason": reason}
        if via_delete:
            return self.booking_from(self.client.delete(f"/bookings/{booking_uuid}", body))
        return self.booking_from(self.client.post(f"/bookings/{booking_uuid}/cancel", body))

    def extend(self, booking_uuid: str, body: dict) -> dict:
        return self.booking_from(self.client.post(f"/bookings/{booking_uuid}/extend", body))

    def get(self, booking_uuid: str) -> dict:
        return self.booking_from(self.client.get(f"/bookings/{booking_uuid}"))

    def search(self, params: dict) -> list[dict]:
        found = ok(self.client.get("/bookings", params=params), "booking", many=True)
        for booking in found:
            self._check_booking(booking)
        return found

    def lookup(self, reference: str) -> list[dict]:
        """GET /redemption/lookup: the bookings a scanned code names."""
        found = ok(self.client.get("/redemption/lookup", params={"reference": reference}),
                   "redemption-lookup-result", many=True)
        for booking in found:
            self._check_booking(booking)
        return found

    def redeem(self, code: str | list[str]) -> dict | list[dict]:
        """POST /redemption/redeem with one code (a booking back) or several (an array back)."""
        reply = self.client.post("/redemption/redeem", {"redemptionCode": code})
        found = ok(reply, "redemption-lookup-result", many=isinstance(code, list))
        for booking in found if isinstance(code, list) else [found]:
            self._check_booking(booking)
        return found

    def validate(self, code: str) -> dict:
        """POST /redemption/validate."""
        booking = ok(self.client.post("/redemption/validate", {"redemptionCode": code}), "redemption-lookup-result")
        self._check_booking(booking)
        return booking

    def gift(self, method: str, path: str = "", body: object = None) -> dict:
        """One /gifts call whose answer must be a valid gift."""
        if method == "GET":
            return ok(self.client.get("/gifts" + path), "gift")
        return ok(self.client.request(method, "/gifts" + path, {} if body is None else body), "gift")

    def gifts(self, params: dict) -> list[dict]:
        """GET /gifts with filters."""
        return ok(self.client.get("/gifts", params=params), "gift", many=True)

    def confirmed_gift(self, people, amount: int, currency: str) -> dict:
        """Reserve and confirm a gift voucher of `amount` minor units."""
        gift = self.gift("POST", "", {"amount": amount, "currency": currency,
                                      "resellerReference": self.reseller_reference(),
                                      "recipient": {"fullName": people.contact()["fullName"]}})
        return self.gift("POST", f"/{gift['uuid']}/confirm", {"contact": people.contact(),
                                                              "resellerReference": gift["resellerReference"]})

    def confirmed(self, offer, people, **reservation) -> dict:
        """Reserve and confirm an offer with a fresh contact and reseller reference."""
        booking = self.reserve(offer.reservation(self.reseller_reference(), **reservation))
        return self.confirm(booking["uuid"], {"contact": people.contact(),
                                              "resellerReference": booking["resellerReference"]})

    def booking_from(self, reply) -> dict:
        """A booking answer: schema-valid, consistent, its supplierReference stable."""
        booking = ok(reply, "booking")
        self._check_booking(booking)
        return booking

    def _check_booking(self, booking: dict) -> None:
        booking_invariants(booking)
        first = self._references.setdefault(booking["uuid"], booking["supplierReference"])
        expect(first == booking["supplierReference"], f"supplierReference of {booking['uuid']} to stay {first}",
               booking["supplierReference"])
