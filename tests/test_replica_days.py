"""The replica through time: day 0 as before, day 1's documented differences, validators and
304s per host, expected_changes against what the pages show, set_day on the same ports."""

from __future__ import annotations

import dataclasses
import hashlib
import http.client
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from topten_crawler.items import Capture
from topten_crawler.pages.post import PostPage
from topten_crawler.replica import LinkResolver, ReplicaServer, build_content
from topten_crawler.replica.__main__ import main
from topten_crawler.replica.days import DOWN_OUTLET, NEW_POSTS_PER_DAY, POST_ADDITIONS, REWORDING
from topten_crawler.replica.site import DigestSite
from topten_crawler.replica.sources import build_source_sites


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(build_content(), page_weight="light", slow_seconds=0.2) as srv:
        yield srv
        srv.set_day(0)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def get(url: str, headers: dict[str, str] | None = None) -> Response:
    """One GET with exactly these headers (identity unless asked), redirects not followed."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", target, headers={"Accept-Encoding": "identity", **(headers or {})})
        response = conn.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        conn.close()


def refused(url: str) -> bool:
    try:
        get(url)
    except ConnectionRefusedError:
        return True
    return False


def post_record(url: str, html: str) -> dict[str, object]:
    """What the crawler's extractor makes of a post page, without the fetch's own fields."""
    capture = Capture(
        crawl_id="20240214T060000Z-test",
        fetched_at="2024-02-14T06:00:07Z",
        url=url,
        status=200,
        warc=None,
        content_type="text/html",
    )
    record = dataclasses.asdict(PostPage.from_html(url, html).to_record(capture))
    for name in ("crawl_id", "fetched_at", "warc", "fallbacks"):
        record.pop(name)
    return record


# --- day 0 is what the replica always served ----------------------------------------------------

# sha256 prefixes of pages rendered for fixed addresses by the replica before it had days.
DAY0_PAGES = {
    "/": "6af6a809b1895bb6",
    "/page/2/": "1d2a2a8d0318a876",
    "/feed/": "f428679667b25cba",
    "/post-sitemap.xml": "f80a1df8815865a5",
    "/category/europe/": "6b9b337b4a8409cc",
    "/europe/hackers-knock-the-tax-office-offline-in-yerevan/": "d6b9aa9434325786",
    "/first/iran-expands-missile-site-near-isfahan-images-show/": "47b9aa743a3ae6c9",
    "/europe/hackers-knock-the-tax-office-offline-in-yerevan/embed/": "917b149bb084f347",
    "/about-2/": "193ed0c4be1c1c1e",
    "/nope/": "1d77feffea150b02",
}
DAY0_SOURCES = {
    (0, "/2024/01/05/tbilisi-foreign-agents-bill-protest/"): "83485b0faa592a92",
    (1, "/world/afghanistan-hit-with-new-sanctions-over-drone-exports-20240131.html"): (
        "6d90fbadc043ec23"
    ),
    (2, "/news/armed-men-board-cargo-ship-in-the-sea-fe232a"): "d631661df50d9368",
}
FIXED = LinkResolver(
    "http://127.0.0.1:8000/",
    [f"http://127.0.0.{i}:8000/" for i in range(2, 9)],
    {7: "http://127.0.0.9:8001/"},
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@pytest.mark.parametrize("day0", [build_content(), build_content(day=0)])
def test_day_zero_is_byte_identical_to_the_replica_before_days(day0: object) -> None:
    from topten_crawler.replica import SiteContent

    assert isinstance(day0, SiteContent)
    site = DigestSite(day0, FIXED, "light")
    assert {path: sha(site.handle(path).body) for path in DAY0_PAGES} == DAY0_PAGES
    hosts = build_source_sites(day0, 7, FIXED, slow_seconds=0)
    got = {(i, path): sha(hosts[i].handle(path).body) for i, path in DAY0_SOURCES}
    assert got == DAY0_SOURCES


def test_going_back_to_day_zero_serves_day_zero_again(server: ReplicaServer) -> None:
    server.set_day(0)
    path = server.content.posts[1].path
    first = get(server.url(path)).body
    server.set_day(2)
    assert get(server.url(path)).body != first
    server.set_day(0)
    assert get(server.url(path)).body == first
    assert server.expected_posts() == build_content().expected_posts(server.links)


# --- day 1 --------------------------------------------------------------------------------------


def test_build_content_day_matches_the_server_day(server: ReplicaServer) -> None:
    day1 = build_content(day=1)
    assert day1.day == 1
    assert day1.expected_posts(server.links) == server.expected_posts(day=1)
    assert [p.title for p in build_content(day=3).posts] == [
        p.title for p in server.timeline.content(3).posts
    ]
    with pytest.raises(ValueError):
        build_content(day=-1)


def test_new_posts_are_listed_first(server: ReplicaServer) -> None:
    server.set_day(1)
    events = server.events()
    new = [server.content.post(k) for k in events.new_posts]
    assert len(new) == NEW_POSTS_PER_DAY
    assert server.content.posts[:NEW_POSTS_PER_DAY] == new
    urls = [server.url(p.path) for p in new]
    home = get(server.base_url).text
    positions = [home.index(f'href="{url}"') for url in urls]
    assert positions == sorted(positions)
    for url in urls:
        assert get(url).status == 200
        assert f"<link>{url}</link>" in get(server.url("/feed/")).text
        assert f"<loc>{url}</loc>" in get(server.url("/post-sitemap.xml")).text
    assert [e.url for e in server.expected_posts()[:NEW_POSTS_PER_DAY]] == urls
    # Newer than every post of day 0, with higher ids.
    day0 = server.timeline.content(0)
    assert min(p.published for p in new) > day0.posts[0].published
    assert min(p.post_id for p in new) > max(p.post_id for p in day0.posts)


def test_the_deleted_post_is_gone_everywhere(server: ReplicaServer) -> None:
    server.set_day(1)
    events = server.events()
    assert events.deleted is not None and events.deleted_path is not None
    old = server.timeline.content(0).post(events.deleted)
    url = server.url(old.path)
    assert get(url).status == 404
    assert get(server.url(f"/?p={old.post_id}")).status == 404
    assert get(server.url(old.path + "embed/")).status == 404
    assert not server.content.has_post(events.deleted)
    for path in ["/", "/feed/", "/post-sitemap.xml", old.categories[0].path]:
        page = get(server.url(path))
        assert page.status in (200, 404)
        assert url not in page.text, path
    showed_it = [p for p in server.timeline.content(0).posts if events.deleted in p.related_cards]
    assert showed_it
    for post in showed_it:
        page = get(server.url(post.path)).text
        assert url not in page
        assert len(server.content.post(post.key).related_cards) == 3
    assert url not in {e.url for e in server.expected_posts()}


def test_edited_posts_changed(server: ReplicaServer) -> None:
    server.set_day(1)
    events = server.events()
    assert events.extended and events.retitled
    before, after = server.timeline.content(0), server.content
    extended = after.post(events.extended)
    page = get(server.url(extended.path)).text
    assert any(a.split("{day}")[0] in page for a in POST_ADDITIONS)
    assert extended.modified > before.post(events.extended).modified
    assert f'"article:modified_time" content="{extended.modified.isoformat()}"' in page
    retitled = after.post(events.retitled)
    assert retitled.path == before.post(events.retitled).path  # the slug stays
    assert retitled.title != before.post(events.retitled).title
    page = get(server.url(retitled.path)).text
    assert '<h1 class="cs-entry__title"><span>' in page
    assert retitled.title.split(",")[0].split(" as ")[0][:20] in page
    assert retitled.modified > before.post(events.retitled).modified


def test_sources_die_and_change(server: ReplicaServer) -> None:
    server.set_day(1)
    events = server.events()
    assert events.host_down == DOWN_OUTLET
    assert events.source_gone and events.source_changed
    gone_url = server.links.external(*events.source_gone)
    changed_url = server.links.external(*events.source_changed)
    server.set_day(0)
    assert get(gone_url).status == 200
    down_base = server.links.source_base(DOWN_OUTLET)
    assert get(down_base + "robots.txt").status == 200
    before = get(changed_url).body
    server.set_day(1)
    assert get(gone_url).status == 404
    assert refused(down_base + "robots.txt")
    after = get(changed_url).body
    assert after != before
    expected = {e.url: e for e in server.expected_sources()}
    assert expected[gone_url].error == "http_404"
    assert expected[changed_url].text.startswith(
        {e.url: e for e in server.expected_sources(day=0)}[changed_url].text
    )
    down = [e for e in expected.values() if e.url.startswith(down_base)]
    assert down and all(e.error == "connection" and "connection_refused" in e.cases for e in down)


def test_a_source_turns_into_a_soft_404_and_another_drifts(server: ReplicaServer) -> None:
    server.set_day(1)
    events = server.events()
    assert events.source_soft_404 and events.source_drifted
    soft_url = server.links.external(*events.source_soft_404)
    drifted_url = server.links.external(*events.source_drifted)
    fated = [events.source_gone, events.source_changed]
    others = {server.links.external(*key) for key in fated if key}
    assert len({soft_url, drifted_url, *others}) == 4
    server.set_day(0)
    before = {e.url: e for e in server.expected_sources()}
    assert get(soft_url).status == 200
    server.set_day(1)
    page = get(soft_url)
    home = server.links.source_base(events.source_soft_404[0])
    assert page.status == 301 and page.headers["Location"] == home
    assert get(home).status == 200
    expected = {e.url: e for e in server.expected_sources()}
    assert expected[soft_url].final_url == home and expected[soft_url].link_state == "soft_404"
    assert expected[drifted_url].link_state == "drifted"
    old = set(before[drifted_url].text.replace("\n\n", " ").split(". "))
    new = expected[drifted_url].text.replace("\n\n", " ").split(". ")
    assert not old & set(new)  # no sentence in common
    assert expected[drifted_url].text.split("\n\n")[0] in get(drifted_url).text
    assert before[soft_url].link_state == before[drifted_url].link_state == "alive"
    server.set_day(2)  # they stay so
    later = {e.url: e for e in server.expected_sources()}
    assert later[soft_url].link_state == "soft_404" and later[drifted_url].link_state == "drifted"
    assert later[drifted_url].text == expected[drifted_url].text


def test_a_silent_edit_rewords_a_sentence_and_keeps_the_modified_time(
    server: ReplicaServer,
) -> None:
    server.set_day(1)
    events = server.events()
    assert events.reworded and events.reworded not in (events.extended, events.retitled)
    before, after = server.timeline.content(0), server.content
    old, new = before.post(events.reworded), after.post(events.reworded)
    assert new.modified == old.modified and new.title == old.title
    page = get(server.url(new.path)).text
    assert REWORDING in page
    changes = server.expected_changes(0, 1)
    assert server.url(new.path) in changes["posts"]["changed"]


def test_untouched_posts_differ_only_in_boilerplate(server: ReplicaServer) -> None:
    changes = server.expected_changes(0, 1)
    url = sorted(changes["posts"]["unchanged"])[0]
    server.set_day(0)
    old = get(url).text
    server.set_day(1)
    new = get(url).text
    assert old != new
    # The header's edition date, the share counts and the Recent Posts widget moved on.
    date = re.compile(r'data-date="([^"]*)"')
    assert date.findall(old) != date.findall(new)
    assert "Recent Posts</h5>" in new and "Recent Posts</h5>" not in old
    total = re.compile(r'pk-share-buttons-count pk-font-heading">(\d+)<')
    assert total.findall(old) == ["0"] and int(total.findall(new)[0]) > 0
    # What the crawler extracts stays the same.
    assert post_record(url, old) == post_record(url, new)
    server.set_day(2)
    assert total.findall(get(url).text) > total.findall(new)


def test_requisites_do_not_change(server: ReplicaServer) -> None:
    server.set_day(0)
    path = server.content.posts[1].path
    urls = server.requisite_urls(path)
    bodies = {u: get(u).body for u in urls}
    server.set_day(1)
    assert server.requisite_urls(path) == urls
    assert {u: get(u).body for u in urls} == bodies


def test_moving_days_keeps_the_ports(server: ReplicaServer) -> None:
    server.set_day(0)
    addresses = (server.base_url, server.source_base_urls)
    down = server.links.source_base(DOWN_OUTLET)
    for day in (1, 3, 0, 2, 0):
        server.set_day(day)
        assert server.day == day
        assert (server.base_url, server.source_base_urls) == addresses
        assert get(server.base_url).status == 200
        assert refused(down) == (day > 0)


# --- validators and 304 -------------------------------------------------------------------------


def test_digest_pages_answer_304_to_their_validators(server: ReplicaServer) -> None:
    server.set_day(0)
    url = server.url(server.content.posts[1].path)
    page = get(url)
    etag, modified = page.headers["ETag"], page.headers["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{24}"', etag)
    assert etag == f'"{hashlib.sha256(page.body).hexdigest()[:24]}"'
    zipped = get(url, {"Accept-Encoding": "gzip"})
    assert zipped.headers["ETag"] != etag  # another representation, another strong ETag
    again = get(url, {"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert again.headers["ETag"] == etag and again.headers["Last-Modified"] == modified
    assert again.headers["Content-Length"] is None
    assert get(url, {"If-None-Match": f'"x", W/{etag}'}).status == 304
    assert get(url, {"Accept-Encoding": "gzip", "If-None-Match": etag}).status == 200
    assert get(url, {"If-Modified-Since": modified}).status == 304
    assert get(url, {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}).status == 200
    # If-None-Match wins over If-Modified-Since.
    assert get(url, {"If-None-Match": '"other"', "If-Modified-Since": modified}).status == 200
    for path in ("/", "/feed/", "/category/europe/", "/about-2/", "/post-sitemap.xml"):
        listing = get(server.url(path))
        assert listing.headers["Last-Modified"], path
        assert get(server.url(path), {"If-None-Match": listing.headers["ETag"]}).status == 304
    assert get(server.url("/nope/")).headers["ETag"] is None


def test_daily_boilerplate_changes_etags_but_not_static_files(server: ReplicaServer) -> None:
    server.set_day(0)
    post = server.url(server.content.posts[1].path)
    embed = post + "embed/"
    css = server.url("/wp-content/themes/newsblock/style.css?ver=1.2.1")
    tags = {u: get(u).headers["ETag"] for u in (post, embed, css)}
    modified = get(post).headers["Last-Modified"]
    server.set_day(1)
    assert get(post, {"If-None-Match": tags[post]}).status == 200
    # The post itself was not edited: its Last-Modified stays.
    assert get(post, {"If-Modified-Since": modified}).status == 304
    assert get(embed, {"If-None-Match": tags[embed]}).status == 304
    got = get(css, {"If-None-Match": tags[css]})
    assert got.status == 304 and got.headers["Cache-Control"] == "max-age=31536000"
    font = server.url("/wp-content/themes/newsblock/fonts/fd-text-regular.woff2")
    assert get(font, {"If-None-Match": get(font).headers["ETag"]}).status == 304


def source_url(server: ReplicaServer, outlet: int) -> str:
    """A cited URL of the outlet that answers 200 today."""
    base = server.links.source_base(outlet)
    return next(
        e.url
        for e in server.expected_sources()
        if e.error is None and e.url.startswith(base) and not e.has("server_error_recovers")
    )


@pytest.mark.parametrize(
    ("outlet", "behaviour"),
    [(0, "honour"), (2, "honour"), (6, "honour"), (1, "ignore"), (3, "none")],
)
def test_source_hosts_and_validators(server: ReplicaServer, outlet: int, behaviour: str) -> None:
    server.set_day(0)
    url = source_url(server, outlet)
    page = get(url)
    etag = page.headers["ETag"]
    if behaviour == "none":
        assert etag is None and page.headers["Last-Modified"] is None
        return
    assert etag and page.headers["Last-Modified"].endswith(" GMT")
    again = get(url, {"If-None-Match": etag})
    if behaviour == "honour":
        assert again.status == 304 and again.body == b""
    else:  # the same bytes again, in a 200
        assert again.status == 200 and again.body == page.body


def test_unchanged_sources_keep_their_bytes_on_later_days(server: ReplicaServer) -> None:
    changes = server.expected_changes(0, 2)
    server.set_day(0)
    # Those that answer at all (the defunct outlet refuses on every day).
    unchanged = [u for u in sorted(changes["sources"]["unchanged"]) if not refused(u)]
    assert len(unchanged) > 50
    pages = {u: get(u) for u in unchanged}
    server.set_day(2)
    for url, old in pages.items():
        new = get(url)
        assert (new.status, new.body) == (old.status, old.body), url


# --- expected_changes -----------------------------------------------------------------------------


@pytest.mark.parametrize(("from_day", "to_day"), [(0, 1), (1, 2), (0, 3)])
def test_expected_changes_agree_with_the_pages(
    server: ReplicaServer, from_day: int, to_day: int
) -> None:
    changes = server.expected_changes(from_day, to_day)
    posts = changes["posts"]
    sources = changes["sources"]
    server.set_day(from_day)
    before = {e.url: get(e.url).text for e in server.expected_posts()}
    source_bodies = {url: get(url).body for url in sources["changed"]}
    server.set_day(to_day)
    after = {e.url: get(e.url).text for e in server.expected_posts()}
    assert posts["new"] == after.keys() - before.keys()
    assert posts["gone"] == before.keys() - after.keys()
    assert all(get(url).status == 404 for url in posts["gone"])
    both = before.keys() & after.keys()
    differ = {u for u in both if post_record(u, before[u]) != post_record(u, after[u])}
    assert posts["changed"] == differ
    assert posts["unchanged"] == both - differ
    assert len(posts["new"]) == NEW_POSTS_PER_DAY * (to_day - from_day)
    assert len(posts["gone"]) == to_day - from_day

    for url in sources["gone"]:
        assert refused(url) or get(url).status == 404
    day_to = {e.url: e for e in server.expected_sources()}
    for url in sources["new"]:
        # A URL first cited on a later day may have died since (0 -> 3).
        assert get(url).status == (day_to[url].status or 200)
    for url, body in source_bodies.items():
        page = get(url)
        if day_to[url].has("soft_404"):  # sent to the outlet's home page
            home = day_to[url].final_url
            assert page.status == 301 and page.headers["Location"] == home
            page = get(home or "")
        assert page.status == 200 and page.body != body
    assert sources["new"] and sources["changed"] and sources["gone"]


def test_the_cli_takes_a_day() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--day", "-1"])
    assert exit_info.value.code == 2
