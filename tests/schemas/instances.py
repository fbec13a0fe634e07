"""Builders of fresh, valid instances of the OCTO objects, for schema tests."""

BOOKING_UUID = "89fe0192-ddcd-430a-b285-e1396a4725d2"
UNIT_ITEM_UUID = "eeddd74e-88e6-4dab-84e9-14f7af18935f"


def pricing(retail: int = 2000, currency: str = "EUR") -> dict:
    """The shared group price of the spec examples (SPEC-DIGEST §4)."""
    return {
        "original": retail,
        "retail": retail,
        "net": retail * 4 // 5,
        "currency": currency,
        "currencyPrecision": 2,
        "includedTaxes": [{"name": "VAT 10", "retail": 182, "original": 182, "net": None}],
    }


def pricing_unit(unit_id: str = "adult") -> dict:
    """A per-unit price as listed in availability unitPricing."""
    return {**pricing(), "unitId": unit_id}


def contact(**fields) -> dict:
    """An empty response contact, with any fields overridden."""
    empty = dict.fromkeys(
        ["fullName", "firstName", "lastName", "emailAddress", "phoneNumber", "postalCode", "country", "notes"]
    )
    return {**empty, "locales": [], **fields}


def ticket() -> dict:
    """A confirmed voucher or ticket with a QR code."""
    return {
        "redemptionMethod": "DIGITAL",
        "utcRedeemedAt": None,
        "deliveryOptions": [{"deliveryFormat": "QRCODE", "deliveryValue": "OCTO-1234"}],
    }


def unit(unit_id: str = "adult", *, priced: bool = False) -> dict:
    """An adult unit; `priced` adds per-unit pricingFrom and pricing."""
    out = {
        "id": unit_id,
        "internalName": unit_id.title(),
        "reference": None,
        "type": "ADULT",
        "requiredContactFields": [],
        "restrictions": {
            "minAge": 18, "maxAge": 100, "idRequired": False, "minQuantity": None,
            "maxQuantity": None, "paxCount": 1, "accompaniedBy": [],
        },
    }
    if priced:
        out.update(pricingFrom=[pricing()], pricing=[pricing()])
    return out


def option(*, priced_units: bool = False) -> dict:
    """The DEFAULT option with one unit."""
    return {
        "id": "DEFAULT",
        "default": True,
        "internalName": "Default",
        "reference": None,
        "availabilityLocalStartTimes": ["09:00", "14:30"],
        "cancellationCutoff": "1 hour",
        "cancellationCutoffAmount": 1,
        "cancellationCutoffUnit": "hour",
        "requiredContactFields": ["firstName", "lastName"],
        "restrictions": {"minUnits": 1, "maxUnits": None},
        "units": [unit(priced=priced_units)],
    }


def product(pricing_per: str | None = None) -> dict:
    """A START_TIME product; pricing_per="UNIT" or "BOOKING" adds the octo/pricing fields."""
    out = {
        "id": "1a7213eb-3a33-4cbb-b114-64d771c201ac",
        "internalName": "Harbour cruise",
        "reference": "HC-1",
        "locale": "en-GB",
        "timeZone": "Europe/London",
        "allowFreesale": False,
        "instantConfirmation": True,
        "instantDelivery": True,
        "availabilityRequired": True,
        "availabilityType": "START_TIME",
        "deliveryFormats": ["QRCODE", "PDF_URL"],
        "deliveryMethods": ["VOUCHER", "TICKET"],
        "redemptionMethod": "DIGITAL",
        "options": [option(priced_units=pricing_per == "UNIT")],
    }
    if pricing_per:
        out.update(defaultCurrency="EUR", availableCurrencies=["EUR"], pricingPer=pricing_per)
    if pricing_per == "BOOKING":
        out["options"][0].update(pricingFrom=[pricing()], pricing=[pricing()])
    return out


