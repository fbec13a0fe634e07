"""The seeded catalogue. Each product is here to exercise particular rules:

- river-cruise and theatre-show come first, for off-the-shelf clients that book the first
  START_TIME products they find without reading vacancies and never release their holds (the
  official OCTO validator books the first one about 15 times a run, up to maxUnits adults each,
  on one departure, and moves one booking to the second). Hundreds of seats per departure, no
  required contact fields, minUnits 0: three such runs in a row fit with room to spare.
- river-cruise: START_TIME, hourly sailings of 500 seats, per-unit pricing in GBP and EUR,
  VOUCHER and TICKET delivery, children accompanied by an adult, two options (DEFAULT and
  SUNSET), a 24-hour cancellation cutoff.
- theatre-show: START_TIME, a matinee and an evening performance of 900 seats, TICKET delivery
  only, dark on Sundays.
- walking-tour: START_TIME, per-unit pricing in GBP and EUR, VOUCHER and TICKET delivery,
  a LIMITED 17:00 slot, child and infant units that must be accompanied by an adult,
  required contact fields, two options (DEFAULT and EVENING), 10 and 8 seats.
- museum-pass: OPENING_HOURS; the day pass is freesale (no capacity), the exhibition option
  has 40 places a day; TICKET delivery only, closed on Tuesdays.
- harbour-cruise: per-booking pricing in USD and EUR, VOUCHER delivery only, a 20:00
  departure that is always SOLD_OUT, minUnits 2 / maxUnits 6, no sailings on Mondays.
- cooking-class: JPY (currency precision 0), a FAMILY unit counting 4 seats, and a 30-day
  cancellation cutoff, so any booking for the next 30 days is not cancellable once confirmed.

Where an option has no minimum number of units it says minUnits 0, not null: the OpenAPI allows
both ("a null value indicates no minimum", its example is 0), and the official validator
refuses null.
"""
from __future__ import annotations

from .model import Catalogue, Money, Option, Product, Tax, Unit

MONDAY, TUESDAY, SUNDAY = 0, 1, 6

_ADULT = Unit("adult", "Adult", "ADULT", min_age=16,
              prices={"GBP": Money(2500, 2000, 3000), "EUR": Money(2900, 2300, 3400)})
_CHILD = Unit("child", "Child", "CHILD", min_age=4, max_age=15, accompanied_by=("adult",),
              prices={"GBP": Money(1500, 1200), "EUR": Money(1700, 1400)})
_INFANT = Unit("infant", "Infant", "INFANT", max_age=3, max_quantity=2, accompanied_by=("adult",),
               prices={"GBP": Money(0, 0), "EUR": Money(0, 0)})

RIVER_CRUISE = Product(
    id="river-cruise", internal_name="Thames Sightseeing Cruise", reference="LDN-CRUISE",
    time_zone="Europe/London", availability_type="START_TIME",
    default_currency="GBP", currencies=("GBP", "EUR"), pricing_per="UNIT", tax=Tax("VAT", 20),
    delivery_methods=("VOUCHER", "TICKET"), delivery_formats=("QRCODE", "PDF_URL"),
    booking_cutoff_minutes=15,
    options=(
        Option("DEFAULT", "Sightseeing cruise", default=True,
               units=(Unit("adult", "Adult", "ADULT", min_age=16,
                           prices={"GBP": Money(1800, 1450, 2200), "EUR": Money(2100, 1700)}),
                      Unit("child", "Child", "CHILD", min_age=0, max_age=15, accompanied_by=("adult",),
                           prices={"GBP": Money(900, 720), "EUR": Money(1050, 840)})),
               start_times=("10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00"),
               duration_minutes=60, capacity=500, cancellation_cutoff_amount=24, cancellation_cutoff_unit="hour",
               min_units=0, max_units=10),
        Option("SUNSET", "Sunset cruise", units=(Unit("adult", "Adult", "ADULT", min_age=18,
                                                      prices={"GBP": Money(3200, 2600), "EUR": Money(3700, 3000)}),),
               start_times=("19:00",), duration_minutes=90, capacity=250,
               cancellation_cutoff_amount=24, cancellation_cutoff_unit="hour", min_units=0, max_units=10),
    ),
)

THEATRE_SHOW = Product(
    id="theatre-show", internal_name="West End Musical", reference="LDN-SHOW",
    time_zone="Europe/London", availability_type="START_TIME",
    default_currency="GBP", currencies=("GBP", "EUR"), pricing_per="UNIT", tax=Tax("VAT", 20),
    delivery_methods=("TICKET",), delivery_formats=("QRCODE", "PDF_URL"),
    booking_cutoff_minutes=30,
    options=(
        Option("DEFAULT", "Stalls", default=True, start_times=("14:30", "19:30"), duration_minutes=165,
               capacity=900, closed_weekdays=(SUNDAY,), cancellation_cutoff_amount=24,
               cancellation_cutoff_unit="hour", min_units=0, max_units=10,
               units=(Unit("adult", "Adult", "ADULT", min_age=12,
                           prices={"GBP": Money(6500, 5200), "EUR": Money(7500, 6000)}),
                      Unit("child", "Child", "CHILD", min_age=5, max_age=11, accompanied_by=("adult",),
                           prices={"GBP": Money(3500, 2800), "EUR": Money(4000, 3200)}))),
    ),
)

