"""octo/offers rules (SPEC-CAPABILITIES §4): offers on availability and bookings, their discount in
the prices, and the refusals of codes that do not apply.

Sources: Ventrata's OpenAPI and offers pages, the v1 types and the official mock (octomock and
its generator), as digested in docs/SPEC-CAPABILITIES.md §4; OCTO's own Promotions capability
is a draft without field names. The rules find offers in the target's own availability (the
`offers` of its departures) and skip, saying so, when it lists none. Where the sources differ,
each way they allow passes:

- an offer is named by `offerCode` on availability and on PATCH /bookings (the v1 types, the
  official mock, Ventrata's docs); on POST /bookings only Ventrata's docs take it, so a target
  that ignores or refuses it there gets the offer by update instead;
- a discount may be taken off the retail price before the offer or off `original` (the
  official mock's calculator): retail plus the offerDiscount is either;
- a code that does not apply may be refused with the official mock's codes
  (INVALID_OFFER_CODE, OFFER_CONDITIONS_NOT_MET) or BAD_REQUEST / UNPROCESSABLE_ENTITY (no other
  source names a code), whatever it echoes;
- a booking left with fewer units than its offer needs may be refused (the official mock checks
  the restrictions on update) or re-priced without the offer.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

import schemas
from suites.plugin.checks import as_json, capability_valid, expect, expect_equal, octo_error
from suites.plugin.discovery import DEFAULT_DAYS, Offer, bookable, restrictions, seats_of, units_of

pytestmark = pytest.mark.capability("octo/offers")

OFFERS = "octo/offers"
UNKNOWN_CODE = "OCTOCONF-NO-SUCH-OFFER-CODE"
INVALID_CODE = ("INVALID_OFFER_CODE", "BAD_REQUEST")
NOT_MET = ("OFFER_CONDITIONS_NOT_MET", "UNPROCESSABLE_ENTITY", "BAD_REQUEST")
AVAILABILITY_FIELDS = ("offerCode", "offerTitle", "offers", "offer")
BOOKING_FIELDS = ("offerCode", "offerTitle", "offer", "offerComparisons", "offerIsCombination", "offers")
SLOTS_TRIED = 3  # departures per option whose offers are tried


# --- reading offers -------------------------------------------------------------------------


def listed_offers(thing: dict) -> list[dict]:
    """The offers an availability (or booking) lists, those with a code."""
    return [o for o in thing.get("offers") or [] if isinstance(o, dict) and isinstance(o.get("code"), str)
            and o["code"]]


def applied_code(thing: dict) -> str | None:
    """The code of the offer an availability or booking applies (offerCode, else offer.code)."""
    code = thing.get("offerCode")
    if isinstance(code, str) and code:
        return code
    offer = thing.get("offer")
    return offer.get("code") if isinstance(offer, dict) and isinstance(offer.get("code"), str) else None


def _others(client) -> tuple[str, ...]:
    """The run's capabilities without octo/offers (in the spelling the target declared)."""
    return tuple(c for c in client.capabilities if schemas.canonical_capability(c) != OFFERS)


def _amount(pricing: object, field: str = "retail") -> int | None:
    value = pricing.get(field) if isinstance(pricing, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def quoted_total(slot: dict, offer: Offer) -> tuple[int | None, int | None, dict | None]:
    """(retail, original, offerDiscount) of what an availability asked for the offer's units
    quotes: its pricing total, else its unitPricing times the quantities."""
    pricing = slot.get("pricing")
    if _amount(pricing) is not None:
        return _amount(pricing), _amount(pricing, "original"), pricing.get("offerDiscount")
    prices = {p.get("unitId"): p for p in slot.get("unitPricing") or [] if isinstance(p, dict)}
    retail = original = 0
    for unit_id in offer.unit_ids:
        if _amount(prices.get(unit_id)) is None:
            return None, None, None
        retail += _amount(prices[unit_id])
        original += _amount(prices[unit_id], "original") or 0
    return retail, original, None


# --- finding an offer -------------------------------------------------------------------------


@dataclass
class Quote:
    """A departure, units that meet an offer's restrictions, the offer's code, and the
    availability of that departure asked for those units with that code, which applies it."""

    offer: Offer
    code: str
    listed: dict
    slot: dict


def _order_for(discover, option: dict, listed: dict, base: list[str]) -> list[str] | None:
    """Units meeting an offer's minUnits, maxUnits and unitIds (as far as the option allows)."""
    limits = listed.get("restrictions") if isinstance(listed.get("restrictions"), dict) else {}
    allowed = [u for u in limits.get("unitIds") or [] if isinstance(u, str)]
    order = list(base)
    if allowed and any(u not in allowed for u in order):
        alone = [u["id"] for u in units_of(option) if u["id"] in allowed and not restrictions(u).get("accompaniedBy")]
        if not alone:
            return None
        order = discover.minimal_units(option, focus=next(u for u in units_of(option) if u["id"] == alone[0]))
        if order is None:
            return None
    least, most = limits.get("minUnits"), limits.get("maxUnits")
    if isinstance(least, int) and len(order) < least:
        order = order + [order[-1]] * (least - len(order))
    if isinstance(most, int) and len(order) > most:
        return None
    return order if discover.allows(option, order) else None


def _has_room(option: dict, slot: dict, unit_ids: list[str]) -> bool:
    vacancies = slot.get("vacancies")
    return not isinstance(vacancies, int) or vacancies >= sum(seats_of(option, u) for u in unit_ids)


def departures_with_offers(discover):
    """(product, option, minimal units, departure) for bookable departures, clear of their
    cancellation cutoff, that list offers."""
    for product, option in discover.options():
        base = discover.minimal_units(option)
        if base is None:
            continue
        slots = [s for s in discover.departures(product, option, base, discover._clear_of_cutoff(option, DEFAULT_DAYS))
                 if bookable(s) and discover._cancellable(option, s) and listed_offers(s)]
        for slot in slots[:SLOTS_TRIED]:
            yield product, option, base, slot


def ask_with_code(client, offer: Offer, code: str | None) -> dict | None:
    """The availability of the offer's departure for its units, with `code`; None if not a list of one."""
    body = {"productId": offer.product_id, "optionId": offer.option_id, "availabilityIds": [offer.availability_id],
            "units": offer.units_query()}
    if code is not None:
        body["offerCode"] = code
    reply = client.post("/availability", body)
    found = reply.json() if reply.status == 200 else None
    return found[0] if isinstance(found, list) and len(found) == 1 and isinstance(found[0], dict) else None


def find_quote(client, discover, keep=lambda listed, option: True, need: str = "offer") -> Quote:
    """The first listed offer (kept by `keep`) that the availability of its departure applies
    when asked with its code, for units meeting its restrictions."""
    listed_any, tried = False, set()
    for product, option, base, slot in departures_with_offers(discover):
        listed_any = True
        for listed in listed_offers(slot):
            key = (product.get("id"), option.get("id"), listed["code"])
            if key in tried or not keep(listed, option):
                continue
            tried.add(key)
            units = _order_for(discover, option, listed, base)
            if units is None or not _has_room(option, slot, units):
                continue
            offer = Offer(product, option, units, slot)
            seen = ask_with_code(client, offer, listed["code"])
            if seen is not None and applied_code(seen) == listed["code"]:
                return Quote(offer, listed["code"], listed, seen)
    if not listed_any:
        pytest.skip(f"no departure of the target lists offers in the next {DEFAULT_DAYS[1]} days")
    pytest.skip(f"the target lists no {need} that its availability applies when asked with its offerCode")


@pytest.fixture
def quote(client, discover) -> Quote:
    return find_quote(client, discover)


def book_with(api, client, quote: Quote, judged: bool) -> dict:
    """A booking of the quote's units with its offer: named on the reservation (Ventrata's docs),
    else, where the target does not take it there (the v1 types, Ventrata's OpenAPI), by update."""
    calls = api.tested if judged else api
    reply = client.post("/bookings", quote.offer.reservation(api.reseller_reference(), offerCode=quote.code))
    booking = reply.json() if reply.status == 200 else None
    if isinstance(booking, dict) and applied_code(booking) == quote.code:
        return booking
    if not (isinstance(booking, dict) and isinstance(booking.get("uuid"), str)):
        booking = api.reserve(quote.offer.reservation(api.reseller_reference()))
    return calls.update(booking["uuid"], {"offerCode": quote.code})


# --- fields ---------------------------------------------------------------------------------


def test_availability_and_bookings_carry_offer_fields(api, discover):
    """With octo/offers, availability says offerCode, offerTitle, offers and offer, and a booking offerCode, offerTitle and offer, each offer valid (SPEC-CAPABILITIES §4.2; Ventrata OpenAPI, Offer and OfferRestrictions)."""
    offer = discover.offer()
    slots = api.availability({"productId": offer.product_id, "optionId": offer.option_id,
                              "availabilityIds": [offer.availability_id]})
    capability_valid("availability", slots, OFFERS, many=True)
    capability_valid("booking", api.reserve(offer.reservation(api.reseller_reference())), OFFERS)


def test_offer_fields_absent_without_the_capability(api, client, discover):
    """Without octo/offers in Octo-Capabilities, availability and bookings carry no offer field and prices no offerDiscount (SPEC-CAPABILITIES §0: a capability's fields are absent when it is not applied)."""
    offer = discover.offer()
    others = _others(client)
    booking = api.reserve(offer.reservation(api.reseller_reference()))
    seen = []
    slots = client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                          "availabilityIds": [offer.availability_id], "units": offer.units_query()},
                        capabilities=others).json()
    for slot in slots if isinstance(slots, list) else []:
        if isinstance(slot, dict):
            seen += [f"availability.{f}" for f in AVAILABILITY_FIELDS if f in slot]
            prices = [slot.get("pricing")] + list(slot.get("unitPricing") or [])
            seen += ["availability pricing.offerDiscount" for p in prices if isinstance(p, dict) and "offerDiscount" in p]
    read = api.read_without(booking["uuid"], others)
    seen += [f"booking.{f}" for f in BOOKING_FIELDS if f in read]
    if isinstance(read.get("pricing"), dict) and "offerDiscount" in read["pricing"]:
        seen.append("booking pricing.offerDiscount")
    expect(not seen, "no offer field without octo/offers", sorted(set(seen)))


