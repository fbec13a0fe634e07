"""Load benchmarks for the OCTO mock supplier, side by side with any other OCTO target.

    .venv/bin/python benchmarks/run.py [--quick] [--base-url URL --api-key KEY [--no-mock]]

It starts `octo-mock` (one worker; `--workers N` for more) on a free 127.0.0.1 port with a temporary database
(through mock_supplier.testing.MockProcess) and stops it at the end; with --base-url the same HTTP load also goes to that target, and the
report shows the two side by side. The load generator (loadgen.py) runs one thread per
simulated client (at most 8 to a process, the rest in processes forked from this one), each with
its own keep-alive connection, every request timed.
The client's own CPU time is recorded too, so a reader can see whether the client or the
target was the limit. See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid as uuidlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from loadgen import Client, run_load
from mock_supplier import DEFAULT_API_KEY
from mock_supplier.testing import MockProcess

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_KEY = DEFAULT_API_KEY
CONTACT = {"firstName": "Ada", "lastName": "Lovelace", "emailAddress": "ada@example.com"}
# Issue 16's bar. octomock (the official Node mock) was loaded beside the mock on this machine
# kind; its figures are the reference when it is not loaded in the same run (--base-url).
TARGETS = {"p99_ms_at_32": 25, "store_ratio": 1.2, "suite_serial_s": 30, "flows_ratio": 10, "availability_ratio": 30}
OCTOMOCK = {  # scenario -> {clients: (ops/s, server CPU ms per request or None)}
    "GET /products": {8: (17592, 0.057), 32: (17243, 0.058)},
    "GET /products/{id}": {8: (27846, 0.036), 32: (25553, 0.038)},
    "POST /availability": {8: (69, None), 32: (67, None)},
    "reserve->confirm->cancel": {8: (65, None), 32: (63, None)},
}


# --- the target ------------------------------------------------------------------------


def start_mock(db: str, workers: int, key: str = DEFAULT_KEY, server: str = "auto") -> MockProcess:
    """octo-mock (`workers` processes, no request log) on a free loopback port, answering."""
    return MockProcess(db, "--quiet", "--server", server, workers=workers, api_keys=(key,))


def cpu_meter(pid: int):
    """A reader of the CPU time (utime + stime) of a process and all its descendants (the mock's
    workers; another server's), from /proc (Linux only; None elsewhere)."""
    def cpu_seconds() -> float | None:
        try:
            return sum(_cpu_seconds(p) for p in _family(pid))
        except (OSError, ValueError, IndexError):
            return None
    return cpu_seconds


def _family(pid: int) -> list[int]:
    """A process and its descendants, from /proc/PID/task/*/children."""
    family, index = [pid], 0
    while index < len(family):
        for task in Path(f"/proc/{family[index]}/task").iterdir():
            try:
                family.extend(int(child) for child in (task / "children").read_text().split())
            except FileNotFoundError:  # a thread that ended meanwhile
                continue
        index += 1
    return family


def _cpu_seconds(pid) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_ready(base: str, key: str, timeout: float = 20) -> None:
    """Wait for a target this script did not start (--base-url), through the load client, which
    refuses anything but loopback before sending a byte."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        probe = Client(base, key)
        try:
            if probe.request("GET", "/supplier")[0] == 200:
                return
        except (OSError, EOFError):
            pass
        finally:
            probe.close()
        time.sleep(0.1)
    raise SystemExit(f"{base}/supplier did not answer 200 within {timeout:.0f}s")


# --- scenarios -------------------------------------------------------------------------


@dataclass(frozen=True)
class Trip:
    """What the scenarios book: a product, option and unit of the target's catalogue."""

    product: str = "walking-tour"  # the mock's: departures at fixed times, 10+ seats each
    option: str = "DEFAULT"
    unit: str = "adult"

    def reservation(self, availability_id: str) -> dict:
        return {"productId": self.product, "optionId": self.option, "availabilityId": availability_id,
                "unitItems": [{"unitId": self.unit}]}


MOCK_TRIP = Trip()


def timed(client: Client, name: str, method: str, path: str, body=None, headers=None, want=200, decode=True):
    """One request, its answer (decoded JSON, or the raw body with decode=False) and its latency.
    The read scenarios do not decode what they never look at: decoding a 16 KB catalogue costs the
    client, on the same cores, more CPU than the server spends answering it."""
    t0 = time.perf_counter()
    data = (client.json if decode else client.answer)(method, path, body, headers, want)
    return data, (name, time.perf_counter() - t0)


class Departures:
    """A trip's departures with free seats, handed out round-robin so no slot fills up."""

    def __init__(self, base: str, key: str, trip: Trip, first_day: int = 2, days: int = 60):
        self.trip = trip
        start = date.today() + timedelta(first_day)
        probe = Client(base, key)
        cal = probe.json("POST", "/availability", {
            "productId": trip.product, "optionId": trip.option, "localDateStart": start.isoformat(),
            "localDateEnd": (start + timedelta(days - 1)).isoformat()})
        probe.close()
        # vacancies null means unlimited capacity
        self.ids = [a["id"] for a in cal if a.get("available") and (a.get("vacancies") is None or a["vacancies"] >= 5)]
        if not self.ids:
            raise SystemExit(f"no departure of {trip.product}/{trip.option} with free seats in the next {days} days")
        self._next = itertools.count()
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def take(self) -> str:
        with self._lock:
            if self._pid != os.getpid():  # a load process forked with a copy: start where its siblings do not
                self._pid, self._next = os.getpid(), itertools.count(random.randrange(len(self.ids)))
            return self.ids[next(self._next) % len(self.ids)]


def products_op(client: Client):
    _, part = timed(client, "GET /products", "GET", "/products", headers={"Octo-Capabilities": "octo/pricing"},
                    decode=False)
    return [part]


def product_op(trip: "Trip"):
    def op(client: Client):
        _, part = timed(client, "GET /products/{id}", "GET", f"/products/{trip.product}",
                        headers={"Octo-Capabilities": "octo/pricing"}, decode=False)
        return [part]
    return op


def availability_op(trip: Trip, local_date: str):
    body = {"productId": trip.product, "optionId": trip.option, "localDate": local_date}

    def op(client: Client):
        _, part = timed(client, "POST /availability", "POST", "/availability", body, decode=False)
        return [part]
    return op


def flow_op(departures: Departures):
    def op(client: Client):
        booking, p1 = timed(client, "reserve", "POST", "/bookings", departures.trip.reservation(departures.take()))
        uid = booking["uuid"]
        _, p2 = timed(client, "confirm", "POST", f"/bookings/{uid}/confirm", {"contact": CONTACT})
        _, p3 = timed(client, "cancel", "POST", f"/bookings/{uid}/cancel", {"reason": "benchmark"})
        return [p1, p2, p3]
    return op


def reserve_only_op(departures: Departures):
    """Time the reserve alone; cancel it afterwards (untimed) so seats come back."""
    def op(client: Client):
        booking, part = timed(client, "reserve", "POST", "/bookings", departures.trip.reservation(departures.take()))
        client.json("POST", f"/bookings/{booking['uuid']}/cancel", {})
        return [part]
    return op


SCENARIOS = ("GET /products", "GET /products/{id}", "POST /availability", "reserve->confirm->cancel")


def http_scenarios(target, seconds: float, max_ops: int, levels: list[int]) -> dict:
    """Every HTTP scenario at every concurrency level against one target (MockTarget or
    UrlTarget). Booking flows ask for a fresh store, so each level starts from the same state
    (when the target can be restarted)."""
    local_date = (date.today() + timedelta(4)).isoformat()
    out: dict[str, list] = {}
    for name in SCENARIOS:
        out[name] = []
        for c in levels:
            flows = name.startswith("reserve")
            base, key, cpu = target.serve(fresh=flows)
            op = (products_op if name == "GET /products" else product_op(target.trip) if name == "GET /products/{id}"
                  else flow_op(Departures(base, key, target.trip)) if flows
                  else availability_op(target.trip, local_date))
            r = run_load(base, key, c, op, seconds, max_ops, cpu)
            print(f"  {name:<26} c={c:<3} {r['ops_per_s']:>8} /s  p50 {r['p50_ms']:>7} ms  "
                  f"p99 {r['p99_ms']:>7} ms  errors {r['errors']}", flush=True)
            out[name].append(r)
    return out


class MockTarget:
    """octo-mock, started by this script; restarted on an empty store when asked."""

    trip = MOCK_TRIP

    def __init__(self, workdir: str, workers: int, server: str = "auto"):
        self.label = f"octo-mock --workers {workers}" + ("" if server == "auto" else f" --server {server}")
        self.workdir, self.workers, self.server = workdir, workers, server
        self.running: MockProcess | None = None
        self.dbs = itertools.count()

    def serve(self, fresh: bool):
        if fresh or self.running is None:
            self.close()
            self.running = start_mock(os.path.join(self.workdir, f"http-{next(self.dbs)}.sqlite3"), self.workers,
                                      server=self.server)
        return self.running.base_url, self.running.api_key, cpu_meter(self.running.pid)

    def close(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None


class UrlTarget:
    """Another OCTO implementation, already running at a loopback base URL; its CPU time is read
    when its process id is given (with its descendants)."""

    def __init__(self, base: str, key: str, trip: Trip, pid: int | None = None):
        self.label, self.base, self.key, self.trip, self.pid = base, base, key, trip, pid

    def serve(self, fresh: bool):
        return self.base, self.key, cpu_meter(self.pid) if self.pid else None

    def close(self) -> None:
        pass


# --- reserve latency against a big store ------------------------------------------------


def _new_ref(n: int = 6) -> str:
    return "".join(random.choices("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", k=n))


def seed_store(db: str, key: str, template: dict, departures: list[str], count: int) -> float:
    """Insert `count` copies of a real (cancelled) booking record straight into the store, through
    the mock's own Store/Sandbox code, each with fresh identifiers and spread over the departures."""
    sys.path.insert(0, str(ROOT))
    from mock_supplier.core import booking_table  # noqa: PLC0415 - the mock's own code, imported late on purpose
    from mock_supplier.core.records import Booking  # noqa: PLC0415
    from mock_supplier.kernel.store import Store  # noqa: PLC0415

    store = Store(db, tables=(booking_table.TABLES,))
    # every identifier-like string of the record, longest first (ticket codes contain the reference)
    olds = {template["uuid"]: "uuid", template["supplierReference"]: "ref"}
    if template.get("voucherCode"):
        olds[template["voucherCode"]] = "code"
    for item in template["unitItems"]:
        olds[item["uuid"]] = "uuid"
        for k in ("supplierReference", "ticketCode"):
            if item.get(k):
                olds[item[k]] = "code" if k == "ticketCode" else "ref"
    order = sorted(olds, key=len, reverse=True)
    old_availability = template["availabilityId"]
    text = json.dumps(template)
    t0 = time.perf_counter()
    batch = 5000
    done = 0
    while done < count:
        with store.write(key) as box:
            for i in range(done, min(count, done + batch)):
                doc, mapping = text, {}
                for old in order:
                    kind = olds[old]
                    new = (str(uuidlib.uuid4()) if kind == "uuid" else _new_ref() if kind == "ref"
                           else f"OCTO-{_new_ref()}-{_new_ref(10)}")
                    mapping[old] = new
                    doc = doc.replace(old, new)
                dep = departures[i % len(departures)]
                doc = doc.replace(old_availability, dep)
                record = json.loads(doc)
                record["resellerReference"] = f"BENCH-{i}"
                booking_table.save(box, Booking.from_doc(record), local_date=dep[:10], seats=1)
        done = min(count, done + batch)
    conn = store._connection()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - t0


def store_scenario(key: str, sizes: list[int], n_reserves: int, seconds: float, workdir: str,
                   workers: int, server: str) -> dict:
    """Reserve latency (concurrency 1) against stores holding each number of bookings."""
    results = {}
    for size in sizes:
        db = os.path.join(workdir, f"store-{size}.sqlite3")
        mock = start_mock(db, workers, key, server)
        try:
            client = Client(mock.base_url, key)
            cal = client.json("POST", "/availability", {
                "productId": MOCK_TRIP.product, "optionId": MOCK_TRIP.option, "localDateStart": date.today().isoformat(),
                "localDateEnd": (date.today() + timedelta(365)).isoformat()})
            everywhere = [a["id"] for a in cal]
            booking = client.json("POST", "/bookings", MOCK_TRIP.reservation(Departures(mock.base_url, key, MOCK_TRIP).take()))
            client.json("POST", f"/bookings/{booking['uuid']}/confirm", {"contact": CONTACT})
            client.json("POST", f"/bookings/{booking['uuid']}/cancel", {"reason": "template"})
            client.close()
        finally:
            mock.stop()
        sys.path.insert(0, str(ROOT))
        from mock_supplier.core import booking_table  # noqa: PLC0415
        from mock_supplier.kernel.store import Store  # noqa: PLC0415
        with Store(db).read(key) as box:
            template = booking_table.load(box, booking["uuid"]).to_doc()
        seed_s = seed_store(db, key, template, everywhere, size - 1)  # plus the template itself
        mock = start_mock(db, workers, key, server)
        try:
            r = run_load(mock.base_url, key, 1, reserve_only_op(Departures(mock.base_url, key, MOCK_TRIP)), seconds,
                         n_reserves, cpu_meter(mock.pid))
        finally:
            mock.stop()
        r["seed_s"] = round(seed_s, 1)
        r["db_mb"] = round(os.path.getsize(db) / 1e6, 1)
        print(f"  reserve with {size:>7} stored bookings: p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms  "
              f"({r['ops']} reserves; seeding took {seed_s:.1f}s)", flush=True)
        results[str(size)] = r
    return results


# --- the conformance suite --------------------------------------------------------------


def suite_scenario(workdir: str, extra: list[str]) -> dict:
    exe = Path(sys.executable).with_name("octo-conformance")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "suites"]
    out = {}
    for label, more in (("serial", []), ("-n 2", ["-n", "2"])):
        report = tempfile.mkdtemp(dir=workdir)
        args = [*cmd, "-q", "-p", "no:cacheprovider", "--report-dir", report, *more, *extra]
        t0 = time.perf_counter()
        proc = subprocess.run(args, cwd=workdir, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        tail = proc.stdout.strip().splitlines()[-1:] if proc.stdout.strip() else []
        out[label] = {"wall_s": round(wall, 1), "exit_code": proc.returncode, "summary": tail[0] if tail else "",
                      "command": " ".join(["octo-conformance", *args[len(cmd):]]).replace(report, "<tmp>")}
        print(f"  conformance suite {label:<6}: {wall:6.1f} s  exit {proc.returncode}  {out[label]['summary']}",
              flush=True)
    return out


# --- report ----------------------------------------------------------------------------


def verdicts(results: dict) -> list[dict]:
    """Issue 16's targets, judged on the first mock's figures against the reference: the other
    target loaded in this run (--base-url), or else octomock's figures (OCTOMOCK)."""
    rows = []
    http = results["http"].get(results.get("mock") or "", {})
    other = results.get("other")
    reference = results["http"][other] if other else None
    results["reference"] = other or "octomock (issue 16's figures, OCTOMOCK in run.py)"

    def at(scenarios, name, c):
        return next((r for r in (scenarios or {}).get(name, []) if r["concurrency"] == c), None)

    def ref(name, c):
        if reference is not None:
            r = at(reference, name, c)
            return (r["ops_per_s"], r["target_cpu_ms_per_op"]) if r else (None, None)
        return OCTOMOCK.get(name, {}).get(c, (None, None))

    for name in SCENARIOS:
        for c in (8, 32):
            mine, (ops, cpu) = at(http, name, c), ref(name, c)
            if mine is None or ops is None:
                continue
            ratio = mine["ops_per_s"] / ops
            if name.startswith("GET"):
                rows.append({"target": f"{name} c={c}: throughput >= 1.0x the reference",
                             "measured": f"{ratio:.2f}x ({mine['ops_per_s']} vs {ops} /s)", "met": ratio >= 1.0})
                if cpu is not None and mine["target_cpu_ms_per_op"] is not None:
                    rows.append({"target": f"{name} c={c}: server CPU per request <= the reference's",
                                 "measured": f"{mine['target_cpu_ms_per_op']} vs {cpu} ms",
                                 "met": mine["target_cpu_ms_per_op"] <= cpu})
            else:
                want = TARGETS["flows_ratio"] if name.startswith("reserve") else TARGETS["availability_ratio"]
                rows.append({"target": f"{name} c={c}: >= {want}x the reference",
                             "measured": f"{ratio:.1f}x ({mine['ops_per_s']} vs {ops} /s)", "met": ratio >= want})
    for name in http:
        r = at(http, name, 32)
        if not r:
            continue
        # The target is a request latency: a flow is three requests, so each of them is judged.
        worst = max(step["p99_ms"] for step in r["steps"].values()) if "steps" in r else r["p99_ms"]
        label = f"{name} (each request)" if "steps" in r else name
        measured = f"{worst} ms" + (f" (whole flow {r['p99_ms']} ms)" if "steps" in r else "")
        rows.append({"target": f"p99 < {TARGETS['p99_ms_at_32']} ms at 32 clients: {label}", "measured": measured,
                     "met": worst < TARGETS["p99_ms_at_32"]})
    store = results.get("store")
    if store and len(store) >= 2:
        small, big = store[min(store, key=int)], store[max(store, key=int)]
        ratio = big["p50_ms"] / small["p50_ms"]
        ratio99 = big["p99_ms"] / small["p99_ms"]
        results["store_ratio"] = {"p50": round(ratio, 2), "p99": round(ratio99, 2)}
        rows.append({"target": f"reserve p50 and p99 at {max(store, key=int)} within {TARGETS['store_ratio']}x "
                               f"of {min(store, key=int)}",
                     "measured": f"p50 {ratio:.2f}x, p99 {ratio99:.2f}x",
                     "met": max(ratio, ratio99) <= TARGETS["store_ratio"]})
    suite = results.get("suite")
    if suite and not results.get("quick"):
        s = suite["serial"]
        rows.append({"target": "whole suite vs embedded mock < 30 s serial", "measured": f"{s['wall_s']} s",
                     "met": s["wall_s"] < TARGETS["suite_serial_s"] and s["exit_code"] == 0})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", help="also load another OCTO target on loopback, beside the mock "
                                           "(e.g. http://127.0.0.1:9000/octo)")
    parser.add_argument("--api-key", default=DEFAULT_KEY, help="the API key of --base-url")
    parser.add_argument("--product", default=MOCK_TRIP.product, help="what to book at --base-url: product id")
    parser.add_argument("--option", default=MOCK_TRIP.option, help="... option id")
    parser.add_argument("--unit", default=MOCK_TRIP.unit, help="... unit id")
    parser.add_argument("--target-pid", type=int,
                        help="the process id of --base-url's server, to read its CPU time (and its children's)")
    parser.add_argument("--no-mock", action="store_true", help="load only --base-url, not the mock")
    parser.add_argument("--server", action="append", choices=("auto", "granian", "waitress"),
                        help="octo-mock --server for the mock this script starts; repeat to load one mock per "
                             "server, side by side (default: auto)")
    # The load client shares the machine's cores, and booking writes queue for one database: on
    # 2 cores one worker served more of every scenario than two (benchmarks/README.md, fourth round).
    parser.add_argument("--workers", type=int, default=1,
                        help="octo-mock --workers for the mock this script starts (default: 1)")
    parser.add_argument("--quick", action="store_true", help="a small, fast version for smoke testing")
    parser.add_argument("--suite-only", action="store_true",
                        help="only time the conformance suite against the embedded mock (serial and -n 2)")
    parser.add_argument("--seconds", type=float, help="measured seconds per HTTP scenario and level")
    parser.add_argument("--output", help="where to write the JSON (default: benchmarks/results.json, "
                                         "or benchmarks/results-quick.json with --quick)")
    args = parser.parse_args(argv)
    if args.no_mock and not args.base_url:
        parser.error("--no-mock needs --base-url")

    quick = args.quick
    name = "results-suite.json" if args.suite_only else "results-quick.json" if quick else "results.json"
    args.output = args.output or str(HERE / name)  # a partial run never overwrites the full figures
    seconds = args.seconds or (1.0 if quick else 8.0)
    max_ops = 2_000 if quick else 200_000
    levels = [1, 8, 32]
    workdir = tempfile.mkdtemp(prefix="octo-bench-")
    servers = args.server or ["auto"]
    targets = [] if args.no_mock or args.suite_only else [MockTarget(workdir, args.workers, s) for s in servers]
    if args.base_url:
        wait_ready(args.base_url, args.api_key)
        targets.append(UrlTarget(args.base_url, args.api_key, Trip(args.product, args.option, args.unit),
                                 args.target_pid))
    results: dict = {"quick": quick, "python": sys.version.split()[0], "machine": platform.platform(),
                     "cpus": os.cpu_count(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                     "command": " ".join([os.path.relpath(sys.executable, ROOT), "benchmarks/run.py", *(argv or sys.argv[1:])]),
                     "seconds_per_scenario": seconds, "targets": [t.label for t in targets],
                     "mock": None if args.no_mock else "octo-mock (embedded)" if args.suite_only else targets[0].label,
                     "other": args.base_url,
                     "http": {}}
    t_start = time.perf_counter()
    try:
        for target in targets:
            print(f"HTTP load against {target.label}", flush=True)
            try:
                results["http"][target.label] = http_scenarios(target, seconds, max_ops, levels)
            finally:
                target.close()
        if not args.no_mock and not args.suite_only:
            print("Reserve latency vs store size (octo-mock)", flush=True)
            sizes = [1_000, 10_000] if quick else [1_000, 100_000]
            results["store"] = store_scenario(DEFAULT_KEY, sizes, 100 if quick else 1000, 5 if quick else 30, workdir,
                                              args.workers, servers[0])
        if not args.no_mock:
            print("Conformance suite against the embedded mock", flush=True)
            extra = ["-k", "products or supplier"] if quick else []
            results["suite"] = suite_scenario(workdir, extra)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["verdicts"] = verdicts(results)
    results["total_s"] = round(time.perf_counter() - t_start, 1)
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nwritten {args.output} ({results['total_s']} s)")
    failed = [lvl for scenarios in results["http"].values() for levels_ in scenarios.values()
              for lvl in levels_ if lvl["errors"]]
    return 1 if failed else 0


def print_table(results: dict) -> None:
    row = "{:<26} {:>7} {:>9} {:>8} {:>8} {:>16} {:>16} {:>6}".format

    def section(title: str, named_loads) -> None:
        print(f"\n{title}")
        print(row("scenario", "clients", "ops/s", "p50 ms", "p99 ms", "client cpu ms/op", "target cpu ms/op", "errors"))
        for name, r in named_loads:
            print(row(name, r["concurrency"], r["ops_per_s"], r["p50_ms"], r["p99_ms"],
                      str(r["client_cpu_ms_per_op"]), str(r["target_cpu_ms_per_op"]), r["errors"]))

    for label, scenarios in results["http"].items():
        section(label, [(name, r) for name, levels in scenarios.items() for r in levels])
    if results.get("store") or results.get("suite"):
        section(f"{results['mock']}: store size and conformance suite",
                [(f"reserve @ {size} bookings", r) for size, r in (results.get("store") or {}).items()])
    for label, s in (results.get("suite") or {}).items():
        print(f"conformance suite {label:<8} {s['wall_s']:>7} s  exit {s['exit_code']}  {s['summary']}")
    if results["verdicts"]:
        print(f"\ntargets, judged on {results['mock']}")
    for v in results["verdicts"]:
        print(f"[{'MET' if v['met'] else 'MISSED':>6}] {v['target']:<60} {v['measured']}")


if __name__ == "__main__":
    sys.exit(main())
