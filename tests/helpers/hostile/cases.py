"""Every case of the hostile site: one fault each, served as a cited source or as the digest
site itself, with what a good end is and how to check it.

``failing`` says what still happens on main for a case the crawler does not survive yet
(the end-to-end test marks it ``xfail(strict=True)``, so it turns into a failure once fixed:
then clear it here).
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote

from tests.helpers.hostile.crawl import Outcome
from tests.helpers.hostile.server import Exchange
from tests.helpers.hostile.site import HostileSite, answer, digest_post, plain_source

Plan = dict[str, Any]
Check = Callable[[Outcome, Plan], list[str]]


@dataclass(frozen=True)
class Case:
    name: str
    fault: str  # what the server does
    expect: str  # what a good end is
    install: Callable[[HostileSite, Plan], None]
    check: Check
    failing: str | None = None  # what still happens on main; None: the crawler survives it


# --- checks ---------------------------------------------------------------------------------------
def sources_recorded(*, error: object = "any", status: int | None = None) -> Check:
    """Each cited URL has its source record; ``error``: the one code it must carry ("any":
    whatever it is; None: no error)."""

    def check(outcome: Outcome, plan: Plan) -> list[str]:
        problems = post_recorded()(outcome, plan)
        sources = outcome.sources()
        for url in plan["cited"]:
            record = sources.get(url)
            if record is None:
                problems.append(f"no source record for {url}")
            elif error != "any" and record["error"] != error:
                problems.append(f"{url}: error {record['error']!r}, expected {error!r}")
            elif status is not None and record["status"] != status:
                problems.append(f"{url}: status {record['status']}, expected {status}")
        return problems

    return check


def post_recorded(contains: str | None = None) -> Check:
    def check(outcome: Outcome, plan: Plan) -> list[str]:
        record = outcome.posts().get(plan["post"])
        if record is None:
            return [f"no post record for {plan['post']}"]
        text = " ".join(str(record.get(k) or "") for k in ("title", "text"))
        if contains is not None and contains not in text:
            return [f"the post record lacks {contains!r}"]
        return []

    return check


def failure_listed(reason: str | None = None) -> Check:
    """The post is a listed failure under its own URL (or a record saying why)."""

    def check(outcome: Outcome, plan: Plan) -> list[str]:
        url = plan["post"]
        failure = outcome.failures().get(url)
        record = outcome.posts().get(url)
        found = failure["reason"] if failure else (record or {}).get("error")
        if found is None:
            return [f"{url} is neither a listed failure nor a record with its error"]
        if reason is not None and found != reason:
            return [f"{url}: reason {found!r}, expected {reason!r}"]
        return []

    return check


def stat_named(*words: str) -> Check:
    """A cut counted in the stats: a key holding every one of ``words``."""

    def check(outcome: Outcome, plan: Plan) -> list[str]:
        if any(all(w in key for w in words) for key in outcome.stats()):
            return []
        return [f"no stat counting the cut ({' '.join(words)})"]

    return check


def accounted(outcome: Outcome, url: str) -> list[str]:
    """A URL that is no URL: a source record (under its URL, or its quoted form, with
    ``invalid_url``) or a counted ``invalid_url`` cut."""
    sources = outcome.sources()
    if url in sources or sources.get(quote(url, safe=":/?#[]@!$&'()*+,;=%")):
        return []
    if not stat_named("invalid_url")(outcome, {}):
        return []
    return [f"{url!r} neither a record nor a counted cut"]


def both(*checks: Check) -> Check:
    return lambda outcome, plan: [p for check in checks for p in check(outcome, plan)]


def fetched_once(path: str) -> Check:
    def check(outcome: Outcome, plan: Plan) -> list[str]:
        hits = plan["site"].hits("outlet", path)
        return [] if hits == 1 else [f"{path} fetched {hits} times"]

    return check


# --- bodies ---------------------------------------------------------------------------------------
@cache
def gzip_bomb(megabytes: int) -> bytes:
    """``megabytes`` MB of zeros gzipped: members of 1 MB each, about 1 KB apiece."""
    return gzip.compress(b"\0" * (1 << 20), 9) * megabytes


def links_page(count: int, base: str, title: str) -> bytes:
    links = "".join(f'<a href="{base}/l/{n}">link {n}</a> ' for n in range(count))
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{links}</p></article></body></html>").encode()  # fmt: skip


def redirect(location: str, status: int = 302) -> Callable[[Exchange], None]:
    def handler(exchange: Exchange) -> None:
        exchange.send(status, b"", None, [("Location", location)])

    return handler


# --- source cases ---------------------------------------------------------------------------------
def simple_source(path: str, handler: Callable[[Exchange], None], host: str = "outlet"):  # type: ignore[no-untyped-def]
    def install(site: HostileSite, plan: Plan) -> None:
        name = path.strip("/").replace("/", "-")
        site.route(host, path, handler)
        plan["site"] = site
        site.source_case(name, plan, site.url(host, path))

    return install


def _busy_once() -> Callable[[Exchange], None]:
    answered: list[int] = []

    def handler(exchange: Exchange) -> None:
        if not answered:
            answered.append(503)
            exchange.send(503, b"busy", headers=[("Retry-After", "0")])
        else:
            exchange.send(200, plain_source("Back again"))

    return handler


def _truncated(exchange: Exchange) -> None:
    body = plain_source("Cut short")
    exchange.send(200, body[: len(body) // 3], length=len(body))


def _drip(exchange: Exchange) -> None:
    exchange.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n")
    while not exchange.wait(0.5):
        exchange.raw(b"<")


def _sixty_megabytes(exchange: Exchange) -> None:
    size = 60 << 20
    exchange.raw(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n"
                 "Connection: close\r\n\r\n".encode())  # fmt: skip
    chunk = b"<p>" + b"x" * ((1 << 20) - 3)
    for _ in range(60):
        exchange.raw(chunk)


def _chunked_over_limit(exchange: Exchange) -> None:
    exchange.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
                 b"Connection: close\r\n\r\n")  # fmt: skip
    chunk = b"x" * (1 << 20)
    for _ in range(30):
        exchange.raw(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    exchange.raw(b"0\r\n\r\n")


def _gzip_truncated(exchange: Exchange) -> None:
    packed = gzip.compress(plain_source("A broken gzip stream") * 20)
    half = packed[: len(packed) // 2]
    exchange.send(200, half, headers=[("Content-Encoding", "gzip")])


def _gzip_bomb(exchange: Exchange) -> None:
    exchange.send(200, gzip_bomb(300), headers=[("Content-Encoding", "gzip")])


def _charset_lie(exchange: Exchange) -> None:
    text = plain_source("Café society – “quoted” à la carte").decode()
    exchange.send(200, text.encode("cp1252"), "text/html; charset=utf-8")


def _invalid_utf8_and_nuls(exchange: Exchange) -> None:
    body = plain_source("Bytes \xff and NULs").replace(b"council", b"coun\xffcil\x00 \xc3\x28")
    exchange.send(200, body)


def _jsonld_surrogate(exchange: Exchange) -> None:
    jsonld = (b'<script type="application/ld+json">{"@type":"NewsArticle",'
              b'"headline":"A lone \\ud800 surrogate","author":{"@type":"Person",'
              b'"name":"Half \\udc00 Pair"}}</script>')  # fmt: skip
    exchange.send(200, plain_source("JSON-LD surrogate").replace(b"</head>", jsonld + b"</head>"))


def _big_cookie(exchange: Exchange) -> None:
    exchange.send(200, plain_source("A big cookie"), headers=[("Set-Cookie", "a=" + "x" * 100_000)])


def _many_links_source(exchange: Exchange) -> None:
    exchange.send(200, links_page(100_000, "", "A hundred thousand links"))


def _reset(exchange: Exchange) -> None:
    exchange.reset()


def _hang(exchange: Exchange) -> None:
    exchange.wait(120)


def robots_source(host: str, robots: Callable[[Exchange], None]):  # type: ignore[no-untyped-def]
    def install(site: HostileSite, plan: Plan) -> None:
        site.route(host, "/robots.txt", robots)
        site.route(host, "/article", answer(plain_source(f"Behind a {host}")))
        site.source_case(host, plan, site.url(host, "/article"))

    return install


def _bad_ports(site: HostileSite, plan: Plan) -> None:
    site.route("outlet", "/after-bad-ports", answer(plain_source("After bad ports")))
    good = site.url("outlet", "/after-bad-ports")
    bad = ["http://127.0.0.2:99999/out-of-range", "http://127.0.0.2:P:P/malformed"]
    site.source_case("bad-ports", plan, *bad, good)
    plan["good"] = good


def _check_bad_ports(outcome: Outcome, plan: Plan) -> list[str]:
    problems = post_recorded()(outcome, plan)
    if plan["good"] not in outcome.sources():
        problems.append("the valid URL after the bad ports got no record")
    for url in plan["cited"][:2]:
        problems += accounted(outcome, url)
    return problems


def _space_in_host(site: HostileSite, plan: Plan) -> None:
    site.source_case("space-in-host", plan, "http://127.0.0 .2/a-story")


def _check_space_in_host(outcome: Outcome, plan: Plan) -> list[str]:
    problems = post_recorded()(outcome, plan)
    return problems + accounted(outcome, plan["cited"][0])


def _four_spellings(site: HostileSite, plan: Plan) -> None:
    site.route("outlet", "/same-story", answer(plain_source("One story, four spellings")))
    base = site.url("outlet", "/same-story")
    spellings = [base, base + "#comments", base + "?utm_source=digest&fbclid=abc",
                 base.replace("http://", "HTTP://")]  # fmt: skip
    site.source_case("four-spellings", plan, *spellings)
    plan["site"] = site


def _check_four_spellings(outcome: Outcome, plan: Plan) -> list[str]:
    problems = post_recorded()(outcome, plan)
    same = [url for url in outcome.sources() if "/same-story" in url]
    if len(same) != 1:
        problems.append(f"{len(same)} source records for one story")
    return problems + fetched_once("/same-story")(outcome, plan)


def _redirect_schemes(site: HostileSite, plan: Plan) -> None:
    for path, location in [("/to-file", "file:///etc/passwd"), ("/to-data", "data:text/html,hi"),
                           ("/to-js", "javascript:alert(1)")]:  # fmt: skip
        site.route("outlet", path, redirect(location))
    paths = ("/to-file", "/to-data", "/to-js")
    site.source_case("redirect-schemes", plan, *(site.url("outlet", p) for p in paths))


def _redirect_loop_source(site: HostileSite, plan: Plan) -> None:
    site.route("outlet", "/loop", redirect("/loop"))
    site.source_case("source-redirect-loop", plan, site.url("outlet", "/loop"))


def _hops(host: str, prefix: str, hops: int, final: bytes) -> Callable[[Exchange], None]:
    def handler(exchange: Exchange) -> None:
        step = int(exchange.target.rsplit("/", 1)[1] or 0)
        if step < hops:
            exchange.send(302, b"", None, [("Location", f"{prefix}{step + 1}")])
        else:
            exchange.send(200, final)

    return handler


def _thirty_hops_source(site: HostileSite, plan: Plan) -> None:
    site.route("outlet", "/hop/", _hops("outlet", "/hop/", 30, plain_source("Far")), prefix=True)
    site.source_case("source-30-hops", plan, site.url("outlet", "/hop/0"))


# --- digest site cases ----------------------------------------------------------------------------
def _post_surrogate(site: HostileSite, plan: Plan) -> None:
    plan["post"] = site.post("/hostile/post-surrogate/", "Lone surrogate",
                             [], headline_json='"A lone \\ud800 surrogate"')  # fmt: skip


def _post_nested(site: HostileSite, plan: Plan) -> None:
    path = "/hostile/post-nested/"
    url = site.url("site", path)
    page = digest_post(url, "Nested deep", ["Before the nesting comes this sentence."],
                       inner_html=b"<div>" * 50_000 + b"deep")  # fmt: skip
    plan["post"] = site.listed_page(path, page)


def _post_bytes(site: HostileSite, plan: Plan) -> None:
    path = "/hostile/post-bad-bytes/"
    url = site.url("site", path)
    page = digest_post(url, "Bad bytes", ["Plain words."]).replace(
        b"Plain words.", b"Plain \xff\xfe words\x00 with \xc3\x28 NULs."
    )
    plan["post"] = site.listed_page(path, page)


def _post_charset_lie(site: HostileSite, plan: Plan) -> None:
    path = "/hostile/post-charset-lie/"
    url = site.url("site", path)
    page = digest_post(url, "Charset lie", ["Café – “quoted”."]).decode().encode("cp1252")
    plan["post"] = site.listed_page(path, page, "text/html; charset=utf-8")


def _listed_answer(path: str, handler: Callable[[Exchange], None]):  # type: ignore[no-untyped-def]
    def install(site: HostileSite, plan: Plan) -> None:
        site.route("site", path, handler, prefix=path.endswith("/hop/"))
        url = site.url("site", path + ("0" if path.endswith("/hop/") else ""))
        site.home_links.append(url)
        plan["post"] = url

    return install


def _post_utm_only(site: HostileSite, plan: Plan) -> None:
    path = "/hostile/tracked-post/"
    url = site.url("site", path)
    site.route("site", path, answer(digest_post(url, "Tracked only", ["Linked with tags."])))
    site.home_links += [url + "?utm_source=newsletter", url + "?fbclid=IwAR0"]
    plan["post"] = url


def _post_two_spellings(site: HostileSite, plan: Plan) -> None:
    path = "/hostile/two-spellings/"
    url = site.url("site", path)
    page = answer(digest_post(url, "Two spellings", ["One post."], canonical=False))
    site.route("site", path, page)
    site.route("site", "/hostile/two%2Dspellings/", page)
    site.home_links += [url, site.url("site", "/hostile/two%2Dspellings/")]
    plan["post"] = url


def _check_one_post(outcome: Outcome, plan: Plan) -> list[str]:
    found = [u for u in outcome.posts() if "/hostile/two" in u]
    return [] if len(found) == 1 else [f"{len(found)} post records for one post: {found}"]


def _post_many_links(site: HostileSite, plan: Plan) -> None:
    path = "/hostile/post-many-links/"
    url = site.url("site", path)
    links = "".join(f'<a href="{site.url("outlet", f"/l/{n}")}">{n}</a> '
                    for n in range(100_000)).encode()  # fmt: skip
    page = digest_post(url, "Many links", ["A hundred thousand links follow."],
                       inner_html=b"<p>" + links + b"</p>")  # fmt: skip
    plan["post"] = site.listed_page(path, page)


def _trap(site: HostileSite, plan: Plan) -> None:
    def calendar(exchange: Exchange) -> None:
        step = int(exchange.target.rstrip("/").rsplit("/", 1)[1])
        links = "".join(f'<a href="/page/{step + k}/">next</a>' for k in (1, 2))
        exchange.send(200, f"<html><body class='archive'>{links}</body></html>".encode())

    site.route("site", "/page/", calendar, prefix=True)
    site.home_links.append(site.url("site", "/page/2/"))
    plan["post"] = site.url("site", site.CONTROL_PATH)


def _sitemap_bomb(site: HostileSite, plan: Plan) -> None:
    site.route("site", "/sitemap_index.xml",
               answer(gzip_bomb(300), "application/x-gzip"))  # fmt: skip
    plan["post"] = site.url("site", "/sitemap_index.xml")


def _huge_robots(exchange: Exchange) -> None:
    exchange.send(200, b"User-agent: *\nDisallow: /nothing-here/\n" * 280_000, "text/plain")


def _robots_error(exchange: Exchange) -> None:
    exchange.send(500, b"robots broke", "text/plain")


SOURCE = "a cited source"
SITE = "the digest site"

CASES: list[Case] = [
    # Cited sources that end well on main.
    Case("http-500", f"{SOURCE} answers 500", "a source record with http_5xx",
         simple_source("/http-500", answer(b"down", status=500)),
         sources_recorded(error="http_5xx")),
    Case("503-then-200", f"{SOURCE} answers 503, then 200", "a source record, status 200",
         simple_source("/busy", _busy_once()), sources_recorded(error=None, status=200)),
    Case("reset", f"{SOURCE} resets the connection", "a source record with its error",
         simple_source("/reset", _reset), sources_recorded()),
    Case("truncated", f"{SOURCE} closes before its Content-Length", "a source record",
         simple_source("/truncated", _truncated), sources_recorded()),
    Case("slow-drip", f"{SOURCE} sends a byte every half second", "a source record (timeout)",
         simple_source("/drip", _drip), sources_recorded(error="timeout")),
    Case("60-mb", f"{SOURCE} of 60 MB with its length", "a source record (too_large)",
         simple_source("/sixty", _sixty_megabytes), sources_recorded(error="too_large")),
    Case("charset-lie", f"{SOURCE} in cp1252 declared UTF-8", "a source record",
         simple_source("/charset-lie", _charset_lie), sources_recorded(error=None)),
    Case("bad-bytes", f"{SOURCE} with invalid UTF-8 and NULs", "a source record",
         simple_source("/bad-bytes", _invalid_utf8_and_nuls), sources_recorded(error=None)),
    Case("robots-error", f"{SOURCE} whose robots.txt answers 500",
         "a source record, not fetched: robots_unreachable (RFC 9309)",
         robots_source("robots-error", _robots_error),
         sources_recorded(error="robots_unreachable")),
    Case("robots-hang", f"{SOURCE} whose robots.txt never answers",
         "a source record, not fetched: robots_unreachable (RFC 9309)",
         robots_source("robots-hang", _hang), sources_recorded(error="robots_unreachable")),
    Case("jsonld-surrogate", f"{SOURCE} whose JSON-LD holds a lone surrogate",
         "a source record, text valid UTF-8",
         simple_source("/surrogate", _jsonld_surrogate), sources_recorded(error=None)),
    Case("post-surrogate", f"{SITE}: a post whose JSON-LD holds a lone surrogate",
         "the post record, U+FFFD for the surrogate", _post_surrogate,
         post_recorded(contains="A lone \ufffd surrogate")),
    Case("post-nested", f"{SITE}: a post nested 50,000 levels deep", "the post record",
         _post_nested, post_recorded(contains="Before the nesting")),
    Case("post-bad-bytes", f"{SITE}: a post with invalid UTF-8 and NULs", "the post record",
         _post_bytes, post_recorded()),
    Case("post-charset-lie", f"{SITE}: a post in cp1252 declared UTF-8", "the post record",
         _post_charset_lie, post_recorded()),
    Case("post-two-spellings", f"{SITE}: a post without canonical link, linked as -, %2D",
         "one post record", _post_two_spellings, _check_one_post),
    Case("robots-huge", f"{SOURCE} whose robots.txt is 10 MB", "a source record, bounded memory",
         robots_source("robots-huge", _huge_robots), sources_recorded()),
    Case("bad-ports", f"{SOURCE} URLs with ports :99999 and :P:P", "each a record or a cut",
         _bad_ports, _check_bad_ports),
    Case("space-in-host", f"{SOURCE} URL with a space in its host", "a record or a cut",
         _space_in_host, _check_space_in_host),
    Case("post-redirect-loop", f"{SITE}: a post URL redirecting to itself",
         "a listed failure, too_many_redirects",
         _listed_answer("/hostile/post-loop/", redirect("/hostile/post-loop/")),
         failure_listed("too_many_redirects")),
    Case("post-30-hops", f"{SITE}: a post behind 30 redirects",
         "a listed failure under the post's URL, too_many_redirects",
         _listed_answer("/hostile/hop/", _hops("site", "/hostile/hop/", 30, b"<html></html>")),
         failure_listed("too_many_redirects")),
    Case("source-redirect-schemes", f"{SOURCE} redirecting to file:, data:, javascript:",
         "source records, bad_redirect", _redirect_schemes,
         sources_recorded(error="bad_redirect")),
    Case("source-redirect-loop", f"{SOURCE} redirecting to itself",
         "a source record, too_many_redirects", _redirect_loop_source,
         sources_recorded(error="too_many_redirects")),
    Case("source-30-hops", f"{SOURCE} behind 30 redirects", "a source record, too_many_redirects",
         _thirty_hops_source, sources_recorded(error="too_many_redirects")),
    Case("chunked-over-limit", f"{SOURCE}: a chunked body of 30 MB", "a source record, too_large",
         simple_source("/chunked", _chunked_over_limit), sources_recorded(error="too_large")),
    Case("gzip-bomb", f"{SOURCE}: a gzip bomb (300 MB)", "a source record, too_large",
         simple_source("/bomb", _gzip_bomb), sources_recorded(error="too_large")),
    Case("gzip-truncated", f"{SOURCE}: a gzip stream cut in half", "a source record, truncated",
         simple_source("/gzip-cut", _gzip_truncated), sources_recorded(error="truncated")),
    Case("big-cookie", f"{SOURCE}: a 100 KB Set-Cookie header",
         "a source record, headers_too_large", simple_source("/cookie", _big_cookie),
         sources_recorded(error="headers_too_large")),
    Case("post-binary", f"{SITE}: binary bytes at a post URL", "a listed failure",
         _listed_answer("/hostile/post-binary/",
                        answer(bytes(range(256)) * 64, "application/octet-stream")),
         failure_listed()),
    Case("post-empty", f"{SITE}: zero bytes at a post URL", "a listed failure",
         _listed_answer("/hostile/post-empty/", answer(b"")), failure_listed()),
    Case("many-links-source", f"{SOURCE} with 100,000 links",
         "a source record in bounded time", simple_source("/many-links", _many_links_source),
         sources_recorded()),
    Case("many-links-post", f"{SITE}: a post with 100,000 cited links",
         "the post record; links past TOPTEN_MAX_LINKS_PER_PAGE cut and counted",
         _post_many_links, both(post_recorded(), stat_named("links", "cut"))),
    Case("trap", f"{SITE}: endless pagination", "listings stop, the cut counted",
         _trap, stat_named("topten/cut/")),
    Case("sitemap-bomb", f"{SITE}: a gzip bomb (300 MB) as the sitemap index",
         "a listed failure (sitemap_unreadable), in bounded memory", _sitemap_bomb,
         failure_listed("sitemap_unreadable")),
    Case("post-tracked-only", f"{SITE}: a post linked only through ?utm_ and ?fbclid= URLs",
         "the post record", _post_utm_only, post_recorded()),
    Case("four-spellings", f"{SOURCE} cited under four spellings", "one fetch, one record",
         _four_spellings, _check_four_spellings),
]  # fmt: skip

BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "case names must be unique"