# --- discounts ------------------------------------------------------------------------------


def test_offer_discount_shows_in_availability(client, quote):
    """An availability applying an offer quotes the discounted price: less than without octo/offers, and, with an offerDiscount, retail plus its retail is the price before the offer (SPEC-CAPABILITIES §4.4: retail is discounted, original keeps the price before; §4.6: the official mock's availability prices are not)."""
    retail, _, discount = quoted_total(quote.slot, quote.offer)
    base = _baseline(client, quote.offer)
    expect(retail is not None and base is not None, "retail prices with and without the offer",
           f"with {quote.code}: {as_json(quote.slot.get('pricing'))}; without octo/offers: {base}")
    expect(retail < base[0], f"the discount of offer {quote.code} taken off the availability's retail",
           f"retail {retail} with offer {quote.code}, {base[0]} without octo/offers")
    if isinstance(discount, dict) and _amount(discount) is not None:
        expect(retail + discount["retail"] in base, "retail + offerDiscount.retail = the retail (or original) "
               f"without the offer, one of {sorted(set(base))}", f"{retail} + {discount['retail']}")


def _baseline(client, offer: Offer) -> tuple[int, int] | None:
    """(retail, original) of the offer's units without octo/offers; a target that still applies
    an offer there has its offerDiscount added back."""
    body = {"productId": offer.product_id, "optionId": offer.option_id, "availabilityIds": [offer.availability_id],
            "units": offer.units_query()}
    reply = client.post("/availability", body, capabilities=_others(client))
    found = reply.json() if reply.status == 200 else None
    if not (isinstance(found, list) and len(found) == 1 and isinstance(found[0], dict)):
        return None
    retail, original, discount = quoted_total(found[0], offer)
    if retail is None:
        return None
    if isinstance(discount, dict) and _amount(discount) is not None:
        retail += discount["retail"]
    return retail, original if original is not None else retail


