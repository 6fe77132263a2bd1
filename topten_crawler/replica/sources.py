"""The source hosts: the outlets whose articles the digest posts cite, served as real sites.

Outlet *i* of :data:`content.OUTLETS` is served by source host *i* modulo the number of hosts
(the defunct outlet excepted: nothing answers at its address). Each host answers its outlets'
cited URLs with their own templates (:mod:`topten_crawler.replica.outlet_templates`), and the
HTTP cases of :mod:`topten_crawler.replica.articles`: a 301 to the canonical URL, a 404, a 500
that recovers, a slow outlet, a robots.txt that disallows a cited path, a PDF and a JPEG; on
later days of the site, a 301 from a dead article to the home page (a soft 404).
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from urllib.parse import urlsplit

from topten_crawler.replica.articles import SourceDoc, build_source_docs
from topten_crawler.replica.content import DEFUNCT_OUTLET, OUTLETS, LinkResolver, SiteContent
from topten_crawler.replica.outlet_templates import ArticlePage
from topten_crawler.replica.outlets import PROFILES, OutletProfile, robots_txt
from topten_crawler.replica.render_base import esc
from topten_crawler.replica.reply import Reply
from topten_crawler.replica.site import tiny_jpeg
from topten_crawler.replica.source_data import SPECIAL_PATHS

_ID_SUFFIX = re.compile(r"-(?:\d{8}|[0-9a-f]{6})$")
DEFAULT_SLOW_SECONDS = 5.0


def title_from_path(path: str) -> str:
    """A headline from an article path: its last segment, without date or id, capitalised."""
    last = [part for part in path.split("/") if part][-1]
    words = _ID_SUFFIX.sub("", last.removesuffix(".html")).split("-")
    return " ".join(w.capitalize() for w in words if w)


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def _pdf_date(moment: datetime) -> bytes:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'").encode("ascii")


def make_pdf(title: str, author: str, created: datetime, sentence: str) -> bytes:
    """A one-page PDF whose only text is ``sentence`` (an uncompressed Helvetica text stream),
    with ``/Title``, ``/Author`` and ``/CreationDate`` in its Info dictionary."""
    stream = b"BT /F1 9 Tf 40 740 Td " + _pdf_string(sentence) + b" Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title "
        + _pdf_string(title)
        + b" /Author "
        + _pdf_string(author)
        + b" /Creator (Halden Institute) /CreationDate ("
        + _pdf_date(created)
        + b") /ModDate ("
        + _pdf_date(created)
        + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _section(doc: SourceDoc) -> str:
    parts = [p for p in doc.path.split("/") if p]
    if doc.outlet in (1, 2) and len(parts) > 2:
        return {"us": "U.S.", "middle-east": "Middle East"}.get(parts[1], parts[1].title())
    if doc.outlet == 4:
        return "Liban"
    if doc.outlet == 6:
        return "Briefings" if doc.path.startswith("/private/") else "Research"
    return {0: "World", 1: "World", 2: "News", 3: "City", 5: "World"}.get(doc.outlet, "News")


class RequestCounts:
    """How often each path was requested, for the life of a server (across its days)."""

    def __init__(self) -> None:
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()

    def first_request(self, path: str) -> bool:
        with self._lock:
            count = self._hits.get(path, 0)
            self._hits[path] = count + 1
        return count == 0

    def clear(self) -> None:
        with self._lock:
            self._hits.clear()


class SourceSite:
    """One source host and the documents of the outlets it serves.

    ``docs``: every document of its outlets the host has published, cited today or not.
    ``slow_seconds``: how long the slow outlet's pages take (robots.txt and ``/`` answer at once).
    ``stopping``: set when the server stops, so that slow answers end at once. ``counts``: the
    request counts behind the recovering 500, shared by the host's sites of every day.
    """

    def __init__(
        self,
        index: int,
        outlets: list[int],
        docs: list[SourceDoc],
        links: LinkResolver,
        *,
        slow_seconds: float = DEFAULT_SLOW_SECONDS,
        stopping: threading.Event | None = None,
        counts: RequestCounts | None = None,
    ) -> None:
        self.index = index
        self.outlet_indexes = outlets
        self.outlets = [OUTLETS[i].name for i in outlets]
        self.links = links
        self.slow_seconds = slow_seconds
        self.stopping = stopping if stopping is not None else threading.Event()
        self.docs = docs
        # path -> the document served there (canonical paths) or the Location of a redirect
        self._pages: dict[str, SourceDoc] = {}
        self._redirects: dict[str, tuple[SourceDoc, str]] = {}
        for doc in docs:
            if doc.special == "not_found":
                continue
            if doc.special == "soft_404":
                # The article is gone; the outlet sends its readers to the home page.
                self._redirects[doc.path] = (doc, links.external(doc.outlet, "/"))
                continue
            self._pages[doc.canonical_path] = doc
            if doc.canonical_path != doc.path:
                location = links.external(doc.outlet, doc.canonical_path)
                self._redirects[doc.path] = (doc, location)
        self._prefixes = {
            doc.path.split("/")[1]: doc.outlet for doc in docs if doc.path.count("/") > 1
        }
        self._cache: dict[str, Reply] = {}
        self.counts = counts if counts is not None else RequestCounts()
        first = PROFILES[outlets[0]] if outlets else PROFILES[0]
        self.validators = first.validators  # of robots.txt and the home page

    # --- the HTTP cases ---------------------------------------------------------------------------
    def reset_failures(self) -> None:
        """Forget which URLs were requested: the next request of a recovering URL fails again."""
        self.counts.clear()

    def _outlet_of(self, path: str) -> int:
        segment = path.split("/")[1] if path.count("/") > 1 else ""
        return self._prefixes.get(segment, self.outlet_indexes[0] if self.outlet_indexes else 0)

    def handle(self, target: str) -> Reply:
        path = urlsplit(target).path or "/"
        if path == "/robots.txt":
            profiles = [PROFILES[i] for i in self.outlet_indexes]
            body = robots_txt(profiles).encode("ascii")
            return Reply(200, "text/plain; charset=utf-8", body, validators=self.validators)
        if path == "/":
            return self._home()
        outlet = self._outlet_of(path)
        profile = PROFILES[outlet]
        if profile.slow and self.slow_seconds > 0:
            self.stopping.wait(self.slow_seconds)
        redirect = self._redirects.get(path)
        if redirect is not None:
            return Reply(301, "text/html", b"", [("Location", redirect[1])])
        doc = self._pages.get(path)
        if doc is None:
            return self._error_page(outlet, 404, "Page not found")
        if doc.special == "server_error_recovers" and self.counts.first_request(path):
            return self._error_page(outlet, 500, "Internal Server Error")
        reply = self._cache.get(path)
        if reply is None:
            reply = self._cache[path] = self._render(doc)
        return reply

    # --- pages ------------------------------------------------------------------------------------
    def _render(self, doc: SourceDoc) -> Reply:
        profile = doc.profile
        if doc.kind == "pdf":
            assert doc.author is not None
            body = make_pdf(doc.headline, doc.author, doc.published_at, doc.paragraphs[0])
            filename = doc.path.rsplit("/", 1)[-1]
            headers = [("Content-Disposition", f'inline; filename="{filename}"')]
            return Reply(
                200,
                "application/pdf",
                body,
                headers,
                last_modified=doc.modified_at,
                validators=profile.validators,
            )
        if doc.kind == "image":
            return Reply(
                200,
                "image/jpeg",
                tiny_jpeg(),
                [("Cache-Control", "max-age=86400")],
                last_modified=doc.published_at,
                validators=profile.validators,
            )
        url = self.links.external(doc.outlet, doc.canonical_path)
        page = ArticlePage(
            name=OUTLETS[doc.outlet].name,
            headline=doc.headline,
            author=doc.author or "",
            published=doc.published,
            modified=doc.modified,
            published_at=doc.published_at,
            paragraphs=doc.paragraphs,
            url=url,
            base=self.links.source_base(doc.outlet),
            section=_section(doc),
            related=self._related(doc),
        )
        return self._html(profile, 200, profile.template(page), doc.modified_at)

    def _related(self, doc: SourceDoc) -> tuple[tuple[str, str], ...]:
        """Three other plain articles of the same outlet, the nearest in path order, among
        those it was published with or after: the list is part of the page as first published,
        so an article's bytes stay the same on later days."""
        same = [
            d
            for d in self.docs
            if d.outlet == doc.outlet
            and d.kind == "html"
            and SPECIAL_PATHS.get((d.outlet, d.path)) is None
            and d.since <= doc.since
            and d.path != doc.path
        ]
        same.sort(key=lambda d: (d.path < doc.path, d.path))
        return tuple(
            (self.links.external(d.outlet, d.canonical_path), d.headline) for d in same[:3]
        )

    @staticmethod
    def _html(
        profile: OutletProfile, status: int, html: str, modified: datetime | None = None
    ) -> Reply:
        return Reply(
            status,
            profile.content_type,
            profile.encode(html),
            compressible=profile.gzip,
            chunked=profile.chunked,
            last_modified=modified,
            validators=profile.validators,
        )

    def _error_page(self, outlet: int, status: int, message: str) -> Reply:
        profile = PROFILES[outlet]
        name = OUTLETS[outlet].name
        lang = f' lang="{profile.lang}"' if profile.lang else ""
        html = (
            f"<!DOCTYPE html>\n<html{lang}><head><title>{status} {esc(message)} | {esc(name)}"
            f'</title></head>\n<body><header><a href="/">{esc(name)}</a></header>\n'
            f"<main><h1>{esc(message)}</h1><p>Sorry, we could not show this page.</p>"
            f'<p><a href="/">Go to the home page</a></p></main></body></html>\n'
        )
        return self._html(profile, status, html)

    def _home(self) -> Reply:
        sections = []
        for outlet in self.outlet_indexes:
            docs = [
                d for d in self.docs if d.outlet == outlet and d.kind == "html" and not d.special
            ]
            docs = [d for d in docs if not d.blocked_by_robots]
            docs.sort(key=lambda d: d.published_at, reverse=True)
            # Headlines without links: a crawl seeded at a source host finds no article (the
            # e2e tests rely on it), and the crawler's one hop never reaches these pages.
            items = "".join(f"<li>{esc(d.headline)}</li>" for d in docs[:10])
            sections.append(
                f"<section><h1>{esc(PROFILES[outlet].home_title)}</h1><ul>{items}</ul></section>"
            )
        profile = PROFILES[self.outlet_indexes[0]] if self.outlet_indexes else PROFILES[0]
        names = ", ".join(self.outlets) or "News"
        html = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{esc(names)}</title></head>\n<body>{''.join(sections)}</body></html>\n"
        )
        return self._html(profile, 200, html)


