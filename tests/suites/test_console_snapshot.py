"""The console's text for a failed rule, pinned as a snapshot: what a person reads first.

Everything that changes from run to run (ports, uuids, dates, keys, references) is replaced by
a placeholder before comparing. To accept a deliberate change of the text, delete the snapshot
file and run this test once: it writes the new one (and fails, so that the change is seen)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from .defects import bookings
from .running import run_against

SNAPSHOT = Path(__file__).parent / "snapshots" / "failed_rule.txt"
VARYING = [
    (r"127\.0\.0\.1:\d+", "HOST:PORT"),
    (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID"),
    (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})", "DATETIME"),
    (r"\d{4}-\d{2}-\d{2}", "DATE"),
    (r"sbx_[0-9a-f]+", "sbx_KEY"),
    (r"OCTOCONF-[0-9A-F]+-\d+", "OCTOCONF-RUN-N"),
    (r'"(supplierReference|voucherCode|ticketCode|deliveryValue)": "[^"]*"', r'"\1": "VALUE"'),
    (r"(https?://HOST:PORT/octo/tickets/)[^\"'\s]+", r"\1CODE"),
    (r"\(\d+ more characters\)", "(N more characters)"),
    (r"; \d+ made by discovery", "; N made by discovery"),
]


def _normal(text: str) -> str:
    """Placeholders for what varies; the bodies' inner lines left out (the catalogue's business)."""
    for pattern, placeholder in VARYING:
        text = re.sub(pattern, placeholder, text)
    return "\n".join(line for line in text.splitlines() if not line.startswith(" " * 16))


def test_a_failed_rule_reads_as_pinned(tmp_path):
    run = run_against(bookings.FREESALE_FALSE.wrap, tmp_path, "--seed", "1", "-k", "freesale_departure_is_freesale")
    block = re.search(r"_{3,} test_booking_on_freesale_departure_is_freesale _{3,}\n(.*?)\n(?:_{5,}|-{10,}|={5,})",
                      run.output, re.S)
    assert block, run.output[-3000:]
    shown = _normal(block[1]).rstrip() + "\n"
    if not SNAPSHOT.exists():
        SNAPSHOT.write_text(shown)
        pytest.fail(f"wrote the snapshot {SNAPSHOT.name}: read it, commit it, and run again")
    assert shown == SNAPSHOT.read_text()
