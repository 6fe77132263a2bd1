"""A small digest site on loopback full of crawler traps, and an outlet its posts cite.

Served by :class:`TrapSite` (two threaded HTTP/1.1 servers on 127.0.0.1, standard library only)
for the end-to-end tests of bounded link reading, traps and URL normal forms:

- ``/robots.txt``: 10 MB, its one rule that matters (``Disallow: /late/``) past 500 KiB;
- ``/sitemap_index.xml`` names ``/post-sitemap.xml.gz``: a gzip bomb (a valid start, then
  1 GB of spaces in 1 MB gzip members, about 1 MB on the wire);
- ``/page/N/``: an endless pagination that shows the same posts on every page;
- ``/2026/12/`` and every other month: a calendar of empty date archives, each linking the
  months around it;
- ``/world/post-3/more/``: a page with a relative ``more/`` link, whose path grows
  (``/world/post-3/more/more/...``) as long as it is followed;
- ``/category/endless/page/N/``: a pagination that shows a new (non-post) page on each page;
- ``/world/many-links/``: a post with 100,000 links to the outlet;
- ``/world/tracked-a/`` and ``/world/tracked-b/``: posts linked only as ``?utm_source=`` and
  ``?fbclid=`` URLs;
- ``/world/two-spellings/``: a post without a canonical link, linked as ``/world/two-spellings/``
  and ``/World/Two-Spellings``;
- posts 1 and 2 cite the outlet's ``/story?id=1`` under five spellings (host case, fragment,
  tracking parameters, a percent escape).

Every request is counted by path (``hits``), so a test can say what was fetched how often.
"""

from __future__ import annotations

import gzip
import re
import threading
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

MANY_LINKS = 100_000
BOMB_MEMBERS = 1000  # 1 MB of spaces each: 1 GB decompressed
ROBOTS_SIZE = 10 * 1024 * 1024
POSTS = ("post-1", "post-2", "post-3")


def _page(body_class: str, content: str, head: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>Trap site</title>{head}</head>"
        f'<body class="{body_class}"><main>{content}</main></body></html>'
    ).encode()


def _post(slug: str, paragraphs: str, canonical: str | None) -> bytes:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    head += '<meta property="og:title" content="A post of the trap site">'
    content = (
        f'<h1 class="entry-title">{slug}</h1><div class="entry-content">'
        f"<p>First words of {slug}, a post of the trap site.</p>{paragraphs}</div>"
    )
    return _page("single single-post", content, head)


