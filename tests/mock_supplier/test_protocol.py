"""Authentication, the Octo-Capabilities header, OCTO error bodies, malformed input, routes."""
from dataclasses import replace

import pytest

from mock_supplier import DEFAULT_API_KEY
from tests.harness import CONTACT, OctoClient, all_bookings, reservation

SOME_UUID = "0b7e1d6c-33a9-4c55-9a8e-2f1e4d5c6b7a"
# One request per OCTO endpoint (bodies need not be valid: authentication comes first).
ENDPOINTS = [
    ("GET", "/supplier"), ("GET", "/products"), ("GET", "/products/walking-tour"), ("GET", "/capabilities"),
    ("POST", "/availability"), ("POST", "/availability/calendar"), ("POST", "/bookings"),
    ("GET", "/bookings?localDate=2030-01-01"), ("GET", f"/bookings/{SOME_UUID}"),
    ("PATCH", f"/bookings/{SOME_UUID}"), ("DELETE", f"/bookings/{SOME_UUID}"),
    ("POST", f"/bookings/{SOME_UUID}/confirm"), ("POST", f"/bookings/{SOME_UUID}/cancel"),
    ("POST", f"/bookings/{SOME_UUID}/extend"),
    ("GET", "/_control/clock"), ("POST", "/_control/clock"), ("POST", "/_control/reset"),
    ("POST", "/_control/sandboxes"),
]


def send(client, method, path):
    """A request to an endpoint, with an empty JSON object as the body of writes."""
    return client.request(method, path) if method == "GET" else client.request(method, path, {})


# --- authentication ------------------------------------------------------------------------------


@pytest.mark.parametrize("method, path", ENDPOINTS)
def test_no_api_key_is_unauthorized(client, method, path):
    send(client.with_key(None), method, path).error("UNAUTHORIZED")


@pytest.mark.parametrize("method, path", ENDPOINTS)
def test_an_unknown_api_key_is_forbidden(client, method, path):
    send(client.with_key("not-a-key"), method, path).error("FORBIDDEN")


@pytest.mark.parametrize("header", ["Basic b2N0bzpvY3Rv", "Bearer", "Bearer   ", DEFAULT_API_KEY,
                                    "Token " + DEFAULT_API_KEY])
def test_an_authorization_header_that_is_not_bearer_is_unauthorized(client, header):
    client.with_key(None).get("/supplier", headers={"Authorization": header}).error("UNAUTHORIZED")


def test_the_bearer_scheme_is_case_insensitive(client):
    client.with_key(None).get("/supplier", headers={"Authorization": f"bearer {DEFAULT_API_KEY}"}).ok()


def test_a_refused_key_changes_nothing(client):
    body = reservation(client)
    client.with_key("not-a-key").post("/bookings", body).error("FORBIDDEN")
    client.with_key(None).post("/bookings", body).error("UNAUTHORIZED")
    assert all_bookings(client) == []


# --- capabilities ---------------------------------------------------------------------------------


@pytest.mark.parametrize("header, echoed", [
    ("octo/pricing", "octo/pricing"),
    (" octo/pricing , octo/checkin", "octo/pricing"),
    ("octo/checkin,octo/pricing,octo/pricing", "octo/pricing"),
    ("pricing", "octo/pricing"),  # bare, as docs.octo.travel writes ids: read as octo/, echoed so
    ("questions, pricing", "octo/pricing, octo/questions"),
    ("octo/unknown", ""),
    ("", ""),
    (",,", ""),
])
def test_capabilities_are_parsed_and_what_was_applied_is_echoed(client, header, echoed):
    reply = client.get("/products/walking-tour", headers={"Octo-Capabilities": header})
    assert reply.headers["Octo-Capabilities"] == echoed
    assert ("pricingPer" in reply.ok()) == bool(echoed)


def test_no_capability_header_echoes_an_empty_one(client):
    reply = replace(client, capabilities=None).get("/products/walking-tour")
    assert reply.headers["Octo-Capabilities"] == ""
    assert "pricingPer" not in reply.ok()


@pytest.mark.parametrize("key", [None, "not-a-key", DEFAULT_API_KEY])
def test_errors_echo_the_capabilities_too(client, key):
    reply = client.with_key(key).with_capabilities("octo/pricing").get("/products/nope")
    assert reply.status == 400
    assert reply.headers["Octo-Capabilities"] == "octo/pricing"


def test_unknown_routes_echo_the_capabilities(client):
    assert client.with_capabilities("octo/pricing").get("/nowhere").headers["Octo-Capabilities"] == "octo/pricing"


# --- malformed input -------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    "{", "{'productId': 'walking-tour'}", "[]", '["walking-tour"]', '"walking-tour"', "42", "null",
    '{"productId": NaN}', '{"productId": Infinity}', b"\xff\xfe{}", '{"a": 1} trailing',
], ids=["truncated", "single-quotes", "empty-array", "array", "string", "number", "null", "nan", "infinity",
        "not-utf8", "trailing"])
@pytest.mark.parametrize("path", ["/bookings", "/availability", "/availability/calendar"])
def test_a_body_that_is_not_a_json_object_is_bad_request(client, path, data):
    client.post(path, data=data).error("BAD_REQUEST")
    assert all_bookings(client) == []


