"""The address guard at connect time: the reactor's resolver wrapped, driven without a reactor.

What a connection is given is what :class:`GuardedNameResolver` hands its receiver; the test
receiver below stands for Twisted's ``HostnameEndpoint``, which connects to those addresses and
to nothing else (``tests/test_e2e_failures.py`` shows it on real sockets).
"""

from __future__ import annotations

from ipaddress import ip_network
from typing import Any

import pytest
from twisted.internet.address import IPv4Address, IPv6Address

from topten_crawler.addresses import AddressPolicy, exempt_endpoints
from topten_crawler.downloadhandlers.address_guard import GuardedNameResolver


class ScriptedResolver:
    """A resolver whose answers a test writes; each name answers its list in turn (the last
    one ever after), so that a name can rebind between two look-ups."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def resolveHostName(self, receiver: Any, name: str, port: int = 0, *_: Any) -> Any:
        self.asked.append(name)
        turns = self.answers.get(name, [[]])
        answer = turns.pop(0) if len(turns) > 1 else turns[0]
        receiver.resolutionBegan(object())
        for host in answer:
            kind = IPv6Address if ":" in host else IPv4Address
            receiver.addressResolved(kind("TCP", host, port))
        receiver.resolutionComplete()
        return None


class Endpoint:
    """What a HostnameEndpoint receives: the addresses it would connect to."""

    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.complete = False

    def resolutionBegan(self, resolution: object) -> None:
        pass

    def addressResolved(self, address: Any) -> None:
        self.addresses.append(address.host)

    def resolutionComplete(self) -> None:
        self.complete = True


def connect(guard: GuardedNameResolver, host: str, port: int = 80) -> list[str]:
    endpoint = Endpoint()
    guard.resolveHostName(endpoint, host, port)
    assert endpoint.complete
    return endpoint.addresses


# "Public" in these tests: what the policy's allow list names (the tests run on loopback).
PUBLIC = "127.0.0.2"


def guard(answers: dict[str, list[list[str]]], **policy: Any) -> GuardedNameResolver:
    wrapped = GuardedNameResolver(ScriptedResolver(answers))
    policy.setdefault("allowed", (ip_network(PUBLIC),))
    wrapped.policy = AddressPolicy(**policy)
    return wrapped


def test_a_public_host_gets_all_its_addresses() -> None:
    resolver = guard({"news.test": [[PUBLIC]], "dual.test": [["93.184.215.14", "2606:4700::1"]]})
    assert connect(resolver, "news.test") == [PUBLIC]
    assert connect(resolver, "dual.test") == ["93.184.215.14", "2606:4700::1"]
    assert resolver.refusal("news.test") is None


def test_a_name_that_rebinds_is_refused_on_the_answer_the_connection_uses() -> None:
    resolver = guard({"rebind.test": [[PUBLIC], ["127.0.0.3"], [PUBLIC]]})
    assert connect(resolver, "rebind.test") == [PUBLIC]
    assert connect(resolver, "rebind.test") == []  # the connection gets nothing to connect to
    assert resolver.refusal("rebind.test") == "127.0.0.3"
    assert resolver.refusal("REBIND.test") == "127.0.0.3"
    assert connect(resolver, "rebind.test") == [PUBLIC]
    assert resolver.refusal("rebind.test") is None  # a later answer that passes forgets it


def test_one_private_address_among_several_refuses_the_host() -> None:
    resolver = guard({"mixed.test": [["93.184.215.14", "192.168.0.9"]]})
    assert connect(resolver, "mixed.test") == []
    assert resolver.refusal("mixed.test") == "192.168.0.9"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("::1", "::1"),
        ("[::1]", "::1"),
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("fe80::", "fe80::"),
        ("fe80::1%eth0", "fe80::1"),
        ("2130706433", "127.0.0.1"),  # decimal
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("0x7f.1", "127.0.0.1"),  # hex, two parts
        ("127.1", "127.0.0.1"),
        ("169.254.169.254", "169.254.169.254"),
        ("0.0.0.0", "0.0.0.0"),
    ],
)
def test_a_host_written_as_a_blocked_address_is_refused_before_any_look_up(
    host: str, address: str
) -> None:
    resolver = guard({})
    assert connect(resolver, host) == []
    refused = resolver.refusal(host)
    assert refused is not None and refused.split("%")[0] == address
    assert resolver.inner.asked == []


def test_an_unresolvable_name_is_no_refusal() -> None:
    resolver = guard({"gone.test": [[]]})
    assert connect(resolver, "gone.test") == []
    assert resolver.refusal("gone.test") is None  # a DNS failure stays a DNS failure


def test_the_digest_site_is_exempt_on_its_own_port_only() -> None:
    exempt = exempt_endpoints(["http://127.0.0.1:8000/", "https://www.digest.test/"])
    resolver = guard(
        {"digest.test": [["10.0.0.5"]], "www.digest.test": [["10.0.0.5"]]}, exempt=exempt
    )
    assert connect(resolver, "127.0.0.1", 8000) == []  # the inner resolver answers no literal
    assert resolver.refusal("127.0.0.1") is None
    assert connect(resolver, "127.0.0.1", 8001) == []
    assert resolver.refusal("127.0.0.1") == "127.0.0.1"
    assert connect(resolver, "www.digest.test", 443) == ["10.0.0.5"]
    assert connect(resolver, "digest.test", 80) == ["10.0.0.5"]
    assert connect(resolver, "digest.test", 8080) == []


def test_the_switch_lifts_the_rule_and_no_policy_refuses_nothing() -> None:
    resolver = guard({"intranet.test": [["10.0.0.7"]]}, allow_private=True)
    assert connect(resolver, "intranet.test") == ["10.0.0.7"]
    unset = GuardedNameResolver(ScriptedResolver({"intranet.test": [["10.0.0.7"]]}))
    assert connect(unset, "intranet.test") == ["10.0.0.7"]


def test_networks_on_the_allow_list_pass_and_no_others() -> None:
    resolver = guard(
        {"intranet.test": [["10.0.0.7"]], "other.test": [["10.0.1.7"]]},
        allowed=(ip_network("10.0.0.0/29"),),
    )
    assert connect(resolver, "intranet.test") == ["10.0.0.7"]
    assert connect(resolver, "other.test") == []


def test_installed_once_on_a_reactor() -> None:
    class Reactor:
        def __init__(self) -> None:
            self.nameResolver: Any = ScriptedResolver({})

        def installNameResolver(self, resolver: Any) -> None:
            self.nameResolver = resolver

    reactor = Reactor()
    inner = reactor.nameResolver
    first = GuardedNameResolver.install(reactor)
    assert reactor.nameResolver is first and first.inner is inner
    assert GuardedNameResolver.install(reactor) is first


def test_behind_a_proxy_the_proxy_passes_and_the_host_is_checked_before_asking() -> None:
    resolver = guard({"intranet.test": [["10.0.0.7"]], "news.test": [["93.184.215.14"]]})
    resolver.exempt_proxy("http://127.0.0.1:3128")
    resolver.exempt_proxy("127.0.0.1:3128")  # as HttpProxyMiddleware may leave it: once
    assert resolver.policy is not None
    assert resolver.policy.exempt == {("127.0.0.1", 3128)}
    outcomes: list[str | None] = []
    resolver.check("intranet.test", 80).addCallback(outcomes.append)
    resolver.check("news.test", 443).addCallback(outcomes.append)
    assert outcomes == ["10.0.0.7", None]
