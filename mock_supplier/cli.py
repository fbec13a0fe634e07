"""`octo-mock`: run the mock supplier on a production WSGI server (waitress)."""
from __future__ import annotations

import argparse
import sqlite3
import sys

import waitress

from .app import OCTO_PREFIX, create_app
from .config import DEFAULT_API_KEY, MockConfig


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="octo-mock", description="Run the OCTO reference mock supplier.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080)")
    parser.add_argument("--db", default="octo-mock.sqlite3",
                        help="SQLite file holding bookings; state survives restarts (default: ./octo-mock.sqlite3)")
    parser.add_argument("--api-key", action="append", dest="api_keys", metavar="KEY",
                        help=f"accept this API key; repeat for several (default: {DEFAULT_API_KEY})")
    parser.add_argument("--no-control", action="store_true",
                        help="do not serve the /octo/_control test interface")
    parser.add_argument("--threads", type=int, default=8, help="worker threads (default: 8)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the octo-mock command."""
    args = parse_args(argv)
    keys = tuple(args.api_keys or (DEFAULT_API_KEY,))
    config = MockConfig(db_path=args.db, api_keys=keys, control_enabled=not args.no_control)
    try:
        app = create_app(config)
    except sqlite3.Error as exc:
        sys.exit(f"octo-mock: cannot use {args.db!r} as its database: {exc}")
    try:
        server = waitress.create_server(app, host=args.host, port=args.port, threads=args.threads, ident="octo-mock")
    except OSError as exc:
        sys.exit(f"octo-mock: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    print(f"OCTO mock supplier at http://{args.host}:{server.effective_port}{OCTO_PREFIX}\n"
          f"  API key{'s' if len(keys) > 1 else ''}: {', '.join(keys)}\n  state: {args.db}", flush=True)
    server.run()


if __name__ == "__main__":
    main()
