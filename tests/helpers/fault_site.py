"""A small digest site whose pages and cited sources fail in known ways, on loopback.

Three listeners, each a :class:`FaultServer` writing raw bytes (so that a body can be cut, a
header made 100 KB long, a gzip stream broken), on one port number:

- the digest site on 127.0.0.1: a home page linking six posts, of which one cites every
  faulty source and the others fail themselves (a redirect loop, a 30-hop chain, a binary
  file, an empty answer);
- the "public" outlet on 127.0.0.2, which the crawl is told to allow
  (``TOPTEN_ALLOWED_ADDRESSES``): sources that answer, redirect or break;
- a trap on 127.0.0.3 and a second trap on 127.0.0.1's trap port: addresses the crawl must
  never connect to. Each counts the connections it accepts; a test asserts none came.

``rebind.test`` resolves (through :class:`RebindingResolver`, the crawl's
``TWISTED_DNS_RESOLVER``) to the outlet on its first look-up and to the trap after: DNS
rebinding. :data:`EXPECTED_SOURCES` says which reason code each cited URL must end with.
"""

from __future__ import annotations

import gzip
import os
import socket
import socketserver
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer

from tests.helpers.archive_server import in_thread

REPO_ROOT = Path(__file__).resolve().parents[2]
SITE, OUTLET, TRAP = "127.0.0.1", "127.0.0.2", "127.0.0.3"
REBINDING_NAME = "rebind.test"
MAX_SOURCE_SIZE = 1_000_000  # TOPTEN_SOURCE_MAX_SIZE of the crawl


def _html(title: str, body: str, body_class: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body class='{body_class}'><h1>{title}</h1>{body}</body></html>"
    ).encode()


def _answer(
    status: str,
    headers: list[tuple[str, str]],
    body: bytes = b"",
    *,
    length: int | None = None,
    chunked: bool = False,
) -> bytes:
    head = [f"HTTP/1.1 {status}", *(f"{name}: {value}" for name, value in headers)]
    head.append("Connection: close")
    if chunked:
        head.append("Transfer-Encoding: chunked")
        size = 64 * 1024
        body = (
            b"".join(
                b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
                for i in range(0, len(body), size)
            )
            + b"0\r\n\r\n"
        )
    else:
        head.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def _redirect(location: str, status: str = "302 Found") -> bytes:
    return _answer(status, [("Location", location)])


HTML = [("Content-Type", "text/html; charset=utf-8")]


@dataclass(frozen=True)
class Expected:
    url: str
    reason: str | None  # None: fetched


