"""Offers on availability, the calendar and bookings (SPEC-CAPABILITIES §4.3-4.5).

Which offer applies: the one a request names by `offerCode` (availability, calendar, reserve,
update; confirm too), else the first automatic offer of the product that fits. What fits is
judged on what the request tells: the travel date (a calendar range: every day of it), and,
once units are known (availability asked for units, a booking), the number of units, which
units (every unit item's unit in `unitIds`, SPEC-CAPABILITIES §4.4 Rec) and the spend (retail
before the offer). Availability and the calendar never refuse a code that does not fit: they
quote the automatic offer instead and list the code's offer with `usable: false` and the
reason. A booking does: a code that names no offer of the product is INVALID_OFFER_CODE, one
whose conditions fail OFFER_CONDITIONS_NOT_MET (both HTTP 400, echoing the code as `code`, the
official mock's name, and `offerCode`, §4.5 Rec), and nothing changes. A booking keeps the code
it was given: every update and confirmation checks it again (fewer units than GROUP15 needs is
refused); `offerCode: null` drops it. An automatic offer is worked out again on every change.
A request without the capability gets no offer, and its `offerCode` is ignored; a change
without it drops an offer that no longer fits rather than refuse what the caller cannot see.
"""
from __future__ import annotations

from datetime import date, timedelta

from ...core.bookings import RESERVE
from ...kernel.errors import BadRequest
from ..pricing import arithmetic as pricing
from . import catalogue, discount
from .catalogue import Offer

OFFERS = "octo/offers"
CHOSEN, APPLIED = "offerChosen", "offerCode"  # what a booking keeps (booking.extensions)
MAX_CALENDAR_DAYS = 366


class InvalidOfferCode(BadRequest):
    """An offer code that names no offer of the product (the official mock's INVALID_OFFER_CODE)."""

    code = "INVALID_OFFER_CODE"

    def body(self) -> dict:
        return {**super().body(), "code": self.echo_value, "offerCode": self.echo_value}


class OfferConditionsNotMet(InvalidOfferCode):
    """An offer whose restrictions the booking does not meet (the official mock's OFFER_CONDITIONS_NOT_MET)."""

    code = "OFFER_CONDITIONS_NOT_MET"


# --- what fits ------------------------------------------------------------------------------


def unmet(offer: Offer, product, option, dates: list[str], unit_ids: list[str] | None, currency: str) -> str | None:
    """Why the offer does not fit (None: it does); unit_ids None: the units are not known yet."""
    if offer.weekdays is not None and (not dates or any(date.fromisoformat(d).weekday() not in offer.weekdays
                                                        for d in dates)):
        return "not valid on this date" if len(dates) == 1 else "not valid on every date asked"
    if unit_ids is None:
        return None
    count = len(unit_ids)
    if offer.min_units is not None and count < offer.min_units:
        return f"needs at least {offer.min_units} units, got {count}"
    if offer.max_units is not None and count > offer.max_units:
        return f"allows at most {offer.max_units} units, got {count}"
    others = sorted({u for u in unit_ids if u not in offer.unit_ids}) if offer.unit_ids else []
    if others:
        return f"only for units {', '.join(offer.unit_ids)}, not {', '.join(others)}"
    spent = pricing.total_for_units(product, option, unit_ids, currency)["retail"]
    if offer.min_total is not None and spent < offer.min_total:
        return f"needs a total of at least {offer.min_total}, got {spent}"
    if offer.max_total is not None and spent > offer.max_total:
        return f"allows a total of at most {offer.max_total}, got {spent}"
    return None


def _applied(product, option, dates, unit_ids, currency, code) -> Offer | None:
    named = catalogue.find(product.id, code) if code is not None else None
    if named is not None and unmet(named, product, option, dates, unit_ids, currency) is None:
        return named
    return next((o for o in catalogue.of(product.id)
                 if o.automatic and unmet(o, product, option, dates, unit_ids, currency) is None), None)


def _listed(product, option, dates, unit_ids, currency) -> list[dict]:
    """The offers of the departure (those valid on its dates), each usable or not for the units."""
    found = []
    for offer in catalogue.of(product.id):
        if unmet(offer, product, option, dates, None, currency) is None:
            found.append(offer_json(offer, unmet(offer, product, option, dates, unit_ids, currency)))
    return found


def offer_json(offer: Offer, reason: str | None = None) -> dict:
    return {"id": offer.id, "title": offer.title, "label": offer.label, "code": offer.code,
            "description": offer.description, "netDiscount": offer.net_discount,
            "restrictions": {"minUnits": offer.min_units, "maxUnits": offer.max_units, "minTotal": offer.min_total,
                             "maxTotal": offer.max_total, "unitIds": list(offer.unit_ids)},
            "usable": reason is None, "unusableReason": reason}


def _offer_fields(offer: Offer | None, listed: list[dict]) -> dict:
    return {"offerCode": offer.code if offer else None, "offerTitle": offer.title if offer else None,
            "offers": listed, "offer": offer_json(offer) if offer else None}


# --- prices ---------------------------------------------------------------------------------


def unit_quote(product, unit, currency: str, offer: Offer | None) -> dict:
    """One unit's price, with the offer taken off if it covers that unit."""
    base = pricing.unit_price(product, unit, currency)
    if offer is not None and (not offer.unit_ids or unit.id in offer.unit_ids):
        return discount.discounted(base, offer.percent, offer.net_discount, product.tax)
    return discount.undiscounted(base)


def total_for(product, option, unit_ids: list[str], currency: str, offer: Offer | None) -> dict:
    """What the units cost with the offer: the sum of their unit prices, or the booking price."""
    if product.pricing_per == "BOOKING":
        base = pricing.price(option.booking_prices[currency], currency, product.tax)
        return (discount.discounted(base, offer.percent, offer.net_discount, product.tax) if offer
                else discount.undiscounted(base))
    return discount.total([unit_quote(product, option.unit(uid), currency, offer) for uid in unit_ids], currency)


def _unit_pricing(product, option, currency, offer) -> list[dict]:
    if product.pricing_per == "BOOKING":
        return []
    return [{**unit_quote(product, unit, currency, offer), "unitId": unit.id} for unit in option.units]


# --- hooks ----------------------------------------------------------------------------------


def _sent(ctx) -> str | None:
    """The code an availability or calendar request names. A request about a booking (it names
    an availabilityId, or a booking uuid in its path) names the booking's offer, which the
    availability embedded in the booking does not quote: that one is the departure's as quoted
    without a code, the same on every read."""
    body = ctx.call.body if isinstance(ctx.call.body, dict) else {}
    if ctx.call.params or "availabilityId" in body:
        return None
    code = body.get("offerCode")
    return code if isinstance(code, str) else None


def on_request(ctx) -> None:
    """An offerCode that names no offer (of the product, when the request names one) is refused
    before anything else is done."""
    body = ctx.call.body if isinstance(ctx.call.body, dict) else {}
    code = body.get("offerCode")
    if code is None:
        return
    if not isinstance(code, str) or not catalogue.known(code):
        raise InvalidOfferCode(f"The offerCode is invalid: {code!r}", code)
    product = ctx.catalogue.product(body.get("productId")) if isinstance(body.get("productId"), str) else None
    if product is not None and catalogue.find(product.id, code) is None:
        raise InvalidOfferCode(f"The offerCode is invalid: {code!r} is not an offer of {product.id!r}", code)


def availability_fields(ctx, slot, unit_ids, currency) -> dict:
    # Worked out once per option and day of a request: a range asks for many departures a day,
    # and the offers, the prices and the reasons are the same for each of them.
    key = (OFFERS, slot.product.id, slot.option.id, slot.local_date, tuple(unit_ids), currency)
    if key not in ctx.memo:
        ctx.memo[key] = _availability_fields(ctx, slot, unit_ids, currency)
    return ctx.memo[key]


