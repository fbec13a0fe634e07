"""`octo-mock`: run the mock supplier on a production WSGI server (granian, or waitress)."""
from __future__ import annotations

import argparse
import sqlite3
import sys
from importlib import metadata

from . import engines
from .access_log import logging_requests
from .config import DEFAULT_API_KEY, MockConfig
from .kernel.store import Store
from .server import ServeError, serve
from .web.app import OCTO_PREFIX, create_app


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="octo-mock", description="Run the OCTO reference mock supplier.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=port, default=8080, help="port to listen on, 0 for any free one (default: 8080)")
    parser.add_argument("--db", default="octo-mock.sqlite3",
                        help="SQLite file holding bookings; state survives restarts (default: ./octo-mock.sqlite3)")
    parser.add_argument("--api-key", action="append", dest="api_keys", metavar="KEY",
                        help=f"accept this API key; repeat for several (default: {DEFAULT_API_KEY})")
    parser.add_argument("--no-control", action="store_true",
                        help="do not serve the /octo/_control test interface")
    parser.add_argument("--webhook-allow", action="append", dest="webhook_allowed_hosts", metavar="HOST",
                        help="octo/webhooks may deliver to this host name or IP network (10.0.0.0/8), or '*' "
                             "to any; repeat for several (default: loopback addresses only)")
    # One thread runs Python at a time in a process (the GIL), so more threads only take turns,
    # and every SQLite call hands the GIL to another: on 2 cores one process served 628-709
    # booking flows/s with one thread and 379-395 with two (benchmarks/README.md, fourth round).
    # The price: under granian a thread reads its request's body itself, so a client that sends
    # less body than its Content-Length holds the thread until it gives up (README, "The mock supplier").
    parser.add_argument("--threads", type=count, default=1, help="threads per worker process (default: 1)")
    parser.add_argument("--workers", type=count, default=1,
                        help="server processes sharing the port and the database: more answer more reads at "
                             "once on cores nothing else uses; writes queue across them (default: 1)")
    parser.add_argument("--server", choices=engines.CHOICES, default="auto",
                        help="the HTTP server: granian (fast, where its wheel installs), waitress (pure Python), "
                             "or auto: granian when it is installed, else waitress (default: auto)")
    parser.add_argument("--quiet", action="store_true", help="do not print a line per request")
    parser.add_argument("--version", action="version", version=f"octo-mock {_version()}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the octo-mock command."""
    args = parse_args(argv)
    keys = tuple(args.api_keys or (DEFAULT_API_KEY,))
    config = MockConfig(db_path=args.db, api_keys=keys, control_enabled=not args.no_control,
                        webhook_allowed_hosts=tuple(args.webhook_allowed_hosts or ()))
    try:
        Store(args.db).close()  # a bad database fails here, once, not in every worker
    except sqlite3.Error as exc:
        sys.exit(f"octo-mock: cannot use {args.db!r} as its database: {exc}")

    def announce(port: int, server: str) -> None:
        workers = f" ({args.workers} worker processes)" if args.workers > 1 else f" (served by {server})"
        host = f"[{args.host}]" if ":" in args.host else args.host  # an IPv6 address
        print(f"OCTO mock supplier at http://{host}:{port}{OCTO_PREFIX}{workers}\n"
              f"  API key{'s' if len(keys) > 1 else ''}: {', '.join(keys)}\n  state: {args.db}", flush=True)

    try:
        serve(lambda: _app(config, args.quiet), args.host, args.port, args.threads, args.workers, announce,
              args.server)
    except ServeError as exc:
        sys.exit(f"octo-mock: {exc}")


def _app(config: MockConfig, quiet: bool):
    app = create_app(config)
    if not quiet:
        app.wsgi_app = logging_requests(app.wsgi_app)
    return app


def _version() -> str:
    try:
        return metadata.version("octo-conformance")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def port(text: str) -> int:
    """A TCP port, 0 to 65535 (0: any free port)."""
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def count(text: str) -> int:
    """A whole number, 1 or more (argparse names it in its error: "invalid count value")."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


if __name__ == "__main__":
    main()