class FaultSite:
    """The three servers' routes, built for one port number."""

    def __init__(self, port: int, site_trap_port: int) -> None:
        self.port = port
        self.site_trap_port = site_trap_port
        self.site = f"http://{SITE}:{port}"
        self.outlet = f"http://{OUTLET}:{port}"
        self.trap = f"http://{TRAP}:{port}"

    # --- what the posts cite, and what must become of each --------------------------------
    def expected_sources(self) -> list[Expected]:
        # The spellings of 127.0.0.1 point at its trap port, not at the digest site's.
        o, port, trap_port = self.outlet, self.port, self.site_trap_port
        return [
            Expected(f"{o}/fine", None),
            Expected(f"{o}/redirect-to-javascript", "bad_redirect"),
            Expected(f"{o}/redirect-to-file", "bad_redirect"),
            Expected(f"{o}/redirect-to-data", "bad_redirect"),
            Expected(f"{o}/redirect-to-bad-port", "bad_redirect"),
            Expected(f"{o}/redirect-without-location", "bad_redirect"),
            Expected(f"{o}/loop-a", "too_many_redirects"),
            Expected(f"{o}/chain/0", "too_many_redirects"),
            Expected(f"{o}/shorter-than-length", "truncated"),
            Expected(f"{o}/cut-gzip", "truncated"),
            Expected(f"{o}/gzip-bomb", "too_large"),
            Expected(f"{o}/chunked-over-limit", "too_large"),
            Expected(f"{o}/huge-cookie", "headers_too_large"),
            Expected(f"{o}/redirect-to-private", "blocked_address"),
            Expected(f"http://{OUTLET}:99999/port-out-of-range", "invalid_url"),
            Expected(f"http://{OUTLET}:P:P/port-not-a-number", "invalid_url"),
            # Cited with a space in the host; recorded with it escaped, one token.
            Expected("http://bad%20host.example/space-in-host", "invalid_url"),
            Expected(f"http://2130706433:{trap_port}/decimal", "blocked_address"),
            Expected(f"http://0177.0.0.1:{trap_port}/octal", "blocked_address"),
            Expected(f"http://[::1]:{trap_port}/ipv6-loopback", "blocked_address"),
            Expected(f"http://[::ffff:127.0.0.1]:{trap_port}/ipv4-mapped", "blocked_address"),
            Expected(f"http://[fe80::1]:{trap_port}/link-local", "blocked_address"),
            Expected(f"{self.trap}/private", "blocked_address"),
            Expected(f"http://{REBINDING_NAME}:{port}/rebound-1", "blocked_address"),
            Expected(f"http://{REBINDING_NAME}:{port}/rebound-2", "blocked_address"),
        ]

    # Posts of the site that fail, each under its own URL: (path, reason).
    FAILING_POSTS = (
        ("/post-redirect-loop/", "too_many_redirects"),
        ("/post-long-chain/", "too_many_redirects"),
        ("/post-binary/", "not_html"),
        ("/post-empty/", "empty"),
    )

    def site_routes(self) -> dict[str, bytes]:
        links = "".join(
            f"<a href='{path}'>{path}</a> "
            for path in ("/post-citing/", *(path for path, _ in self.FAILING_POSTS))
        )
        # A link of the site with a port out of range: listed as invalid_url, and the links
        # after it are still followed.
        links = f"<a href='http://{SITE}:99999/post-nowhere/'>bad</a> " + links
        hrefs = [source.url.replace("%20", " ") for source in self.expected_sources()]
        citations = "".join(
            f"<p>It says so in <a href='{href}'>a report</a>.</p>" for href in hrefs
        )
        routes = {
            "/": _answer("200 OK", HTML, _html("Home", links, "home")),
            "/robots.txt": _answer("404 Not Found", HTML, b"none"),
            "/post-citing/": _answer(
                "200 OK",
                HTML,
                _html(
                    "A post citing broken sources",
                    f"<div class='entry-content'><p>First paragraph.</p>{citations}</div>",
                    "single-post",
                ),
            ),
            "/post-redirect-loop/": _redirect("/post-redirect-loop-b/"),
            "/post-redirect-loop-b/": _redirect("/post-redirect-loop/"),
            "/post-long-chain/": _redirect("/post-hop/1/"),
            "/post-binary/": _answer(
                "200 OK", [("Content-Type", "application/octet-stream")], bytes(range(256)) * 8
            ),
            "/post-empty/": _answer("200 OK", HTML, b""),
        }
        for hop in range(1, 31):
            routes[f"/post-hop/{hop}/"] = _redirect(f"/post-hop/{hop + 1}/")
        return routes

    def outlet_routes(self) -> dict[str, bytes]:
        article = _html("A fine article", "<article><p>" + "Words. " * 60 + "</p></article>", "")
        cut_gzip = gzip.compress(b"<html><body>" + b"Lost words. " * 4000 + b"</body></html>")
        routes = {
            "/robots.txt": _answer("404 Not Found", HTML, b"none"),
            "/fine": _answer("200 OK", HTML, article),
            "/redirect-to-javascript": _redirect("javascript:alert(1)"),
            "/redirect-to-file": _redirect("file:///etc/passwd"),
            "/redirect-to-data": _redirect("data:text/html,hello"),
            "/redirect-to-bad-port": _redirect(f"http://{OUTLET}:99999/"),
            "/redirect-without-location": _answer("302 Found", HTML, b"moved"),
            "/loop-a": _redirect("/loop-b", "301 Moved Permanently"),
            "/loop-b": _redirect("/loop-a", "301 Moved Permanently"),
            "/shorter-than-length": _answer("200 OK", HTML, article[:100], length=len(article)),
            "/cut-gzip": _answer(
                "200 OK", [*HTML, ("Content-Encoding", "gzip")], cut_gzip[: len(cut_gzip) // 2]
            ),
            "/gzip-bomb": _answer(
                "200 OK",
                [*HTML, ("Content-Encoding", "gzip")],
                gzip.compress(b" " * (40 * MAX_SOURCE_SIZE)),
            ),
            "/chunked-over-limit": _answer(
                "200 OK", HTML, b"x" * (3 * MAX_SOURCE_SIZE), chunked=True
            ),
            "/huge-cookie": _answer(
                "200 OK", [*HTML, ("Set-Cookie", "session=" + "c" * 100_000)], article
            ),
            "/redirect-to-private": _redirect(f"{self.trap}/private"),
            "/rebound-1": _answer("200 OK", HTML, article),
            "/rebound-2": _answer("200 OK", HTML, article),
        }
        for hop in range(30):
            routes[f"/chain/{hop}"] = _redirect(f"/chain/{hop + 1}")
        return routes

    def trap_routes(self) -> dict[str, bytes]:
        secret = _answer("200 OK", HTML, _html("Secret", "<p>internal</p>", ""))
        paths = ("/private", "/rebound-1", "/rebound-2", "/decimal", "/octal", "/ipv4-mapped")
        return dict.fromkeys(paths, secret)


class FaultServer(socketserver.ThreadingTCPServer):
    """Answers each request with the bytes of its path's route, then closes the connection;
    counts the connections it accepted."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], routes: dict[str, bytes]) -> None:
        self.routes = routes
        self.connections = 0
        self.paths: list[str] = []
        super().__init__(address, _Handler)


class _Handler(socketserver.StreamRequestHandler):
    server: FaultServer

    def handle(self) -> None:
        self.server.connections += 1
        line = self.rfile.readline(65536).decode("latin-1")
        while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
            pass
        parts = line.split()
        path = parts[1] if len(parts) > 1 else "/"
        self.server.paths.append(path)
        answer = self.server.routes.get(path, _answer("404 Not Found", HTML, b"not here"))
        try:
            self.wfile.write(answer)
            self.wfile.flush()
        except OSError:
            pass  # the client gave up (a body over its size limit)


def serving(host: str, port: int, routes: dict[str, bytes]) -> AbstractContextManager[FaultServer]:
    return in_thread(FaultServer((host, port), routes))


def free_port() -> int:
    """A port free on all three loopback addresses (tried until one is)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((SITE, 0))
            port: int = probe.getsockname()[1]
        if all(_bindable(host, port) for host in (OUTLET, TRAP)):
            return port
    raise RuntimeError("no port free on 127.0.0.1-3")


def _bindable(host: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@dataclass
class RunningSite:
    site: FaultSite
    servers: dict[str, FaultServer]

    def trap_connections(self) -> int:
        return self.servers["trap"].connections + self.servers["site-trap"].connections


@contextmanager
def fault_site() -> Iterator[RunningSite]:
    """The site, the outlet and the traps, serving until the block ends."""
    port = free_port()
    # The trap on 127.0.0.1 listens where the decimal, octal and IPv6-mapped spellings of
    # 127.0.0.1 point: a connection would be served a page, and counted.
    trap_port = next(p for p in range(port + 1, port + 50) if _bindable(SITE, p))
    site = FaultSite(port, trap_port)
    with (
        serving(SITE, port, site.site_routes()) as site_server,
        serving(OUTLET, port, site.outlet_routes()) as outlet,
        serving(TRAP, port, site.trap_routes()) as trap,
        serving(SITE, trap_port, site.trap_routes()) as site_trap,
    ):
        yield RunningSite(
            site, {"site": site_server, "outlet": outlet, "trap": trap, "site-trap": site_trap}
        )


class RebindingResolver(CachingThreadedResolver):
    """Scrapy's resolver, except that :data:`REBINDING_NAME` answers the outlet's address
    once and the trap's ever after (a name whose owner rebinds it between two look-ups)."""

    lookups = 0

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:
        if name != REBINDING_NAME:
            return super().getHostByName(name, timeout)
        RebindingResolver.lookups += 1
        return defer.succeed(OUTLET if RebindingResolver.lookups == 1 else TRAP)


def crawl_environment() -> dict[str, str]:
    """The environment of a crawl that loads :class:`RebindingResolver` from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    return env
