"""Serve the replica site and its source hosts on loopback addresses.

The digest site answers like WordPress behind nginx: HTML gzip-compressed and chunked when the
client accepts gzip, repeated ``Link`` and ``Set-Cookie`` headers, keep-alive connections. Each
source host runs its own server on another loopback address, on the same port number as the site
when that port is free there.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Protocol, cast
from urllib.parse import urlsplit

from topten_crawler.replica.articles import (
    ExpectedSource,
    SourceDoc,
    build_source_docs,
    expected_source,
)
from topten_crawler.replica.builder import build_content
from topten_crawler.replica.content import (
    DEFUNCT_OUTLET,
    ExpectedPost,
    LinkResolver,
    SiteContent,
)
from topten_crawler.replica.render_base import PageWeight
from topten_crawler.replica.reply import Reply
from topten_crawler.replica.site import DigestSite
from topten_crawler.replica.sources import DEFAULT_SLOW_SECONDS, SourceSite, build_source_sites
from topten_crawler.replica.theme import page_requisites

# One address per live outlet of content.OUTLETS (outlet i on host i modulo their number).
DEFAULT_SOURCE_HOSTS = (
    "127.0.0.2",
    "127.0.0.3",
    "127.0.0.4",
    "127.0.0.5",
    "127.0.0.6",
    "127.0.0.7",
    "127.0.0.8",
)
# The defunct outlet's address: a port there is bound but never listens, so connections are
# refused.
DEFAULT_DEFUNCT_HOST = "127.0.0.9"
CHUNK_SIZE = 4096


class App(Protocol):
    def handle(self, target: str) -> Reply: ...


def check_loopback(host: str) -> str:
    """The host as an IP literal; ValueError unless it is a loopback address."""
    literal = "127.0.0.1" if host == "localhost" else host
    try:
        address = ipaddress.ip_address(literal.strip("[]"))
    except ValueError:
        raise ValueError(f"replica hosts must be loopback IP addresses, not {host!r}") from None
    if not address.is_loopback:
        # The replica is test material: it must never be reachable from another machine.
        raise ValueError(f"refusing to serve on non-loopback address {host!r}")
    return str(address)


def accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and float(q[2:] or 0) == 0)
    return False


class _AppServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], *, latency: float, verbose: bool) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.app: App | None = None
        self.latency = latency
        self.verbose = verbose
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    # Open connections are tracked so that stop() can end idle keep-alive connections at once
    # instead of leaving their threads blocked on a read.
    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up mid-response is normal for a crawler being stopped.
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError) and not self.verbose:
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 30

    def version_string(self) -> str:
        return "nginx"

    def log_message(self, format: str, *args: Any) -> None:
        if cast(_AppServer, self.server).verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _refuse(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse

    def _respond(self, head: bool) -> None:
        server = cast(_AppServer, self.server)
        if server.latency > 0:
            time.sleep(server.latency)
        assert server.app is not None
        try:
            reply = server.app.handle(self.path)
        except Exception:
            server.handle_error(self.request, self.client_address)
            reply = Reply(500, "text/plain; charset=utf-8", b"Internal Server Error")
        use_gzip = reply.compressible and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.compressible:
            self.send_header("Vary", "Accept-Encoding")
        if use_gzip and reply.chunked and self.request_version != "HTTP/1.0":
            data = reply.gzipped
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if not head:
                # One write per chunk, so the body really travels chunked on the wire.
                for start in range(0, len(data), CHUNK_SIZE):
                    piece = data[start : start + CHUNK_SIZE]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            return
        body = reply.gzipped if use_gzip else reply.body
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


class ReplicaServer:
    """The digest site on ``host:port`` plus one server per source host, all on loopback.

    Use as a context manager or call :meth:`start` and :meth:`stop`. ``port=0`` picks a free port.
    ``latency`` seconds are slept before each answer, to mimic a remote server. The slow source
    outlet answers after ``slow_seconds`` (set a crawler's download timeout below it).
    """

    def __init__(
        self,
        content: SiteContent | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        source_hosts: Sequence[str] = DEFAULT_SOURCE_HOSTS,
        latency: float = 0.0,
        page_weight: PageWeight = "full",
        verbose: bool = False,
        slow_seconds: float = DEFAULT_SLOW_SECONDS,
        defunct_host: str = DEFAULT_DEFUNCT_HOST,
    ) -> None:
        self.host = check_loopback(host)
        if not source_hosts:
            raise ValueError("at least one source host is needed")
        self.source_hosts = [check_loopback(h) for h in source_hosts]
        if page_weight not in ("full", "light"):
            raise ValueError(f"page_weight must be 'full' or 'light', not {page_weight!r}")
        if latency < 0:
            raise ValueError("latency must not be negative")
        if slow_seconds < 0:
            raise ValueError("slow_seconds must not be negative")
        self.defunct_host = check_loopback(defunct_host)
        self.slow_seconds = slow_seconds
        self.content = content if content is not None else build_content()
        self.port = port
        self.latency = latency
        self.page_weight: PageWeight = page_weight
        self.verbose = verbose
        self._servers: list[_AppServer] = []
        self._threads: list[threading.Thread] = []
        self._links: LinkResolver | None = None
        self._site: DigestSite | None = None
        self._sources: list[SourceSite] = []
        self._refusing: socket.socket | None = None
        self._docs: dict[tuple[int, str], SourceDoc] | None = None
        self._stopping = threading.Event()

    # --- life cycle ------------------------------------------------------------------------------
    def start(self) -> ReplicaServer:
        if self._servers:
            return self
        try:
            site_server = self._bind(self.host, self.port)
            site_port = site_server.port
            source_servers = []
            for i, host in enumerate(self.source_hosts):
                source_servers.append(self._bind_source(i, host, site_port))
            defunct_url = self._reserve_refusing_port()
        except BaseException:
            self._close_servers()
            raise
        self._stopping.clear()
        self._links = LinkResolver(
            _url(self.host, site_port),
            [_url(h, s.port) for h, s in zip(self.source_hosts, source_servers, strict=True)],
            {DEFUNCT_OUTLET: defunct_url},
        )
        self._site = DigestSite(self.content, self._links, self.page_weight)
        self._sources = build_source_sites(
            self.content,
            len(source_servers),
            self._links,
            slow_seconds=self.slow_seconds,
            stopping=self._stopping,
            docs=self.source_docs,
        )
        site_server.app = self._site
        for server, source in zip(source_servers, self._sources, strict=True):
            server.app = source
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"replica-server-{server.port}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def _bind_source(self, index: int, host: str, port: int) -> _AppServer:
        """The same port as the site if free there, else any port; if the address itself is
        not configured (only 127.0.0.1 exists on some systems), any port on the site's host."""
        try:
            return self._bind(host, port)
        except OSError:
            pass
        try:
            return self._bind(host, 0)
        except OSError:
            self.source_hosts[index] = self.host
            return self._bind(self.host, 0)

    def _reserve_refusing_port(self) -> str:
        """A bound TCP port that never listens (connections to it are refused), on the defunct
        host if that address exists, else on the site's host; its base URL."""
        for host in (self.defunct_host, self.host):
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.bind((host, 0))
            except OSError:
                sock.close()
                continue
            self._refusing = sock
            return _url(host, int(sock.getsockname()[1]))
        raise OSError("no loopback address to reserve a refusing port on")

    def _bind(self, host: str, port: int) -> _AppServer:
        server = _AppServer((host, port), latency=self.latency, verbose=self.verbose)
        self._servers.append(server)
        return server

    def stop(self) -> None:
        self._stopping.set()  # slow answers in progress end now
        for server in self._servers:
            if server.app is not None:
                server.shutdown()
        for server in self._servers:
            server.close_connections()
        for thread in self._threads:
            thread.join(timeout=5)
        self._close_servers()
        self._threads = []

    def _close_servers(self) -> None:
        for server in self._servers:
            server.server_close()
        self._servers = []
        if self._refusing is not None:
            self._refusing.close()
            self._refusing = None

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- addresses and expectations --------------------------------------------------------------
    @property
    def links(self) -> LinkResolver:
        if self._links is None:
            raise RuntimeError("the replica server is not started")
        return self._links

    @property
    def site(self) -> DigestSite:
        if self._site is None:
            raise RuntimeError("the replica server is not started")
        return self._site

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/``"""
        return self.links.base_url

    @property
    def source_base_urls(self) -> list[str]:
        return list(self.links.source_base_urls)

    def url(self, path: str) -> str:
        """The absolute URL of a site path (``/feed/`` -> ``http://127.0.0.1:PORT/feed/``)."""
        return self.links.site(path)

    def expected_posts(self) -> list[ExpectedPost]:
        """What a correct crawl records, one entry per post, newest first, URLs absolute."""
        return self.content.expected_posts(self.links)

    def requisite_urls(self, path: str) -> list[str]:
        """Every URL of the site that the page at ``path`` loads to render, in document order:
        stylesheets and what they ``@import`` and load with ``url(...)`` (web fonts, background
        images), scripts, site icons, every ``src``/``srcset`` candidate of its images and
        ``<picture>`` sources, and its iframes with their own requisites (one level deep).

        A browser fetches a subset: one candidate of each ``srcset`` and the first font format it
        supports. Off-site URLs (the tag manager's script and its ``noscript`` frame) are left out.
        """
        url = self.links.site(path)
        reply = self.site.handle(path)
        if reply.status != 200:
            raise ValueError(f"{path} answers {reply.status}, not a page")

        def fetch(target: str) -> Reply | None:
            split = urlsplit(target)
            if not target.startswith(self.links.base_url):
                return None
            return self.site.handle(split.path + (f"?{split.query}" if split.query else ""))

        return page_requisites(url, reply.body.decode("utf-8"), fetch)

    def non_post_urls(self) -> list[str]:
        """Home, static pages and category, tag and author archives: pages that are not posts."""
        return [self.links.site(path) for path in self.content.non_post_paths()]

    def source_urls(self) -> list[str]:
        """Every off-site URL cited by any post, in outlet then citation order. Most answer 200;
        :meth:`expected_sources` says what each one does."""
        urls = []
        for outlet, paths in sorted(self.content.cited_paths().items()):
            urls += [self.links.external(outlet, path) for path in paths]
        return urls

    def expected_sources(
        self, *, download_timeout: float | None = None, retries: bool = True
    ) -> list[ExpectedSource]:
        """What a correct crawl records for every cited URL, once each, in outlet then path
        order. ``download_timeout`` None assumes the crawler gives up before ``slow_seconds``
        (the slow outlet's sources are ``timeout`` errors); a longer one makes them succeed.
        ``retries=False``: the crawler does not retry a 500 (the recovering URL is then
        ``http_5xx``, on a fresh server or after :meth:`reset_source_failures`)."""
        slow_times_out = download_timeout is None or download_timeout < self.slow_seconds
        return [
            expected_source(
                doc, self.content, self.links, slow_times_out=slow_times_out, retries=retries
            )
            for doc in self.source_docs.values()
        ]

    @property
    def source_docs(self) -> dict[tuple[int, str], SourceDoc]:
        """Every cited *(outlet, path)* and the document served there (built once)."""
        if self._docs is None:
            self._docs = build_source_docs(self.content)
        return self._docs

    def expected_source(self, case: str) -> ExpectedSource:
        """The first expected source exercising ``case`` (see ``source_cases.ALL_CASES``)."""
        for source in self.expected_sources():
            if case in source.cases:
                return source
        raise KeyError(f"no cited source exercises {case!r}")

    def reset_source_failures(self) -> None:
        """Make the recovering URL fail once more. Its first request in a server's lifetime gets a
        500 and every later one a 200, so a second crawl against the same server sees 200 at
        once unless this is called in between."""
        for source in self._sources:
            source.reset_failures()
