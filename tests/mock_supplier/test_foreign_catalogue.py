"""The mock selling a stranger's catalogue (tests/harness/foreign_catalogue.py): UUID ids, CHF and SEK,
OPENING_HOURS and per-BOOKING pricing only. Everything a reseller does must work as with the
seeded catalogue, found the way a stranger's client finds it: from /products and the calendar."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mock_supplier import MockConfig, create_app
from tests.harness import (CONTACT, FOREIGN_CATALOGUE, GIFTS, ISLAND_PASS, ISLAND_PASS_ID, PRICING, REDEMPTION, SPA_DAY,
                           SPA_DAY_ID, FlaskTransport, OctoClient, all_bookings, at_noon, availability_of, confirm,
                           find_slot, parse_utc, reservation, sandbox_today, set_clock, utc_text)

SEEDED_IDS = {"walking-tour", "museum-pass", "harbour-cruise", "cooking-class", "DEFAULT", "EVENING", "adult", "child"}
SPA_OPTION, SPA_ADULT, SPA_CHILD = "OPT-7730", "UT-48213", "UT-48214"  # the default option (listed second)
ISLAND_OPTION, ISLAND_ADULT, ISLAND_CHILD = "9f2d6b1c", "vuxen-01", "barn-02"
SPA_CHF = {"original": 16900, "retail": 14900, "net": 11900}  # OPT-7730's price per booking
SPA_SEK_RETAIL = 175000
ISLAND_CHF_RETAIL = 3900


@pytest.fixture
def foreign_app(tmp_path):
    """A mock app selling FOREIGN_CATALOGUE, on its own SQLite file."""
    return create_app(MockConfig(db_path=str(tmp_path / "foreign.sqlite3"), catalogue=FOREIGN_CATALOGUE))


@pytest.fixture
def shop(foreign_app) -> OctoClient:
    """A checking client of the foreign mock, without capabilities, its sandbox clock at noon UTC today."""
    return at_noon(OctoClient(FlaskTransport(foreign_app)))


@pytest.fixture
def priced(shop) -> OctoClient:
    """The foreign mock asking for octo/pricing."""
    return shop.with_capabilities(PRICING)


@pytest.fixture
def gifts(shop) -> OctoClient:
    """The foreign mock asking for octo/pricing and octo/gifts."""
    return shop.with_capabilities(PRICING, GIFTS)


def days_ahead(client, n: int) -> str:
    return (sandbox_today(client) + timedelta(days=n)).isoformat()


def calendar(client, product_id: str, option_id: str, first: str, last: str, **body):
    return client.post("/availability/calendar", {"productId": product_id, "optionId": option_id,
                                                  "localDateStart": first, "localDateEnd": last, **body})


def open_day(client, product_id: str = SPA_DAY_ID, option_id: str = SPA_OPTION, ahead: int = 3) -> str:
    """The first date at least `ahead` days away on which the calendar says the option is available."""
    days = calendar(client, product_id, option_id, days_ahead(client, ahead), days_ahead(client, ahead + 13)).ok()
    return next(d["localDate"] for d in days if d["available"])


def spa_reservation(client, units=(SPA_ADULT,), day: str | None = None, **fields) -> dict:
    return reservation(client, SPA_DAY_ID, units, option_id=SPA_OPTION, local_date=day or open_day(client), **fields)


def reserve_spa(client, units=(SPA_ADULT,), **kw) -> dict:
    return client.post("/bookings", spa_reservation(client, units, **kw)).ok()


def reserve_island(client, units=(ISLAND_ADULT,), day: str | None = None, **fields) -> dict:
    day = day or open_day(client, ISLAND_PASS_ID, ISLAND_OPTION)
    body = reservation(client, ISLAND_PASS_ID, units, option_id=ISLAND_OPTION, local_date=day, **fields)
    return client.post("/bookings", body).ok()


def chf(prices: list[dict]) -> dict:
    return next(p for p in prices if p["currency"] == "CHF")


# --- the catalogue, as a stranger sees it ------------------------------------------------------------


def test_products_are_the_foreign_ones_and_share_no_id_with_the_seeded_catalogue(shop):
    products = shop.get("/products").ok()
    assert [p["id"] for p in products] == [SPA_DAY_ID, ISLAND_PASS_ID]
    ids = {p["id"] for p in products} | {o["id"] for p in products for o in p["options"]} \
        | {u["id"] for p in products for o in p["options"] for u in o["units"]}
    assert not ids & SEEDED_IDS
    assert {p["availabilityType"] for p in products} == {"OPENING_HOURS"}
    spa_options = products[0]["options"]
    assert [(o["id"], o["default"]) for o in spa_options] == [("OPT-7731", False), (SPA_OPTION, True)]
    assert {o["cancellationCutoff"] for p in products for o in p["options"]} == {"2 hours"}


def test_seeded_ids_are_unknown_here(shop):
    shop.get("/products/walking-tour").error("INVALID_PRODUCT_ID", productId="walking-tour")
    shop.post("/availability", {"productId": SPA_DAY_ID, "optionId": "DEFAULT", "localDate": open_day(shop)}) \
        .error("INVALID_OPTION_ID", optionId="DEFAULT")
    shop.post("/bookings", spa_reservation(shop, units=("adult",))).error("INVALID_UNIT_ID", unitId="adult")


def test_products_are_priced_per_booking_in_chf_and_sek(priced):
    for product in priced.get("/products").ok():
        assert (product["defaultCurrency"], product["availableCurrencies"], product["pricingPer"]) == \
            ("CHF", ["CHF", "SEK"], "BOOKING")
        for option in product["options"]:
            assert [(p["currency"], p["currencyPrecision"]) for p in option["pricing"]] == [("CHF", 2), ("SEK", 2)]
            assert option["pricingFrom"] == option["pricing"]
            assert all("pricing" not in u and "pricingFrom" not in u for u in option["units"])
    spa = priced.get(f"/products/{SPA_DAY_ID}").ok()
    option = next(o for o in spa["options"] if o["id"] == SPA_OPTION)
    assert {k: chf(option["pricing"])[k] for k in SPA_CHF} == SPA_CHF
    assert chf(option["pricing"])["includedTaxes"][0]["name"] == "MWST"


def test_only_the_product_with_freesale_days_allows_freesale(shop):
    assert {p["id"]: p["allowFreesale"] for p in shop.get("/products").ok()} == {SPA_DAY_ID: False,
                                                                                ISLAND_PASS_ID: True}


@pytest.mark.parametrize("product, option_id", [(SPA_DAY, "OPT-7731"), (SPA_DAY, SPA_OPTION),
                                                (ISLAND_PASS, ISLAND_OPTION)], ids=["spa-afternoon", "spa-day", "island"])
def test_every_option_is_bookable_on_most_of_the_next_60_days(shop, product, option_id):
    days = calendar(shop, product.id, option_id, days_ahead(shop, 1), days_ahead(shop, 60)).ok()
    assert len(days) == 60
    assert sum(d["available"] for d in days) >= 50
    slots = shop.post("/availability", {"productId": product.id, "optionId": option_id,
                                        "localDateStart": days_ahead(shop, 1), "localDateEnd": days_ahead(shop, 60)}).ok()
    assert sum(s["available"] for s in slots) >= 50 and {s["allDay"] for s in slots} == {True}


# --- availability and calendar -----------------------------------------------------------------------


def test_a_day_with_capacity_counts_seats_down_and_a_freesale_day_does_not(shop):
    booking = reserve_spa(shop, units=(SPA_ADULT, SPA_ADULT, SPA_CHILD))
    slot = availability_of(shop, booking["availabilityId"], SPA_DAY_ID, SPA_OPTION)
    assert (slot["status"], slot["vacancies"], slot["capacity"], slot["available"]) == ("AVAILABLE", 57, 60, True)
    day = slot["localDateTimeStart"][:10]
    [entry] = calendar(shop, SPA_DAY_ID, SPA_OPTION, day, day).ok()
    assert (entry["vacancies"], entry["capacity"], entry["openingHours"]) == (57, 60, [{"from": "09:00", "to": "21:00"}])
    island = reserve_island(shop)
    slot = availability_of(shop, island["availabilityId"], ISLAND_PASS_ID, ISLAND_OPTION)
    assert (slot["status"], slot["vacancies"], slot["capacity"], slot["available"]) == ("FREESALE", None, None, True)


@pytest.mark.parametrize("units", [None, [{"id": SPA_ADULT, "quantity": 1}],
                                   [{"id": SPA_ADULT, "quantity": 2}, {"id": SPA_CHILD, "quantity": 3}]],
                         ids=["no-units", "one-adult", "family"])
def test_availability_of_a_per_booking_product_carries_the_booking_price(priced, units):
    day = open_day(priced)
    body = {"productId": SPA_DAY_ID, "optionId": SPA_OPTION, "localDate": day}
    [slot] = priced.post("/availability", {**body, **({"units": units} if units else {})}).ok()
    assert slot["unitPricing"] == []
    assert {k: slot["pricing"][k] for k in SPA_CHF} == SPA_CHF and slot["pricing"]["currency"] == "CHF"
    [in_sek] = priced.post("/availability", {**body, "currency": "SEK"}).ok()
    assert (in_sek["pricing"]["retail"], in_sek["pricing"]["currency"]) == (SPA_SEK_RETAIL, "SEK")


def test_the_calendar_prices_a_day_from_the_booking_price(priced):
    day = open_day(priced)
    [entry] = calendar(priced, SPA_DAY_ID, SPA_OPTION, day, day, units=[{"id": SPA_ADULT, "quantity": 2}]).ok()
    assert (entry["unitPricingFrom"], entry["pricingFrom"]["retail"]) == ([], SPA_CHF["retail"])
    [entry] = calendar(priced, ISLAND_PASS_ID, ISLAND_OPTION, day, day, currency="SEK").ok()
    assert (entry["pricingFrom"]["retail"], entry["pricingFrom"]["currency"], entry["status"]) == (45000, "SEK", "FREESALE")


# --- bookings --------------------------------------------------------------------------------------


@pytest.mark.parametrize("units", [(SPA_ADULT,), (SPA_ADULT, SPA_CHILD, SPA_CHILD)], ids=["one", "three"])
def test_a_booking_costs_the_options_price_whatever_its_units(priced, units):
    booking = reserve_spa(priced, units=units)
    assert {k: booking["pricing"][k] for k in SPA_CHF} == SPA_CHF
    assert all("pricing" not in item for item in booking["unitItems"])
    assert (booking["status"], booking["freesale"], booking["cancellable"]) == ("ON_HOLD", False, True)


def test_a_booking_in_sek(priced):
    booking = reserve_spa(priced, currency="SEK")
    assert (booking["pricing"]["retail"], booking["pricing"]["currency"]) == (SPA_SEK_RETAIL, "SEK")
    assert confirm(priced, booking)["pricing"]["currency"] == "SEK"


def test_a_booking_moves_to_the_other_option_and_currency(priced):
    booking = reserve_spa(priced)
    day = booking["availability"]["localDateTimeStart"][:10]
    afternoon = find_slot(priced, SPA_DAY_ID, local_date=day, option_id="OPT-7731")
    moved = priced.patch(f"/bookings/{booking['uuid']}", {"optionId": "OPT-7731", "availabilityId": afternoon["id"],
                                                          "currency": "SEK"}).ok()
    assert (moved["optionId"], moved["pricing"]["retail"], moved["pricing"]["currency"]) == ("OPT-7731", 105000, "SEK")
    assert availability_of(priced, afternoon["id"], SPA_DAY_ID, "OPT-7731")["vacancies"] == 59
    assert availability_of(priced, booking["availabilityId"], SPA_DAY_ID, SPA_OPTION)["vacancies"] == 60
    assert [b["uuid"] for b in priced.get("/bookings", {"localDate": day, "productId": SPA_DAY_ID}).ok()] == [booking["uuid"]]


def test_a_booking_on_a_freesale_day_says_so(shop):
    booking = reserve_island(shop, units=(ISLAND_ADULT, ISLAND_CHILD))
    assert (booking["freesale"], booking["availability"]["status"]) == (True, "FREESALE")
    assert booking["voucher"] is None and all(i["ticket"] is not None for i in booking["unitItems"])


def test_a_child_needs_an_adult_at_the_spa_but_not_on_the_island(shop):
    error = shop.post("/bookings", spa_reservation(shop, units=(SPA_CHILD,))).error("UNPROCESSABLE_ENTITY")
    assert SPA_ADULT in error["errorMessage"]
    assert reserve_island(shop, units=(ISLAND_CHILD,))["status"] == "ON_HOLD"


def test_confirming_needs_the_options_contact_fields_then_delivers(shop):
    booking = reserve_spa(shop, units=(SPA_ADULT, SPA_CHILD))
    shop.post(f"/bookings/{booking['uuid']}/confirm", {"contact": {"firstName": "Heidi"}}).error("UNPROCESSABLE_ENTITY")
    confirmed = confirm(shop, booking)
    assert (confirmed["status"], confirmed["contact"]["fullName"]) == ("CONFIRMED", CONTACT["fullName"])
    assert [o["deliveryFormat"] for o in confirmed["voucher"]["deliveryOptions"]] == ["QRCODE"]
    assert all([o["deliveryFormat"] for o in i["ticket"]["deliveryOptions"]] == ["QRCODE"]
               for i in confirmed["unitItems"])


def test_a_day_ticket_is_on_sale_on_the_day_itself_until_closing(shop):
    today = sandbox_today(shop).isoformat()  # noon UTC: early afternoon in Stockholm, open until 22:00
    booking = reserve_island(shop, day=today)
    stockholm = ZoneInfo("Europe/Stockholm")
    opening = datetime.combine(date.fromisoformat(today), datetime.min.time(), stockholm)
    assert datetime.fromisoformat(booking["availability"]["localDateTimeStart"]) == opening
    assert opening < parse_utc(shop.get("/_control/clock").ok()["utcNow"])  # the day has begun
    closing = opening + timedelta(hours=22)
    set_clock(shop, utc_text(closing + timedelta(minutes=1)))
    slot = availability_of(shop, booking["availabilityId"], ISLAND_PASS_ID, ISLAND_OPTION)
    assert (slot["status"], slot["available"]) == ("CLOSED", False)
    body = reservation(shop, ISLAND_PASS_ID, (ISLAND_ADULT,), option_id=ISLAND_OPTION, local_date=today)
    shop.post("/bookings", body).error("UNPROCESSABLE_ENTITY")


def test_a_past_day_is_refused_and_listed_only_by_id(shop):
    booking = reserve_spa(shop)
    day = booking["availability"]["localDateTimeStart"][:10]
    set_clock(shop, f"{(date.fromisoformat(day) + timedelta(days=1)).isoformat()}T12:00:00Z")
    body = {"productId": SPA_DAY_ID, "optionId": SPA_OPTION, "availabilityId": booking["availabilityId"],
            "unitItems": [{"unitId": SPA_ADULT}]}
    shop.post("/bookings", body).error("UNPROCESSABLE_ENTITY")
    assert shop.post("/availability", {"productId": SPA_DAY_ID, "optionId": SPA_OPTION, "localDate": day}).ok() == []
    slot = availability_of(shop, booking["availabilityId"], SPA_DAY_ID, SPA_OPTION)
    assert (slot["status"], slot["available"]) == ("CLOSED", False)


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_a_cancelled_booking_releases_its_seats_and_keeps_nothing_to_travel_with(shop, method):
    booking = confirm(shop, reserve_spa(shop, units=(SPA_ADULT, SPA_CHILD)))
    path = f"/bookings/{booking['uuid']}"
    cancelled = (shop.post(path + "/cancel", {"reason": "Regen"}) if method == "POST" else shop.delete(path)).ok()
    assert (cancelled["status"], cancelled["cancellable"], cancelled["utcExpiresAt"]) == ("CANCELLED", False, None)
    assert cancelled["voucher"] == {"redemptionMethod": "DIGITAL", "utcRedeemedAt": None, "deliveryOptions": []}
    assert [(i["status"], i["ticket"]["deliveryOptions"]) for i in cancelled["unitItems"]] == [("CANCELLED", [])] * 2
    assert availability_of(shop, booking["availabilityId"], SPA_DAY_ID, SPA_OPTION)["vacancies"] == 60


def test_the_two_hour_cutoff_ends_cancellation_at_22_00_the_evening_before(shop):
    booking = confirm(shop, reserve_spa(shop))
    day = date.fromisoformat(booking["availability"]["localDateTimeStart"][:10])
    cutoff = datetime.combine(day, datetime.min.time(), ZoneInfo("Europe/Zurich")) - timedelta(hours=2)
    set_clock(shop, utc_text(cutoff - timedelta(minutes=1)))
    assert shop.get(f"/bookings/{booking['uuid']}").ok()["cancellable"] is True
    set_clock(shop, utc_text(cutoff + timedelta(minutes=1)))
    assert shop.get(f"/bookings/{booking['uuid']}").ok()["cancellable"] is False
    shop.post(f"/bookings/{booking['uuid']}/cancel", {}).error("UNPROCESSABLE_ENTITY")


@pytest.mark.parametrize("path", ["/availability", "/availability/calendar"])
def test_a_reversed_date_range_is_bad_request(shop, path):
    later, earlier = open_day(shop, ahead=5), days_ahead(shop, 1)
    shop.post(path, {"productId": SPA_DAY_ID, "optionId": SPA_OPTION, "localDateStart": later,
                     "localDateEnd": earlier}).error("BAD_REQUEST")


def test_a_reversed_date_range_on_the_booking_list_is_bad_request(shop):
    reserve_spa(shop)
    shop.get("/bookings", {"localDateStart": days_ahead(shop, 9), "localDateEnd": days_ahead(shop, 1)}).error("BAD_REQUEST")
    assert len(all_bookings(shop)) == 1


# --- gifts and redemption ------------------------------------------------------------------------


def new_gift(client, amount: int, currency: str) -> dict:
    gift = client.post("/gifts", {"amount": amount, "currency": currency}).ok()
    return client.post(f"/gifts/{gift['uuid']}/confirm", {"contact": CONTACT}).ok()


def code_of(gift: dict) -> str:
    return next(o["deliveryValue"] for o in gift["voucher"]["deliveryOptions"] if o["deliveryFormat"] == "QRCODE")


def test_gifts_are_sold_in_the_catalogues_currencies_only(gifts):
    assert new_gift(gifts, 5000, "CHF")["currency"] == "CHF"
    assert new_gift(gifts, 50000, "SEK")["currency"] == "SEK"
    error = gifts.post("/gifts", {"amount": 1000, "currency": "GBP"}).error("BAD_REQUEST")
    assert "CHF, SEK" in error["errorMessage"]


def test_a_chf_gift_pays_a_spa_booking(gifts):
    gift = new_gift(gifts, 20000, "CHF")
    booking = reserve_spa(gifts, units=(SPA_ADULT, SPA_CHILD), giftPayment={"code": code_of(gift)})
    assert booking["giftPayment"] == {"code": code_of(gift), "amount": SPA_CHF["retail"], "currency": "CHF"}
    confirm(gifts, booking)
    assert gifts.get(f"/gifts/{gift['uuid']}").ok()["balance"] == 20000 - SPA_CHF["retail"]
    small = new_gift(gifts, 1000, "CHF")
    island = reserve_island(gifts, giftPayment={"code": code_of(small)})
    assert island["giftPayment"]["amount"] == 1000 and island["pricing"]["retail"] == ISLAND_CHF_RETAIL


def test_a_sek_gift_cannot_pay_a_chf_booking(gifts):
    gift = new_gift(gifts, 500000, "SEK")
    gifts.post("/bookings", spa_reservation(gifts, giftPayment={"code": code_of(gift)})).error("UNPROCESSABLE_ENTITY")
    assert reserve_spa(gifts, currency="SEK", giftPayment={"code": code_of(gift)})["giftPayment"]["amount"] == SPA_SEK_RETAIL


def test_a_confirmed_booking_is_redeemed_by_its_reference_and_a_ticket_by_its_code(shop):
    scanner = shop.with_capabilities(REDEMPTION)
    spa = confirm(shop, reserve_spa(shop, units=(SPA_ADULT, SPA_CHILD)))
    [found] = scanner.get("/redemption/lookup", {"reference": spa["supplierReference"]}).ok()
    assert (found["uuid"], found["redeemable"]) == (spa["uuid"], True)
    redeemed = scanner.post("/redemption/redeem", {"redemptionCode": found["redemptionCode"]}).ok()
    assert redeemed["status"] == "REDEEMED" and all(i["utcRedeemedAt"] for i in redeemed["unitItems"])
    island = confirm(shop, reserve_island(shop, units=(ISLAND_ADULT, ISLAND_CHILD)))
    ticket = island["unitItems"][0]["ticket"]
    qr = next(o["deliveryValue"] for o in ticket["deliveryOptions"] if o["deliveryFormat"] == "QRCODE")
    done = scanner.post("/redemption/redeem", {"redemptionCode": qr}).ok()
    assert done["status"] == "CONFIRMED" and [bool(i["utcRedeemedAt"]) for i in done["unitItems"]] == [True, False]
    assert done["unitItems"][0]["ticket"]["redemptionMethod"] == "MANIFEST"
