"""Contact data for bookings, made by Faker from the run's seed so a run can be replayed."""
from __future__ import annotations

import functools
import random
import unicodedata

from faker import Faker

# Faker locale -> (ISO country, BCP-47 locales, E.164 mobile prefix and digits after it)
_LOCALES = {
    "en_GB": ("GB", ["en-GB", "en"], "+447", 9),
    "de_DE": ("DE", ["de-DE", "de", "en"], "+4915", 9),
    "fr_FR": ("FR", ["fr-FR", "fr"], "+336", 8),
    "es_ES": ("ES", ["es-ES", "es"], "+346", 8),
    "en_US": ("US", ["en-US", "en"], "+1", 10),
    "ja_JP": ("JP", ["ja-JP", "ja", "en"], "+8190", 8),
}


class People:
    """Makes plausible, seeded contacts: names, emails, E.164 phones, countries, locales."""

    def __init__(self, seed: str):
        self._random = random.Random(seed)

    def contact(self) -> dict:
        """A full booking contact from one of the supported locales."""
        locale = self._random.choice(sorted(_LOCALES))
        country, locales, prefix, digits = _LOCALES[locale]
        # One single-locale Faker per contact, seeded from our own generator: a multi-locale
        # Faker proxy was seen to give different names for the same seed in a fresh process.
        fake = _faker(locale)
        fake.seed_instance(self._random.getrandbits(64))
        first, last = fake.first_name(), fake.last_name()
        return {
            "fullName": f"{first} {last}",
            "firstName": first,
            "lastName": last,
            "emailAddress": f"{_ascii(first)}.{_ascii(last)}.{self._random.randrange(10**6)}@example.com",
            "phoneNumber": prefix + "".join(str(self._random.randrange(10)) for _ in range(digits)),
            "locales": locales,
            "postalCode": fake.postcode(),
            "country": country,
            "notes": None,
        }


@functools.lru_cache(maxsize=None)
def _faker(locale: str) -> Faker:
    return Faker(locale)  # re-seeded before every use, so sharing it keeps contacts reproducible


def _ascii(name: str) -> str:
    """A name as letters an email address can carry ('Timothée' -> 'timothee')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum()) or "guest"
