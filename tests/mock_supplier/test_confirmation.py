"""POST /bookings/{uuid}/confirm: CONFIRMED, with contact, references and delivery options."""
import uuid

import pytest

from tests.harness import CONTACT, advance_clock, assert_unchanged, availability_of, confirm, reserve


def confirm_reply(client, booking, body):
    return client.post(f"/bookings/{booking['uuid']}/confirm", body)



def test_confirmation_confirms_with_contact_and_reference(client, booked):
    before = client.get("/_control/clock").ok()["utcNow"]
    booking = confirm(client, booked, resellerReference="RES-42")
    after = client.get("/_control/clock").ok()["utcNow"]
    assert booking["status"] == "CONFIRMED"
    assert before <= booking["utcConfirmedAt"] <= after and booking["utcConfirmedAt"].endswith("Z")
    assert booking["utcExpiresAt"] is None
    assert booking["resellerReference"] == "RES-42"
    assert {k: booking["contact"][k] for k in CONTACT} == CONTACT
    assert booking["cancellable"] is True
    assert all(i["status"] == "CONFIRMED" for i in booking["unitItems"])
    assert client.get(f"/bookings/{booked['uuid']}").ok() == booking


def test_confirmation_keeps_the_reservations_unit_items(client, booked):
    booking = confirm(client, booked)
    def kept(b):
        return b["supplierReference"], b["availabilityId"], [(i["uuid"], i["unitId"], i["supplierReference"])
                                                             for i in b["unitItems"]]
    assert kept(booking) == kept(booked)


def test_confirmation_issues_voucher_and_ticket_delivery_options(client):
    booking = confirm(client, reserve(client, units=("adult", "child")))
    tickets = [booking["voucher"]] + [i["ticket"] for i in booking["unitItems"]]
    for ticket in tickets:
        formats = {o["deliveryFormat"]: o["deliveryValue"] for o in ticket["deliveryOptions"]}
        assert set(formats) == {"QRCODE", "PDF_URL"}
        assert formats["QRCODE"] and not formats["QRCODE"].startswith("http")
        assert formats["PDF_URL"].startswith("http://localhost/octo/") and formats["PDF_URL"].endswith(".pdf")
        assert ticket["redemptionMethod"] == "DIGITAL"
    codes = [next(o["deliveryValue"] for o in t["deliveryOptions"] if o["deliveryFormat"] == "QRCODE") for t in tickets]
    assert len(set(codes)) == 3


def test_a_ticket_only_product_delivers_tickets_and_no_voucher(client):
    booking = confirm(client, reserve(client, "museum-pass", units=("adult", "senior")))
    assert booking["voucher"] is None
    for item in booking["unitItems"]:
        assert [o["deliveryFormat"] for o in item["ticket"]["deliveryOptions"]] == ["QRCODE"]


def test_a_voucher_only_product_delivers_one_voucher(client):
    booking = confirm(client, reserve(client, "harbour-cruise", units=("adult", "child"), start="10:00"))
    assert [o["deliveryFormat"] for o in booking["voucher"]["deliveryOptions"]] == ["PDF_URL", "QRCODE"]
    assert all(i["ticket"] is None for i in booking["unitItems"])


def test_confirming_twice_with_the_same_body_returns_the_same_booking(client, booked):
    first = confirm(client, booked, resellerReference="R1")
    assert confirm(client, booked, resellerReference="R1") == first
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 9


def test_confirming_again_with_another_body_is_unprocessable(client, booked):
    first = confirm(client, booked, resellerReference="R1")
    confirm_reply(client, booked, {"contact": CONTACT, "resellerReference": "R2"}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, first)


def test_unit_items_in_the_confirmation_replace_the_reservations(client, booked):
    child_uuid = str(uuid.uuid4())
    items = [
        {"unitId": "adult", "resellerReference": "A1", "contact": {"fullName": "Grace Hopper"}},
        {"unitId": "adult", "resellerReference": "A2"},
        {"unitId": "child", "uuid": child_uuid, "contact": {"firstName": "Tim", "lastName": "Berners-Lee"}},
    ]
    booking = confirm(client, booked, unitItems=items)
    assert [i["unitId"] for i in booking["unitItems"]] == ["adult", "adult", "child"]
    assert [i["resellerReference"] for i in booking["unitItems"]] == ["A1", "A2", None]
    assert booking["unitItems"][0]["uuid"] == booked["unitItems"][0]["uuid"]  # the reserved adult kept
    assert booking["unitItems"][2]["uuid"] == child_uuid
    assert booking["unitItems"][0]["contact"]["fullName"] == "Grace Hopper"
    assert booking["unitItems"][2]["contact"]["fullName"] == "Tim Berners-Lee"
    assert all(i["ticket"]["deliveryOptions"] for i in booking["unitItems"])
    assert availability_of(client, booked["availabilityId"])["vacancies"] == 7


