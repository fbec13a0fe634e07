"""octo/offers (SPEC-CAPABILITIES §4): offers on availability, the calendar and bookings, applied
automatically where one fits or by offerCode, with discounted prices, the discount object, the
net-discount rules, INVALID_OFFER_CODE and OFFER_CONDITIONS_NOT_MET, and re-pricing on update."""
from datetime import date, timedelta

import pytest

from mock_supplier import MockConfig, create_app
from tests.harness import (CONTACT, FOREIGN_CATALOGUE, GIFTS, PRICING, FlaskTransport, OctoClient, assert_unchanged,
                           find_slot, open_date, reservation, sandbox_today)

OFFERS = "octo/offers"


@pytest.fixture
def offers(client):
    """The client asking for octo/pricing and octo/offers."""
    return client.with_capabilities(PRICING, OFFERS)


def unit_price(slot: dict, unit_id: str) -> dict:
    return next(p for p in slot["unitPricing"] if p["unitId"] == unit_id)


def book(client, product_id="river-cruise", units=("adult",), **fields):
    return client.post("/bookings", reservation(client, product_id, units, **fields))


def weekday_on_or_after(client, weekday: int, days_ahead: int = 3) -> str:
    day = sandbox_today(client) + timedelta(days=days_ahead)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day.isoformat()


def refused(reply, code: str, sent: str) -> None:
    assert reply.status == 400, reply.body
    assert (reply.body["error"], reply.body["code"], reply.body["offerCode"]) == (code, sent, sent)


# --- availability and the calendar -------------------------------------------------------------


def test_an_automatic_offer_is_applied_and_shows_in_availability_prices(offers):
    slot = find_slot(offers, "river-cruise", "10:00")
    assert (slot["offerCode"], slot["offerTitle"], slot["offer"]["code"]) == ("SPRING10", "10% OFF", "SPRING10")
    assert [o["code"] for o in slot["offers"]] == ["SPRING10", "GROUP15"]
    adult = unit_price(slot, "adult")  # 1800 retail, 1450 net, 2200 original; 10% FULL
    assert (adult["original"], adult["retail"], adult["net"]) == (2200, 1620, 1270)
    assert adult["offerDiscount"] == {"retail": 180, "net": 180, "includedTaxes": [
        {"name": "VAT", "retail": 30, "net": 30, "shortDescription": None}]}
    assert adult["includedTaxes"][0]["retail"] == 1620 - round(1620 * 100 / 120)


def test_without_the_capability_there_is_no_offer_and_no_discount(client):
    priced = client.with_capabilities(PRICING)
    slot = find_slot(priced, "river-cruise", "10:00")
    assert "offers" not in slot and "offerDiscount" not in unit_price(slot, "adult")
    assert unit_price(slot, "adult")["retail"] == 1800
    booking = book(priced, start="10:00", offerCode="GROUP15").ok()  # the code is ignored
    assert booking["pricing"]["retail"] == 1800 and "offerCode" not in booking


def test_a_code_applies_when_its_conditions_fit_the_units_asked(offers):
    day = open_date(offers, "river-cruise")
    ask = {"productId": "river-cruise", "optionId": "DEFAULT", "localDate": day, "offerCode": "GROUP15"}
    three = offers.post("/availability", {**ask, "units": [{"id": "adult", "quantity": 3}]}).ok()[0]
    assert three["offerCode"] == "GROUP15" and three["pricing"]["retail"] == 3 * (1800 - 270)
    one = offers.post("/availability", {**ask, "units": [{"id": "adult", "quantity": 1}]}).ok()[0]
    assert one["offerCode"] == "SPRING10" and one["pricing"]["retail"] == 1620
    group = next(o for o in one["offers"] if o["code"] == "GROUP15")
    assert group["usable"] is False and "at least 3" in group["unusableReason"]


def test_an_offer_of_some_units_discounts_only_those(offers):
    slot = offers.post("/availability", {"productId": "theatre-show", "optionId": "DEFAULT", "offerCode": "ADULTS20",
                                         "localDate": open_date(offers, "theatre-show")}).ok()[0]
    assert slot["offerCode"] == "ADULTS20"
    assert unit_price(slot, "adult")["retail"] == 5200 and unit_price(slot, "child")["offerDiscount"] is None


def test_a_date_restricted_offer_is_listed_and_applied_only_on_its_dates(offers):
    saturday, monday = weekday_on_or_after(offers, 5), weekday_on_or_after(offers, 0)
    ask = {"productId": "walking-tour", "optionId": "DEFAULT", "offerCode": "WEEKDAY25"}
    weekend = offers.post("/availability", {**ask, "localDate": saturday}).ok()[0]
    weekday = offers.post("/availability", {**ask, "localDate": monday}).ok()[0]
    assert (weekend["offerCode"], weekend["offers"]) == (None, [])
    assert weekday["offerCode"] == "WEEKDAY25" and unit_price(weekday, "adult")["retail"] == 2500 - 625


