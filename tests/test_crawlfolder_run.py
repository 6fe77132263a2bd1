"""The crawl run: one object per crawler, shared by every component."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from topten_crawler.crawlfolder import run as run_module
from topten_crawler.crawlfolder.run import CrawlRun, recorded_settings


def test_every_component_of_a_crawler_gets_the_same_run(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"TOPTEN_OUTPUT_DIR": str(tmp_path)})
    run = CrawlRun.from_crawler(crawler)
    assert CrawlRun.from_crawler(crawler) is run
    assert run.folder.path == tmp_path / run.crawl_id
    assert run.folder.path.is_dir()
    other = CrawlRun.from_crawler(get_crawler(settings_dict={"TOPTEN_OUTPUT_DIR": str(tmp_path)}))
    assert other.crawl_id != run.crawl_id


def test_the_crawl_id_setting_names_the_folder(tmp_path: Path) -> None:
    settings = {"TOPTEN_OUTPUT_DIR": str(tmp_path), "TOPTEN_CRAWL_ID": "nightly-1"}
    run = CrawlRun.from_crawler(get_crawler(settings_dict=settings))
    assert run.crawl_id == "nightly-1"
    assert run.folder.path == tmp_path / "nightly-1"


def test_recorded_settings_hold_the_listed_ones_and_every_topten_setting(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"TOPTEN_OUTPUT_DIR": str(tmp_path), "TOPTEN_MAX_POSTS": 5})
    config = recorded_settings(crawler.settings)
    assert config["TOPTEN_MAX_POSTS"] == 5
    assert config["TOPTEN_OUTPUT_DIR"] == str(tmp_path)
    assert isinstance(config["DEFAULT_REQUEST_HEADERS"], dict)
    assert set(run_module.RECORDED_SETTINGS) <= set(config)
    assert CrawlRun.from_crawler(crawler).config == config


def test_seeds_make_the_sites_the_run_owns(tmp_path: Path) -> None:
    run = CrawlRun.create(tmp_path, "c1")
    run.set_seeds(["https://www.digest.example/", "http://127.0.0.1:8000/"])
    assert run.owns("https://digest.example/trending/a-post/")
    assert run.owns("http://127.0.0.1:8000/page/2/")
    assert not run.owns("http://127.0.0.2:8000/")
    assert not run.owns("https://outlet.example/story")
    assert run.site_of("http://127.0.0.1:8000/x").seed == "http://127.0.0.1:8000/"
    assert run.site_of("https://elsewhere.example/", seed="https://www.digest.example/").host == (
        "digest.example"
    )


def test_failures_are_listed_up_to_a_limit_and_counted_beyond(tmp_path: Path) -> None:
    run = CrawlRun.create(tmp_path, "c1")
    for number in range(run_module.MAX_LISTED_FAILURES + 5):
        run.add_failure(f"https://digest.example/{number}", "http_404", "topten/errors/page")
    assert len(run.failures) == run_module.MAX_LISTED_FAILURES
    assert run.failures_not_listed == 5
    assert run.failures_as_dicts()[0] == {
        "url": "https://digest.example/0",
        "reason": "http_404",
        "kind": "topten/errors/page",
    }


def test_the_seeds_are_kept_in_the_crawl_folder(tmp_path: Path) -> None:
    run = CrawlRun.create(tmp_path, "c1")
    assert run.folder.read_seeds() is None
    run.set_seeds(["http://127.0.0.1:8000/", "https://digest.example/"])
    assert run.folder.read_seeds() == ["http://127.0.0.1:8000/", "https://digest.example/"]
    assert run.folder.seeds_file.read_text(encoding="utf-8").endswith("/\n")