def test_offer_discount_shows_in_the_booking(api, client, quote):
    """A booking made with an offer carries its offerCode and costs what availability quoted for its units with that offer (SPEC-CAPABILITIES §4.3-4.4: offerCode on the booking, the offer applied; on update where the reservation does not take it, as the v1 types and the official mock)."""
    booking = book_with(api, client, quote, judged=True)
    expect_equal(applied_code(booking), quote.code, "the booking's offerCode")
    retail, _, _ = quoted_total(quote.slot, quote.offer)
    expect_equal(_amount(booking.get("pricing")), retail,
                 f"booking pricing.retail (availability's quote with offer {quote.code})")


def test_booking_totals_add_up_with_the_discount(api, client, quote):
    """A discounted booking's pricing is the sum of its unit items' (per-unit pricing), its offerDiscount the sum of theirs, and its retail plus offerDiscount.retail the price without the offer (SPEC-CAPABILITIES §4.2, §4.4)."""
    booking = book_with(api, client, quote, judged=False)
    total = booking.get("pricing") if isinstance(booking.get("pricing"), dict) else {}
    items = [i.get("pricing") for i in booking.get("unitItems") or [] if isinstance(i, dict)]
    if items and all(isinstance(p, dict) for p in items) and quote.offer.product.get("pricingPer") != "BOOKING":
        for field in ("original", "retail", "net"):
            values = [p.get(field) for p in items]
            if all(isinstance(v, int) for v in values):
                expect_equal(total.get(field), sum(values), f"pricing.{field} (the sum of the unit items')")
        discounts = [_amount(p.get("offerDiscount")) for p in items]
        if _amount(total.get("offerDiscount")) is not None and any(d is not None for d in discounts):
            expect_equal(total["offerDiscount"]["retail"], sum(d or 0 for d in discounts),
                         "pricing.offerDiscount.retail (the sum of the unit items')")
    base = _baseline(client, quote.offer)
    if base is None or _amount(total) is None:
        pytest.skip("the target quotes no retail price for these units without octo/offers")
    discount = _amount(total.get("offerDiscount"))
    if discount is None:
        expect(total["retail"] < base[0], f"the discount of offer {quote.code} in the booking's retail",
               f"retail {total['retail']}, {base[0]} without octo/offers")
    else:
        expect(total["retail"] + discount in base, "pricing.retail + offerDiscount.retail = the retail (or original) "
               f"without the offer, one of {sorted(set(base))}", f"{total['retail']} + {discount}")


# --- refusals -------------------------------------------------------------------------------


def test_unknown_offer_code_is_refused_on_availability(client, discover):
    """Availability asked with an offerCode the target does not have is refused: INVALID_OFFER_CODE (the official mock) or BAD_REQUEST (SPEC-CAPABILITIES §4.5)."""
    offer = discover.offer()
    octo_error(client.post("/availability", {"productId": offer.product_id, "optionId": offer.option_id,
                                              "availabilityIds": [offer.availability_id],
                                              "offerCode": UNKNOWN_CODE}), INVALID_CODE)


def test_unknown_offer_code_is_refused_on_update(api, client, discover):
    """An update naming an offerCode the target does not have is refused, and the booking keeps its offer (SPEC-CAPABILITIES §4.5: INVALID_OFFER_CODE on booking update, or BAD_REQUEST)."""
    booking = api.reserve(discover.offer().reservation(api.reseller_reference()))
    octo_error(client.patch(f"/bookings/{booking['uuid']}", {"offerCode": UNKNOWN_CODE}), INVALID_CODE)
    expect_equal(applied_code(api.get(booking["uuid"])), applied_code(booking), "the offerCode after the refusal")


def _breakable(listed: dict, option: dict) -> bool:
    limits = listed.get("restrictions") if isinstance(listed.get("restrictions"), dict) else {}
    least, allowed = limits.get("minUnits"), [u for u in limits.get("unitIds") or [] if isinstance(u, str)]
    return (isinstance(least, int) and least >= 2) or (bool(allowed) and any(
        u["id"] not in allowed for u in units_of(option) if not restrictions(u).get("accompaniedBy")))