class TrapSite:
    """The trap site and its outlet, served while the context is open."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._servers = [self._server(self._site), self._server(self._outlet)]
        self.base_url = f"http://127.0.0.1:{self._servers[0].server_address[1]}/"
        self.outlet_port = self._servers[1].server_address[1]
        self.story_spellings = [
            f"http://localhost:{self.outlet_port}/story?id=1",
            f"http://LOCALHOST:{self.outlet_port}/story?id=1",
            f"http://localhost:{self.outlet_port}/story?id=1#comments",
            f"http://localhost:{self.outlet_port}/story?utm_source=fdn&id=1&fbclid=IwAR0",
            f"http://localhost:{self.outlet_port}/st%6Fry?id=1",
        ]
        self.story_url = self.story_spellings[0]
        self._bomb = self._gzip_bomb()
        self._robots = self._huge_robots()

    # --- serving ------------------------------------------------------------------------------
    def _server(self, app: Any) -> ThreadingHTTPServer:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with site._lock:
                    site.hits[self.path] += 1
                status, content_type, body = app(self.path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        return server

    def __enter__(self) -> TrapSite:
        for server in self._servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def hits_under(self, prefix: str) -> int:
        return sum(n for path, n in self.hits.items() if path.startswith(prefix))

    # --- the digest site ----------------------------------------------------------------------
    def _site(self, target: str) -> tuple[int, str, bytes]:
        path = urlsplit(target).path
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", self._robots
        if path == "/sitemap_index.xml":
            index = (
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{self.base_url}post-sitemap.xml.gz</loc></sitemap></sitemapindex>"
            )
            return 200, "application/xml", index.encode()
        if path == "/post-sitemap.xml.gz":
            return 200, "application/x-gzip", self._bomb
        if path == "/feed/":
            items = "".join(f"<item><link>{self.base_url}world/{s}/</link></item>" for s in POSTS)
            return 200, "application/rss+xml", f"<rss><channel>{items}</channel></rss>".encode()
        if path == "/" or re.fullmatch(r"/page/\d+/", path):
            return 200, html, self._home(path)
        if re.fullmatch(r"/world/post-3/(more/)+", path):
            return 200, html, _page("page", '<a href="more/">more</a>')
        if match := re.fullmatch(r"/(\d{4})/(\d{2})/", path):
            return 200, html, self._month(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"/category/endless/page/(\d+)/", path):
            number = int(match[1])
            links = f'<a href="/endless/item-{number}/">item</a>'
            links += f'<a href="/category/endless/page/{number + 1}/">older</a>'
            return 200, html, _page("archive category", links)
        if path.startswith("/endless/item-") or path == "/about/":
            return 200, html, _page("page", '<a href="/">home</a>')
        return self._posts(path)

    def _home(self, path: str) -> bytes:
        number = int(path.strip("/").split("/")[-1]) if path != "/" else 1
        links = [f'<a href="/world/{slug}/">{slug}</a>' for slug in POSTS]
        links += [
            '<a href="/about/">about</a>',
            f'<a href="/page/{number + 1}/">older posts</a>',
            '<a href="/2026/12/">December</a>',
            '<a href="/category/endless/page/1/">endless</a>',
            '<a href="/world/many-links/">many links</a>',
            '<a href="/world/tracked-a/?utm_source=newsletter&utm_medium=email">a</a>',
            '<a href="/world/tracked-b/?fbclid=IwAR0abc">b</a>',
            '<a href="/world/two-spellings/">two</a>',
            '<a href="/World/Two-Spellings">two again</a>',
            '<a href="/late/post/">late</a>',
        ]
        return _page("home blog", "".join(links))

    def _month(self, year: int, month: int) -> bytes:
        before = (year, month - 1) if month > 1 else (year - 1, 12)
        after = (year, month + 1) if month < 12 else (year + 1, 1)
        links = "".join(f'<a href="/{y}/{m:02d}/">month</a>' for y, m in (before, after))
        links += '<a href="/about/">about</a>'
        return _page("archive date", links)

    def _posts(self, path: str) -> tuple[int, str, bytes]:
        html = "text/html; charset=utf-8"
        slug = path.strip("/").split("/")[-1] if path.startswith("/world/") else ""
        canonical = f"{self.base_url}world/{slug}/"
        if slug == "post-1":
            cites = self.story_spellings[:2]
        elif slug == "post-2":
            cites = self.story_spellings[2:]
        else:
            cites = []
        paragraphs = "".join(f'<p>As <a href="{url}">the outlet</a> said.</p>' for url in cites)
        if slug == "post-3":
            paragraphs += '<p>There is <a href="more/">more</a>.</p>'

        if slug in POSTS or slug in ("tracked-a", "tracked-b"):
            return 200, html, _post(slug, paragraphs, canonical)
        if slug == "two-spellings":
            return 200, html, _post(slug, "", None)
        if slug == "many-links":
            outlet = f"http://127.0.0.1:{self.outlet_port}"
            links = "".join(f'<a href="{outlet}/s/{n}">{n}</a> ' for n in range(MANY_LINKS))
            return 200, html, _post(slug, f"<p>{links}</p>", canonical)
        if path == "/late/post/":
            return 200, html, _post("late-post", "", f"{self.base_url}late/post/")
        return 404, html, _page("error404", "Not found")

    # --- the outlet ---------------------------------------------------------------------------
    def _outlet(self, target: str) -> tuple[int, str, bytes]:
        path = urlsplit(target).path
        if path == "/story" or path.startswith("/s/"):
            article = (
                "<article><h1>An outlet's story</h1>"
                "<p>What the outlet reported, in words enough to be an article body. "
                * 5
                + "</p></article>"
            )
            return 200, "text/html; charset=utf-8", _page("", article)
        return 404, "text/plain", b"not found"

    # --- hostile files ------------------------------------------------------------------------
    def _gzip_bomb(self) -> bytes:
        start = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{self.base_url}world/post-3/</loc></url>"
        )
        spaces = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        member = spaces.compress(b" " * (1024 * 1024)) + spaces.flush()
        return gzip.compress(start.encode()) + member * BOMB_MEMBERS

    def _huge_robots(self) -> bytes:
        head = b"User-agent: *\nDisallow: /private/\n"
        comment = b"# " + b"-" * 1000 + b"\n"
        filler = comment * ((ROBOTS_SIZE - len(head)) // len(comment))
        return head + filler + b"Disallow: /late/\n"
