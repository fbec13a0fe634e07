"""benchmarks/wrk_reads.py reads wrk's report right, and refuses one with failed requests (figures
are for the script to print, never asserted here)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import wrk_reads  # noqa: E402 - benchmarks/ is a folder of scripts, not a package

REPORT = """Running 5s test @ http://127.0.0.1:8000/octo/products
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   {avg}  427.28us   7.60ms   83.90%
    Req/Sec    27.99k   102.24     2.11k    81.82%
  Latency Distribution
     50%  612.00us
     75%    1.13ms
     90%    1.37ms
     99%    {p99}
  275103 requests in 5.10s, 1.08GB read
{failures}Requests/sec:  53941.76
Transfer/sec:    212.05MB
"""


@pytest.mark.parametrize(("p99", "ms"), [("482.00us", 0.48), ("1.86ms", 1.86), ("1.20s", 1200.0)])
def test_requests_throughput_and_p99_in_milliseconds(p99, ms):
    assert wrk_reads.parse(REPORT.format(avg="0.99ms", p99=p99, failures="")) == {
        "requests": 275103, "ops_per_s": 53941.8, "p99_ms": ms}


@pytest.mark.parametrize("failures", ["  Non-2xx or 3xx responses: 12\n",
                                      "  Socket errors: connect 0, read 3, write 0, timeout 0\n"])
def test_a_run_with_failed_requests_is_refused(failures):
    with pytest.raises(SystemExit, match="failed requests"):
        wrk_reads.parse(REPORT.format(avg="0.99ms", p99="1.86ms", failures=failures))
