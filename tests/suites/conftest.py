"""Fixtures serving the mock for the suites' own tests."""
from __future__ import annotations

import pytest

from mock_supplier import MockConfig, create_app
from suites.plugin import embedded


@pytest.fixture
def serve_mock(tmp_path):
    """Serve a mock app (made after any patches are applied) on a loopback port."""
    servers = []

    def serve(wrap=None):
        app = create_app(MockConfig(db_path=str(tmp_path / "mock.sqlite3")))
        if wrap is not None:
            app.wsgi_app = wrap(app.wsgi_app)
        servers.append(embedded.serve(app))
        return servers[-1]

    yield serve
    for server in servers:
        server.stop()
