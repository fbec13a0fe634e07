"""Contact data for bookings, made by Faker from the run's seed so a run can be replayed."""
from __future__ import annotations

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
        self._faker = Faker(list(_LOCALES))
        self._faker.seed_instance(seed)

    def contact(self) -> dict:
        """A full booking contact from one of the supported locales."""
        locale = self._faker.random_element(list(_LOCALES))
        country, locales, prefix, digits = _LOCALES[locale]
        fake = self._faker[locale]
        first, last = fake.first_name(), fake.last_name()
        return {
            "fullName": f"{first} {last}",
            "firstName": first,
            "lastName": last,
            "emailAddress": fake.unique.safe_email(),
            "phoneNumber": prefix + self._faker.numerify("#" * digits),
            "locales": locales,
            "postalCode": fake.postcode(),
            "country": country,
            "notes": None,
        }
