"""`octo-mock`: run the mock supplier on a production WSGI server (waitress)."""
from __future__ import annotations

import argparse

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
    config = MockConfig(db_path=args.db, api_keys=tuple(args.api_keys or (DEFAULT_API_KEY,)),
                        control_enabled=not args.no_control)
    app = create_app(config)
    print(f"OCTO mock supplier at http://{args.host}:{args.port}{OCTO_PREFIX}  (state: {args.db})", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads, ident="octo-mock")
