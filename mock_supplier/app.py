"""The app factory: the OCTO routes under /octo, the control interface, one store."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from . import web
from .catalogue import Catalogue
from .config import MockConfig
from .control.routes import blueprint as control_blueprint
from .core.routes import blueprint as core_blueprint
from .store import Store
from .gifts.routes import blueprint as gifts_blueprint
from .openapi import blueprint as openapi_blueprint
from .openapi import index
from .redemption.routes import blueprint as redemption_blueprint
from .redemption.routes import credentials_blueprint
from .tickets import blueprint as tickets_blueprint

OCTO_PREFIX = "/octo"


@dataclass
class Mock:
    """What the routes reach through app.extensions['octo_mock']."""

    config: MockConfig
    store: Store
    catalogue: Catalogue


def create_app(config: MockConfig | None = None) -> Flask:
    """A mock supplier app selling config.catalogue; state in config.db_path (a temporary file when None)."""
    config = config or MockConfig()
    problems = config.catalogue.problems()
    if problems:
        raise ValueError("The catalogue cannot be served: " + "; ".join(problems))
    app = Flask("mock_supplier")
    app.extensions["octo_mock"] = Mock(config, Store(config.db_path), config.catalogue)
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False  # OPTIONS gets an OCTO error, not an empty HTML 200
    web.install(app)
    app.register_blueprint(core_blueprint, url_prefix=OCTO_PREFIX)
    app.register_blueprint(tickets_blueprint, url_prefix=OCTO_PREFIX)
    app.register_blueprint(redemption_blueprint, url_prefix=OCTO_PREFIX + "/redemption")
    app.register_blueprint(credentials_blueprint, url_prefix=OCTO_PREFIX + "/redemption")
    app.register_blueprint(gifts_blueprint, url_prefix=OCTO_PREFIX + "/gifts")
    app.register_blueprint(openapi_blueprint, url_prefix=OCTO_PREFIX)
    app.add_url_rule("/", "index", index)  # a browser or curl at the root learns where things are
    app.add_url_rule(OCTO_PREFIX, "octo_index", index)
    if config.control_enabled:
        app.register_blueprint(control_blueprint, url_prefix=OCTO_PREFIX + "/_control")
    app.wsgi_app = _tolerate_trailing_slash(app.wsgi_app)
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
