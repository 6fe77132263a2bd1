"""The spider's policy tables and parameters, checked without crawling."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from topten_crawler import settings as project_settings
from topten_crawler.seeds import SeedError
from topten_crawler.spiders.params import ToptenParams
from topten_crawler.spiders.request_kinds import RequestKind
from topten_crawler.spiders.topten import ToptenSpider


def test_every_request_kind_is_its_own_member_with_a_callback_on_the_spider() -> None:
    # Equal specs would silently make one kind an alias of another.
    assert len(RequestKind) == len(RequestKind.__members__)
    for kind in RequestKind:
        assert callable(getattr(ToptenSpider, kind.spec.callback))


def test_listings_come_before_requisites_before_posts_before_sources() -> None:
    assert RequestKind.SITEMAP.spec.priority > RequestKind.LISTING.spec.priority
    assert RequestKind.LISTING.spec.priority > RequestKind.REQUISITE.spec.priority
    assert RequestKind.REQUISITE.spec.priority > RequestKind.PAGE.spec.priority
    assert RequestKind.PAGE.spec.priority > RequestKind.SOURCE.spec.priority
    assert RequestKind.SOURCE.spec.priority > RequestKind.FLUSH.spec.priority


def test_only_pages_of_the_site_obey_the_post_limit() -> None:
    site_pages = {kind for kind in RequestKind if kind.spec.site_page}
    assert site_pages == {
        RequestKind.SEED,
        RequestKind.LISTING,
        RequestKind.PAGE,
        RequestKind.SITEMAP,
        RequestKind.FEED,
    }


def crawler_settings(tmp_path: Path, **values: object) -> object:
    settings = {
        name: getattr(project_settings, name)
        for name in dir(project_settings)
        if name.startswith("TOPTEN_")
    }
    settings.update({"TOPTEN_OUTPUT_DIR": str(tmp_path), **values})
    return get_crawler(settings_dict=settings).settings


def test_arguments_win_over_settings(tmp_path: Path) -> None:
    settings = crawler_settings(tmp_path, TOPTEN_MAX_POSTS=9)
    params = ToptenParams.from_arguments(
        settings, seed="https://a.example/, https://b.example/", max_posts="3"
    )
    assert params.seeds == ["https://a.example/", "https://b.example/"]
    assert params.max_posts == 3
    assert ToptenParams.from_arguments(settings, seed="https://a.example/").max_posts == 9


def test_a_seeds_file_argument_and_bad_seeds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("# digest\nhttps://digest.example/\n", encoding="utf-8")
    settings = crawler_settings(tmp_path, TOPTEN_SOURCE_TIMEOUT=7)
    params = ToptenParams.from_arguments(settings, seeds_file=str(seeds))
    assert params.seeds == ["https://digest.example/"]
    assert params.source_limits["download_timeout"] == 7.0
    with pytest.raises(SeedError, match="not an http"):
        ToptenParams.from_arguments(settings, seed="ftp://digest.example/")


def test_the_spider_gives_the_run_its_seeds(tmp_path: Path) -> None:
    crawler = get_crawler(
        ToptenSpider, settings_dict={"TOPTEN_OUTPUT_DIR": str(tmp_path), "TOPTEN_CRAWL_ID": "c1"}
    )
    spider = ToptenSpider.from_crawler(crawler, seed="http://127.0.0.1:8000/")
    assert spider.run.seeds == ["http://127.0.0.1:8000/"]
    assert spider.run.owns("http://127.0.0.1:8000/trending/x/")
    assert spider.ledger.spool_path == tmp_path / "c1" / ".pending-sources.jsonl"