def _availability_fields(ctx, slot, unit_ids, currency) -> dict:
    product, option, dates = slot.product, slot.option, [slot.local_date]
    units = list(unit_ids) or None
    offer = _applied(product, option, dates, units, currency, _sent(ctx))
    return {"unitPricing": _unit_pricing(product, option, currency, offer),
            "pricing": total_for(product, option, list(unit_ids), currency, offer),
            **_offer_fields(offer, _listed(product, option, dates, units, currency))}


def calendar_fields(ctx, product, option, unit_ids, currency) -> dict:
    # The hook is not told the day, so an offer valid on some dates only is judged on the whole
    # range asked: it is applied only when it is valid on every day of it.
    dates = _calendar_dates(ctx.call.body)
    units = list(unit_ids) or None
    offer = _applied(product, option, dates, units, currency, _sent(ctx))
    return {"unitPricingFrom": _unit_pricing(product, option, currency, offer),
            "pricingFrom": _pricing_from(product, option, list(unit_ids), currency, offer),
            **_offer_fields(offer, _listed(product, option, dates, units, currency))}


def _calendar_dates(body) -> list[str]:
    try:
        first, last = date.fromisoformat(body["localDateStart"]), date.fromisoformat(body["localDateEnd"])
    except (KeyError, TypeError, ValueError):
        return []
    if last < first or (last - first).days >= MAX_CALENDAR_DAYS:
        return []
    return [(first + timedelta(n)).isoformat() for n in range((last - first).days + 1)]


def _pricing_from(product, option, unit_ids, currency, offer) -> dict:
    # As octo/pricing's: without units, "from" is the cheapest paying unit (or the booking price).
    if unit_ids or product.pricing_per == "BOOKING":
        return total_for(product, option, unit_ids, currency, offer)
    paying = [u for u in option.units if u.prices[currency].retail > 0] or list(option.units)
    return min((unit_quote(product, u, currency, offer) for u in paying), key=lambda p: p["retail"])


def booking_fields(ctx, booking, plan) -> dict:
    offer = catalogue.find(plan.product.id, booking.extensions.get(APPLIED))
    dates = [plan.slot.local_date]
    return {"pricing": total_for(plan.product, plan.option, plan.unit_ids, plan.currency, offer),
            **_offer_fields(offer, _listed(plan.product, plan.option, dates, plan.unit_ids, plan.currency)),
            "offerComparisons": [], "offerIsCombination": False}


def unit_item_fields(ctx, booking, plan, item) -> dict:
    if plan.product.pricing_per != "UNIT":
        return {}
    offer = catalogue.find(plan.product.id, booking.extensions.get(APPLIED))
    return {"pricing": unit_quote(plan.product, plan.option.unit(item.unit_id), plan.currency, offer)}


def plan_booking(ctx, booking, plan, body: dict, stage: str) -> None:
    """The offer the booking carries after this request: the code it names or kept, checked
    again, else the first automatic offer that fits."""
    product, option, currency = plan.product, plan.option, plan.currency
    dates, unit_ids = [plan.slot.local_date], plan.unit_ids
    if stage == RESERVE:
        booking.extensions.pop(CHOSEN, None)
        booking.extensions.pop(APPLIED, None)
    if not ctx.has(OFFERS):
        had = catalogue.find(product.id, booking.extensions.get(APPLIED))
        if had is not None and unmet(had, product, option, dates, unit_ids, currency) is not None:
            booking.extensions[CHOSEN] = booking.extensions[APPLIED] = None
        return
    chosen, named = booking.extensions.get(CHOSEN), "offerCode" in body
    if named:
        chosen = body["offerCode"]
    if chosen is None:
        applied = _applied(product, option, dates, unit_ids, currency, None)
    else:
        applied = catalogue.find(product.id, chosen)
        if applied is None:
            error = InvalidOfferCode if named else OfferConditionsNotMet
            raise error(f"The offerCode {chosen!r} is not an offer of {product.id!r}", chosen)
        reason = unmet(applied, product, option, dates, unit_ids, currency)
        if reason is not None:
            raise OfferConditionsNotMet(f"The conditions of offer {chosen!r} are not met: {reason}", chosen)
    booking.extensions[CHOSEN] = chosen
    booking.extensions[APPLIED] = applied.code if applied else None
