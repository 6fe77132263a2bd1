"""URL routing of the digest site: what a WordPress + Yoast install answers for each path.

Pages render lazily on first request and are kept (compressed) in memory, so a 5000-post site
starts at once and then answers from the cache.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from urllib.parse import parse_qs, urlsplit

from topten_crawler.replica import theme
from topten_crawler.replica.content import (
    POSTS_PER_PAGE,
    SITE_NAME,
    LinkResolver,
    Post,
    SiteContent,
)
from topten_crawler.replica.render import Renderer
from topten_crawler.replica.render_base import PageWeight
from topten_crawler.replica.reply import Reply, html_reply, redirect

# Yoast puts at most this many URLs in one sitemap file, then starts post-sitemap2.xml.
SITEMAP_MAX_ENTRIES = 1000
FEED_ITEMS = 10

_PAGED = re.compile(r"^(?P<base>/(?:category/[^/]+/|tag/[^/]+/|author/[^/]+/)?)page/(?P<n>\d+)/$")
_POST_SITEMAP = re.compile(r"^/post-sitemap(?P<n>\d*)\.xml$")


@cache
def tiny_jpeg() -> bytes:
    """A valid 1x1 grey baseline JPEG (one all-zero 8x8 block), for the source hosts' image."""
    return b"".join(
        [
            b"\xff\xd8",  # SOI
            b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",  # APP0
            b"\xff\xdb\x00\x43\x00" + b"\x01" * 64,  # quantisation table
            b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00",  # SOF0 1x1, 1 component
            b"\xff\xc4\x00\x14\x00\x01" + b"\x00" * 15 + b"\x00",  # DC table: code 0 -> cat 0
            b"\xff\xc4\x00\x14\x10\x01" + b"\x00" * 15 + b"\x00",  # AC table: code 0 -> EOB
            b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00",  # SOS
            b"\x3f",  # DC diff 0, EOB, padded with ones
            b"\xff\xd9",  # EOI
        ]
    )


XSL = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<xsl:stylesheet version="2.0" '
    b'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/">'
    b"<html><body>XML Sitemap</body></html></xsl:template></xsl:stylesheet>\n"
)


def page_count(n_items: int) -> int:
    return max(1, math.ceil(n_items / POSTS_PER_PAGE))


