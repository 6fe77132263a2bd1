"""The address guard where connections are made: the reactor's name resolver, wrapped.

Every TCP connection of the crawl's HTTP client is made by a Twisted ``HostnameEndpoint``,
which asks the reactor's name resolver for the host's addresses and connects to what it is
given, nothing else. :class:`GuardedNameResolver` sits in front of whichever resolver the
reactor has (Scrapy's caching one, or a test's) and hands an endpoint no address at all when
the answer holds one that :class:`~topten_crawler.addresses.AddressPolicy` refuses: the
connection is never opened, so nothing of the exchange exists to be archived. The check is
made on the very answer the connection uses, so a name that answers differently each time
(DNS rebinding) cannot pass it once and connect elsewhere the next; a retried connection goes
through it again. A host written as an address (``[::1]``, ``2130706433``, ``0177.0.0.1``) is
judged as that address before any look-up.

An endpoint given no address fails with a DNS error; the download handler asks
:meth:`GuardedNameResolver.refusal` whether the guard caused it, and raises
:class:`BlockedAddressError` instead. A request sent through a proxy is the one exception to
"at connect time": the proxy connects, not the crawler, so the guard lets the proxy through
and checks the host's answer here before the request goes (:meth:`~GuardedNameResolver.check`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from twisted.internet.defer import Deferred
from twisted.internet.interfaces import (
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer

from topten_crawler.addresses import AddressPolicy, literal_address, site_endpoint
from topten_crawler.reasons import Reason

if TYPE_CHECKING:
    from collections.abc import Sequence

    from twisted.internet.interfaces import IAddress

# Twisted's interfaces are zope interfaces, which mypy reads as classes with unbound methods:
# the resolvers and receivers handed around here are typed loosely for that reason.
Resolver = Any
Receiver = Any


class BlockedAddressError(IgnoreRequest):
    """The request's host is on an address that this crawl does not connect to."""

    reason = Reason.BLOCKED_ADDRESS


class UnresolvableHostError(IgnoreRequest):
    """The host is under a name reserved never to resolve (RFC 6761's ``.invalid``)."""

    reason = Reason.DNS


# Names that no resolver may answer (RFC 6761): asking would only add a failed look-up, a
# retry and a robots.txt error to the log. Pages use them for links that must go nowhere.
UNRESOLVABLE_SUFFIXES = (".invalid", ".invalid.")


def host_key(host: str) -> str:
    """A host as the resolver and the download handler both name it."""
    return host.strip("[]").lower()


@implementer(IHostResolution)
class _Refused:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        """Nothing to cancel: the resolution ended before it began."""


@implementer(IHostnameResolver)
class GuardedNameResolver:
    """The reactor's name resolver behind the crawl's :class:`AddressPolicy`.

    ``policy`` is None until a crawl sets it: nothing is refused before. One process runs one
    crawl, so one policy holds for every connection of the process. Stats are the download
    handler's; this object only remembers, per host, the address its last answer was refused
    for (a later answer that passes forgets it).
    """

    def __init__(self, inner: Resolver) -> None:
        self.inner = inner
        self.policy: AddressPolicy | None = None
        self._refused: dict[str, str] = {}

    @classmethod
    def install(cls, reactor: object) -> GuardedNameResolver:
        """Wrap the reactor's resolver, once; the guard already there is returned as it is."""
        current = reactor.nameResolver  # type: ignore[attr-defined]
        if isinstance(current, cls):
            return current
        guard = cls(current)
        reactor.installNameResolver(guard)  # type: ignore[attr-defined]
        return guard

    def refusal(self, host: str) -> str | None:
        """The address that the last answer for ``host`` was refused for, if it was."""
        return self._refused.get(host_key(host))

    def check(self, host: str, port: int) -> Deferred[str | None]:
        """Ask for ``host`` as a connection would, and fire with the refused address or None."""
        checked: Deferred[str | None] = Deferred()
        self.resolveHostName(_Outcome(lambda: checked.callback(self.refusal(host))), host, port)
        return checked

    def exempt_proxy(self, proxy_url: str) -> None:
        """Let the crawl connect to the proxy its requests name (``meta["proxy"]``)."""
        if self.policy is None:
            return
        parts = urlsplit(proxy_url if "://" in proxy_url else f"http://{proxy_url}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        endpoint = site_endpoint(parts.hostname or "", port)
        if endpoint not in self.policy.exempt:
            exempt = self.policy.exempt | {endpoint}
            self.policy = dataclasses.replace(self.policy, exempt=exempt)

    def resolveHostName(
        self,
        resolutionReceiver: Receiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        policy = self.policy
        if policy is None or not policy.checks(hostName, portNumber):
            return self.inner.resolveHostName(
                resolutionReceiver, hostName, portNumber, addressTypes, transportSemantics
            )
        literal = literal_address(hostName)
        if literal is not None:
            refused = policy.refused([str(literal)])
            if refused is not None:
                self._refuse(hostName, refused)
                resolution = _Refused(hostName)
                resolutionReceiver.resolutionBegan(resolution)
                resolutionReceiver.resolutionComplete()
                return resolution
        checked = _CheckedReceiver(resolutionReceiver, hostName, policy, self)
        return self.inner.resolveHostName(
            checked, hostName, portNumber, addressTypes, transportSemantics
        )

    def _refuse(self, host: str, address: str) -> None:
        self._refused[host_key(host)] = address

    def _passed(self, host: str) -> None:
        self._refused.pop(host_key(host), None)


@implementer(IResolutionReceiver)
class _Outcome:
    """A receiver that only wants to know when the answer is complete."""

    def __init__(self, complete: Any) -> None:
        self.resolutionComplete = complete

    def resolutionBegan(self, resolutionInProgress: object) -> None:
        pass

    def addressResolved(self, address: object) -> None:
        pass


@implementer(IResolutionReceiver)
class _CheckedReceiver:
    """Holds the addresses of one answer back until the answer is complete, then hands on
    all of them, or none when one is refused."""

    def __init__(
        self,
        receiver: Receiver,
        host: str,
        policy: AddressPolicy,
        guard: GuardedNameResolver,
    ) -> None:
        self.receiver = receiver
        self.host = host
        self.policy = policy
        self.guard = guard
        self.addresses: list[IAddress] = []

    def resolutionBegan(self, resolutionInProgress: object) -> None:
        self.receiver.resolutionBegan(resolutionInProgress)

    def addressResolved(self, address: IAddress) -> None:
        self.addresses.append(address)

    def resolutionComplete(self) -> None:
        hosts = [str(getattr(address, "host", "")) for address in self.addresses]
        refused = self.policy.refused(hosts)
        if refused is not None:
            self.guard._refuse(self.host, refused)
        else:
            self.guard._passed(self.host)
            for address in self.addresses:
                self.receiver.addressResolved(address)
        self.receiver.resolutionComplete()
