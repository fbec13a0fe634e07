"""Where the seeded options pick their guests up: the capability's own data, keyed by product
and option id, so that the catalogue model stays as it is and another catalogue simply offers
no pickup (SPEC-CAPABILITIES §2, Model A: pickup on the option, points per departure).

A point serves every departure of its option unless it names the start times it serves (not
every point serves every departure: the availability's list is the one that counts), and
picks up a fixed number of minutes before the departure, for a window of some minutes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class PickupPoint:
    """A place guests can be picked up at, with its address."""

    id: str
    name: str
    address: str
    street: str
    postal_code: str
    locality: str
    country: str
    latitude: float
    longitude: float
    minutes_before: int  # the pickup is this long before the departure
    window_minutes: int = 10  # and lasts this long (localDateTimeTo)
    directions: str | None = None
    region: str | None = None
    state: str | None = None
    google_place_id: str | None = None
    start_times: tuple[str, ...] = ()  # the departures ("HH:MM") it serves; () for all of them

    def serves(self, start_time: str) -> bool:
        return not self.start_times or start_time in self.start_times

    def json(self, local_start=None) -> dict:
        """The OCTO PickupPoint; with a departure's local start, the pickup time for it."""
        at = None if local_start is None else local_start - timedelta(minutes=self.minutes_before)
        return {
            "id": self.id, "name": self.name, "directions": self.directions, "address": self.address,
            "latitude": self.latitude, "longitude": self.longitude,
            "localDateTime": at.isoformat() if at else None,
            "localDateTimeTo": (at + timedelta(minutes=self.window_minutes)).isoformat() if at else None,
            "googlePlaceId": self.google_place_id, "street": self.street, "postalCode": self.postal_code,
            "locality": self.locality, "region": self.region, "state": self.state, "country": self.country,
        }


@dataclass(frozen=True)
class OptionPickups:
    """An option's pickup: whether a booking must have one, and the points it offers."""

    required: bool
    points: tuple[PickupPoint, ...]

    def point(self, point_id: object) -> PickupPoint | None:
        return next((p for p in self.points if p.id == point_id), None)

    def serving(self, start_time: str) -> tuple[PickupPoint, ...]:
        return tuple(p for p in self.points if p.serves(start_time))


_SAVOY = PickupPoint("savoy-strand", "The Savoy, Strand entrance", "Strand, London WC2R 0EZ, United Kingdom",
                     "Strand", "WC2R 0EZ", "London", "GB", 51.5104, -0.1204, minutes_before=40,
                     directions="Wait under the canopy at the Strand entrance; the driver holds a blue sign.")
_TOWER_HOTEL = PickupPoint("tower-hotel", "The Tower Hotel", "St Katharine's Way, London E1W 1LD, United Kingdom",
                           "St Katharine's Way", "E1W 1LD", "London", "GB", 51.5066, -0.0722, minutes_before=30)
_PARK_PLAZA = PickupPoint("park-plaza-westminster", "Park Plaza Westminster Bridge",
                          "200 Westminster Bridge Rd, London SE1 7UT, United Kingdom", "200 Westminster Bridge Rd",
                          "SE1 7UT", "London", "GB", 51.5009, -0.1167, minutes_before=25,
                          start_times=("10:00", "11:00", "12:00", "13:00"))  # the morning shuttle only
_COVENT_GARDEN = PickupPoint("covent-garden-hotel", "Covent Garden Hotel",
                             "10 Monmouth St, London WC2H 9HB, United Kingdom", "10 Monmouth St", "WC2H 9HB",
                             "London", "GB", 51.5138, -0.1268, minutes_before=30, window_minutes=5)
_LEICESTER_SQUARE = PickupPoint("leicester-square", "Leicester Square, outside the Odeon",
                                "Leicester Square, London WC2H 7JY, United Kingdom", "Leicester Square", "WC2H 7JY",
                                "London", "GB", 51.5103, -0.1301, minutes_before=20, window_minutes=5)

# river-cruise DEFAULT: pickup offered, not required; one point serves the morning sailings only.
# walking-tour EVENING: pickup required. Every other seeded option offers none.
SEEDED: dict[tuple[str, str], OptionPickups] = {
    ("river-cruise", "DEFAULT"): OptionPickups(False, (_SAVOY, _TOWER_HOTEL, _PARK_PLAZA)),
    ("walking-tour", "EVENING"): OptionPickups(True, (_COVENT_GARDEN, _LEICESTER_SQUARE)),
}
NONE = OptionPickups(False, ())


def of(product_id: str, option_id: str) -> OptionPickups:
    """The pickup of an option (none for options, and catalogues, this table does not name)."""
    return SEEDED.get((product_id, option_id), NONE)


def available(pickups: OptionPickups) -> bool:
    """An option offers pickup when it has points to pick up at (a hotel pickup goes with them)."""
    return bool(pickups.points)
