"""The project's test harness: a checking OCTO client, test data, served mocks, loads killed
midway, a foreign catalogue.

Test modules import what they use from here (`from tests.harness import ...`); the conftest
files only wire it into fixtures.
"""
from .client import (CONTENT, GIFTS, HTTP_TIMEOUT, MOCK_CAPABILITIES, OCTO, PRICING, REDEMPTION,
                     FlaskTransport, HttpTransport, OctoClient, Reply, applied_capabilities, response_schema,
                     schema_problems)
from .data import (CLOSED_WEEKDAYS, CONTACT, advance_clock, all_bookings, assert_unchanged, at_noon,
                   availability_of, confirm, find_slot, open_date, parse_utc, reservation, reserve, sandbox_today,
                   set_clock, utc_text)
from .faults import Acknowledged, load_until_killed
from .foreign_catalogue import FOREIGN_CATALOGUE, ISLAND_PASS, ISLAND_PASS_ID, SPA_DAY, SPA_DAY_ID
from .servers import MockProcesses, http_client, served_mock

__all__ = [
    "CONTENT", "GIFTS", "HTTP_TIMEOUT", "MOCK_CAPABILITIES", "OCTO", "PRICING", "REDEMPTION",
    "FlaskTransport", "HttpTransport", "OctoClient", "Reply", "applied_capabilities", "response_schema",
    "schema_problems",
    "CLOSED_WEEKDAYS", "CONTACT", "advance_clock", "all_bookings", "assert_unchanged", "at_noon",
    "availability_of", "confirm", "find_slot", "open_date", "parse_utc", "reservation", "reserve", "sandbox_today",
    "set_clock", "utc_text",
    "Acknowledged", "load_until_killed",
    "FOREIGN_CATALOGUE", "ISLAND_PASS", "ISLAND_PASS_ID", "SPA_DAY", "SPA_DAY_ID",
    "MockProcesses", "http_client", "served_mock",
]
