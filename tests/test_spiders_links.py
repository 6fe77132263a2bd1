"""What the spider follows from a page: normal forms, one request per page, limits and traps.

The spider is built with ``get_crawler`` and given pages as ``HtmlResponse`` objects; nothing
is fetched. A listing page here is any page of the site that is no post.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from topten_crawler import request_meta as meta
from topten_crawler import settings as project_settings
from topten_crawler.items import PostRecord
from topten_crawler.pages import links as links_module
from topten_crawler.spiders.topten import ToptenSpider

SITE = "http://digest.example/"


def make_spider(tmp_path: Path, **settings: Any) -> ToptenSpider:
    project = {name: getattr(project_settings, name) for name in dir(project_settings)}
    crawler = get_crawler(
        ToptenSpider,
        settings_dict={
            **{name: value for name, value in project.items() if name.startswith("TOPTEN_")},
            "TOPTEN_OUTPUT_DIR": str(tmp_path),
            "TOPTEN_CRAWL_ID": "c",
            "TOPTEN_REQUISITES_ENABLED": False,
            "TOPTEN_STATE_ENABLED": False,
            # Extraction inline: the callbacks run to their end without a reactor.
            "TOPTEN_EXTRACT_WORKERS": 1,
            **settings,
        },
    )
    spider: ToptenSpider = ToptenSpider.from_crawler(crawler, seed=SITE)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def drained(callback_output: AsyncIterator[Any]) -> list[Any]:
    """Everything an ``async`` callback yields."""

    async def collect() -> list[Any]:
        return [item async for item in callback_output]

    return asyncio.run(collect())


def listing(url: str, hrefs: Iterable[str], listed_by: str | None = None) -> HtmlResponse:
    """A listing page; ``listed_by``: the URL of the listing whose links asked for it."""
    links = "".join(f'<a href="{href}">a link</a>\n' for href in hrefs)
    html = f'<html><body class="home blog"><main>{links}</main></body></html>'
    return page(url, html, {meta.LISTED_BY: listed_by} if listed_by else {})


def post(url: str, cited: Iterable[str]) -> HtmlResponse:
    links = "".join(f'<p>Read <a href="{href}">the story</a>.</p>\n' for href in cited)
    html = (
        '<html><head><title>A post</title></head><body class="single single-post postid-7">'
        f'<div class="entry-content"><p>Opening words of the post.</p>{links}</div>'
        "</body></html>"
    )
    return page(url, html)


def page(url: str, html: str, more_meta: dict[str, str] | None = None) -> HtmlResponse:
    request = Request(url, meta={meta.SITE_PAGE: SITE, **(more_meta or {})})
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=request)


def followed(spider: ToptenSpider, response: HtmlResponse) -> list[str]:
    """The URLs of the requests a page's callback yields."""
    return requested(drained(spider.parse_page(response)))


def requested(results: Iterable[Any]) -> list[str]:
    return [r.url for r in results if isinstance(r, Request)]


def stat(spider: ToptenSpider, key: str) -> Any:
    return spider.crawler.stats.get_value(key)


