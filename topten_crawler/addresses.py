"""Which network addresses a crawl may fetch cited sources from: pure functions.

A cited link can point anywhere, including at the archivist's own network (a router's admin
page, a cloud metadata endpoint at 169.254.169.254). By default, a source whose host resolves
to an address that is not globally routable is not fetched. :class:`AddressPolicy` says what
one crawl may connect to; ``downloadhandlers/address_guard.py`` applies it where connections
are made.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(value: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None
    # An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_blocked_address(value: str | IPAddress) -> bool:
    """True for private, loopback, link-local, reserved, multicast or unspecified addresses."""
    address = parse_address(str(value))
    if address is None:
        return True  # not an address at all: never trust it
    return (
        not address.is_global
        or address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def blocked_among(addresses: Iterable[str]) -> list[str]:
    """The blocked addresses among those a host resolves to (any one blocks the host)."""
    return [a for a in addresses if is_blocked_address(a)]


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str | Iterable[str] | None) -> tuple[IPNetwork, ...]:
    """Addresses and networks (``127.0.0.2``, ``10.8.0.0/16``, ``::1``) from a setting.

    A setting given on the command line is one string, with commas or spaces between items.
    Raises ``ValueError`` naming the item that is neither.
    """
    if not value:
        return ()
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or network: {item!r}") from None
    return tuple(networks)


def blocked_outside(addresses: Iterable[str], allowed: Iterable[IPNetwork]) -> list[str]:
    """The blocked addresses among ``addresses`` that no network of ``allowed`` contains."""
    allowed = tuple(allowed)
    blocked = []
    for value in blocked_among(addresses):
        address = parse_address(value)
        if address is None or not any(address in network for network in allowed):
            blocked.append(value)
    return blocked


def literal_address(host: str) -> IPAddress | None:
    """The address a URL's host names literally, in any spelling a resolver accepts.

    ``[::1]``, ``::ffff:127.0.0.1`` and ``fe80::1%eth0`` as IPv6, and IPv4 as the C library
    reads it: dotted quads, but also one decimal number (``2130706433``), octal parts
    (``0177.0.0.1``) and hex parts (``0x7f.1``), which the connection would reach all the same.
    None for a name.
    """
    host = host.strip("[]")
    address = parse_address(host)
    if address is not None or not host or not all(c in "0123456789abcdefxABCDEFX." for c in host):
        return address
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def site_endpoint(host: str, port: int) -> tuple[str, int]:
    """A host and port as the exemption of the digest site compares them (case, ``www.``)."""
    host = host.strip("[]").lower().rstrip(".")
    return (host[4:] if host.startswith("www.") else host), port


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses one crawl may connect to.

    Everything outside ``allowed`` that :func:`is_blocked_address` names is refused, unless
    ``allow_private`` lifts the rule or the connection goes to one of the ``exempt`` endpoints
    (the digest site's hosts and ports, see :func:`site_endpoint`).
    """

    allow_private: bool = False
    allowed: tuple[IPNetwork, ...] = ()
    exempt: frozenset[tuple[str, int]] = frozenset()

    def checks(self, host: str, port: int) -> bool:
        """Must a connection to ``host:port`` be checked at all?"""
        return not self.allow_private and site_endpoint(host, port) not in self.exempt

    def refused(self, addresses: Iterable[str]) -> str | None:
        """The first address of a host's answer that blocks it (one is enough), or None."""
        blocked = blocked_outside(addresses, self.allowed)
        return blocked[0] if blocked else None


def exempt_endpoints(seeds: Iterable[str]) -> frozenset[tuple[str, int]]:
    """The endpoints of the digest sites of ``seeds``: their host on the seed's port, or on
    both 80 and 443 when the seed names none (a site moves between http and https)."""
    endpoints: set[tuple[str, int]] = set()
    for seed in seeds:
        parts = urlsplit(seed)
        ports = (parts.port,) if parts.port else (80, 443)
        endpoints.update(site_endpoint(parts.hostname or "", port) for port in ports)
    return frozenset(endpoints)
