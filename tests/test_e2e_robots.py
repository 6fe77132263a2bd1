"""End to end: a robots.txt that fails to load never opens its host (RFC 9309).

One outlet forbids ``/private/``. Crawled once while its robots.txt answers, then while it
answers 503 (the archive's copy from the first crawl stands in: the article is fetched again,
the private page still not), then into a new archive folder while it answers 503 (no copy:
nothing of the outlet but its robots.txt is asked, and both citations say
``robots_unreachable``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.helpers.hostile.crawl import crawl_options
from tests.helpers.hostile.server import Exchange
from tests.helpers.hostile.site import HostileSite, answer, plain_source

pytestmark = pytest.mark.e2e

OUTLET = "robots-error"  # 127.0.0.3: a host whose robots.txt the test controls
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@dataclass
class RobotsCrawl:
    returncode: int
    console: str
    sources: dict[str, dict[str, Any]]
    manifest: dict[str, Any]
    crawl_log: str


class SwitchableRobots:
    """The outlet's robots.txt: its rules, or a 503 once ``failing`` is set."""

    def __init__(self) -> None:
        self.failing = False

    def __call__(self, exchange: Exchange) -> None:
        # Answers late, so that every cited URL of the host waits for it at once.
        exchange.wait(0.5)
        if self.failing:
            exchange.send(503, b"robots.txt is down for maintenance", "text/plain")
        else:
            exchange.send(200, ROBOTS, "text/plain")


@dataclass
class Site:
    site: HostileSite
    robots: SwitchableRobots
    article: str
    private: list[str]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    robots = SwitchableRobots()
    with HostileSite([]) as hostile:
        hostile.route(OUTLET, "/robots.txt", robots)
        hostile.route(OUTLET, "/news/article", answer(plain_source("An open article")))
        hostile.route(OUTLET, "/private/", answer(plain_source("A private report")), prefix=True)
        article = hostile.url(OUTLET, "/news/article")
        private = [hostile.url(OUTLET, f"/private/report-{n}") for n in range(1, 6)]
        hostile.post("/robots/post/", "A post citing the outlet", [*private, article])
        yield Site(hostile, robots, article, private)


def crawl(site: Site, archive: Path, crawl_id: str) -> RobotsCrawl:
    archive.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "topten_crawler", "crawl", site.site.seed, "--out", str(archive),
         *crawl_options(site.site), "-s", f"TOPTEN_CRAWL_ID={crawl_id}"],
        cwd=archive, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    folder = archive / crawl_id
    records = [json.loads(line) for line in (folder / "records.jsonl").read_text().splitlines()]
    return RobotsCrawl(
        result.returncode,
        result.stdout + result.stderr,
        {r["url"]: r for r in records if r["type"] == "source"},
        json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
        (folder / "crawl.log").read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def crawls(site: Site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, RobotsCrawl]:
    archive = tmp_path_factory.mktemp("robots-archive")
    done = {"answering": crawl(site, archive, "1-answering")}
    site.robots.failing = True
    asked = site.site.hits(OUTLET, "/news/article")
    done["failing"] = crawl(site, archive, "2-failing")
    assert site.site.hits(OUTLET, "/news/article") == asked + 1  # fetched again, by the copy
    asked_before_new = {path: site.site.hits(OUTLET, path) for path in ("/news/article",)}
    done["new-archive"] = crawl(site, tmp_path_factory.mktemp("robots-new"), "1-failing")
    assert {p: site.site.hits(OUTLET, p) for p in asked_before_new} == asked_before_new
    # In none of the three crawls, though five requests wait for the robots.txt together
    # (Scrapy's own middleware hands the parser to the first of them only: the others went).
    assert [site.site.hits(OUTLET, urlsplit(url).path) for url in site.private] == [0] * 5
    return done


def test_answering_robots_txt_forbids_the_private_page(
    site: Site, crawls: dict[str, RobotsCrawl]
) -> None:
    first = crawls["answering"]
    assert first.returncode == 0, first.console[-2000:]
    assert first.sources[site.article]["error"] is None
    assert {first.sources[url]["error"] for url in site.private} == {"robots"}


def test_a_failing_robots_txt_is_replaced_by_the_archived_copy(
    site: Site, crawls: dict[str, RobotsCrawl]
) -> None:
    failing = crawls["failing"]
    assert failing.returncode == 0, failing.console[-2000:]
    assert failing.sources[site.article]["error"] is None
    assert {failing.sources[url]["error"] for url in site.private} == {"robots"}
    stats = failing.manifest["stats"]
    assert stats["topten/robots/archived_copy"] == 1
    assert stats["topten/robots/unreachable/http_5xx"] == 1
    assert "topten/robots/refused" not in stats
    assert "the copy archived on" in failing.crawl_log


def test_without_an_archived_copy_nothing_of_the_host_is_fetched(
    site: Site, crawls: dict[str, RobotsCrawl]
) -> None:
    new = crawls["new-archive"]
    assert {new.sources[url]["error"] for url in (site.article, *site.private)} == {
        "robots_unreachable"
    }
    stats = new.manifest["stats"]
    assert stats["topten/robots/refused"] == 6
    assert stats["topten/sources/error/robots_unreachable"] == 6
    assert "topten/robots/archived_copy" not in stats
    assert "nothing of" in new.crawl_log and "RFC 9309" in new.crawl_log