def _breaking_order(discover, quote: Quote) -> list[str] | None:
    """Units of the quote's option that break its offer: fewer than minUnits, or a unit not in unitIds."""
    option, limits = quote.offer.option, quote.listed.get("restrictions") or {}
    least, allowed = limits.get("minUnits"), [u for u in limits.get("unitIds") or [] if isinstance(u, str)]
    if isinstance(least, int) and least >= 2:
        fewer = quote.offer.unit_ids[:least - 1]
        if discover.allows(option, fewer) and (restrictions(option).get("minUnits") or 1) <= len(fewer):
            return fewer
    for unit in units_of(option):
        if allowed and unit["id"] not in allowed and not restrictions(unit).get("accompaniedBy"):
            order = discover.minimal_units(option, focus=unit)
            if order:
                return order
    return None


def test_offer_whose_conditions_fail_is_refused(api, client, discover):
    """Naming an offer whose restrictions the booking does not meet (fewer than minUnits, a unit not in unitIds) is refused and the booking does not get it (SPEC-CAPABILITIES §4.4-4.5: OFFER_CONDITIONS_NOT_MET, checked on update by the official mock)."""
    quote = find_quote(client, discover, _breakable, "offer with minUnits of 2 or more or unitIds leaving a unit out")
    order = _breaking_order(discover, quote)
    if order is None:
        pytest.skip(f"option {quote.offer.option_id} allows no order breaking offer {quote.code}'s restrictions")
    broken = Offer(quote.offer.product, quote.offer.option, order, quote.offer.availability)
    booking = api.reserve(broken.reservation(api.reseller_reference()))
    octo_error(client.patch(f"/bookings/{booking['uuid']}", {"offerCode": quote.code}), NOT_MET)
    expect(applied_code(api.get(booking["uuid"])) != quote.code, f"no offer {quote.code} on the booking",
           f"offerCode {quote.code} after the refusal")


def test_fewer_units_than_the_offer_needs_refuse_or_reprice(api, client, discover):
    """Updating a booking with an offer to fewer units than its minUnits is refused, leaving the booking as it was, or drops the offer and re-prices the booking as availability quotes those units (SPEC-CAPABILITIES §4.4: the official mock refuses OFFER_CONDITIONS_NOT_MET; re-pricing is allowed)."""
    quote = find_quote(client, discover, lambda listed, option: isinstance(
        (listed.get("restrictions") or {}).get("minUnits"), int) and listed["restrictions"]["minUnits"] >= 2,
        "offer with minUnits of 2 or more")
    fewer = quote.offer.unit_ids[:quote.listed["restrictions"]["minUnits"] - 1]
    option = quote.offer.option
    if not discover.allows(option, fewer) or (restrictions(option).get("minUnits") or 1) > len(fewer):
        pytest.skip(f"option {quote.offer.option_id} does not allow {len(fewer)} units")
    booking = api.get(book_with(api, client, quote, judged=False)["uuid"])  # as stored, whatever the answer showed
    reply = client.patch(f"/bookings/{booking['uuid']}", {"unitItems": [{"unitId": u} for u in fewer]})
    if reply.status != 200:
        octo_error(reply, NOT_MET)
        after = api.get(booking["uuid"])
        expect_equal((len(after.get("unitItems") or []), applied_code(after), _amount(after.get("pricing"))),
                     (len(booking.get("unitItems") or []), quote.code, _amount(booking.get("pricing"))),
                     "(unit items, offerCode, pricing.retail) after the refused update")
        return
    updated = reply.json()
    expect(applied_code(updated) != quote.code, f"offer {quote.code} dropped from a booking of {len(fewer)} units",
           f"offerCode {applied_code(updated)}")
    smaller = Offer(quote.offer.product, option, fewer, quote.offer.availability)
    seen = ask_with_code(client, smaller, None)
    wanted = quoted_total(seen, smaller)[0] if seen is not None else None
    if wanted is None:
        pytest.skip(f"availability quotes no price for {len(fewer)} units to compare the re-priced booking with")
    expect_equal(_amount(updated.get("pricing")), wanted,
                 f"pricing.retail re-priced for {len(fewer)} units (availability's quote)")
