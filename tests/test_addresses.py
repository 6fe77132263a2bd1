from __future__ import annotations

import pytest

from topten_crawler.addresses import (
    blocked_among,
    blocked_outside,
    is_blocked_address,
    parse_networks,
)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.0.0.2",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata endpoints
        "0.0.0.0",
        "100.64.0.1",  # carrier-grade NAT
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",  # IPv4 written as IPv6 is judged as IPv4
        "not-an-address",
    ],
)
def test_blocked(address: str) -> None:
    assert is_blocked_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public(address: str) -> None:
    assert not is_blocked_address(address)


def test_any_blocked_address_blocks_the_host() -> None:
    assert blocked_among(["8.8.8.8", "10.0.0.1"]) == ["10.0.0.1"]
    assert blocked_among(["8.8.8.8"]) == []


def test_networks_from_a_setting_string_or_list() -> None:
    from ipaddress import ip_network

    assert parse_networks("127.0.0.2, 10.8.0.0/16 ::1") == (
        ip_network("127.0.0.2/32"),
        ip_network("10.8.0.0/16"),
        ip_network("::1/128"),
    )
    assert parse_networks(["192.168.1.7"]) == (ip_network("192.168.1.7/32"),)
    assert parse_networks("") == () and parse_networks(None) == ()
    with pytest.raises(ValueError, match="not an IP address or network: 'intranet'"):
        parse_networks("127.0.0.2,intranet")


def test_only_the_allowed_non_public_addresses_pass() -> None:
    allowed = parse_networks("127.0.0.2,10.8.0.0/16")
    assert blocked_outside(["127.0.0.2", "10.8.3.4", "93.184.215.14"], allowed) == []
    assert blocked_outside(["127.0.0.3", "10.9.0.1", "::ffff:127.0.0.2"], allowed) == [
        "127.0.0.3",
        "10.9.0.1",
    ]


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("[::1]", "::1"),
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("fe80::", "fe80::"),
    ],
)
def test_a_host_written_as_an_address_in_any_spelling(host: str, address: str) -> None:
    from topten_crawler.addresses import literal_address

    assert str(literal_address(host)) == address


@pytest.mark.parametrize("host", ["news.example", "cafe", "deadbeef.example", "1.2.3.4.5", ""])
def test_a_name_is_no_address(host: str) -> None:
    from topten_crawler.addresses import literal_address

    assert literal_address(host) is None