def test_a_post_linked_with_tracking_parameters_is_asked_for_without_them(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    links = ["/world/a-post/?utm_source=twitter", "/world/b-post/?fbclid=IwAR"]
    urls = followed(spider, listing(SITE, links))
    assert urls == [f"{SITE}world/a-post/", f"{SITE}world/b-post/"]


def test_spellings_of_one_page_are_asked_for_once(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    spellings = [
        "/world/a-post/",
        "/world/a-post",
        "/World/A-Post/",
        "http://DIGEST.example:80/world/a-post/#comments",
        "/world/a-p%6Fst/",
    ]
    assert followed(spider, listing(SITE, spellings)) == [f"{SITE}world/a-post/"]
    again = listing(f"{SITE}page/2/", ["/world/a-post", "/world/new-post/"], listed_by=SITE)
    assert followed(spider, again) == [f"{SITE}world/new-post/"]


def test_a_listing_that_shows_no_new_post_ends_its_walk(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    first = listing(SITE, ["/world/a-post/", "/page/2/"])
    assert followed(spider, first) == [f"{SITE}page/2/", f"{SITE}world/a-post/"]
    # Page 2 of an endless pagination shows the same post again and links page 3.
    repeat = listing(f"{SITE}page/2/", ["/world/a-post/", "/page/3/", "/2026/12/"], SITE)
    assert followed(spider, repeat) == []
    assert stat(spider, "topten/cut/listing_exhausted") == 2
    cuts = spider.run.cuts_as_dicts()
    assert cuts == [
        {"url": f"{SITE}page/2/", "reason": "listing_exhausted", "count": 2, "found_on": None}
    ]


def test_a_calendar_of_empty_months_ends_at_its_first_page(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    drained(spider.parse_page(listing(SITE, ["/about/", "/2026/12/"])))
    month = listing(f"{SITE}2026/12/", ["/about/", "/2026/11/", "/2027/01/"], SITE)
    assert followed(spider, month) == []
    assert stat(spider, "topten/cut/listing_exhausted") == 2


def test_a_listing_is_judged_by_its_own_chain_whatever_order_pages_complete_in(
    tmp_path: Path,
) -> None:
    """Page 2 of the home page and a category archive show the same post: each shows it first
    in its own chain, so both walks go on, whichever extraction completes first."""
    outcomes = []
    for category_first in (True, False):
        spider = make_spider(tmp_path / str(category_first))
        drained(spider.parse_page(listing(SITE, ["/world/a-post/", "/page/2/", "/category/x/"])))
        page_two = listing(f"{SITE}page/2/", ["/world/shared/", "/page/3/"], SITE)
        category = listing(f"{SITE}category/x/", ["/world/shared/", "/category/x/page/2/"], SITE)
        ordered = [category, page_two] if category_first else [page_two, category]
        outcomes.append(sorted(url for response in ordered for url in followed(spider, response)))
    assert outcomes[0] == outcomes[1]
    assert {f"{SITE}page/3/", f"{SITE}category/x/page/2/"} <= set(outcomes[0])
    # Further down a chain, a page showing only what the pages before it showed still ends it.
    repeat = listing(f"{SITE}page/3/", ["/world/shared/", "/page/4/"], f"{SITE}page/2/")
    assert followed(spider, repeat) == []


def test_listing_pages_stop_at_their_limit(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, TOPTEN_MAX_LISTING_PAGES=3)
    for number in range(1, 6):
        hrefs = [f"/world/post-{number}/", f"/page/{number + 1}/"]
        page = listing(f"{SITE}page/{number}/", hrefs, f"{SITE}page/{number - 1}/")
        urls = followed(spider, page)
        assert (urls != []) is (number <= 3)
    assert stat(spider, "topten/cut/listing_pages") == 4  # two links on each of pages 4 and 5


def test_trap_urls_are_not_followed_and_counted_once(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    traps = ["/page/2/page/3/page/4/", "/world/" + "x" * 2100 + "/"]
    urls = followed(spider, listing(SITE, [*traps, "/world/a-post/"]))
    assert urls == [f"{SITE}world/a-post/"]
    drained(spider.parse_page(post(f"{SITE}world/a-post/", [])))
    drained(spider.parse_page(listing(f"{SITE}world/b/", [*traps, "/world/c/"])))
    assert stat(spider, "topten/cut/repeating_path") == 1
    assert stat(spider, "topten/cut/url_too_long") == 1
    (cut, _) = spider.run.cuts_as_dicts()
    assert cut["found_on"] == SITE


def test_links_past_the_page_limit_are_counted_not_read(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, TOPTEN_MAX_LINKS_PER_PAGE=10)
    hrefs = [f"/world/post-{n}/" for n in range(25)]
    urls = followed(spider, listing(SITE, hrefs))
    assert urls == [f"{SITE}world/post-{n}/" for n in range(10)]
    assert stat(spider, "topten/cut/links_per_page") == 15


def test_a_post_of_many_citations_cites_at_most_the_limit(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, TOPTEN_MAX_LINKS_PER_PAGE=10)
    cited = [f"https://outlet{n}.example/story" for n in range(30)]
    results = drained(spider.parse_page(post(f"{SITE}world/a-post/", cited)))
    (record,) = [r for r in results if isinstance(r, PostRecord)]
    assert len(record.citations) == 10
    sources = [r for r in results if isinstance(r, Request) and r.meta.get(meta.CITED_URL)]
    assert len(sources) == 10
    assert stat(spider, "topten/extract/problem/citations_cut") == 1
    assert stat(spider, "topten/cut/links_per_page") == 20


def test_four_spellings_of_one_source_are_one_fetch_in_normal_form(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    spellings = [
        "https://news.example/story?id=1",
        "https://NEWS.example/story?id=1#top",
        "https://news.example:443/story?id=1",
        "https://news.example/story?utm_source=fdn&id=1",
    ]
    first = drained(spider.parse_page(post(f"{SITE}world/a-post/", spellings[:2])))
    second = drained(spider.parse_page(post(f"{SITE}world/b-post/", spellings[2:])))
    sources = [r for r in first + second if isinstance(r, Request) and meta.CITED_URL in r.meta]
    assert [(r.url, r.meta[meta.CITED_URL]) for r in sources] == [
        ("https://news.example/story?id=1", "https://news.example/story?id=1")
    ]
    # As the posts' records cite them: a fragment is never part of a citation.
    cited = [spelling.removesuffix("#top") for spelling in spellings]
    assert sorted(spider.ledger.spellings["https://news.example/story?id=1"]) == sorted(cited)


@pytest.mark.parametrize("links", [1_000, 4_000])
def test_reading_links_is_linear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: int
) -> None:
    """Counted in calls of the URL normaliser per link, not timed: one per link at any size."""
    calls = {"count": 0}
    real = links_module.normal_url

    def counting(url: str) -> str:
        calls["count"] += 1
        return real(url)

    monkeypatch.setattr(links_module, "normal_url", counting)
    spider = make_spider(tmp_path, TOPTEN_MAX_LINKS_PER_PAGE=0)
    hrefs = [f"/world/post-{n}/" for n in range(links)]
    assert len(followed(spider, listing(SITE, hrefs))) == links
    assert calls["count"] == links
