"""Where deliveries may go: loopback addresses only, unless the mock was started with an
allow-list (`octo-mock --webhook-allow HOST`, MockConfig.webhook_allowed_hosts), so that nobody
can turn the mock against other hosts by subscribing their address.

A subscription's url is checked when it is made (no name is looked up then: a request never
waits for DNS) and again before every delivery, when a name is resolved and each of its
addresses must be allowed. Deliveries follow no redirects and use no proxy.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from ...kernel.errors import BadRequest

LOOPBACK_NAMES = ("localhost",)  # and any name under .localhost (RFC 6761)


def check_url(url: str, allowed: tuple[str, ...]) -> None:
    """Refuse a url that is not absolute http(s) or names a host deliveries may not go to."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise BadRequest(f"url {url!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadRequest(f"url must be an absolute http or https URL, got {url!r}")
    if not host_allowed(parts.hostname, allowed):
        raise BadRequest(f"This mock delivers webhooks to loopback addresses only (127.0.0.1, ::1, localhost); "
                         f"{parts.hostname!r} is not one. Start it with --webhook-allow {parts.hostname} "
                         f"to allow that host")


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """Whether a url's host is loopback, listed by name, or an address in a listed network."""
    host = host.lower().rstrip(".")
    if "*" in allowed or host in (entry.lower().rstrip(".") for entry in allowed):
        return True
    address = _address(host)
    if address is None:
        return host in LOOPBACK_NAMES or host.endswith(".localhost")
    return address.is_loopback or any(address in network for network in _networks(allowed))


def delivery_addresses_allowed(host: str, port: int, allowed: tuple[str, ...]) -> bool:
    """Just before a delivery: a host allowed by name (or '*') goes; any other must resolve to
    allowed addresses only (a loopback name that resolves elsewhere does not)."""
    host = host.lower().rstrip(".")
    if "*" in allowed or host in (entry.lower().rstrip(".") for entry in allowed):
        return True
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    networks = _networks(allowed)
    return bool(addresses) and all(a.is_loopback or any(a in n for n in networks) for a in addresses)


def _address(host: str):
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _networks(allowed: tuple[str, ...]) -> list:
    networks = []
    for entry in allowed:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            pass  # a host name
    return networks
