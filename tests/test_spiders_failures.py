"""The spider's failure accounting, driven without the engine: every failure is a record or a
listed failure under the URL that was asked for, with a reason from the closed list."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from topten_crawler import request_meta as meta
from topten_crawler import settings as project_settings
from topten_crawler.items import PostRecord, record_schema
from topten_crawler.reasons import REASON_CODES
from topten_crawler.spiders.request_kinds import RequestKind
from topten_crawler.spiders.topten import ToptenSpider

SEED = "https://digest.example/"


def make_spider(tmp_path: Path) -> ToptenSpider:
    settings = {
        name: getattr(project_settings, name)
        for name in dir(project_settings)
        if name.startswith("TOPTEN_")
    }
    settings.update(
        TOPTEN_OUTPUT_DIR=str(tmp_path),
        TOPTEN_CRAWL_ID="c1",
        TOPTEN_STATE_ENABLED=False,
        TOPTEN_REQUISITES_ENABLED=False,
        # Extraction inline: the callbacks run to their end without a reactor.
        TOPTEN_EXTRACT_WORKERS=1,
    )
    crawler = get_crawler(ToptenSpider, settings_dict=settings)
    spider = ToptenSpider.from_crawler(crawler, seed=SEED)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def page(url: str, body: bytes, kind: RequestKind = RequestKind.PAGE, **more: Any) -> Response:
    request = Request(url, meta={meta.REQUEST_KIND: kind.name, meta.SITE_PAGE: SEED, **more})
    cls = HtmlResponse if body.lstrip().startswith(b"<") else Response
    headers = {"Content-Type": "text/html" if cls is HtmlResponse else "application/zip"}
    return cls(url, body=body, headers=headers, request=request)


def drained(callback_output: AsyncIterator[Any]) -> list[Any]:
    """Everything an ``async`` callback yields."""

    async def collect() -> list[Any]:
        return [item async for item in callback_output]

    return asyncio.run(collect())


def failures(spider: ToptenSpider) -> dict[str, str]:
    return {f.url: f.reason for f in spider.run.failures}


def test_a_link_of_the_site_that_cannot_be_asked_is_listed_and_the_rest_followed(
    tmp_path: Path,
) -> None:
    spider = make_spider(tmp_path)
    links = (
        "<a href='https://digest.example:99999/lost/'>1</a>"
        "<a href='https://digest.example:P:P/lost-too/'>2</a>"
        "<a href='https://digest.example/found/'>3</a>"
    )
    response = page(SEED, f"<html><body class='home'>{links}</body></html>".encode())
    urls = [r.url for r in drained(spider.parse_page(response)) if isinstance(r, Request)]
    assert urls == ["https://digest.example/found/"]
    assert failures(spider) == {
        "https://digest.example:99999/lost/": "invalid_url",
        "https://digest.example:P:P/lost-too/": "invalid_url",
    }


def test_a_cited_url_that_cannot_be_asked_is_a_source_record(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    cited = [
        "https://outlet.example:99999/a",
        "https://outlet.example:P:P/b",
        "https://bad host.example/c",
        "https://outlet.example/fine",
    ]
    body = "".join(f"<p>It says so in <a href='{url}'>the report</a>.</p>" for url in cited)
    html = (
        "<html><body class='single-post'><h1>A post</h1>"
        f"<div class='entry-content'><p>First paragraph.</p>{body}</div></body></html>"
    )
    out = drained(spider.parse_page(page(SEED + "a-post/", html.encode())))
    post = next(item for item in out if isinstance(item, PostRecord))
    requested = [r.url for r in out if isinstance(r, Request)]
    assert "https://outlet.example/fine" in requested
    held = {c["url"] for c in post.citations} - {"https://outlet.example/fine"}
    assert len(held) == 3
    assert "https://bad%20host.example/c" in held  # one token, in the post as in its record
    records = {r["url"]: r for r in spider.ledger.release()}
    assert {url: records[url]["error"] for url in held} == dict.fromkeys(held, "invalid_url")
    assert spider.crawler.stats.get_value("topten/sources/error/invalid_url") == 3
    validator = Draft202012Validator(record_schema())
    for record in (asdict(post), *(records[url] for url in held)):
        assert not list(validator.iter_errors(record)), record


@pytest.mark.parametrize(
    ("body", "reason"), [(b"", "empty"), (b"   \n", "empty"), (bytes(range(256)), "not_html")]
)
def test_a_post_url_answering_nothing_or_a_file_is_a_listed_failure(
    tmp_path: Path, body: bytes, reason: str
) -> None:
    spider = make_spider(tmp_path)
    spider._archived_posts = {SEED + "a-post/"}
    response = page(SEED + "a-post/", body)
    out = drained(spider.parse_page(response))
    assert failures(spider) == {SEED + "a-post/": reason}
    # A post the archive holds that answers so now is gone, with the reason.
    assert [(r.url, r.error) for r in out if isinstance(r, PostRecord)] == [
        (SEED + "a-post/", reason)
    ]


def test_a_failure_at_the_end_of_a_redirect_chain_is_filed_under_the_first_url(
    tmp_path: Path,
) -> None:
    spider = make_spider(tmp_path)
    chain = [SEED + "a-post/", *(f"{SEED}hop/{n}/" for n in range(1, 10))]
    request = Request(
        f"{SEED}hop/10/",
        meta={meta.REQUEST_KIND: RequestKind.PAGE.name, "redirect_urls": chain},
    )
    failure = Failure(IgnoreRequest("max redirections reached"))
    failure.request = request  # type: ignore[attr-defined]
    spider.on_error(failure)
    assert failures(spider) == {SEED + "a-post/": "too_many_redirects"}


def test_an_unclassified_error_is_other_and_its_type_counted(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    failure = Failure(ZeroDivisionError("surprise"))
    failure.request = Request(  # type: ignore[attr-defined]
        "https://outlet.example/x", meta={meta.CITED_URL: "https://outlet.example/x"}
    )
    spider.on_source_error(failure)
    records = list(spider.ledger.release())
    assert [r["error"] for r in records] == ["other"]
    assert spider.crawler.stats.get_value("topten/errors/unclassified/ZeroDivisionError") == 1
    assert all(r["error"] in REASON_CODES for r in records)


def test_a_requisite_that_cannot_be_asked_is_counted_and_the_rest_requested(
    tmp_path: Path,
) -> None:
    spider = make_spider(tmp_path)
    spider.params = dataclasses.replace(spider.params, fetch_requisites=True)
    html = (
        "<html><head><link rel='stylesheet' href='https://cdn.example:99999/a.css'>"
        "<link rel='stylesheet' href='https://cdn.example/b.css'></head>"
        "<body class='home'></body></html>"
    )
    out = drained(spider.parse_page(page(SEED, html.encode())))
    assert [r.url for r in out if isinstance(r, Request)] == ["https://cdn.example/b.css"]
    assert spider.crawler.stats.get_value("topten/requisites/error/invalid_url") == 1
