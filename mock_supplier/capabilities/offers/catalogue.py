"""The offers this mock sells (SPEC-CAPABILITIES §4.2, §4.6), keyed by product id: the seeded
catalogue's products have some, another catalogue none.

Every restriction kind is used somewhere: number of units (GROUP15 from three, PAIR12 at most
two), which units (ADULTS20), spend (BIGSPEND from 150.00 of retail before the offer), and
travel dates (WEEKDAY25, Monday to Friday: not an OCTO restriction field, so it shows only as
the offer being listed on those days). Automatic offers (SPRING10, CHARTER5) have no
restriction that depends on the units, so every quote and booking of a departure gets them
alike; the others apply only when a request names their code.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

NAMESPACE = uuid.UUID("6f1c2a7e-0f0b-4c55-9a53-4f3f4c1d0e11")


@dataclass(frozen=True)
class Offer:
    code: str
    title: str
    label: str
    description: str
    net_discount: str  # NONE, FULL, SPLIT or PRORATED
    percent: int  # off the retail price before the offer
    automatic: bool = False  # applied without its code where it fits
    min_units: int | None = 0
    max_units: int | None = None
    min_total: int | None = 0  # minor units of retail before the offer, in the booking's currency
    max_total: int | None = None
    unit_ids: tuple[str, ...] = ()  # () is every unit
    weekdays: tuple[int, ...] | None = None  # date.weekday() values of travel dates; None: every day

    @property
    def id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, self.code))


MON_TO_FRI = (0, 1, 2, 3, 4)

OFFERS: dict[str, tuple[Offer, ...]] = {
    "river-cruise": (
        Offer("SPRING10", "10% OFF", "Save 10%", "Spring sailings: 10% off every ticket", "FULL", 10, automatic=True),
        Offer("GROUP15", "Groups save 15%", "Save 15%", "15% off for three or more guests", "SPLIT", 15, min_units=3),
    ),
    "theatre-show": (
        Offer("ADULTS20", "Adults save 20%", "Save 20%", "20% off adult tickets (adults only)", "PRORATED", 20,
              unit_ids=("adult",)),
        Offer("BIGSPEND", "Spend 150, save 10%", "Save 10%", "10% off bookings of 150.00 or more, up to 8 seats",
              "NONE", 10, min_total=15000, max_units=8),
    ),
    "walking-tour": (
        Offer("WEEKDAY25", "Weekday walks 25% off", "Save 25%", "25% off tours from Monday to Friday", "FULL", 25,
              weekdays=MON_TO_FRI),
    ),
    "museum-pass": (
        Offer("PAIR12", "Pairs save 12%", "Save 12%", "12% off for one or two visitors", "PRORATED", 12, max_units=2),
    ),
    "harbour-cruise": (
        Offer("CHARTER5", "5% OFF", "Save 5%", "5% off every private charter", "PRORATED", 5, automatic=True),
    ),
}


def of(product_id: str) -> tuple[Offer, ...]:
    """The offers of a product (none for a product this data does not know)."""
    return OFFERS.get(product_id, ())


def find(product_id: str, code: object) -> Offer | None:
    return next((o for o in of(product_id) if o.code == code), None)


def known(code: object) -> bool:
    """Whether any product has an offer with this code."""
    return any(o.code == code for offers in OFFERS.values() for o in offers)
