"""The catalogue reads loaded by wrk, the independent cross-check of loadgen.py.

    .venv/bin/python benchmarks/wrk_reads.py [--workers N] [--seconds S] [--output FILE]

The Python load client shares the machine's cores and spends about as much CPU per catalogue
read as the mock does, so past a few thousand requests a second it measures itself. wrk (C,
one thread here) leaves the cores to the server. This starts `octo-mock` as run.py does and
loads `GET /products` and `GET /products/{id}`, with and without `Octo-Capabilities:
octo/pricing`, at 8 and 32 connections: throughput and p99 from wrk, the mock's CPU time per
request from /proc. Needs `wrk` on PATH (Debian: `apt-get install wrk`).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from run import DEFAULT_KEY, MOCK_TRIP, OCTOMOCK, cpu_meter, start_mock

HERE = Path(__file__).resolve().parent
PATHS = {"GET /products": "/products", "GET /products/{id}": f"/products/{MOCK_TRIP.product}"}
CAPABILITIES = ("", "octo/pricing")
CLIENTS = (8, 32)
WARM_UP_SECONDS = 1


def wrk(url: str, connections: int, seconds: float, capabilities: str) -> dict:
    """One wrk run: requests/s and p99 in ms (wrk --latency), with the mock's key."""
    headers = ["-H", f"Authorization: Bearer {DEFAULT_KEY}"]
    if capabilities:
        headers += ["-H", f"Octo-Capabilities: {capabilities}"]
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url]
    return parse(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def parse(out: str) -> dict:
    """Requests answered, requests/s and p99 (ms) from wrk's report; SystemExit if any request failed."""
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw failed requests:\n{out}")
    requests = int(re.search(r"^\s+(\d+) requests in ", out, re.M).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    return {"requests": requests, "ops_per_s": round(rate, 1),
            "p99_ms": round(float(value) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1, help="octo-mock --workers (default: 1)")
    parser.add_argument("--seconds", type=int, default=5, help="measured seconds per run (default: 5)")
    parser.add_argument("--output", default=str(HERE / "results-wrk.json"), help="where to write the JSON")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory(prefix="octo-wrk-") as workdir:
        mock = start_mock(os.path.join(workdir, "wrk.sqlite3"), args.workers)
        try:
            cpu = cpu_meter(mock.pid)
            print(f"{'scenario':<20} {'capabilities':<13} {'clients':>7} {'req/s':>9} {'p99 ms':>7} "
                  f"{'server cpu ms/req':>18} {'octomock':>18}")
            for scenario, path in PATHS.items():
                for capabilities in CAPABILITIES:
                    for clients in CLIENTS:
                        url = mock.base_url + path
                        wrk(url, clients, WARM_UP_SECONDS, capabilities)
                        before = cpu()
                        row = wrk(url, clients, args.seconds, capabilities)
                        after = cpu()
                        row["target_cpu_ms_per_op"] = (None if before is None or after is None
                                                       else round((after - before) / row["requests"] * 1000, 3))
                        reference = OCTOMOCK[scenario][clients]
                        row |= {"scenario": scenario, "capabilities": capabilities, "clients": clients,
                                "octomock": {"ops_per_s": reference[0], "cpu_ms_per_op": reference[1]}}
                        rows.append(row)
                        print(f"{scenario:<20} {capabilities or '-':<13} {clients:>7} {row['ops_per_s']:>9.0f} "
                              f"{row['p99_ms']:>7} {row['target_cpu_ms_per_op']!s:>18} "
                              f"{f'{reference[0]}, {reference[1]}':>18}", flush=True)
        finally:
            mock.stop()
    Path(args.output).write_text(json.dumps({"workers": args.workers, "seconds": args.seconds,
                                             "cpus": os.cpu_count(), "runs": rows}, indent=2) + "\n")
    print(f"written {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