def test_the_calendar_is_discounted_too(offers):
    day = open_date(offers, "river-cruise")
    days = offers.post("/availability/calendar", {"productId": "river-cruise", "optionId": "DEFAULT",
                                                  "localDateStart": day, "localDateEnd": day}).ok()
    assert days[0]["offerCode"] == "SPRING10" and days[0]["pricingFrom"]["retail"] == 900 - 90
    monday = weekday_on_or_after(offers, 0)
    ask = {"productId": "walking-tour", "optionId": "DEFAULT", "offerCode": "WEEKDAY25", "localDateStart": monday}
    one = offers.post("/availability/calendar", {**ask, "localDateEnd": monday}).ok()
    week = offers.post("/availability/calendar", {**ask, "localDateEnd": (date.fromisoformat(monday)
                                                                          + timedelta(6)).isoformat()}).ok()
    assert one[0]["offerCode"] == "WEEKDAY25"
    assert {d["offerCode"] for d in week} == {None}  # valid on some days of the range only: not applied


def test_a_per_booking_price_is_discounted_with_a_prorated_net(offers):
    slot = find_slot(offers, "harbour-cruise", "10:00")  # 45000 retail, 36000 net, 5% PRORATED
    assert slot["offerCode"] == "CHARTER5"
    assert (slot["pricing"]["retail"], slot["pricing"]["net"]) == (42750, 36000 - 1800)
    assert slot["pricing"]["offerDiscount"]["retail"] == 2250 and slot["unitPricing"] == []


@pytest.mark.parametrize("path", ["/availability", "/availability/calendar"])
def test_an_unknown_code_is_refused_on_availability(offers, path):
    day = open_date(offers, "river-cruise")
    ask = {"productId": "river-cruise", "optionId": "DEFAULT", "localDateStart": day, "localDateEnd": day}
    refused(offers.post(path, {**ask, "offerCode": "NO-SUCH-CODE"}), "INVALID_OFFER_CODE", "NO-SUCH-CODE")
    refused(offers.post(path, {**ask, "offerCode": "ADULTS20"}), "INVALID_OFFER_CODE", "ADULTS20")  # another product's


# --- bookings ----------------------------------------------------------------------------------


def test_a_booking_is_priced_with_its_offer_and_totals_add_up(offers):
    booking = book(offers, units=("adult", "adult", "child"), start="10:00", offerCode="GROUP15").ok()
    assert (booking["offerCode"], booking["offerTitle"], booking["offer"]["code"]) == (
        "GROUP15", "Groups save 15%", "GROUP15")
    assert booking["offerComparisons"] == [] and booking["offerIsCombination"] is False
    items = [i["pricing"] for i in booking["unitItems"]]
    for field in ("original", "retail", "net"):
        assert booking["pricing"][field] == sum(i[field] for i in items)
    assert booking["pricing"]["offerDiscount"]["retail"] == sum(i["offerDiscount"]["retail"] for i in items)
    assert booking["pricing"]["retail"] + booking["pricing"]["offerDiscount"]["retail"] == 1800 * 2 + 900
    adult = items[0]  # SPLIT: net less half the discount
    assert (adult["retail"], adult["net"], adult["offerDiscount"]["net"]) == (1530, 1450 - 135, 135)


def test_a_booking_gets_the_automatic_offer(offers):
    booking = book(offers, start="10:00").ok()
    assert booking["offerCode"] == "SPRING10" and booking["pricing"]["retail"] == 1620


@pytest.mark.parametrize("rule, product, units, code, net", [
    ("NONE", "theatre-show", ("adult", "adult", "adult"), "BIGSPEND", 3 * 5200),
    ("PRORATED", "theatre-show", ("adult",), "ADULTS20", 5200 - round(1300 * 5200 / 6500)),
    ("FULL", "river-cruise", ("adult",), "SPRING10", 1450 - 180),
])
def test_net_discount_rules(offers, rule, product, units, code, net):
    booking = book(offers, product, units, offerCode=code).ok()
    assert booking["offer"]["netDiscount"] == rule and booking["pricing"]["net"] == net


@pytest.mark.parametrize("product, units, code, why", [
    ("river-cruise", ("adult", "adult"), "GROUP15", "at least 3"),
    ("theatre-show", ("adult", "child"), "ADULTS20", "only for units adult"),
    ("theatre-show", ("adult", "child"), "BIGSPEND", "at least 15000"),
    ("museum-pass", ("adult", "adult", "adult"), "PAIR12", "at most 2"),
])
def test_a_reservation_whose_offer_conditions_fail_is_refused(offers, product, units, code, why):
    reply = book(offers, product, units, offerCode=code)
    refused(reply, "OFFER_CONDITIONS_NOT_MET", code)
    assert why in reply.body["errorMessage"]
    assert offers.get("/bookings", {"localDateStart": "2000-01-01", "localDateEnd": "2100-12-31"}).ok() == []


