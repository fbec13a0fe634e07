"""The HTML report as a person sees it, in a real browser (headless Chromium): the certificate
first, each failure once with its rule and expected/seen, nothing wider than the window."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess

import pytest

from . import defects
from .defects import bookings
from .running import run_against

# Opens every folded section, then writes what the page shows and whether it overflows
# sideways into the page itself, for --dump-dom to print.
_LOOK = """<script>
for (const d of document.querySelectorAll('details')) d.open = true;
const seen = document.createElement('pre'); seen.id = 'seen-by-a-person';
seen.textContent = JSON.stringify({text: document.body.innerText,
  overflow: document.documentElement.scrollWidth > window.innerWidth});
document.body.appendChild(seen);
</script></body>"""


def _chromium() -> str:
    found = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test the report in a browser: install Debian's chromium (.ci/run does)")
        pytest.skip("no chromium here to look at the report with (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A run with failed, blocked and skipped rules, and its report as Chromium shows it at 1280 px."""
    browser = _chromium()
    where = tmp_path_factory.mktemp("report")
    run = run_against(defects.wrap_all((bookings.FREESALE_FALSE, bookings.GET_BOOKING_FAILS, bookings.PRICES_ZERO)),
                      where)
    assert run.rules("failed") and run.rules("blocked") and run.rules("skipped"), run.output[-2000:]
    page = (where / "reports" / "report.html").read_text()
    looked_at = where / "looked-at.html"
    looked_at.write_text(page.replace("</body>", _LOOK))
    dumped = subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                             "--virtual-time-budget=3000", "--dump-dom", looked_at.as_uri()],
                            capture_output=True, text=True, timeout=120).stdout
    match = re.search(r'<pre id="seen-by-a-person">(.*?)</pre>', dumped, re.S)
    assert match, dumped[-2000:]
    return run, page, json.loads(html.unescape(match[1]))


def test_the_first_screen_is_the_certificate(report):
    run, _, seen = report
    text = seen["text"]
    assert text.index("Verdict: fail") < text.index("Verdict per area") < text.index("Failed rules")
    for line in ("Target", "Capabilities applied", "octo/pricing", "Verdict per capability", "cause blocks"):
        assert line in text, line
    for area, counts in run.summary["areas"].items():
        assert re.search(rf"{area}\s+{counts['passed']}\s+{counts['failed']}\s+{counts['blocked']}", text), area


def test_each_failure_shows_its_rule_and_expected_and_seen_once(report):
    """Under "Failed rules", each failed rule once, with its statement; its expected text once in the page."""
    run, _, seen = report
    text = seen["text"]
    failures = text[text.index("Failed rules"):text.index("Skipped rules")]
    failed = [t for t in run.summary["tests"] if t["outcome"] == "failed"]
    for test in failed:
        assert failures.count(test["nodeid"].rsplit("::", 1)[-1]) == 1, test["nodeid"]
        assert test["rule"].split(" (")[0] in failures, test["rule"]
        expected = test["reason"].split("; seen ")[0].removeprefix("expected ")
        assert text.count(expected) == 1, expected
    assert failures.count("Expected") == failures.count("Seen") == len(failed)


def test_nothing_is_wider_than_the_window(report):
    """Long curl lines and bodies wrap at 1280 px, with every section open."""
    _, _, seen = report
    assert seen["overflow"] is False


def test_skip_reasons_read_as_sentences(report):
    _, page, seen = report
    assert "Skipped:" not in seen["text"] and "('/" not in seen["text"]
    assert len(page.encode()) < 400_000
