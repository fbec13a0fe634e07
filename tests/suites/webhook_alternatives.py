"""What a stranger's octo/webhooks may do differently from our mock and still keep to the
sources (SPEC-CAPABILITIES §6.1): listed among tests/suites/alternatives.py's ALTERNATIVES."""
from __future__ import annotations

import re

from .defects.kit import Call, Defect, answer, rewriting, rewriting_request, send

WEBHOOK_PATH = re.compile(r"^/octo/webhooks/[^/]+$")


def _deleted_without_body(app):
    def middleware(environ, start_response):
        call = Call.of(environ)
        status, headers, body = answer(app, environ)
        if call.method == "DELETE" and WEBHOOK_PATH.match(call.path) and status.startswith("200"):
            return send(start_response, "204 No Content", [], b"")
        return send(start_response, status, headers, body)
    return middleware


def _with_newer_fields(data, call):
    for webhook in data if isinstance(data, list) else [data]:
        if isinstance(webhook, dict):
            webhook.update(active=True, apiKey="octoconf-alternative-key")
    return data


WEBHOOK_ALTERNATIVES = [
    Defect("DELETE /webhooks/{id} answers 204 with no body (SPEC-CAPABILITIES §6.1: Ventrata's OpenAPI shows an "
           "empty answer)", _deleted_without_body),
    Defect("a subscription's capabilities come from its Octo-Capabilities header, the body's are ignored "
           "(SPEC-CAPABILITIES §6.1: Ventrata's docs)",
           rewriting_request(lambda c: c.method == "POST" and c.path == "/octo/webhooks",
                             lambda body: {k: v for k, v in body.items() if k != "capabilities"})),
    Defect("Webhook objects carry Ventrata's newer fields active and apiKey (SPEC-CAPABILITIES §6.1)",
           rewriting(lambda c: c.path.startswith("/octo/webhooks"), _with_newer_fields)),
]
