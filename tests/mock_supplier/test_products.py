"""GET /supplier, /capabilities, /products and /products/{id} against the seeded catalogue."""
import pytest

SEEDED = ["river-cruise", "theatre-show", "walking-tour", "museum-pass", "harbour-cruise", "cooking-class"]


def test_supplier_names_itself_and_its_endpoint(client):
    supplier = client.get("/supplier").ok()
    assert supplier["id"] and supplier["name"]
    assert supplier["endpoint"] == "http://localhost/octo"
    assert set(supplier["contact"]) == {"website", "email", "telephone", "address"}


def test_capabilities_list_what_the_mock_implements(client):
    capabilities = client.get("/capabilities").ok()
    assert [c["id"] for c in capabilities] == ["octo/pricing", "octo/offers", "octo/redemption", "octo/gifts",
                                              "octo/content", "octo/pickups", "octo/questions", "octo/cart",
                                              "octo/webhooks"]
    assert all(c["required"] is False for c in capabilities)


def test_products_lists_the_seeded_catalogue(client):
    assert [p["id"] for p in client.get("/products").ok()] == SEEDED


@pytest.mark.parametrize("product_id", SEEDED)
def test_get_product_is_the_listed_product(client, product_id):
    listed = {p["id"]: p for p in client.get("/products").ok()}
    assert client.get(f"/products/{product_id}").ok() == listed[product_id]


@pytest.mark.parametrize("product_id", ["nope", "WALKING-TOUR", "1", "walking-tour%20"])
def test_unknown_product_is_invalid_product_id(client, product_id):
    client.get(f"/products/{product_id}").error("INVALID_PRODUCT_ID", productId=product_id.replace("%20", " "))


def test_the_first_products_are_roomy_start_time_products_asking_no_contact_fields(client):
    """Off-the-shelf clients book the first START_TIME products again and again (README, the seeded catalogue)."""
    first, second = client.get("/products").ok()[:2]
    for product in (first, second):
        assert product["availabilityType"] == "START_TIME"
        for option in product["options"]:
            assert option["requiredContactFields"] == []
            assert option["restrictions"] == {"minUnits": 0, "maxUnits": 10}
            assert all(u["requiredContactFields"] == [] for u in option["units"])


def test_no_option_says_minunits_null(client):
    """No minimum is minUnits 0: the OpenAPI allows null too, the official validator does not."""
    for product in client.get("/products").ok():
        for option in product["options"]:
            assert isinstance(option["restrictions"]["minUnits"], int), (product["id"], option["id"])


def test_walking_tour_start_times_options_and_unit_restrictions(client):
    product = client.get("/products/walking-tour").ok()
    assert product["availabilityType"] == "START_TIME"
    assert product["timeZone"] == "Europe/London"
    assert product["deliveryMethods"] == ["VOUCHER", "TICKET"]
    assert product["deliveryFormats"] == ["QRCODE", "PDF_URL"]
    options = {o["id"]: o for o in product["options"]}
    assert set(options) == {"DEFAULT", "EVENING"}
    assert options["DEFAULT"]["default"] is True and options["EVENING"]["default"] is False
    assert options["DEFAULT"]["availabilityLocalStartTimes"] == ["09:00", "13:00", "17:00"]
    assert options["DEFAULT"]["restrictions"] == {"minUnits": 1, "maxUnits": 10}
    assert options["DEFAULT"]["requiredContactFields"] == ["firstName", "lastName", "emailAddress"]
    units = {u["id"]: u for u in options["DEFAULT"]["units"]}
    assert units["child"]["restrictions"]["accompaniedBy"] == ["adult"]
    assert units["infant"]["restrictions"]["maxQuantity"] == 2
    assert units["adult"]["restrictions"]["paxCount"] == 1


def test_museum_pass_is_opening_hours_freesale_with_tickets_only(client):
    product = client.get("/products/museum-pass").ok()
    assert product["availabilityType"] == "OPENING_HOURS"
    assert product["allowFreesale"] is True
    assert product["deliveryMethods"] == ["TICKET"]
    assert product["options"][0]["availabilityLocalStartTimes"] == ["00:00"]


def test_harbour_cruise_restricts_the_number_of_units(client):
    option = client.get("/products/harbour-cruise").ok()["options"][0]
    assert option["restrictions"] == {"minUnits": 2, "maxUnits": 6}
    assert option["cancellationCutoffAmount"] == 48 and option["cancellationCutoffUnit"] == "hour"


def test_cooking_class_has_a_30_day_cutoff_and_a_family_unit_of_4_seats(client):
    option = client.get("/products/cooking-class").ok()["options"][0]
    assert (option["cancellationCutoffAmount"], option["cancellationCutoffUnit"]) == (30, "day")
    assert option["cancellationCutoff"] == "30 days"
    family = next(u for u in option["units"] if u["id"] == "family")
    assert family["type"] == "FAMILY"
    assert family["restrictions"]["paxCount"] == 4 and family["restrictions"]["maxQuantity"] == 1


def test_products_carry_no_pricing_without_the_capability(client):
    for product in client.get("/products").ok():
        assert not {"defaultCurrency", "availableCurrencies", "pricingPer"} & product.keys()
        for option in product["options"]:
            assert "pricing" not in option and "pricingFrom" not in option
            assert all("pricing" not in u and "pricingFrom" not in u for u in option["units"])
