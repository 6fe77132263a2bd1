"""Which URLs belong to the digest site, and what kind of page each one is."""

from __future__ import annotations

import enum
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote_plus, urldefrag, urljoin, urlsplit, urlunsplit

from topten_crawler.rules import links as link_rules
from topten_crawler.rules import site_urls as rules

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_DATE_ARCHIVE = re.compile(rules.DATE_ARCHIVE_PATH)


# Pages link the same URLs over and over (the navigation, the categories, the latest posts):
# what a URL of the site is, and which page it names, is worked out once for each of the most
# recently read URLs (every link of every page is asked about).
URL_CACHE_SIZE = 8192

# What str.isspace() calls white space (Unicode's, not only ASCII's).
_WHITESPACE = re.compile(r"\s")


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
    # one token in every record; a host so spelled is still no host (``invalid_url``). Most
    # URLs have none: they are not rebuilt character by character (every link of every page).
    if not _WHITESPACE.search(url):
        return url
    return _WHITESPACE.sub(lambda space: f"%{ord(space.group()):02X}", url)


def normal_url(url: str) -> str:
    """The one spelling of ``url`` that the crawl fetches and records under.

    The scheme and host lower-cased, the default port and the fragment dropped, dot segments
    removed, percent escapes of unreserved characters decoded and the others upper-cased, and
    tracking parameters (``utm_*``, ``fbclid``, ... in ``rules/links.py``) dropped; the other
    query parameters keep their order and spelling. Linear in the URL's length and never
    raises: a part it cannot read (a malformed port) is kept as it is.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.partition("#")[0]
    scheme = parts.scheme.lower()
    path = _normal_path(parts.path)
    if parts.netloc and not path:
        path = "/"
    return urlunsplit(
        (scheme, _normal_netloc(parts.netloc, scheme), path, _without_tracking(parts.query), "")
    )


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return name in link_rules.TRACKING_PARAMETERS or name.startswith(
        link_rules.TRACKING_PARAMETER_PREFIXES
    )


def _normal_netloc(netloc: str, scheme: str) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    host, port = hostport, ""
    if hostport.startswith("["):  # an IPv6 literal: the port follows the bracket
        bracket = hostport.find("]")
        if bracket != -1 and hostport[bracket + 1 : bracket + 2] == ":":
            host, port = hostport[: bracket + 1], hostport[bracket + 2 :]
    elif hostport.count(":") == 1:
        host, port = hostport.split(":")
    else:  # no port, or a malformed one (``host:P:P``): kept as it came, host case aside
        host, colon, rest = hostport.partition(":")
        return f"{userinfo}{at}{host.lower()}{colon}{rest}"
    port = port.lstrip("0") or ("0" if port else "")
    if port in ("", _DEFAULT_PORTS.get(scheme)):
        return f"{userinfo}{at}{host.lower()}"
    return f"{userinfo}{at}{host.lower()}:{port}"


def _normal_path(path: str) -> str:
    if "%" in path:
        path = _PERCENT_ESCAPE.sub(_normal_escape, path)
    if "/." not in path and not path.startswith("."):
        return path
    # RFC 3986, 5.2.4: remove dot segments (empty segments, ``//``, stay: they may matter).
    kept: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        elif segment == ".":
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return "/".join(kept)


def _normal_escape(match: re.Match[str]) -> str:
    character = chr(int(match.group(1), 16))
    return character if character in _UNRESERVED else match.group(0).upper()


def _without_tracking(query: str) -> str:
    if not query:
        return ""
    kept = [
        pair
        for pair in query.split("&")
        if pair and not is_tracking_parameter(unquote_plus(pair.partition("=")[0]))
    ]
    return "&".join(kept)


@lru_cache(maxsize=URL_CACHE_SIZE)
def trap_reason(url: str) -> str | None:
    """Why a URL of the site looks like a crawler trap (``url_too_long``, ``repeating_path``,
    ``deep_path``), or None. Linear in the URL's length."""
    if len(url) > rules.MAX_URL_LENGTH:
        return "url_too_long"
    segments = [segment for segment in urlsplit(url).path.split("/") if segment]
    if len(segments) > rules.MAX_PATH_SEGMENTS:
        return "deep_path"
    if segments and max(Counter(segments).values()) > rules.MAX_SEGMENT_REPEATS:
        return "repeating_path"
    return None


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

    def page_key(self, url: str) -> str:
        """What two spellings of one page of the site have in common: its normal form, the host
        without ``www.``, and (WordPress permalinks, ``rules/site_urls.py``) the path in lower
        case and with its final slash. The crawl fetches and records each key once."""
        return _page_key(url)

    def classify(self, url: str) -> UrlKind:
        """What the site crawl does with a URL of this site (``SKIP`` for other hosts)."""
        if not self.owns(url):
            return UrlKind.SKIP
        return _url_kind(url)


@lru_cache(maxsize=URL_CACHE_SIZE)
def _page_key(url: str) -> str:
    parts = urlsplit(normal_url(url))
    path = parts.path or "/"
    if rules.PATHS_IGNORE_CASE:
        path = path.lower()
    if rules.TRAILING_SLASH_OPTIONAL and not path.endswith("/") and not posixpath.splitext(path)[1]:
        path += "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{_netloc_key(url)}{path}{query}"


@lru_cache(maxsize=URL_CACHE_SIZE)
def _url_kind(url: str) -> UrlKind:
    """What a URL of the site is, by its path and query (``DigestSite.classify``)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    query = dict(parse_qsl(_without_tracking(parts.query), keep_blank_values=True))
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
    if segments[-2:-1] == ["page"] and segments[-1].isdigit():
        segments = segments[:-2]
    if _DATE_ARCHIVE.fullmatch("/".join(segments)):
        return UrlKind.LISTING
    return UrlKind.CANDIDATE


@lru_cache(maxsize=URL_CACHE_SIZE)
def _netloc_key(url: str) -> str:
    parts = urlsplit(url)
    host = host_key(parts.hostname or "")
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        return host
    return host if port in (None, default_port) else f"{host}:{port}"