def test_an_unknown_code_is_refused_on_reserve_and_update(offers):
    refused(book(offers, offerCode="NO-SUCH-CODE"), "INVALID_OFFER_CODE", "NO-SUCH-CODE")
    booking = book(offers).ok()
    refused(offers.patch(f"/bookings/{booking['uuid']}", {"offerCode": "PAIR12"}), "INVALID_OFFER_CODE", "PAIR12")
    assert_unchanged(offers, booking)


def test_fewer_units_than_a_chosen_offer_needs_is_refused_until_the_offer_is_dropped(offers):
    booking = book(offers, units=("adult",) * 3, start="10:00", offerCode="GROUP15").ok()
    fewer = {"unitItems": [{"unitId": "adult"}]}
    refused(offers.patch(f"/bookings/{booking['uuid']}", fewer), "OFFER_CONDITIONS_NOT_MET", "GROUP15")
    assert_unchanged(offers, booking)
    repriced = offers.patch(f"/bookings/{booking['uuid']}", {**fewer, "offerCode": None}).ok()
    assert repriced["offerCode"] == "SPRING10" and repriced["pricing"]["retail"] == 1620


def test_an_update_applies_a_code_and_the_confirmation_keeps_it(offers):
    booking = book(offers, units=("adult",) * 3, start="10:00").ok()
    assert booking["offerCode"] == "SPRING10"
    updated = offers.patch(f"/bookings/{booking['uuid']}", {"offerCode": "GROUP15"}).ok()
    assert updated["offerCode"] == "GROUP15" and updated["pricing"]["retail"] == 3 * 1530
    confirmed = offers.post(f"/bookings/{booking['uuid']}/confirm", {"contact": CONTACT}).ok()
    assert confirmed["offerCode"] == "GROUP15" and confirmed["pricing"] == updated["pricing"]


def test_moving_a_booking_to_a_date_its_offer_does_not_cover_is_refused(offers):
    monday, saturday = weekday_on_or_after(offers, 0), weekday_on_or_after(offers, 5)
    booking = book(offers, "walking-tour", local_date=monday, offerCode="WEEKDAY25").ok()
    weekend = find_slot(offers, "walking-tour", local_date=saturday)
    refused(offers.patch(f"/bookings/{booking['uuid']}", {"availabilityId": weekend["id"]}),
            "OFFER_CONDITIONS_NOT_MET", "WEEKDAY25")


def test_an_automatic_offer_is_worked_out_again_when_the_booking_changes(offers):
    booking = book(offers, "theatre-show", ("adult",), offerCode="ADULTS20").ok()
    dropped = offers.patch(f"/bookings/{booking['uuid']}", {"offerCode": None,
                                                             "unitItems": [{"unitId": "adult"}] * 3}).ok()
    assert dropped["offerCode"] is None and dropped["pricing"]["retail"] == 3 * 6500  # no automatic offer there
    assert dropped["pricing"]["offerDiscount"] is None


def test_a_change_without_the_capability_drops_an_offer_that_no_longer_fits(client, offers):
    booking = book(offers, units=("adult",) * 3, start="10:00", offerCode="GROUP15").ok()
    priced = client.with_capabilities(PRICING)
    changed = priced.patch(f"/bookings/{booking['uuid']}", {"unitItems": [{"unitId": "adult"}]}).ok()
    assert changed["pricing"]["retail"] == 1800
    assert offers.get(f"/bookings/{booking['uuid']}").ok()["offerCode"] is None


def test_a_gift_pays_the_discounted_total(client):
    both = client.with_capabilities(PRICING, GIFTS, OFFERS)
    gift = both.post("/gifts", {"amount": 10000, "currency": "GBP"}).ok()
    gift = both.post(f"/gifts/{gift['uuid']}/confirm", {"contact": CONTACT}).ok()
    code = next(o["deliveryValue"] for o in gift["voucher"]["deliveryOptions"] if o["deliveryFormat"] == "QRCODE")
    booking = book(both, start="10:00", giftPayment={"code": code}).ok()
    assert booking["giftPayment"]["amount"] == booking["pricing"]["retail"] == 1620


def test_another_catalogue_has_no_offers():
    app = create_app(MockConfig(db_path=None, catalogue=FOREIGN_CATALOGUE))
    foreign = OctoClient(FlaskTransport(app)).with_capabilities(PRICING, OFFERS)
    product = foreign.get("/products").ok()[0]
    option = product["options"][0]
    day = (sandbox_today(foreign) + timedelta(days=3)).isoformat()
    slots = foreign.post("/availability", {"productId": product["id"], "optionId": option["id"],
                                           "localDateStart": day, "localDateEnd": day}).ok()
    assert all(s["offers"] == [] and s["offer"] is None for s in slots)
