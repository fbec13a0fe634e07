"""The one HTTP client of the suites: every exchange is recorded for the report, every
request has a deadline, and whatever the target does (hang, refuse, reset, answer HTML or
an endless body) becomes a clear rule failure rather than a traceback from our code."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from .exchanges import USER_KEY, Exchange, KeyUse, masked
from .failures import RuleViolation, TargetUnreachable

try:  # reads availability ranges several times faster than json
    import orjson
except ImportError:  # no wheel for this interpreter (PyPy)
    orjson = None

MAX_BODY_BYTES = 8 << 20  # no OCTO answer is near this; past it the target is misbehaving
MAX_REDIRECTS = 3
_DEFAULT = object()
SANDBOX = "a sandbox key this run minted on the target: not a secret of yours"
EMBEDDED = "the embedded mock's own key"


@dataclass
class Reply:
    """What the target answered."""

    exchange: Exchange
    capabilities: tuple[str, ...]  # what the request asked for: schemas depend on it

    @property
    def status(self) -> int:
        return self.exchange.status

    @property
    def headers(self) -> dict[str, str]:
        return self.exchange.response_headers

    @property
    def text(self) -> str:
        return self.exchange.response_body

    def gist(self, chars: int = 160) -> str:
        """The body's start on one line, for a SEEN line (the exchange shows it whole)."""
        text = " ".join(self.text.split())
        return text if len(text) <= chars else text[:chars] + f"… ({len(self.text)} characters)"

    def json(self) -> object:
        """The body as JSON, or a failure saying what came instead."""
        try:
            return read_json(self.text)
        except ValueError:
            kind = self.headers.get("Content-Type", "no content type")
            raise RuleViolation("a JSON body", f"{kind}: {self.gist()}") from None


def read_json(text: str | bytes) -> object:
    """What json.loads reads, faster: orjson reads what it can, json.loads the rest it accepts
    (NaN, Infinity, lone surrogates). One difference is left, as looking for it would cost more
    than orjson saves: an integer past 64 bits comes back as the nearest float, which no OCTO
    field holds and which JSON Schema still counts as an integer."""
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


class OctoClient:
    """Sends requests to one target with one key; records each exchange in `log`."""

    def __init__(self, session: requests.Session, base_url: str, api_key: str | None,
                 capabilities: tuple[str, ...], headers: tuple[tuple[str, str], ...], timeout: float,
                 log: list[Exchange], key_origin: str | None = None, spelling: dict[str, str] | None = None):
        self.session, self.base_url, self.api_key = session, base_url, api_key
        self.capabilities, self.extra_headers, self.timeout, self.log = capabilities, headers, timeout, log
        self.key_origin = key_origin  # None: the user's own key; else where the run got its key
        # The id the target declares for a capability, where it spells it bare (`content`):
        # Octo-Capabilities asks in the target's own words; the rules think in octo/ ids.
        self.spelling = spelling or {}

    def with_key(self, api_key: str, origin: str = SANDBOX) -> "OctoClient":
        """The same client speaking for another API key (by default, a sandbox the run minted)."""
        return OctoClient(self.session, self.base_url, api_key, self.capabilities, self.extra_headers,
                          self.timeout, self.log, origin, self.spelling)

    def _key_use(self, key: str, chosen: bool) -> KeyUse:
        if chosen and key != self.api_key:
            return KeyUse(None, key)  # made up by a rule (a wrong key, another sandbox's)
        if self.key_origin is None:
            return USER_KEY
        return KeyUse("OCTO_SANDBOX_KEY", key, self.key_origin)

    def request(self, method: str, path: str, body: object = _DEFAULT, *, raw: str | None = None,
                api_key: object = _DEFAULT, capabilities: tuple[str, ...] | None = None,
                params: dict | None = None, headers: dict | None = None) -> Reply:
        """Send one request; `api_key=None` sends no Authorization header; `headers` are sent too
        (Accept-Language, say)."""
        caps = self.capabilities if capabilities is None else capabilities
        key = self.api_key if api_key is _DEFAULT else api_key
        extra = {**dict(self.extra_headers), **(headers or {})}
        headers = {"Accept": "application/json",
                   "Octo-Capabilities": ", ".join(self.spelling.get(c, c) for c in caps), **extra}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        data = raw if raw is not None else (None if body is _DEFAULT else json.dumps(body))
        if data is not None:
            headers["Content-Type"] = "application/json"
        url = self.base_url + path
        if params:
            url += "?" + requests.compat.urlencode(params)
        for _ in range(MAX_REDIRECTS + 1):
            exchange = Exchange(method, url, masked(headers), data,
                                key=None if key is None else self._key_use(key, api_key is not _DEFAULT))
            self.log.append(exchange)
            self._send(exchange, headers, data)
            url = _same_origin_redirect(exchange)
            if url is None:
                break
        return Reply(exchange, caps)

    def get(self, path: str, **kw) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: object = _DEFAULT, **kw) -> Reply:
        return self.request("POST", path, body, **kw)

    def patch(self, path: str, body: object = _DEFAULT, **kw) -> Reply:
        return self.request("PATCH", path, body, **kw)

    def delete(self, path: str, body: object = _DEFAULT, **kw) -> Reply:
        return self.request("DELETE", path, body, **kw)

    def _send(self, exchange: Exchange, headers: dict, data: str | None) -> None:
        deadline = time.monotonic() + self.timeout
        try:
            with self.session.request(exchange.method, exchange.url, headers=headers, data=data,
                                      timeout=self.timeout, stream=True, allow_redirects=False) as response:
                exchange.status = response.status_code
                exchange.response_headers = CaseInsensitiveDict(response.headers)  # HTTP/2 sends lower case
                exchange.response_body = _read_body(response, deadline)
        except requests.Timeout:
            exchange.problem = f"no answer within {self.timeout:g}s"
        except requests.ConnectionError as exc:
            exchange.problem = f"connection failed: {_root_cause(exc)}"
        except requests.RequestException as exc:
            exchange.problem = f"{type(exc).__name__}: {_root_cause(exc)}"
        except _BodyProblem as exc:
            exchange.problem = str(exc)
        if exchange.problem:
            raise TargetUnreachable(f"an answer to {exchange.method} {exchange.url}", exchange.problem)


def _same_origin_redirect(exchange: Exchange) -> str | None:
    """Where a 307/308 sends the same request on the same origin (e.g. /products to /products/,
    the paths OCTO's OpenAPI declares); None for anything else, which is the target's answer."""
    location = exchange.response_headers.get("Location") if exchange.status in (307, 308) else None
    if not location:
        return None
    target = urljoin(exchange.url, location)
    same = urlsplit(target)[:2] == urlsplit(exchange.url)[:2]
    return target if same and target != exchange.url else None


class _BodyProblem(Exception):
    pass


def _read_body(response: requests.Response, deadline: float) -> str:
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=65536):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _BodyProblem(f"HTTP {response.status_code} with a body over {MAX_BODY_BYTES >> 20} MiB")
        if time.monotonic() > deadline:
            raise _BodyProblem("the body was still arriving when the timeout passed")
        chunks.append(chunk)
    return b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")


def _root_cause(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    return str(exc) or type(exc).__name__