@pytest.mark.parametrize("field, value", [
    ("productId", 1), ("optionId", None), ("availabilityId", 20300101), ("uuid", "not-a-uuid"), ("uuid", 7),
    ("unitItems", "adult"), ("unitItems", [{"unitId": 1}]), ("unitItems", [{"uuid": SOME_UUID}]),
    ("unitItems", [{"unitId": "adult", "uuid": "123"}]), ("notes", ["a"]), ("contact", "Ada"),
    ("resellerReference", 12), ("expirationMinutes", "soon"),
])
def test_wrong_types_in_a_reservation_are_bad_request(client, field, value):
    client.post("/bookings", reservation(client, **{field: value})).error("BAD_REQUEST")
    assert all_bookings(client) == []


@pytest.mark.parametrize("fields", [
    {"productId": 1, "localDate": "2030-01-01"},
    {"availabilityIds": "2030-01-01T09:00:00+00:00"},
    {"localDate": "2030-01-01", "units": [{"id": "adult"}]},
    {"localDate": "2030-01-01", "units": [{"id": "adult", "quantity": -1}]},
    {"localDate": "2030-01-01", "units": [{"id": "adult", "quantity": "2"}]},
    {"availabilityIds": ["x"] * 101},
], ids=["product-type", "ids-type", "unit-quantity-missing", "negative-quantity", "quantity-type", "too-many-ids"])
def test_wrong_types_in_an_availability_check_are_bad_request(client, fields):
    client.post("/availability", {"productId": "walking-tour", "optionId": "DEFAULT", **fields}).error("BAD_REQUEST")


def test_a_shape_invalid_booking_uuid_is_invalid_booking_uuid(client):
    client.get("/bookings/not-a-uuid").error("INVALID_BOOKING_UUID", uuid="not-a-uuid")
    client.post("/bookings/not-a-uuid/confirm", {"contact": {}}).error("INVALID_BOOKING_UUID", uuid="not-a-uuid")


@pytest.mark.parametrize("data", ["[" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000], ids=["arrays", "objects"])
def test_a_deeply_nested_body_is_bad_request(client, data):
    client.post("/bookings", data=data).error("BAD_REQUEST")


def test_an_oversized_body_is_bad_request(client):
    body = reservation(client, notes="x" * (1 << 20))
    client.post("/bookings", body).error("BAD_REQUEST")
    assert all_bookings(client) == []


@pytest.mark.parametrize("path", ["/bookings", "/bookings/{uuid}/confirm"])
def test_a_huge_unit_item_array_is_bad_request(client, path):
    booking = client.post("/bookings", reservation(client)).ok()
    items = [{"unitId": "adult"}] * 20000  # under the body limit, far over any booking
    body = {**reservation(client), "unitItems": items} if path == "/bookings" else {"contact": {}, "unitItems": items}
    client.post(path.format(uuid=booking["uuid"]), body).error("BAD_REQUEST")
    assert [b["uuid"] for b in all_bookings(client)] == [booking["uuid"]]


def test_a_body_on_a_get_is_ignored(client):
    client.request("GET", "/supplier", data="not json").ok()


# --- routes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method, path", [
    ("GET", "/nowhere"), ("GET", "/bookings/a/b/c"), ("POST", "/products/walking-tour/book"),
    ("GET", "/availability/calendar/2030"), ("GET", "/_control/nothing"),
])
def test_an_unknown_route_is_an_octo_error(client, method, path):
    client.request(method, path).error("BAD_REQUEST")


@pytest.mark.parametrize("path", ["/index.html", "/octo-nope"])
def test_paths_outside_octo_are_octo_errors_too(client, path):
    """Every path but the root (which says where the API is) and /octo/… is an OCTO error."""
    OctoClient(client.transport, prefix="").get(path).error("BAD_REQUEST")


@pytest.mark.parametrize("method, path", [
    ("PUT", "/bookings"), ("DELETE", "/products"), ("POST", "/supplier"), ("PATCH", "/products/walking-tour"),
    ("GET", "/availability"), ("GET", f"/bookings/{SOME_UUID}/confirm"), ("PUT", f"/bookings/{SOME_UUID}"),
    ("DELETE", "/_control/clock"), ("OPTIONS", "/products"), ("OPTIONS", f"/bookings/{SOME_UUID}"),
])
def test_a_method_a_route_does_not_take_is_an_octo_error(client, method, path):
    client.request(method, path).error("BAD_REQUEST")


@pytest.mark.parametrize("path", ["/supplier/", "/products/", "/products/walking-tour/", "/capabilities/"])
def test_trailing_slashes_are_tolerated_on_reads(client, path):
    assert client.get(path).ok() == client.get(path.rstrip("/")).ok()


def test_trailing_slashes_are_tolerated_on_writes(client):
    body = reservation(client)
    slots = client.post("/availability/", {k: body[k] for k in ("productId", "optionId")}
                        | {"availabilityIds": [body["availabilityId"]]}).ok()
    assert slots[0]["id"] == body["availabilityId"]
    booking = client.post("/bookings/", body).ok()
    base = f"/bookings/{booking['uuid']}/"
    assert client.get(base).ok()["uuid"] == booking["uuid"]
    assert client.patch(base, {"notes": "n"}).ok()["notes"] == "n"
    assert client.post(base + "extend/", {}).ok()["status"] == "ON_HOLD"
    assert client.post(base + "confirm/", {"contact": CONTACT}).ok()["status"] == "CONFIRMED"
    listed = client.get("/bookings/", {"supplierReference": booking["supplierReference"]}).ok()
    assert [b["uuid"] for b in listed] == [booking["uuid"]]
    assert client.post(base + "cancel/", {}).ok()["status"] == "CANCELLED"
