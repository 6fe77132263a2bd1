"""The replica points nowhere outside loopback: every URL a crawler or browser could fetch or
follow, in every kind of page it serves, is on a replica host or under the reserved ``.invalid``
TLD, which never resolves.

Kept as they are: namespace and vocabulary identifiers, which nobody fetches (XML namespaces
and schema locations, the XHTML doctype, schema.org's ``@context``, the Open Graph ``prefix``,
WordPress's ``rel="https://api.w.org/"``).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from topten_crawler.replica import ReplicaServer, build_content

# Where a URL is only a name: an XML namespace, a schema location, a doctype, a JSON-LD
# context, an RDFa prefix, a link relation type.
IDENTIFIER = re.compile(
    r"""xmlns(?::[\w-]+)?=["'][^"']*["']"""
    r"""|xsi:schemaLocation=["'][^"']*["']"""
    r"""|<!DOCTYPE[^>]*>"""
    r'''|"@context":\s*"[^"]*"'''
    r"""|\bprefix=["'][^"']*["']"""
    r"""|\brel=["']https://api\.w\.org/["']""",
    re.IGNORECASE,
)
IDENTIFIER_HOSTS = frozenset(
    {
        "api.w.org",
        "ogp.me",
        "purl.org",
        "schema.org",
        "wellformedweb.org",
        "www.google.com",  # the sitemap image extension's namespace
        "www.sitemaps.org",
        "www.w3.org",
    }
)
# Absolute URLs anywhere (attributes, text, scripts, CSS, JSON), and protocol-relative ones
# where a browser takes them as URLs: attributes and CSS url().
ABSOLUTE_URL = re.compile(r"""https?://([^/\s"'<>()\\?#]+)""", re.IGNORECASE)
RELATIVE_URL = re.compile(
    r"""(?:\b(?:href|src|srcset|action|content|data-src)=["']?|url\(\s*["']?)//([^/\s"'<>()\\?#]+)""",
    re.IGNORECASE,
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is a page of its own: its Location is scanned


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str) -> tuple[str, str] | None:
    """The headers and the body (Latin-1, so that any charset decodes) of any answer; None
    where nothing answers (the defunct outlet)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with _OPENER.open(request, timeout=30) as response:
            return str(response.headers), response.read().decode("latin-1")
    except urllib.error.HTTPError as error:
        with error:
            return str(error.headers), error.read().decode("latin-1")
    except urllib.error.URLError as error:
        if isinstance(error.reason, ConnectionRefusedError):
            return None
        raise


def hosts(text: str) -> tuple[set[str], set[str]]:
    """(hosts of the URLs a client could fetch, hosts of the identifiers) in ``text``."""
    text = text.replace("\\/", "/")  # JSON may escape slashes
    names = {host for match in IDENTIFIER.finditer(text) for host in ABSOLUTE_URL.findall(match[0])}
    rest = IDENTIFIER.sub(" ", text)
    urls = set(ABSOLUTE_URL.findall(rest)) | set(RELATIVE_URL.findall(rest))
    return {urlsplit(f"//{u}").hostname or u for u in urls}, {n.lower() for n in names}


def fetchable(host: str) -> bool:
    return host.startswith("127.") or host == "localhost" or host.endswith(".invalid")


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(build_content(), slow_seconds=0.05) as running:
        yield running


def page_urls(server: ReplicaServer) -> list[str]:
    """Every kind of page and file the replica serves, on the digest and on the source hosts."""
    posts = [e.url for e in server.expected_posts()]
    embed_carrier = next(p for p in server.content.posts if p.post_id % 3 == 2)
    urls = [
        *server.non_post_urls(),
        *posts,
        f"{posts[0]}embed/",
        f"{posts[0]}?replytocom=1#respond",
        server.url("/feed/"),
        server.url("/sitemap_index.xml"),
        server.url("/post-sitemap.xml"),
        server.url("/page-sitemap.xml"),
        server.url("/category-sitemap.xml"),
        server.url("/main-sitemap.xsl"),
        server.url("/robots.txt"),
        server.url("/no-such-page/"),
        *server.requisite_urls(embed_carrier.path),
        *server.source_urls(),
    ]
    for base in server.source_base_urls:
        urls += [base, f"{base}robots.txt", f"{base}no-such-page/"]
    return list(dict.fromkeys(urls))


def test_every_url_of_every_page_stays_off_the_internet(server: ReplicaServer) -> None:
    outside: dict[str, set[str]] = {}
    names: set[str] = set()
    answered = 0
    for url in page_urls(server):
        if (page := fetch(url)) is None:
            continue
        answered += 1
        found, identifiers = hosts("\n".join(page))
        names |= identifiers
        if bad := {h for h in found if not fetchable(h)}:
            outside[url] = bad
    assert answered > 100
    assert outside == {}
    assert names <= IDENTIFIER_HOSTS


def test_the_tag_manager_frame_is_kept_on_an_invalid_host(server: ReplicaServer) -> None:
    page = fetch(server.base_url)
    assert page is not None
    body = page[1]
    assert (
        '<noscript><iframe src="https://www.googletagmanager.invalid/ns.html?id=GTM-K7F3Q2X"'
        in body
    )
    assert "'https://www.googletagmanager.invalid/gtm.js?id='" in body
    assert "<link rel='dns-prefetch' href='//www.googletagmanager.invalid' />" in body


def test_the_scan_sees_what_it_must_refuse() -> None:
    page = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><link rel="dns-prefetch" href="//cdn.example">'
        "<script>var u='https://www.googletagmanager.com/gtm.js';</script>"
        '<a href="https://twitter.invalid/x">x</a><style>a{background:url(//img.example/a.png)}'
        "</style></html>"
    )
    found, identifiers = hosts(page)
    assert found == {"cdn.example", "www.googletagmanager.com", "twitter.invalid", "img.example"}
    assert identifiers == {"www.w3.org"}
    assert not fetchable("www.googletagmanager.com")
    assert fetchable("www.googletagmanager.invalid")