class DigestSite:
    """Answers requests for the digest site; thread-safe, with a render cache."""

    def __init__(
        self, content: SiteContent, links: LinkResolver, page_weight: PageWeight = "full"
    ) -> None:
        self.content = content
        self.links = links
        self.renderer = Renderer(content, links, page_weight)
        self._cache: dict[str, Reply] = {}
        self._lock = threading.Lock()
        self._not_found: Reply | None = None

    # --- entry point -------------------------------------------------------------------------
    def handle(self, target: str) -> Reply:
        """The reply for a request target (path and query) of a GET or HEAD."""
        split = urlsplit(target)
        path = split.path or "/"
        query = parse_qs(split.query)
        if path == "/" and "p" in query:
            return self._shortlink(query["p"][0])
        if path.startswith(("/wp-content/", "/wp-includes/")) or path == "/favicon.ico":
            # Assets keep their own caches: uploads are many and drawn on demand.
            return theme.asset_reply(path) or self.not_found()
        cached = self._cache.get(path)
        if cached is not None:
            return cached
        reply = self._route(path)
        if reply is None:
            reply = self._slash_or_canonical(path)
        if reply is None:
            return self.not_found()
        if reply.status == 200:
            # WordPress behind this nginx answers conditional requests for every page.
            reply.validators = "honour"
        reply.compact()
        with self._lock:
            self._cache[path] = reply
        return reply

    def not_found(self) -> Reply:
        if self._not_found is None:
            self._not_found = html_reply(404, self.renderer.not_found()).compact()
        return self._not_found

    # --- routing -------------------------------------------------------------------------------
    def _route(self, path: str) -> Reply | None:
        c = self.content
        r = self.renderer
        if path == "/":
            return self._listing_page("/", 1)
        if path in ("/robots.txt",):
            return Reply(200, "text/plain; charset=utf-8", r.robots().encode())
        if path in ("/sitemap.xml", "/wp-sitemap.xml"):
            # Yoast disables WordPress core sitemaps and sends both names to its index.
            return redirect(self.links.site("/sitemap_index.xml"))
        if path.endswith(".xml") or path.endswith(".xsl"):
            return self._sitemap(path)
        if path == "/feed/":
            return self._feed(c.posts[:FEED_ITEMS], path, SITE_NAME)
        if path == "/wp-json/":
            data = {"name": SITE_NAME, "url": self.links.site("/").rstrip("/"), "namespaces": []}
            return Reply(200, "application/json; charset=UTF-8", json.dumps(data).encode())
        post = c.by_path.get(path)
        if post is not None:
            return self._post(post)
        page = c.page_by_path.get(path)
        if page is not None:
            return html_reply(
                200,
                r.static_page(page),
                [("Link", f"<{self.links.site(f'/?p={page.page_id}')}>; rel=shortlink")],
                last_modified=page.modified,
            )
        paged = _PAGED.match(path)
        if paged:
            n = int(paged.group("n"))
            if n == 1:
                # WordPress sends /page/1/ back to the archive's first page.
                return redirect(self.links.site(paged.group("base")))
            return self._listing_page(paged.group("base"), n)
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[2] == "embed" and path.endswith("/"):
            embedded = c.by_path.get(f"/{parts[0]}/{parts[1]}/")
            if embedded is not None:
                return html_reply(
                    200,
                    r.embed_page(embedded),
                    [("X-WP-embed", "true")],
                    last_modified=embedded.modified,
                )
        if len(parts) == 3 and parts[0] == "category" and parts[2] == "feed":
            slug = parts[1]
            if slug in c.by_category:
                name = next(cat.name for cat in c.categories if cat.slug == slug)
                posts = [p for p in c.posts if any(x.slug == slug for x in p.categories)]
                return self._feed(posts[:FEED_ITEMS], path, f"{name} Archives - {SITE_NAME}")
        if path.endswith("/") and len(parts) == 2 and parts[0] in ("category", "tag", "author"):
            return self._listing_page(path, 1)
        return None

    def _slash_or_canonical(self, path: str) -> Reply | None:
        last = path.rsplit("/", 1)[-1]
        if not path.endswith("/") and "." not in last:
            # A permalink without its trailing slash: WordPress redirects to the slash form.
            with_slash = path + "/"
            if self._route(with_slash) is not None:
                return redirect(self.links.site(with_slash))
            return None
        parts = path.strip("/").split("/")
        if len(parts) == 2:
            # The right slug under the wrong category: redirect_canonical() finds the post.
            post = self.content.by_slug.get(parts[1])
            if post is not None:
                return redirect(self.links.site(post.path))
        return None

    def _shortlink(self, value: str) -> Reply:
        if value.isdigit():
            post = self.content.by_id.get(int(value))
            if post is not None:
                return redirect(self.links.site(post.path))
            for page in self.content.pages:
                if page.page_id == int(value):
                    return redirect(self.links.site(page.path))
        return self.not_found()

    # --- replies -------------------------------------------------------------------------------
    def _post(self, post: Post) -> Reply:
        shortlink = self.links.site(f"/?p={post.post_id}")
        headers = [
            ("Link", f'<{self.links.site("/wp-json/")}>; rel="https://api.w.org/"'),
            ("Link", f"<{shortlink}>; rel=shortlink"),
        ]
        return html_reply(200, self.renderer.post_page(post), headers, last_modified=post.modified)

    def _listing_page(self, base: str, page: int) -> Reply | None:
        c = self.content
        kind, _, slug = base.strip("/").partition("/")
        posts: Sequence[Post]
        feed: str | None = None
        if base == "/":
            posts = c.listed
            title = f"{SITE_NAME} - Home of Lisa's Top Ten"
            heading, subtitle, body_class = None, "", "home blog"
        elif kind == "category" and slug in c.by_category:
            cat = next(x for x in c.categories if x.slug == slug)
            posts = c.by_category[slug]
            title = f"{cat.name} Archives - {SITE_NAME}"
            heading, subtitle = cat.name, "Browsing Category"
            body_class = f"archive category category-{slug} category-{cat.term_id}"
            feed = f"/category/{slug}/feed/"
        elif kind == "tag" and slug in c.by_tag:
            tag = next(x for x in c.tags if x.slug == slug)
            posts = c.by_tag[slug]
            title = f"{tag.name} Archives - {SITE_NAME}"
            heading, subtitle = tag.name, "Browsing Tag"
            body_class = f"archive tag tag-{slug} tag-{tag.term_id}"
        elif kind == "author" and slug in c.by_author:
            author = next(x for x in c.authors if x.slug == slug)
            posts = c.by_author[slug]
            title = f"{author.name}, Author at {SITE_NAME}"
            heading, subtitle = author.name, "Author"
            body_class = f"archive author author-{slug} author-{author.user_id}"
        else:
            return None
        if not posts:
            return None
        pages = page_count(len(posts))
        if page > pages:
            return None
        chunk = posts[(page - 1) * POSTS_PER_PAGE : page * POSTS_PER_PAGE]
        html = self.renderer.listing(
            chunk,
            page=page,
            pages=pages,
            base_path=base,
            title=title,
            heading=heading,
            subtitle=subtitle,
            body_class=body_class,
            feed_path=feed,
        )
        headers: list[tuple[str, str]] = [
            ("Link", f'<{self.links.site("/wp-json/")}>; rel="https://api.w.org/"')
        ]
        if base == "/" and page == 1:
            # The home page sets two cookies (a visitor id and a consent default), as the
            # plugins of the real site do; a crawler must keep both headers.
            headers += [
                ("Set-Cookie", "pk_visitor=fd7e3c91a2; Path=/; Max-Age=31536000; SameSite=Lax"),
                ("Set-Cookie", "fd_consent=default; Path=/; Max-Age=15552000; SameSite=Lax"),
            ]
        # A listing changes when one of its posts does: its newest modified time.
        modified = max(p.modified for p in chunk)
        return html_reply(200, html, headers, last_modified=modified)

    def _feed(self, posts: Sequence[Post], path: str, title: str) -> Reply:
        body = self.renderer.feed(posts, path, title).encode("utf-8")
        modified = max((p.modified for p in posts), default=None)  # its lastBuildDate
        return Reply(200, "application/rss+xml; charset=UTF-8", body, last_modified=modified)

    def post_sitemap_count(self) -> int:
        return max(1, math.ceil(len(self.content.posts) / SITEMAP_MAX_ENTRIES))

    def _sitemap(self, path: str) -> Reply | None:
        r = self.renderer
        c = self.content
        text: str | None = None
        # The newest <lastmod> of the file is its Last-Modified.
        modified: datetime | None = None
        if path == "/sitemap_index.xml":
            text = r.sitemap_index(self.post_sitemap_count())
            modified = max((p.modified for p in c.posts), default=None)
        elif path == "/main-sitemap.xsl":
            return Reply(200, "text/xml; charset=UTF-8", XSL)
        elif path == "/page-sitemap.xml":
            text = r.urlset((self.links.site(p.path), p.modified, None) for p in c.pages)
            modified = max((p.modified for p in c.pages), default=None)
        elif path == "/category-sitemap.xml":
            categories = [cat for cat in c.categories if c.by_category[cat.slug]]
            newest = [c.by_category[cat.slug][0].modified for cat in categories]
            text = r.urlset(
                (self.links.site(cat.path), mod, None)
                for cat, mod in zip(categories, newest, strict=True)
            )
            modified = max(newest, default=None)
        else:
            match = _POST_SITEMAP.match(path)
            if match and match.group("n") != "1":
                n = int(match.group("n") or 1)
                # Oldest first, as Yoast lists them; the first file opens with the home page
                # because the front page shows the latest posts.
                oldest_first = c.posts[::-1]
                chunk = oldest_first[(n - 1) * SITEMAP_MAX_ENTRIES : n * SITEMAP_MAX_ENTRIES]
                rows: list[tuple[str, datetime | None, str | None]] = [
                    (
                        self.links.site(p.path),
                        p.modified,
                        self.links.site(p.image.path) if p.image else None,
                    )
                    for p in chunk
                ]
                if n == 1:
                    home_mod = c.posts[0].modified if c.posts else None
                    rows.insert(0, (self.links.site("/"), home_mod, None))
                if chunk or n == 1:
                    text = r.urlset(rows)
                    modified = max((row[1] for row in rows if row[1]), default=None)
        if text is None:
            return None
        return Reply(200, "text/xml; charset=UTF-8", text.encode("utf-8"), last_modified=modified)
