"""A catalogue that looks like a stranger's supplier, for `MockConfig(catalogue=FOREIGN_CATALOGUE)`.

The suites certify suppliers we did not write, so they must not lean on anything of our seeded
catalogue: its ids ('walking-tour', 'DEFAULT', 'adult'), its currencies or its shapes. A mock
selling this catalogue shares none of them: UUID product ids, opaque option and unit ids,
CHF (default) and SEK only, OPENING_HOURS products only, pricingPer BOOKING only, a default
option listed second, 2-hour cancellation cutoffs. The suites run against it must pass, and so
must the mock's own behaviour (tests/mock_supplier/test_foreign_catalogue.py).

- SPA_DAY: a day entry with a capacity (60 a day), two options (the default one second), a child
  unit that must be accompanied by an adult, closed on Sundays, VOUCHER and TICKET delivery.
- ISLAND_PASS: a freesale day pass (no capacity), open every day, TICKET delivery only, no tax.
"""
from __future__ import annotations

from mock_supplier.catalogue import Catalogue, Money, Option, Product, Tax, Unit

SUNDAY = 6

SPA_DAY_ID = "5d1e8c2a-3b7f-4e19-9a60-c4f2e8b71d03"
ISLAND_PASS_ID = "a9c47e15-0d2b-4f8e-b3d1-7e6f0a2c9b58"

_SPA_ADULT = Unit("UT-48213", "Erwachsene", "ADULT", min_age=16)
_SPA_CHILD = Unit("UT-48214", "Kinder", "CHILD", min_age=6, max_age=15, accompanied_by=("UT-48213",))

SPA_DAY = Product(
    id=SPA_DAY_ID, internal_name="Thermalbad Zürichsee Tageseintritt", reference="ZH-0042",
    time_zone="Europe/Zurich", availability_type="OPENING_HOURS", locale="de-CH",
    default_currency="CHF", currencies=("CHF", "SEK"), pricing_per="BOOKING", tax=Tax("MWST", 8),
    delivery_methods=("VOUCHER", "TICKET"), delivery_formats=("QRCODE",),
    booking_cutoff_minutes=60,
    options=(
        Option("OPT-7731", "Nachmittagseintritt", units=(_SPA_ADULT, _SPA_CHILD), start_times=("00:00",),
               duration_minutes=1440, capacity=60, opening_hours=(("14:00", "21:00"),),
               closed_weekdays=(SUNDAY,), cancellation_cutoff_amount=2, cancellation_cutoff_unit="hour",
               min_units=1, max_units=8, required_contact_fields=("firstName", "lastName"),
               booking_prices={"CHF": Money(8900, 7100, 9900), "SEK": Money(105000, 84000)}),
        Option("OPT-7730", "Ganzer Tag", default=True, units=(_SPA_ADULT, _SPA_CHILD), start_times=("00:00",),
               duration_minutes=1440, capacity=60, opening_hours=(("09:00", "21:00"),),
               closed_weekdays=(SUNDAY,), cancellation_cutoff_amount=2, cancellation_cutoff_unit="hour",
               min_units=1, max_units=8, required_contact_fields=("firstName", "lastName"),
               booking_prices={"CHF": Money(14900, 11900, 16900), "SEK": Money(175000, 140000)}),
    ),
)

ISLAND_PASS = Product(
    id=ISLAND_PASS_ID, internal_name="Skärgårdspass Vaxholm", reference=None,
    time_zone="Europe/Stockholm", availability_type="OPENING_HOURS", locale="sv-SE", allow_freesale=True,
    default_currency="CHF", currencies=("CHF", "SEK"), pricing_per="BOOKING",
    delivery_methods=("TICKET",), delivery_formats=("QRCODE", "PDF_URL"), redemption_method="MANIFEST",
    options=(
        Option("9f2d6b1c", "Dagspass", default=True, start_times=("00:00",), duration_minutes=1440,
               capacity=None, opening_hours=(("08:00", "22:00"),),
               cancellation_cutoff_amount=2, cancellation_cutoff_unit="hour",
               booking_prices={"CHF": Money(3900, 3100), "SEK": Money(45000, 36000)},
               units=(Unit("vuxen-01", "Vuxen", "ADULT", min_age=18),
                      Unit("barn-02", "Barn", "CHILD", min_age=4, max_age=17))),
    ),
)

FOREIGN_CATALOGUE = Catalogue(products=(SPA_DAY, ISLAND_PASS))
