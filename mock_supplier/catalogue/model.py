"""The shape of the supplier's catalogue: products, options, units and their prices.

Plain frozen dataclasses; the seeded data lives in seed.py and the OCTO JSON views in
core/products.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Money:
    """A price in one currency, integer minor units; original >= retail (strike-through)."""

    retail: int
    net: int | None
    original: int | None = None

    @property
    def original_or_retail(self) -> int:
        return self.retail if self.original is None else self.original


@dataclass(frozen=True)
class Tax:
    """A tax included in retail prices, as a percentage."""

    name: str
    percent: int


@dataclass(frozen=True)
class Unit:
    """A ticket type (adult, child...) with its restrictions and prices per currency."""

    id: str
    internal_name: str
    type: str
    prices: dict[str, Money] = field(default_factory=dict)
    min_age: int = 0
    max_age: int = 99
    id_required: bool = False
    min_quantity: int | None = None
    max_quantity: int | None = None
    pax_count: int = 1
    accompanied_by: tuple[str, ...] = ()
    required_contact_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    """A variant of a product: its start times, cut-offs, unit restrictions and seats."""

    id: str
    internal_name: str
    units: tuple[Unit, ...]
    start_times: tuple[str, ...]  # "HH:MM" local; ("00:00",) for OPENING_HOURS
    duration_minutes: int
    capacity: int | None  # seats per slot; None for freesale
    default: bool = False
    cancellation_cutoff_amount: int = 0
    cancellation_cutoff_unit: str = "hour"
    min_units: int | None = None
    max_units: int | None = None
    required_contact_fields: tuple[str, ...] = ()
    booking_prices: dict[str, Money] = field(default_factory=dict)  # pricingPer BOOKING
    presold: dict[str, int] = field(default_factory=dict)  # start time -> seats sold elsewhere
    closed_weekdays: tuple[int, ...] = ()  # date.weekday() values with no departures
    opening_hours: tuple[tuple[str, str], ...] = ()

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    @property
    def cancellation_cutoff_minutes(self) -> int:
        per = {"minute": 1, "hour": 60, "day": 1440}[self.cancellation_cutoff_unit]
        return self.cancellation_cutoff_amount * per


@dataclass(frozen=True)
class Product:
    """A sellable experience and everything the OCTO product object says about it."""

    id: str
    internal_name: str
    reference: str | None
    time_zone: str
    availability_type: str  # START_TIME or OPENING_HOURS
    options: tuple[Option, ...]
    default_currency: str
    currencies: tuple[str, ...]
    pricing_per: str  # UNIT or BOOKING
    delivery_methods: tuple[str, ...]
    delivery_formats: tuple[str, ...]
    redemption_method: str = "DIGITAL"
    locale: str = "en"
    allow_freesale: bool = False
    instant_confirmation: bool = True
    instant_delivery: bool = True
    booking_cutoff_minutes: int = 0  # availability.utcCutoffAt = start - this
    default_hold_minutes: int = 30
    tax: Tax | None = None

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def allows_freesale(self) -> bool:
        """allowFreesale: said so, or implied by an option sold without capacity."""
        return self.allow_freesale or any(o.capacity is None for o in self.options)


@dataclass(frozen=True)
class Catalogue:
    """All products of the supplier, looked up by id."""

    products: tuple[Product, ...]

    def product(self, product_id: object) -> Product | None:
        return next((p for p in self.products if p.id == product_id), None)

    @property
    def currencies(self) -> tuple[str, ...]:
        """Every currency some product is sold in, in catalogue order."""
        return tuple(dict.fromkeys(c for p in self.products for c in p.currencies))

    def problems(self) -> list[str]:
        """What would make the mock fail on this catalogue (a price missing in a currency it sells...)."""
        found = [f"product id {pid!r} is used twice" for pid in _repeated(p.id for p in self.products)]
        for product in self.products:
            found += _product_problems(product)
        return found


def _product_problems(product: Product) -> list[str]:
    where, found = product.id, []
    if product.default_currency not in product.currencies:
        found.append(f"{where}: defaultCurrency {product.default_currency} is not in its currencies")
    found += [f"{where}: option id {oid!r} is used twice" for oid in _repeated(o.id for o in product.options)]
    if not product.options:
        found.append(f"{where}: no options")
    for option in product.options:
        here = f"{where}/{option.id}"
        if not option.units:
            found.append(f"{here}: no units")
        if not option.start_times:
            found.append(f"{here}: no start times")
        found += [f"{here}: unit id {uid!r} is used twice" for uid in _repeated(u.id for u in option.units)]
        for currency in product.currencies:
            if product.pricing_per == "BOOKING" and currency not in option.booking_prices:
                found.append(f"{here}: no booking price in {currency}")
            if product.pricing_per == "UNIT":
                found += [f"{here}/{u.id}: no price in {currency}" for u in option.units if currency not in u.prices]
        ids = {u.id for u in option.units}
        found += [f"{here}/{u.id}: accompaniedBy names unknown unit {other!r}"
                  for u in option.units for other in u.accompanied_by if other not in ids]
    return found


def _repeated(ids) -> list:
    seen, repeated = set(), []
    for value in ids:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated
