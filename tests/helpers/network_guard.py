"""The test suite's network fence: no connection outside loopback, in pytest and in its children.

:func:`install` patches ``socket.socket.connect``, ``connect_ex`` and ``sendto`` and
``socket.create_connection``: a connection to an address that is not loopback (127.0.0.0/8,
``::1``) or a Unix socket raises :class:`NetworkGuardError`, which names the address, prints
it to stderr and appends it to the file named by ``$TOPTEN_TEST_NETWORK_GUARD_LOG``, so that
the test that caused it fails even when the code under test swallows the error (a crawler
retries and logs a failed connection, it does not stop). Name look-ups are not fenced: the C
resolver does not go through Python sockets, a ``.invalid`` name fails by itself, and
loopback names must resolve.

Child Python processes (the crawls run as ``python -m topten_crawler ...``) get the same guard
through ``network_guard_site/sitecustomize.py``: ``tests/conftest.py`` puts that folder first on
``$PYTHONPATH`` and sets ``$TOPTEN_TEST_LOOPBACK_ONLY=1``, and every Python started with that
environment imports it at start-up.

Standard library only, and nothing of the project: children that are not the crawler (any
Python that inherits the environment) load it too.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

FLAG_ENV = "TOPTEN_TEST_LOOPBACK_ONLY"
LOG_ENV = "TOPTEN_TEST_NETWORK_GUARD_LOG"
SITE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "network_guard_site")
ALLOWED = "127.0.0.0/8, ::1 and Unix sockets"

_lock = threading.Lock()
_originals: dict[str, Callable[..., Any]] = {}


class NetworkGuardError(PermissionError):
    """A connection outside loopback. A ``PermissionError`` (EACCES), so that networking code
    (Twisted, asyncio, urllib) fails the connection at once instead of hanging; the guard's
    log makes the test fail all the same."""


def is_loopback_host(host: str) -> bool | None:
    """True or False for an IP address; None for a name (resolved by the caller)."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def is_allowed(family: int, address: object) -> bool:
    """May a socket of ``family`` connect (or send) to ``address``?"""
    if family not in (socket.AF_INET, socket.AF_INET6):
        return True  # Unix sockets, netlink...: never the internet
    if not isinstance(address, tuple) or not address or not isinstance(address[0], str):
        return False
    host, port = address[0], address[1] if len(address) > 1 else 0
    loopback = is_loopback_host(host)
    if loopback is not None:
        return loopback
    try:
        infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    except OSError:
        return True  # does not resolve (a .invalid name): the connection fails by itself
    return all(is_loopback_host(str(info[4][0])) for info in infos)


def describe(address: object) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        host = str(address[0])
        return f"[{host}]:{address[1]}" if ":" in host else f"{host}:{address[1]}"
    return repr(address)


def refuse(address: object, how: str) -> NetworkGuardError:
    """Record a refused connection and return the error to raise."""
    message = (
        f"network guard: {how} to {describe(address)} refused: the tests may only connect to "
        f"{ALLOWED} (pid {os.getpid()}: {' '.join(sys.argv) or sys.executable})"
    )
    with _lock:
        try:
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        log = os.environ.get(LOG_ENV)
        if log:
            with open(log, "a", encoding="utf-8") as stream:
                stream.write(message + "\n")
    return NetworkGuardError(errno.EACCES, message)


def _connect(self: socket.socket, address: Any) -> None:
    if not is_allowed(self.family, address):
        raise refuse(address, "connect")
    _originals["connect"](self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    if not is_allowed(self.family, address):
        raise refuse(address, "connect_ex")
    result: int = _originals["connect_ex"](self, address)
    return result


def _sendto(self: socket.socket, data: Any, *args: Any) -> int:
    address = args[-1] if args else None
    if address is not None and not is_allowed(self.family, address):
        raise refuse(address, "sendto")
    result: int = _originals["sendto"](self, data, *args)
    return result


def _create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    family = socket.AF_INET6 if ":" in str(address[0]) else socket.AF_INET
    if not is_allowed(family, address):
        raise refuse(address, "create_connection")
    sock: socket.socket = _originals["create_connection"](address, *args, **kwargs)
    return sock


def install() -> None:
    """Fence this process (idempotent)."""
    with _lock:
        if _originals:
            return
        for name, replacement in (
            ("connect", _connect),
            ("connect_ex", _connect_ex),
            ("sendto", _sendto),
        ):
            _originals[name] = getattr(socket.socket, name)
            setattr(socket.socket, name, replacement)
        _originals["create_connection"] = socket.create_connection
        socket.create_connection = _create_connection


def uninstall() -> None:
    with _lock:
        if not _originals:
            return
        for name in ("connect", "connect_ex", "sendto"):
            setattr(socket.socket, name, _originals.pop(name))
        socket.create_connection = _originals.pop("create_connection")


def installed() -> bool:
    return bool(_originals)


def child_environment(environ: dict[str, str], log: str) -> dict[str, str]:
    """``environ`` with what makes a child Python guard itself, logging to ``log``."""
    paths = [p for p in environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != SITE_DIR]
    return {
        **environ,
        "PYTHONPATH": os.pathsep.join([SITE_DIR, *paths]),
        FLAG_ENV: "1",
        LOG_ENV: log,
    }