WALKING_TOUR = Product(
    id="walking-tour", internal_name="London Old Town Walking Tour", reference="LDN-WALK",
    time_zone="Europe/London", availability_type="START_TIME",
    default_currency="GBP", currencies=("GBP", "EUR"), pricing_per="UNIT", tax=Tax("VAT", 20),
    delivery_methods=("VOUCHER", "TICKET"), delivery_formats=("QRCODE", "PDF_URL"),
    booking_cutoff_minutes=60,
    options=(
        Option("DEFAULT", "Daytime tour", default=True, units=(_ADULT, _CHILD, _INFANT),
               start_times=("09:00", "13:00", "17:00"), duration_minutes=120, capacity=10,
               presold={"17:00": 6}, cancellation_cutoff_amount=24, cancellation_cutoff_unit="hour",
               min_units=1, max_units=10,
               required_contact_fields=("firstName", "lastName", "emailAddress")),
        Option("EVENING", "Evening ghost tour", units=(_ADULT, _CHILD),
               start_times=("19:30",), duration_minutes=90, capacity=8,
               cancellation_cutoff_amount=24, cancellation_cutoff_unit="hour",
               min_units=1, max_units=8,
               required_contact_fields=("firstName", "lastName", "emailAddress")),
    ),
)

MUSEUM_PASS = Product(
    id="museum-pass", internal_name="Paris Museum Day Pass", reference="PAR-MUSEUM",
    time_zone="Europe/Paris", availability_type="OPENING_HOURS", allow_freesale=True,
    default_currency="EUR", currencies=("EUR",), pricing_per="UNIT", tax=Tax("TVA", 10),
    delivery_methods=("TICKET",), delivery_formats=("QRCODE",), locale="fr-FR",
    options=(
        Option("DEFAULT", "Day pass", default=True, start_times=("00:00",), duration_minutes=1440,
               capacity=None, opening_hours=(("09:00", "18:00"),), closed_weekdays=(TUESDAY,),
               cancellation_cutoff_amount=0, cancellation_cutoff_unit="hour", min_units=0,
               units=(
                   Unit("adult", "Adult", "ADULT", min_age=18, prices={"EUR": Money(2200, 1800)}),
                   Unit("youth", "Youth", "YOUTH", min_age=12, max_age=17, prices={"EUR": Money(1200, 1000)}),
                   Unit("senior", "Senior", "SENIOR", min_age=65, id_required=True,
                        prices={"EUR": Money(1800, 1500)}),
               )),
        Option("EXHIBITION", "Day pass with the special exhibition", start_times=("00:00",),
               duration_minutes=1440, capacity=40, opening_hours=(("10:00", "17:00"),),
               closed_weekdays=(TUESDAY,), cancellation_cutoff_amount=0, cancellation_cutoff_unit="hour",
               min_units=0, units=(Unit("adult", "Adult", "ADULT", min_age=18, prices={"EUR": Money(3200, 2600)}),)),
    ),
)

HARBOUR_CRUISE = Product(
    id="harbour-cruise", internal_name="New York Harbour Private Cruise", reference="NYC-CRUISE",
    time_zone="America/New_York", availability_type="START_TIME", redemption_method="PRINT",
    default_currency="USD", currencies=("USD", "EUR"), pricing_per="BOOKING",
    delivery_methods=("VOUCHER",), delivery_formats=("PDF_URL", "QRCODE"), locale="en-US",
    booking_cutoff_minutes=120,
    options=(
        Option("DEFAULT", "Private charter", default=True, start_times=("10:00", "14:00", "20:00"),
               duration_minutes=150, capacity=12, presold={"20:00": 12}, closed_weekdays=(MONDAY,),
               cancellation_cutoff_amount=48, cancellation_cutoff_unit="hour", min_units=2, max_units=6,
               booking_prices={"USD": Money(45000, 36000, 50000), "EUR": Money(42000, 33600)},
               units=(Unit("adult", "Adult", "ADULT", min_age=12),
                      Unit("child", "Child", "CHILD", max_age=11, accompanied_by=("adult",)))),
    ),
)

COOKING_CLASS = Product(
    id="cooking-class", internal_name="Tokyo Home Cooking Class", reference="TYO-COOK",
    time_zone="Asia/Tokyo", availability_type="START_TIME", redemption_method="MANIFEST",
    default_currency="JPY", currencies=("JPY",), pricing_per="UNIT", tax=Tax("Consumption tax", 10),
    delivery_methods=("VOUCHER",), delivery_formats=("QRCODE", "PDF_URL"), locale="ja-JP",
    options=(
        Option("DEFAULT", "Class", default=True, start_times=("11:00", "16:00"), duration_minutes=180,
               capacity=8, cancellation_cutoff_amount=30, cancellation_cutoff_unit="day",
               min_units=1, max_units=6, required_contact_fields=("emailAddress",),
               units=(Unit("adult", "Adult", "ADULT", min_age=13, prices={"JPY": Money(12000, 9600)}),
                      Unit("family", "Family (2 adults, 2 children)", "FAMILY", pax_count=4,
                           max_quantity=1, prices={"JPY": Money(40000, 32000, 44000)}))),
    ),
)

SEEDED_CATALOGUE = Catalogue(products=(RIVER_CRUISE, THEATRE_SHOW, WALKING_TOUR, MUSEUM_PASS, HARBOUR_CRUISE, COOKING_CLASS))