def build_source_sites(
    content: SiteContent,
    n_hosts: int,
    links: LinkResolver,
    *,
    slow_seconds: float = DEFAULT_SLOW_SECONDS,
    stopping: threading.Event | None = None,
    docs: dict[tuple[int, str], SourceDoc] | None = None,
    counts: list[RequestCounts] | None = None,
) -> list[SourceSite]:
    """One :class:`SourceSite` per source host, holding the documents of its outlets.

    ``docs``: every document the outlets serve (by default those ``content`` cites); ``counts``:
    one per host, kept from the sites of another day of the same server."""
    if docs is None:
        docs = build_source_docs(content)
    live = [i for i in range(len(OUTLETS)) if i != DEFUNCT_OUTLET]
    sites = []
    for host in range(n_hosts):
        outlets = [i for i in live if i % n_hosts == host]
        host_docs = [d for d in docs.values() if d.outlet in outlets]
        owner: dict[str, SourceDoc] = {}
        for doc in host_docs:
            for path in {doc.path, doc.canonical_path}:
                if owner.setdefault(path, doc) is not doc:
                    raise ValueError(f"two documents of source host {host} share {path}")
        sites.append(
            SourceSite(
                host,
                outlets,
                host_docs,
                links,
                slow_seconds=slow_seconds,
                stopping=stopping,
                counts=counts[host] if counts is not None else None,
            )
        )
    return sites