def test_fewer_unit_items_in_the_confirmation_release_seats(client):
    booking = reserve(client, units=("adult",) * 4, start="13:00")
    confirmed = confirm(client, booking, unitItems=[{"unitId": "adult"}])
    assert len(confirmed["unitItems"]) == 1
    assert availability_of(client, booking["availabilityId"])["vacancies"] == 9


def test_a_contact_built_from_first_and_last_name_gets_a_full_name(client, booked):
    contact = {"firstName": "Mary", "lastName": "Somerville", "emailAddress": "mary@example.com"}
    booking = confirm_reply(client, booked, {"contact": contact}).ok()
    assert booking["contact"]["fullName"] == "Mary Somerville"


# --- refused confirmations ---------------------------------------------------------------------


def test_an_unknown_booking_is_invalid_booking_uuid(client):
    missing = str(uuid.uuid4())
    client.post(f"/bookings/{missing}/confirm", {"contact": CONTACT}).error("INVALID_BOOKING_UUID", uuid=missing)


def test_an_expired_hold_is_invalid_booking_uuid(client, booked):
    advance_clock(client, 31)
    expired = client.get(f"/bookings/{booked['uuid']}").ok()
    confirm_reply(client, booked, {"contact": CONTACT}).error("INVALID_BOOKING_UUID", uuid=booked["uuid"])
    assert_unchanged(client, expired)
    assert expired["status"] == "EXPIRED"


def test_a_cancelled_booking_is_unprocessable(client, booked):
    cancelled = client.post(f"/bookings/{booked['uuid']}/cancel", {}).ok()
    confirm_reply(client, booked, {"contact": CONTACT}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, cancelled)


def test_a_missing_contact_is_bad_request(client, booked):
    confirm_reply(client, booked, {"resellerReference": "R"}).error("BAD_REQUEST")
    assert_unchanged(client, booked)


def test_missing_required_contact_fields_are_unprocessable(client, booked):
    """SPEC-DIGEST's error table for POST /bookings/{uuid}/confirm names UNPROCESSABLE_ENTITY, not BAD_REQUEST:
    the body is well formed, the booking cannot be confirmed with it."""
    confirm_reply(client, booked, {"contact": {"fullName": "Ada Lovelace"}}).error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, booked)


@pytest.mark.parametrize("items, code, echo", [
    ([{"unitId": "pirate"}], "INVALID_UNIT_ID", {"unitId": "pirate"}),
    ([], "UNPROCESSABLE_ENTITY", {}),
    ([{"unitId": "child"}], "UNPROCESSABLE_ENTITY", {}),
    ([{"unitId": "adult"}] * 11, "UNPROCESSABLE_ENTITY", {}),
], ids=["unknown-unit", "no-units", "child-alone", "above-max-units"])
def test_invalid_unit_items_refuse_the_confirmation(client, booked, items, code, echo):
    confirm_reply(client, booked, {"contact": CONTACT, "unitItems": items}).error(code, **echo)
    assert_unchanged(client, booked)


def test_a_unit_item_uuid_of_another_booking_is_invalid_booking_uuid(client, booked):
    other = reserve(client, start="13:00")
    taken = other["unitItems"][0]["uuid"]
    reply = confirm_reply(client, booked, {"contact": CONTACT, "unitItems": [{"unitId": "adult", "uuid": taken}]})
    reply.error("INVALID_BOOKING_UUID", uuid=taken)
    assert_unchanged(client, booked)
    assert_unchanged(client, other)


def test_more_unit_items_than_seats_left_is_unprocessable(client):
    booking = reserve(client, units=("adult",), start="17:00")
    reply = confirm_reply(client, booking, {"contact": CONTACT, "unitItems": [{"unitId": "adult"}] * 5})
    reply.error("UNPROCESSABLE_ENTITY")
    assert_unchanged(client, booking)
    assert availability_of(client, booking["availabilityId"])["vacancies"] == 3


def test_the_ticket_pdf_shows_whether_it_is_still_valid(client, mock_app):
    booking = confirm(client, reserve(client))
    link = next(o["deliveryValue"] for o in booking["voucher"]["deliveryOptions"] if o["deliveryFormat"] == "PDF_URL")
    pdf = mock_app.test_client().get(link.removeprefix("http://localhost"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and b"Status: CONFIRMED" in pdf.data
    client.post(f"/bookings/{booking['uuid']}/cancel", {}).ok()
    assert b"Status: CANCELLED - NOT VALID" in mock_app.test_client().get(link.removeprefix("http://localhost")).data


def test_a_pdf_for_a_code_nobody_issued_is_an_octo_error(mock_app):
    reply = mock_app.test_client().get("/octo/tickets/OCTO-AAAAAA-BBBBBBBBBB.pdf")
    assert reply.status_code == 400 and reply.get_json()["error"] == "BAD_REQUEST"
