"""Serve the replica site and its source hosts on loopback addresses, on any day of the site.

The digest site answers like WordPress behind nginx: HTML gzip-compressed and chunked when the
client accepts gzip, repeated ``Link`` and ``Set-Cookie`` headers, keep-alive connections,
validators and 304s (:mod:`topten_crawler.replica.httpd`). Each source host runs its own server on
another loopback address, on the same port number as the site when that port is free there.
:meth:`ReplicaServer.set_day` moves the running site to another day
(:mod:`topten_crawler.replica.days`) on the same addresses.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Sequence
from types import TracebackType
from urllib.parse import urlsplit

from topten_crawler.replica.articles import ExpectedSource, SourceDoc, expected_source
from topten_crawler.replica.builder import build_content
from topten_crawler.replica.content import (
    DEFUNCT_OUTLET,
    OUTLETS,
    ExpectedPost,
    LinkResolver,
    SiteContent,
)
from topten_crawler.replica.days import DayEvents, Timeline, classify
from topten_crawler.replica.httpd import AppServer, url_of
from topten_crawler.replica.render_base import PageWeight
from topten_crawler.replica.reply import Reply
from topten_crawler.replica.site import DigestSite
from topten_crawler.replica.sources import (
    DEFAULT_SLOW_SECONDS,
    RequestCounts,
    SourceSite,
    build_source_sites,
)
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
# Kept for callers of the old name.
_url = url_of


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


class ReplicaServer:
    """The digest site on ``host:port`` plus one server per source host, all on loopback.

    Use as a context manager or call :meth:`start` and :meth:`stop`. ``port=0`` picks a free port.
    ``latency`` seconds are slept before each answer, to mimic a remote server. The slow source
    outlet answers after ``slow_seconds`` (set a crawler's download timeout below it).

    The site starts on ``content.day`` and :meth:`set_day` moves it to any other day of the same
    site, on the same ports; the expectations follow the current day.
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
        content = content if content is not None else build_content()
        self.timeline = Timeline(content.day_zero)
        self.content = content if content.day == 0 else self.timeline.content(content.day)
        self.port = port
        self.latency = latency
        self.page_weight: PageWeight = page_weight
        self.verbose = verbose
        self._servers: list[AppServer] = []
        self._threads: list[threading.Thread] = []
        self._site_server: AppServer | None = None
        # Per source host: its server (None while the host is down) and its address.
        self._source_servers: list[AppServer | None] = []
        self._source_addresses: list[tuple[str, int]] = []
        # Bound, never listening sockets: the defunct outlet's, and those of hosts that are down.
        self._refusing: socket.socket | None = None
        self._down_sockets: dict[int, socket.socket] = {}
        self._links: LinkResolver | None = None
        self._sites: dict[int, DigestSite] = {}
        self._source_sites: dict[int, list[SourceSite]] = {}
        self._counts: list[RequestCounts] = []
        self._day_lock = threading.Lock()
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
        self._site_server = site_server
        self._source_servers = list(source_servers)
        self._source_addresses = [
            (h, s.port) for h, s in zip(self.source_hosts, source_servers, strict=True)
        ]
        self._counts = [RequestCounts() for _ in source_servers]
        self._links = LinkResolver(
            url_of(self.host, site_port),
            [url_of(h, port) for h, port in self._source_addresses],
            {DEFUNCT_OUTLET: defunct_url},
        )
        self._install_day(self.content.day, serving=False)
        for server in self._servers:
            self._serve(server)
        return self

    def _serve(self, server: AppServer) -> None:
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"replica-server-{server.port}",
            daemon=True,
        )
        thread.start()
        self._threads.append(thread)

    def _bind_source(self, index: int, host: str, port: int) -> AppServer:
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
            try:
                sock = _refusing_socket(host, 0)
            except OSError:
                continue
            self._refusing = sock
            return url_of(host, int(sock.getsockname()[1]))
        raise OSError("no loopback address to reserve a refusing port on")

    def _bind(self, host: str, port: int) -> AppServer:
        server = AppServer((host, port), latency=self.latency, verbose=self.verbose)
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
        self._site_server = None
        self._source_servers = []
        for sock in [self._refusing, *self._down_sockets.values()]:
            if sock is not None:
                sock.close()
        self._refusing = None
        self._down_sockets = {}

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- days ------------------------------------------------------------------------------------
    @property
    def day(self) -> int:
        return self.content.day

    def set_day(self, day: int) -> None:
        """Move the site to ``day`` (0 = the site as built) on the same addresses and ports.

        Requests in progress finish on the old day; the next request of every connection sees
        the new one. A source host that is down on ``day`` refuses connections (its port stays
        reserved, so an earlier day brings it back on the same port)."""
        with self._day_lock:
            self.content = self.timeline.content(day)
            if self._servers:
                self._install_day(day)

    def events(self, day: int | None = None) -> DayEvents:
        """What changed on ``day`` (default: the current day) from the day before."""
        return self.timeline.events(self.day if day is None else day)

    def _install_day(self, day: int, *, serving: bool = True) -> None:
        site = self._sites.get(day)
        if site is None:
            site = self._sites[day] = DigestSite(
                self.timeline.content(day), self.links, self.page_weight
            )
        sources = self._source_sites.get(day)
        if sources is None:
            sources = self._source_sites[day] = build_source_sites(
                self.timeline.content(day),
                len(self._source_addresses),
                self.links,
                slow_seconds=self.slow_seconds,
                stopping=self._stopping,
                docs=self.timeline.served(day),
                counts=self._counts,
            )
        assert self._site_server is not None
        self._site_server.app = site
        down_hosts = self._down_hosts(day)
        for index, source in enumerate(sources):
            if index in down_hosts:
                self._take_down(index, serving=serving)
            else:
                self._bring_up(index).app = source

    def _down_hosts(self, day: int) -> set[int]:
        n = len(self.source_hosts)
        return {outlet % n for outlet in self.timeline.state(day).down_outlets}

    def down_outlets(self, day: int | None = None) -> frozenset[int]:
        """Outlets whose host refuses connections on ``day`` (the defunct one not counted);
        with fewer source hosts than outlets, a host that is down takes its other outlets."""
        hosts = self._down_hosts(self.day if day is None else day)
        n = len(self.source_hosts)
        return frozenset(i for i in range(len(OUTLETS)) if i != DEFUNCT_OUTLET and i % n in hosts)

    def _take_down(self, index: int, *, serving: bool) -> None:
        server = self._source_servers[index]
        if server is None:
            return
        if serving:  # shutdown() waits for serve_forever(), so only once it has run
            server.shutdown()
        server.close_connections()
        server.server_close()
        self._servers.remove(server)
        self._source_servers[index] = None
        # Keep the port: bound but not listening, so connections are refused.
        self._down_sockets[index] = _refusing_socket(*self._source_addresses[index])

    def _bring_up(self, index: int) -> AppServer:
        server = self._source_servers[index]
        if server is not None:
            return server
        self._down_sockets.pop(index).close()
        server = self._bind(*self._source_addresses[index])
        self._source_servers[index] = server
        self._serve(server)
        return server

    # --- addresses and expectations --------------------------------------------------------------
    @property
    def links(self) -> LinkResolver:
        if self._links is None:
            raise RuntimeError("the replica server is not started")
        return self._links

    @property
    def site(self) -> DigestSite:
        site = self._sites.get(self.day)
        if site is None:
            raise RuntimeError("the replica server is not started")
        return site

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

    def expected_posts(self, day: int | None = None) -> list[ExpectedPost]:
        """What a correct crawl records, one entry per post, newest first, URLs absolute, on
        ``day`` (default: the current day)."""
        content = self.content if day is None else self.timeline.content(day)
        return content.expected_posts(self.links)

    def requisite_urls(self, path: str) -> list[str]:
        """Every URL of the site that the page at ``path`` loads to render, in document order:
        stylesheets and what they ``@import`` and load with ``url(...)`` (web fonts, background
        images), scripts, site icons, every ``src``/``srcset`` candidate of its images and
        ``<picture>`` sources, and its iframes with their own requisites (one level deep).

        A browser fetches a subset: one candidate of each ``srcset`` and the first font format it
        supports. Off-site URLs (the tag manager's script and its ``noscript`` frame) are left out.
        """
        url = self.links.site(path)
        site = self.site
        reply = site.handle(path)
        if reply.status != 200:
            raise ValueError(f"{path} answers {reply.status}, not a page")

        def fetch(target: str) -> Reply | None:
            split = urlsplit(target)
            if not target.startswith(self.links.base_url):
                return None
            return site.handle(split.path + (f"?{split.query}" if split.query else ""))

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
        self,
        *,
        download_timeout: float | None = None,
        retries: bool = True,
        day: int | None = None,
    ) -> list[ExpectedSource]:
        """What a correct crawl records for every cited URL, once each, in outlet then path
        order. ``download_timeout`` None assumes the crawler gives up before ``slow_seconds``
        (the slow outlet's sources are ``timeout`` errors); a longer one makes them succeed.
        ``retries=False``: the crawler does not retry a 500 (the recovering URL is then
        ``http_5xx``, on a fresh server or after :meth:`reset_source_failures`). ``day``: of
        another day of the site than the current one."""
        day = self.day if day is None else day
        content = self.timeline.content(day)
        slow_times_out = download_timeout is None or download_timeout < self.slow_seconds
        down = self.down_outlets(day)
        return [
            expected_source(
                doc,
                content,
                self.links,
                slow_times_out=slow_times_out,
                retries=retries,
                down_outlets=down,
            )
            for doc in self.timeline.docs(day).values()
        ]

    @property
    def source_docs(self) -> dict[tuple[int, str], SourceDoc]:
        """Every cited *(outlet, path)* of the current day and the document served there."""
        return self.timeline.docs(self.day)

    def expected_source(self, case: str) -> ExpectedSource:
        """The first expected source exercising ``case`` (see ``source_cases.ALL_CASES``)."""
        for source in self.expected_sources():
            if case in source.cases:
                return source
        raise KeyError(f"no cited source exercises {case!r}")

    def expected_changes(
        self,
        from_day: int,
        to_day: int,
        *,
        download_timeout: float | None = None,
        retries: bool = True,
    ) -> dict[str, dict[str, set[str]]]:
        """Which URLs a crawl of ``to_day`` finds new, changed, unchanged and gone after a crawl
        of ``from_day``: ``{"posts": {...}, "sources": {...}}``, each with the keys ``new``,
        ``changed``, ``unchanged`` and ``gone``, derived from the expectations of both days.

        A post is changed when any field of its record differs. A source is changed when its
        record differs in anything but ``cited_by`` (who cites it is not its content); it is gone
        when no post cites it any more or when it answered content and now fails (404, refused
        connection), new when first cited or when it answers content again.
        """
        out: dict[str, dict[str, set[str]]] = {}
        posts = [
            {e.url: e.record() for e in self.expected_posts(day)} for day in (from_day, to_day)
        ]
        out["posts"] = classify(posts[0], posts[1])
        sources = [
            {
                e.url: e.record()
                for e in self.expected_sources(
                    download_timeout=download_timeout, retries=retries, day=day
                )
            }
            for day in (from_day, to_day)
        ]
        out["sources"] = classify(sources[0], sources[1], ignore=("cited_by",))
        return out

    def reset_source_failures(self) -> None:
        """Make the recovering URL fail once more. Its first request in a server's lifetime gets a
        500 and every later one a 200, so a second crawl against the same server sees 200 at
        once unless this is called in between."""
        for counts in self._counts:
            counts.clear()


def _refusing_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` that never listens: connections to it are refused."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        # The port may have just been closed by a listening server of the same process.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock
