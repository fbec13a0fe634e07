"""The catalogue model: currencies and their precision, what a catalogue must hold to be served,
and a mock made with a catalogue of any shape (MockConfig.catalogue)."""
from dataclasses import replace

import pytest

from mock_supplier import MockConfig, create_app
from mock_supplier.catalogue import SEEDED_CATALOGUE, Catalogue, Money, currency_precision
from tests.harness import FOREIGN_CATALOGUE, GIFTS, ISLAND_PASS, PRICING, SPA_DAY, FlaskTransport, OctoClient, at_noon


@pytest.mark.parametrize("code, precision", [
    ("JPY", 0), ("KRW", 0), ("ISK", 0), ("CLP", 0), ("VND", 0), ("XOF", 0),
    ("GBP", 2), ("EUR", 2), ("USD", 2), ("CHF", 2), ("SEK", 2), ("NOK", 2), ("DKK", 2), ("AUD", 2), ("CAD", 2),
    ("NZD", 2), ("PLN", 2), ("CZK", 2), ("HUF", 2),
    ("BHD", 3), ("KWD", 3), ("TND", 3),
    ("XYZ", 2),  # not ISO 4217: the common case
])
def test_currency_precision_follows_iso_4217(code, precision):
    assert currency_precision(code) == precision


def test_the_catalogue_lists_the_currencies_it_sells():
    assert SEEDED_CATALOGUE.currencies == ("GBP", "EUR", "USD", "JPY")
    assert FOREIGN_CATALOGUE.currencies == ("CHF", "SEK")


def test_the_seeded_and_foreign_catalogues_have_no_problems():
    assert SEEDED_CATALOGUE.problems() == [] and FOREIGN_CATALOGUE.problems() == []


def test_an_option_sold_without_capacity_implies_allow_freesale():
    assert replace(ISLAND_PASS, allow_freesale=False).allows_freesale is True
    assert SPA_DAY.allows_freesale is False


def test_a_catalogue_that_cannot_be_served_is_refused_at_start():
    option = replace(SPA_DAY.options[1], booking_prices={"CHF": Money(100, 80)})  # no SEK price
    broken = Catalogue((replace(SPA_DAY, options=(option,), default_currency="EUR"), ISLAND_PASS, ISLAND_PASS))
    problems = broken.problems()
    assert any("used twice" in p for p in problems)
    assert any("defaultCurrency EUR" in p for p in problems)
    assert any("no booking price in SEK" in p for p in problems)
    with pytest.raises(ValueError, match="no booking price in SEK"):
        create_app(MockConfig(catalogue=broken))


def test_a_zero_decimal_catalogue_prices_and_sells_gifts_in_its_currency(tmp_path):
    option = replace(ISLAND_PASS.options[0], booking_prices={"KRW": Money(39000, 31000)})
    krw = Catalogue((replace(ISLAND_PASS, currencies=("KRW",), default_currency="KRW", options=(option,)),))
    app = create_app(MockConfig(db_path=str(tmp_path / "krw.sqlite3"), catalogue=krw))
    client = at_noon(OctoClient(FlaskTransport(app), capabilities=(PRICING, GIFTS)))
    [product] = client.get("/products").ok()
    assert [(p["currency"], p["currencyPrecision"], p["retail"]) for p in product["options"][0]["pricing"]] == \
        [("KRW", 0, 39000)]
    assert client.post("/gifts", {"amount": 50000, "currency": "KRW"}).ok()["currency"] == "KRW"
    client.post("/gifts", {"amount": 50000, "currency": "CHF"}).error("BAD_REQUEST")
