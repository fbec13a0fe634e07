"""Protocol rules: content type, capability header, authentication, error bodies."""
from __future__ import annotations

import schemas
from suites.plugin.checks import AUTH_STATUSES, advise, as_json, expect, expect_json, octo_error, ok
from suites.plugin.run import declared_capabilities


def test_responses_are_json(client):
    """Responses are JSON bodies with Content-Type application/json (SPEC-DIGEST §1, Headers)."""
    reply = client.get("/supplier")
    expect_json(reply)
    reply.json()


def test_capabilities_header_is_echoed(client):
    """Answers carry Octo-Capabilities listing the requested capabilities the target declares (SPEC-DIGEST §1, Headers).

    Checked on GET /supplier, /products and /capabilities."""
    declared = declared_capabilities(client)  # unreadable: judged by test_capabilities_endpoint, not excused here
    expected = set(client.capabilities) if declared is None else set(client.capabilities) & declared
    for path in ("/supplier", "/products", "/capabilities"):
        reply = client.get(path)
        header = reply.headers.get("Octo-Capabilities")
        expect(header is not None, f"an Octo-Capabilities response header on GET {path}", dict(reply.headers))
        missing = expected - {schemas.canonical_capability(c) for c in header.split(",") if c.strip()}
        expect(not missing, f"Octo-Capabilities on GET {path} to list what was requested and declared: "
               f"{sorted(missing)} missing", f"Octo-Capabilities: {as_json(header)}")


def test_capabilities_endpoint(client):
    """GET /capabilities lists Capability objects (SPEC-DIGEST §2, Capability)."""
    ok(client.get("/capabilities"), "capability", many=True)


def test_missing_api_key_is_unauthorized(client):
    """A request without Authorization is refused with UNAUTHORIZED (SPEC-DIGEST §3)."""
    octo_error(client.get("/products", api_key=None), "UNAUTHORIZED", statuses=AUTH_STATUSES)


def test_wrong_api_key_is_refused(client):
    """A request with an unknown API key is refused with UNAUTHORIZED or FORBIDDEN (SPEC-DIGEST §3)."""
    reply = client.get("/products", api_key="octo-conformance-not-a-key")
    octo_error(reply, ("UNAUTHORIZED", "FORBIDDEN"), statuses=AUTH_STATUSES)


def test_malformed_json_is_bad_request(client):
    """A body that is not JSON gets BAD_REQUEST as an OCTO error body (SPEC-DIGEST §3)."""
    octo_error(client.post("/availability", raw='{"productId": '), "BAD_REQUEST")


def test_unknown_route_is_a_client_error(client):
    """An unknown path answers a 4xx status, not a success or a server error (HTTP semantics; SPEC-DIGEST §3)."""
    reply = client.get("/octo-conformance-no-such-endpoint")
    expect(400 <= reply.status < 500, "a 4xx status", f"HTTP {reply.status}")


def test_unknown_route_answers_octo_error(client):
    """Advisory: an unknown path answers an OCTO error body in JSON, not plain text or HTML (recommendation; SPEC-DIGEST §3).

    No OCTO document defines paths outside the API, so this is a recommendation: it fails the
    run only with --strict."""
    reply = client.get("/octo-conformance-no-such-endpoint")
    kind = reply.headers.get("Content-Type", "")
    try:
        body = reply.json()
    except AssertionError:
        body = None
    advise(kind.split(";")[0].strip().lower() == "application/json" and isinstance(body, dict)
           and {"error", "errorMessage"} <= body.keys(),
           "an OCTO error body {error, errorMessage} as application/json", f"{kind or '(no type)'}: {reply.gist()}")
