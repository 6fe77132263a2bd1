"""Which URLs belong to the digest site, and what kind of page each one is."""

from __future__ import annotations

import enum
import posixpath
from dataclasses import dataclass
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from topten_crawler.rules import site_urls as rules


class UrlKind(enum.Enum):
    LISTING = "listing"  # home, /page/N/, category archives: lead to posts
    CANDIDATE = "candidate"  # may be a post (or a static page); the page itself tells
    SKIP = "skip"  # never fetched by the site crawl


def host_key(host: str) -> str:
    """A host without ``www.`` and lower-cased, so that both forms of the site compare equal."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def absolute_http_url(base: str, href: str) -> str | None:
    """``href`` resolved against ``base`` without its fragment, or None if it is not http(s)."""
    href = href.strip()
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return None
    try:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    # Whitespace inside (a space in a host, a tab in a path) is escaped, so that the URL is
    # one token in every record; a host so spelled is still no host (``invalid_url``).
    return "".join(f"%{ord(c):02X}" if c.isspace() else c for c in url)


@dataclass(frozen=True)
class DigestSite:
    """The digest site of a crawl: the host of its seed URL, with or without ``www.``."""

    seed: str
    host: str  # host_key of the seed, port included when the seed names one

    @classmethod
    def from_seed(cls, seed: str) -> DigestSite:
        parts = urlsplit(seed)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"seed is not an http(s) URL: {seed!r}")
        return cls(seed=seed, host=_netloc_key(seed))

    def owns(self, url: str) -> bool:
        return _netloc_key(url) == self.host

    def url(self, path: str) -> str:
        return urljoin(self.seed, path)

    def classify(self, url: str) -> UrlKind:
        """What the site crawl does with a URL of this site (``SKIP`` for other hosts)."""
        if not self.owns(url):
            return UrlKind.SKIP
        parts = urlsplit(url)
        path = parts.path or "/"
        segments = [s for s in path.split("/") if s]
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if query:
            # WordPress's own short links ``/?p=ID`` redirect to the post; other queries are
            # variants (comment replies, share counters) of pages fetched anyway.
            if set(query) == {"p"} and not segments and query["p"].isdigit():
                return UrlKind.CANDIDATE
            return UrlKind.SKIP
        if not segments:
            return UrlKind.LISTING
        extension = posixpath.splitext(segments[-1])[1].lower()
        if extension in rules.NON_PAGE_EXTENSIONS or segments[0] in rules.NON_POST_PATH_PREFIXES:
            return UrlKind.SKIP
        if segments[-1] in ("feed", "embed", "trackback", "amp") or any(
            segment.startswith("comment-page-") for segment in segments
        ):
            return UrlKind.SKIP
        if segments[0] == "page" or segments[0] == "category":
            return UrlKind.LISTING
        return UrlKind.CANDIDATE


def _netloc_key(url: str) -> str:
    parts = urlsplit(url)
    host = host_key(parts.hostname or "")
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        return host
    return host if port in (None, default_port) else f"{host}:{port}"
