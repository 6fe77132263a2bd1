"""The replica's source hosts: outlets with their own templates, metadata and HTTP cases."""

from __future__ import annotations

import gzip
import html
import http.client
import json
import re
import socket
import time
import urllib.robotparser
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

import pytest

from topten_crawler.replica import (
    ALL_CASES,
    DEFAULT_SOURCE_HOSTS,
    ExpectedSource,
    ReplicaServer,
    build_content,
)
from topten_crawler.replica.outlets import BOILERPLATE_MARKERS
from topten_crawler.replica.sources import make_pdf
from topten_crawler.settings import USER_AGENT

SLOW = 0.6  # the test server's slow_seconds


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(build_content(), page_weight="light", slow_seconds=SLOW) as srv:
        yield srv


@pytest.fixture(scope="module")
def expected(server: ReplicaServer) -> list[ExpectedSource]:
    return server.expected_sources()


def by_case(expected: list[ExpectedSource], case: str) -> ExpectedSource:
    return next(e for e in expected if e.case == case)


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 10) -> Response:
    """One GET, redirects not followed, exactly the headers given (no Accept-Encoding unless
    asked); chunked bodies are joined, content codings left alone."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.putrequest("GET", target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def raw_get(url: str, headers: dict[str, str]) -> tuple[str, bytes]:
    """The head and the body bytes exactly as they travel on the wire."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    lines = [f"GET {parts.path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


def dechunk(body: bytes) -> bytes:
    out, rest = b"", body
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return out
        out, rest = out + rest[:size], rest[size + 2 :]


def page_text(e: ExpectedSource, body: bytes, charset: str = "utf-8") -> str:
    return html.unescape(body.decode(charset))


# --- coverage of the expectations ---------------------------------------------------------------


def test_expected_sources_cover_every_cited_url_exactly_once(
    server: ReplicaServer, expected: list[ExpectedSource]
) -> None:
    urls = [e.url for e in expected]
    assert len(urls) == len(set(urls))
    assert set(urls) == set(server.source_urls())
    cited: dict[str, set[str]] = {}
    for post in server.expected_posts():
        for citation in post.citations:
            cited.setdefault(citation["url"], set()).add(post.url)
    assert set(cited) == set(urls)
    for e in expected:
        assert e.cited_by == sorted(cited[e.url]), e.url
        assert e.case == e.cases[0]
        assert set(e.record()) == set(ExpectedSource.RECORD_FIELDS)


def test_every_case_is_cited_by_a_post(expected: list[ExpectedSource]) -> None:
    counts = Counter(case for e in expected for case in e.cases)
    assert {case for case in ALL_CASES if counts[case] == 0} == set()
    # The single-URL cases are exactly one URL each.
    for case in ("redirect", "not_found", "server_error_recovers", "slow", "pdf", "image"):
        assert counts[case] == 1, case


def test_at_least_six_outlets_serve_html_articles(
    server: ReplicaServer, expected: list[ExpectedSource]
) -> None:
    outlets = {e.outlet for e in expected if e.content_type == "text/html" and e.status == 200}
    assert len(outlets) >= 6
    assert len(server.source_base_urls) == len(DEFAULT_SOURCE_HOSTS)


def test_expected_values_follow_the_record_rules(expected: list[ExpectedSource]) -> None:
    texts = [e.text for e in expected if e.content_type == "text/html" and e.status == 200]
    assert len(texts) == len(set(texts))  # every article is distinct
    for e in expected:
        if e.content_type == "text/html" and e.status == 200:
            assert 150 <= len(e.text.split()) <= 600, e.url
            assert "\n\n" in e.text and "\n\n\n" not in e.text
            assert e.title and e.author and e.published
            assert not e.author.startswith("By ")
            assert " | " not in e.title
            datetime.fromisoformat(e.published.replace("Z", "+00:00"))
        if e.error is not None:
            assert e.text == "" and e.title is None
        for marker in BOILERPLATE_MARKERS:
            assert marker not in e.text, (e.url, marker)


def test_titles_echo_the_citing_post(server: ReplicaServer, expected: list[ExpectedSource]) -> None:
    posts = {p.url: p for p in server.expected_posts()}
    for e in expected:
        if e.title is None or e.language == "fr":
            continue
        words = {w for w in re.findall(r"\w{5,}", e.title.lower())}
        post_words = set()
        for url in e.cited_by:
            post_words |= set(re.findall(r"\w{5,}", (posts[url].title + posts[url].text).lower()))
        assert words & post_words, e.url


def test_options_change_the_slow_and_recovering_expectations(server: ReplicaServer) -> None:
    patient = server.expected_sources(download_timeout=SLOW + 5)
    slow = next(e for e in patient if e.has("slow"))
    assert (slow.status, slow.error, slow.site_name) == (200, None, "Atlas Wire")
    assert slow.text and slow.published and slow.published.endswith(".000Z")
    hasty = server.expected_sources(retries=False)
    flaky = next(e for e in hasty if e.has("server_error_recovers"))
    assert (flaky.status, flaky.error, flaky.final_url) == (500, "http_5xx", flaky.url)


# --- the pages ----------------------------------------------------------------------------------


def test_jsonld_pages(expected: list[ExpectedSource]) -> None:
    for e in [*[x for x in expected if x.case == "jsonld"][:5], by_case(expected, "redirect")]:
        assert e.final_url is not None
        page = page_text(e, get(e.final_url).body)
        raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert raw is not None, e.url
        data = json.loads(raw.group(1))
        article = next((n for n in data.get("@graph", [data]) if n["@type"] == "NewsArticle"), None)
        assert article is not None
        assert article["headline"] == e.title
        assert article["datePublished"] == e.published
        assert article["dateModified"] > article["datePublished"]
        assert article["author"] == {"@type": "Person", "name": e.author}
        assert f'<html lang="{e.language}">' in page


def test_opengraph_pages(expected: list[ExpectedSource]) -> None:
    for e in [x for x in expected if x.case in ("opengraph", "shared")][:5]:
        assert e.final_url is not None
        page = page_text(e, get(e.final_url).body)
        assert "application/ld+json" not in page
        assert f'<meta property="og:title" content="{e.title} | {e.site_name}">' in page
        assert f'<meta property="og:site_name" content="{e.site_name}">' in page
        assert f'<meta property="article:published_time" content="{e.published}">' in page
        assert f'<meta name="author" content="By {e.author}">' in page
        assert "Subscribe to continue reading" in page  # the paywall teaser


def test_page_without_metadata(expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "no_metadata")
    assert e.final_url is not None
    response = get(e.final_url)
    assert response.headers["content-type"] == "text/html"  # charset only in the page
    page = page_text(e, response.body)
    assert (e.author, e.site_name, e.language) == ("Jane Roe", None, None)
    assert "application/ld+json" not in page and "og:" not in page
    assert 'name="author"' not in page and "<html>" in page
    assert f'<time datetime="{e.published}">' in page
    assert "By Jane Roe" in page
    assert "Lakeshore" not in page.replace("Lakeshore Daily", "")  # the name is nowhere


def test_foreign_language_page(expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "foreign_language")
    assert e.final_url is not None and e.language == "fr"
    page = page_text(e, get(e.final_url).body)
    assert '<html lang="fr">' in page
    assert "l’enquête" in e.text and "Publicité" in page


def test_every_paragraph_is_in_the_page_and_boilerplate_around_it(
    expected: list[ExpectedSource],
) -> None:
    seen: set[str | None] = set()
    for e in expected:
        if e.status != 200 or e.content_type != "text/html" or e.outlet in seen:
            continue
        if e.has("server_error_recovers"):
            continue
        seen.add(e.outlet)
        assert e.final_url is not None
        response = get(e.final_url)
        charset = "cp1252" if "windows-1252" in response.headers["content-type"] else "utf-8"
        page = page_text(e, response.body, charset)
        for paragraph in e.text.split("\n\n"):
            assert f"<p>{paragraph}</p>" in page, (e.url, paragraph)
        markers = [m for m in BOILERPLATE_MARKERS if m in page]
        assert len(markers) >= 4, (e.outlet, markers)
    assert len(seen) >= 6


def test_templates_differ_between_outlets(expected: list[ExpectedSource]) -> None:
    classes: dict[str | None, frozenset[str]] = {}
    for e in expected:
        if e.has("server_error_recovers"):
            continue
        if e.status == 200 and e.content_type == "text/html" and e.outlet not in classes:
            assert e.final_url is not None
            body = get(e.final_url).body.decode("latin-1")
            classes[e.outlet] = frozenset(re.findall(r'(?:class|id)="([^"]+)"', body))
    names = list(classes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            overlap = len(classes[a] & classes[b]) / min(len(classes[a]), len(classes[b]))
            assert overlap < 0.5, (a, b)


# --- HTTP cases -----------------------------------------------------------------------------------


def test_windows_1252_page(expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "windows_1252")
    head, body = raw_get(e.url, {})
    assert "\r\nContent-Type: text/html; charset=windows-1252\r\n" in head
    assert "Content-Encoding" not in head
    assert b"charset" not in body.lower()  # declared only in the HTTP header
    assert b"\x93" in body and b"\x94" in body and b"\xe9" in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = html.unescape(body.decode("cp1252"))
    for paragraph in e.text.split("\n\n"):
        assert paragraph in text
    assert "“" in e.text and "é" in e.text


def test_gzip_on_the_wire_when_accepted(expected: list[ExpectedSource]) -> None:
    e = next(x for x in expected if x.has("gzip") and x.status == 200 and not x.has("slow"))
    head, body = raw_get(e.url, {"Accept-Encoding": "gzip"})
    assert "\r\nContent-Encoding: gzip\r\n" in head
    if "Transfer-Encoding: chunked" in head:
        body = dechunk(body)
    assert body[:2] == b"\x1f\x8b"
    assert "</html>" in gzip.decompress(body).decode("utf-8")
    head, body = raw_get(e.url, {})
    assert "Content-Encoding" not in head and body.startswith(b"<!DOCTYPE html>")
    # Gzip with a Content-Length (not chunked) on the outlet without metadata.
    plain = by_case(expected, "no_metadata")
    head, body = raw_get(plain.url, {"Accept-Encoding": "gzip"})
    assert "Content-Encoding: gzip" in head and "Content-Length" in head
    assert body[:2] == b"\x1f\x8b"
    # An outlet that never compresses.
    never = next(x for x in expected if x.case == "opengraph" and not x.has("gzip"))
    head, _ = raw_get(never.url, {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in head


def test_redirect_to_the_canonical_url(expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "redirect")
    assert e.final_url is not None and e.final_url != e.url
    response = get(e.url)
    assert response.status == 301
    assert response.headers["location"] == e.final_url
    final = get(e.final_url)
    assert final.status == 200
    assert f'<link rel="canonical" href="{e.final_url}">' in final.body.decode()


def test_not_found(expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "not_found")
    response = get(e.url)
    assert (response.status, e.status, e.error) == (404, 404, "http_404")
    assert response.headers["content-type"].startswith(e.content_type or "")


def test_server_error_then_recovery(server: ReplicaServer, expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "server_error_recovers")
    assert (e.status, e.error) == (200, None)
    server.reset_source_failures()
    assert get(e.url).status == 500
    assert get(e.url).status == 200
    assert get(e.url).status == 200  # for the rest of the server's life
    server.reset_source_failures()
    assert get(e.url).status == 500
    assert get(e.url).status == 200


def test_slow_host_is_really_slow(server: ReplicaServer, expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "slow")
    assert (e.error, e.status, e.final_url) == ("timeout", None, None)
    with pytest.raises(TimeoutError):
        get(e.url, timeout=SLOW / 3)
    start = time.perf_counter()
    assert get(e.url, timeout=SLOW * 10).status == 200
    assert time.perf_counter() - start >= SLOW
    # robots.txt answers at once.
    start = time.perf_counter()
    assert get(urlsplit(e.url)._replace(path="/robots.txt").geturl()).status == 200
    assert time.perf_counter() - start < SLOW / 2


def test_slow_seconds_default_and_stop_ends_slow_answers() -> None:
    assert ReplicaServer(build_content(5)).slow_seconds == 5
    srv = ReplicaServer(build_content(), page_weight="light", slow_seconds=30).start()
    slow = next(e for e in srv.expected_sources() if e.has("slow"))
    sock = socket.create_connection((urlsplit(slow.url).hostname or "", urlsplit(slow.url).port))
    try:
        sock.sendall(f"GET {urlsplit(slow.url).path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        time.sleep(0.2)
        start = time.perf_counter()
        srv.stop()
        assert time.perf_counter() - start < 5
    finally:
        sock.close()


def test_robots_txt_disallows_the_private_path(
    server: ReplicaServer, expected: list[ExpectedSource]
) -> None:
    e = by_case(expected, "robots_disallowed")
    assert (e.error, e.status, e.final_url) == ("robots", None, None)
    robots_url = urlsplit(e.url)._replace(path="/robots.txt").geturl()
    robots = get(robots_url)
    assert robots.status == 200 and "Disallow: /private/" in robots.body.decode()
    parsers: dict[str, urllib.robotparser.RobotFileParser] = {}
    for base in server.source_base_urls:
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(get(base + "robots.txt").body.decode().splitlines())
        parsers[urlsplit(base).netloc] = parser
    assert not parsers[urlsplit(e.url).netloc].can_fetch(USER_AGENT, e.url)
    for other in expected:
        if other.error is None:
            assert parsers[urlsplit(other.url).netloc].can_fetch(USER_AGENT, other.url)
    # The page itself exists: only robots.txt keeps a polite crawler out.
    assert get(e.url).status == 200


def test_pdf(expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "pdf")
    response = get(e.url)
    assert response.status == 200
    assert response.headers["content-type"] == e.content_type == "application/pdf"
    assert response.body.startswith(b"%PDF-1.4") and response.body.rstrip().endswith(b"%%EOF")
    assert f"({e.text}) Tj".encode("cp1252") in response.body
    assert e.title is not None and e.author is not None and e.published is not None
    pypdf = pytest.importorskip("pypdf")
    import io

    reader = pypdf.PdfReader(io.BytesIO(response.body))
    assert reader.pages[0].extract_text().strip() == e.text
    assert reader.metadata.title == e.title and reader.metadata.author == e.author
    assert reader.metadata.creation_date.isoformat() == e.published


def test_make_pdf_escapes_parentheses() -> None:
    data = make_pdf("A (b)", "C", datetime(2024, 1, 1).astimezone(), "x (y) \\ z")
    assert b"(x \\(y\\) \\\\ z) Tj" in data


def test_image(expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "image")
    response = get(e.url)
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.body.startswith(b"\xff\xd8") and response.body.endswith(b"\xff\xd9")
    assert (e.text, e.title) == ("", None)


def test_shared_source_is_cited_by_two_posts(expected: list[ExpectedSource]) -> None:
    e = by_case(expected, "shared")
    assert len(e.cited_by) >= 2
    assert get(e.url).status == 200


def test_defunct_outlet_refuses_connections(
    server: ReplicaServer, expected: list[ExpectedSource]
) -> None:
    e = by_case(expected, "connection_refused")
    assert (e.error, e.status, e.final_url) == ("connection", None, None)
    parts = urlsplit(e.url)
    assert parts.netloc not in {urlsplit(b).netloc for b in server.source_base_urls}
    with pytest.raises(ConnectionRefusedError):
        get(e.url, timeout=5)


def test_every_source_host_serves_robots_and_a_home_page(server: ReplicaServer) -> None:
    for base in server.source_base_urls:
        assert get(base + "robots.txt").headers["content-type"].startswith("text/plain")
        assert get(base).status == 200


def test_digest_share_links_are_not_citations(
    server: ReplicaServer, expected: list[ExpectedSource]
) -> None:
    hosts = {urlsplit(e.url).netloc for e in expected}
    assert all(not h.endswith((".com", ".org")) for h in hosts)
    assert len(hosts) == len(DEFAULT_SOURCE_HOSTS) + 1  # and the defunct outlet's address


def test_fewer_source_hosts_share_outlets_by_path() -> None:
    with ReplicaServer(
        build_content(30), page_weight="light", source_hosts=("127.0.0.2",), slow_seconds=0
    ) as srv:
        for e in srv.expected_sources():
            if e.error is None and not e.has("server_error_recovers"):
                assert e.final_url is not None
                assert get(e.final_url).status == 200, e.url
        robots = get(srv.source_base_urls[0] + "robots.txt").body.decode()
        assert "Disallow: /private/" in robots and robots.count("User-agent: *") == 1
