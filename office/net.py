"""The client's address, also behind the reverse proxy the README deploys (nginx → gunicorn).

Behind nginx every request reaches Django from the proxy's address; the client's is in
``X-Forwarded-For``, which nginx extends with the address it saw (``$proxy_add_x_forwarded_for``).
Anyone can send that header, so it is read only when the request came from a proxy listed in
the deployment setting ``OFFICE_TRUSTED_PROXIES``, and then only as far as trusted hops reach:
walking it right to left, the first address that is not a trusted proxy is the client. Every
reader of the client's address (the clock-in network check and its record, allauth's rate
limits) goes through ``client_ip``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(value: str | None) -> Address | None:
    """An address as a proxy writes it ("10.0.0.5", "::1", "[::1]", "[::1]:443", "10.0.0.5:443"),
    IPv4-mapped IPv6 as the IPv4 address; None for anything else."""
    text = (value or "").strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def parse_proxies(values: Iterable[str]) -> tuple[Network, ...]:
    """CIDRs ("127.0.0.1/32", "10.1.0.0/16") or bare addresses; ValueError for a bad one."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_proxies(proxies)


def trusted_proxies() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "OFFICE_TRUSTED_PROXIES", ())))


def _is_trusted(address: Address, proxies: tuple[Network, ...]) -> bool:
    return any(address in network for network in proxies)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy, in which case the
    nearest untrusted address in X-Forwarded-For.

    The walk stops at a malformed entry and the request is then counted as coming from the
    nearest trusted hop: what lies left of such an entry was never vouched for by a proxy we
    trust (nginx itself always appends a well-formed address).
    """
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    proxies = trusted_proxies()
    if not _is_trusted(remote, proxies):
        return str(remote)
    nearest = remote
    for part in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not part.strip():
            continue
        address = parse_address(part)
        if address is None:
            break
        if not _is_trusted(address, proxies):
            return str(address)
        nearest = address
    return str(nearest)
