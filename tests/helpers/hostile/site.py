"""The hostile site: a small digest site whose posts cite the faulty outlets, built from the
chosen cases on the servers of ``server.py``.

The home page (``/``) lists a control post (a plain post citing a plain source, so that every
crawl finds a post) and each case's posts; a source case's post, ``/hostile/<case>/``, cites
the case's URLs. ``plan`` keeps, per case, the URLs its check looks for.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tests.helpers.hostile.server import Exchange, Handler, HostileServers

if TYPE_CHECKING:
    from tests.helpers.hostile.cases import Case

ROBOTS_ALLOW = b"User-agent: *\nAllow: /\n"


def digest_post(
    url: str,
    title: str,
    paragraphs: Sequence[str],
    citations: Iterable[str] = (),
    *,
    headline_json: str | None = None,
    canonical: bool = True,
    inner_html: bytes = b"",
) -> bytes:
    """A post of the digest theme, as the crawler's rules read one. ``headline_json``: the
    JSON-LD headline as raw JSON text (to carry escapes such as a lone surrogate)."""
    headline = headline_json if headline_json is not None else json.dumps(title)
    jsonld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","headline":' + headline + ","
        '"datePublished":"2024-02-14T09:00:00-05:00",'
        '"author":{"@type":"Person","name":"Dana Fielding"}}'
    )
    links = "".join(
        f'<p>Read more at <a href="{html.escape(c, quote=True)}">the outlet</a>.</p>'
        for c in citations
    )
    text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    head = (
        f'<!doctype html><html lang="en-US"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} - Hostile Desk</title>"
        + (f'<link rel="canonical" href="{html.escape(url)}">' if canonical else "")
        + f'<script type="application/ld+json">{jsonld}</script></head>'
        '<body class="post-template-default single single-post"><article class="post">'
        f'<h1 class="cs-entry__title">{html.escape(title)}</h1><div class="entry-content">'
        f"<p>From: Hostile Wire</p>{text}"
    )
    tail = f"{links}</div></article></body></html>"
    return head.encode("utf-8") + inner_html + tail.encode("utf-8")


def plain_source(title: str) -> bytes:
    """An outlet's article page: enough text for the source extractor to call it one."""
    body = " ".join(["The council met on Tuesday and agreed the budget for the coming year."] * 8)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article>"
        "</body></html>"
    ).encode()


def answer(body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
           headers: Sequence[tuple[str, str]] = ()) -> Handler:  # fmt: skip
    def handler(exchange: Exchange) -> None:
        exchange.send(status, body, content_type, headers)

    return handler


class HostileSite:
    """The servers, with the routes of ``cases`` installed; a context manager."""

    CONTROL_PATH = "/hostile/control-post/"

    def __init__(self, cases: Sequence[Case]) -> None:
        self.cases = list(cases)
        self.servers = HostileServers()
        self.home_links: list[str] = []
        self.plan: dict[str, dict[str, Any]] = {}
        for host in self.servers.routes:
            if host not in ("robots-error", "robots-hang", "robots-huge"):
                self.route(host, "/robots.txt", answer(ROBOTS_ALLOW, "text/plain"))
        self.route("outlet", "/control-source", answer(plain_source("A plain source")))
        self.post(self.CONTROL_PATH, "A plain post", [self.url("outlet", "/control-source")])
        for case in self.cases:
            self.plan[case.name] = {}
            case.install(self, self.plan[case.name])
        self.route("site", "/", self._home)

    # --- building -------------------------------------------------------------------------------
    def url(self, host: str, path: str) -> str:
        return self.servers.base_url(host) + path

    @property
    def seed(self) -> str:
        return self.url("site", "/")

    def route(self, host: str, path: str, handler: Handler, *, prefix: bool = False) -> None:
        routes = self.servers.routes[host]
        (routes.prefixes if prefix else routes.exact)[path] = handler

    def post(self, path: str, title: str, citations: Sequence[str], **options: Any) -> str:
        """A digest post at ``path``, listed on the home page; its URL."""
        url = self.url("site", path)
        page = digest_post(url, title, [f"{title}: what the outlets say."], citations, **options)
        return self.listed_page(path, page)

    def listed_page(
        self, path: str, page: bytes, content_type: str = "text/html; charset=utf-8"
    ) -> str:
        """``page`` served at ``path`` of the digest site and listed on its home page."""
        self.route("site", path, answer(page, content_type))
        url = self.url("site", path)
        self.home_links.append(url)
        return url

    def source_case(self, name: str, plan: dict[str, Any], *cited: str) -> None:
        """The usual shape: a post ``/hostile/<name>/`` citing ``cited``."""
        plan["post"] = self.post(f"/hostile/{name}/", f"Case {name}", list(cited))
        plan["cited"] = list(cited)

    def _home(self, exchange: Exchange) -> None:
        links = "".join(f'<li><a href="{html.escape(u, quote=True)}">{html.escape(u)}</a></li>'
                        for u in self.home_links)  # fmt: skip
        page = (
            "<!doctype html><html><head><meta charset='utf-8'><title>Hostile Desk</title>"
            f"</head><body class='home blog'><ul>{links}</ul></body></html>"
        )
        exchange.send(200, page.encode())

    # --- serving --------------------------------------------------------------------------------
    @property
    def allowed_addresses(self) -> str:
        """The outlets' addresses, for ``TOPTEN_ALLOWED_ADDRESSES``."""
        return "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5"

    def hits(self, host: str, target: str) -> int:
        return self.servers.hits(host, target)

    def stop(self) -> None:
        self.servers.stop()

    def __enter__(self) -> HostileSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
