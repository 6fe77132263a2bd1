"""The source hosts: stand-ins for the outlets whose articles the digest posts cite.

For now an outlet only needs to answer every URL a post cites with a small article page, and a
``robots.txt`` that allows everything. Outlet *i* of :data:`content.OUTLETS` is served by source
host *i* modulo the number of hosts.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from topten_crawler.replica.content import OUTLETS, SiteContent
from topten_crawler.replica.render import esc
from topten_crawler.replica.reply import Reply, html_reply

_ID_SUFFIX = re.compile(r"-(?:\d{8}|[0-9a-f]{6})$")


def title_from_path(path: str) -> str:
    """A headline from an article path: its last segment, without date or id, capitalised."""
    last = [part for part in path.split("/") if part][-1]
    words = _ID_SUFFIX.sub("", last.removesuffix(".html")).split("-")
    return " ".join(w.capitalize() for w in words if w)


class SourceSite:
    """One source host and the articles of the outlets it serves."""

    def __init__(self, index: int, articles: dict[str, tuple[str, str]]) -> None:
        # path -> (outlet name, headline)
        self.index = index
        self.articles = articles
        self.outlets = sorted({name for name, _ in articles.values()})

    def handle(self, target: str) -> Reply:
        path = urlsplit(target).path or "/"
        if path == "/robots.txt":
            return Reply(200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n")
        if path == "/":
            names = ", ".join(self.outlets) or "News"
            return html_reply(200, self._page(names, f"<p>{esc(names)}: news and analysis.</p>"))
        article = self.articles.get(path)
        if article is None:
            return html_reply(404, self._page("Not Found", "<p>No such article.</p>"))
        outlet, headline = article
        body = (
            f'<article><h1 class="headline">{esc(headline)}</h1>'
            f'<p class="byline">By the {esc(outlet)} staff</p>'
            f"<p>{esc(outlet)} reports on {esc(headline.lower())}. The full story is "
            "available to subscribers.</p></article>"
        )
        return html_reply(200, self._page(f"{headline} | {outlet}", body))

    @staticmethod
    def _page(title: str, body: str) -> str:
        return (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title></head>\n<body>{body}</body></html>\n"
        )


def build_source_sites(content: SiteContent, n_hosts: int) -> list[SourceSite]:
    """One :class:`SourceSite` per source host, holding every path the posts cite."""
    per_host: list[dict[str, tuple[str, str]]] = [{} for _ in range(n_hosts)]
    for outlet, paths in sorted(content.cited_paths().items()):
        name = OUTLETS[outlet % len(OUTLETS)].name
        for path in paths:
            per_host[outlet % n_hosts][path] = (name, title_from_path(path))
    return [SourceSite(i, articles) for i, articles in enumerate(per_host)]