def availability(*, priced: bool = False) -> dict:
    """A LIMITED 14:30 slot; `priced` adds unitPricing and pricing."""
    out = {
        "id": "2030-07-01T14:30:00-05:00",
        "localDateTimeStart": "2030-07-01T14:30:00-05:00",
        "localDateTimeEnd": "2030-07-01T16:30:00-05:00",
        "utcCutoffAt": "2030-07-01T18:30:00Z",
        "allDay": False,
        "available": True,
        "status": "LIMITED",
        "vacancies": 4,
        "capacity": 20,
        "maxUnits": None,
        "openingHours": [],
    }
    if priced:
        out.update(unitPricing=[pricing_unit()], pricing=pricing())
    return out


def calendar_day(*, priced: bool = False) -> dict:
    """An OPENING_HOURS calendar day; `priced` adds unitPricingFrom and pricingFrom."""
    out = {
        "localDate": "2030-07-01",
        "available": True,
        "status": "AVAILABLE",
        "vacancies": None,
        "capacity": None,
        "openingHours": [{"from": "09:00", "to": "17:00"}],
    }
    if priced:
        out.update(unitPricingFrom=[pricing_unit()], pricingFrom=pricing())
    return out


def unit_item() -> dict:
    """A confirmed adult unit item with its own ticket."""
    return {
        "uuid": UNIT_ITEM_UUID,
        "resellerReference": None,
        "supplierReference": "408H44",
        "unitId": "adult",
        "status": "CONFIRMED",
        "utcRedeemedAt": None,
        "contact": contact(),
        "ticket": ticket(),
    }


def booking(*, priced: bool = False) -> dict:
    """A CONFIRMED booking with one unit item; `priced` adds the octo/pricing total."""
    out = {
        "id": "booking-1",
        "uuid": BOOKING_UUID,
        "testMode": True,
        "resellerReference": "VOUCHER-0123",
        "supplierReference": "X749G9",
        "status": "CONFIRMED",
        "utcCreatedAt": "2030-06-07T17:06:37Z",
        "utcUpdatedAt": "2030-06-07T18:36:29.123Z",
        "utcExpiresAt": None,
        "utcRedeemedAt": None,
        "utcConfirmedAt": "2030-06-07T18:36:29Z",
        "productId": "1a7213eb-3a33-4cbb-b114-64d771c201ac",
        "optionId": "DEFAULT",
        "cancellable": True,
        "cancellation": None,
        "freesale": False,
        "availabilityId": "2030-07-01T14:30:00-05:00",
        "availability": availability(),
        "contact": contact(fullName="Oliver Morgan", emailAddress="ollym@example.com", locales=["en-GB"]),
        "notes": None,
        "deliveryMethods": ["VOUCHER", "TICKET"],
        "voucher": ticket(),
        "unitItems": [unit_item()],
    }
    if priced:
        out["pricing"] = pricing()
    return out


def supplier() -> dict:
    """A supplier whose endpoint has no trailing slash."""
    return {
        "id": "supplier-1",
        "name": "Harbour Tours",
        "endpoint": "http://127.0.0.1:8080/octo",
        "contact": {"website": None, "email": "ops@example.com", "telephone": None, "address": None},
    }


def capability() -> dict:
    """The octo/pricing capability as GET /capabilities lists it."""
    return {"id": "octo/pricing", "revision": 1, "required": False, "dependencies": [], "docs": None}


def error(code: str = "INVALID_PRODUCT_ID", **echo) -> dict:
    """An error body; INVALID_PRODUCT_ID echoes a productId by default."""
    if code == "INVALID_PRODUCT_ID" and not echo:
        echo = {"productId": "nope"}
    return {"error": code, "errorMessage": "The productId was missing or invalid", **echo}


def reservation_body() -> dict:
    """A POST /bookings body for one adult."""
    return {
        "uuid": BOOKING_UUID,
        "productId": "1a7213eb-3a33-4cbb-b114-64d771c201ac",
        "optionId": "DEFAULT",
        "availabilityId": "2030-07-01T14:30:00-05:00",
        "expirationMinutes": 30,
        "notes": None,
        "currency": "EUR",
        "unitItems": [{"unitId": "adult", "uuid": UNIT_ITEM_UUID, "contact": {"fullName": None}}],
    }
