"""The app factory: every operation under /octo, the control interface, one store."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from ..capabilities import installed
from ..catalogue import Catalogue
from ..config import MockConfig
from ..core import booking_table
from ..kernel.plugins import Plugins
from ..kernel.store import Store
from . import http, openapi
from .direct_routes import answer_operations
from .control import blueprint as control_blueprint
from .routes import add_routes, operations

OCTO_PREFIX = "/octo"


@dataclass
class Mock:
    """What the routes reach through app.extensions['octo_mock'] (and handlers through ctx.mock)."""

    config: MockConfig
    store: Store
    catalogue: Catalogue
    plugins: Plugins


def create_app(config: MockConfig | None = None) -> Flask:
    """A mock supplier app selling config.catalogue; state in config.db_path (a temporary file when None)."""
    config = config or MockConfig()
    problems = config.catalogue.problems()
    if problems:
        raise ValueError("The catalogue cannot be served: " + "; ".join(problems))
    plugins = config.plugins or installed()
    store = Store(config.db_path, tables=(booking_table.TABLES, *(c.tables for c in plugins.installed)),
                  sandbox_tables=(*booking_table.SANDBOX_TABLES, *(t for c in plugins.installed for t in c.sandbox_tables)))
    app = Flask("mock_supplier")
    mock = app.extensions["octo_mock"] = Mock(config, store, config.catalogue, plugins)
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False  # OPTIONS gets an OCTO error, not an empty HTML 200
    http.install(app)
    served = operations(plugins)
    add_routes(app, OCTO_PREFIX, served)
    app.add_url_rule(OCTO_PREFIX + "/openapi.json", "openapi_json", openapi.openapi_json)
    app.add_url_rule("/", "index", openapi.index)  # a browser or curl at the root learns where things are
    app.add_url_rule(OCTO_PREFIX, "octo_index", openapi.index)
    if config.control_enabled:
        app.register_blueprint(control_blueprint, url_prefix=OCTO_PREFIX + "/_control")
    # Every declared operation is answered in front of Flask (web/direct_routes.py); Flask answers the rest.
    app.wsgi_app = answer_operations(mock, OCTO_PREFIX, served, _tolerate_trailing_slash(app.wsgi_app))
    return app


def _tolerate_trailing_slash(wsgi_app):
    # The OpenAPI documents declare /supplier/, /products/ ... while most clients call
    # /supplier: serve both by dropping a trailing slash before routing.
    def middleware(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if len(path) > 1 and path.endswith("/"):
            environ["PATH_INFO"] = path.rstrip("/") or "/"
        return wsgi_app(environ, start_response)
    return middleware
