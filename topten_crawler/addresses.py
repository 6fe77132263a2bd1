"""Which network addresses a crawl may fetch cited sources from: pure functions.

A cited link can point anywhere, including at the archivist's own network (a router's admin
page, a cloud metadata endpoint at 169.254.169.254). By default, a source whose host resolves
to an address that is not globally routable is not fetched.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

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
