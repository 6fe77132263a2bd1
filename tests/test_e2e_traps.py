"""End to end: a crawl of the trap site (``tests/helpers/trap_site.py``) ends, in bounded memory,
having fetched each page once under its normal form and counted everything it did not follow.

One crawl is shared by the tests of this module. Its peak memory and its time are printed, and
memory is held under 300 MB in each process: the crawl's own and each of its extraction
workers', sampled from ``/proc`` while it runs (``tests/helpers/process_memory.py`` says why
not ``wait4``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.process_memory import tree_high_water_bytes
from tests.helpers.trap_site import MANY_LINKS, TrapSite

pytestmark = pytest.mark.e2e

MAX_LISTING_PAGES = 40
MAX_LINKS_PER_PAGE = 1000  # the default
PEAK_RSS_LIMIT = 300 * 1024 * 1024


@dataclass
class TrapCrawl:
    site: TrapSite
    folder: Path
    returncode: int
    peak_rss: int  # bytes
    worker_peak_rss: int  # bytes: the largest resident set an extraction worker was seen with
    seconds: float
    records: list[dict[str, Any]]
    manifest: dict[str, Any]

    def posts(self) -> dict[str, dict[str, Any]]:
        return {r["url"]: r for r in self.records if r["type"] == "post"}

    def sources(self) -> dict[str, dict[str, Any]]:
        return {r["url"]: r for r in self.records if r["type"] == "source"}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrapCrawl]:
    out = tmp_path_factory.mktemp("traps")
    with TrapSite() as site:
        command = [
            sys.executable, "-m", "topten_crawler", "crawl", site.base_url, "--out", str(out),
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
            "-s", "TOPTEN_CRAWL_ID=c", "-s", "TOPTEN_ALLOW_PRIVATE_ADDRESSES=True",
            "-s", f"TOPTEN_MAX_LISTING_PAGES={MAX_LISTING_PAGES}",
        ]  # fmt: skip
        started = time.monotonic()
        with open(out / "console.txt", "wb") as console:
            process = subprocess.Popen(command, cwd=out, stdout=console, stderr=console)
            own_peak, worker_peak = _sample_peaks(process)
            try:
                _, status, _ = os.wait4(process.pid, 0)
            finally:
                process.returncode = 0  # reaped by wait4: Popen must not wait for it again
        seconds = time.monotonic() - started
        folder = out / "c"
        lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        result = TrapCrawl(
            site=site,
            folder=folder,
            returncode=os.waitstatus_to_exitcode(status),
            peak_rss=own_peak,
            worker_peak_rss=worker_peak,
            seconds=seconds,
            records=[json.loads(line) for line in lines],
            manifest=manifest,
        )
        print(
            f"\ntrap site crawl: {seconds:.1f} s, peak RSS {result.peak_rss / 2**20:.0f} MiB "
            f"(workers {result.worker_peak_rss / 2**20:.0f} MiB), "
            f"{manifest['counts']['responses']} responses"
        )
        yield result


def _sample_peaks(process: subprocess.Popen[bytes]) -> tuple[int, int]:
    """The crawl's own peak resident set and the largest of its descendants' (fork server,
    extraction workers), polled from ``/proc`` until ``process`` exits (without reaping it)."""
    own = workers = 0
    while os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        now_own, now_workers = tree_high_water_bytes(process.pid)
        own, workers = max(own, now_own), max(workers, now_workers)
        time.sleep(0.2)
    return own, workers


def test_the_crawl_ends_well_in_bounded_memory(crawl: TrapCrawl) -> None:
    console = (crawl.folder.parent / "console.txt").read_text(encoding="utf-8")
    assert crawl.returncode == 0, console[-3000:]
    assert crawl.manifest["ok"], crawl.manifest["problems"]
    assert "Traceback" not in console
    assert crawl.peak_rss < PEAK_RSS_LIMIT
    assert 0 < crawl.worker_peak_rss < PEAK_RSS_LIMIT


def test_every_post_is_recorded_once_under_its_normal_form(crawl: TrapCrawl) -> None:
    base = crawl.site.base_url
    expected = {f"{base}world/{slug}/" for slug in ("post-1", "post-2", "post-3")}
    expected |= {f"{base}world/{slug}/" for slug in ("tracked-a", "tracked-b", "many-links")}
    expected |= {f"{base}world/two-spellings/", f"{base}late/post/"}
    posts = [r["url"] for r in crawl.records if r["type"] == "post"]
    assert sorted(posts) == sorted(expected)


def test_posts_linked_with_tracking_parameters_are_fetched_without_them(crawl: TrapCrawl) -> None:
    hits = crawl.site.hits
    assert hits["/world/tracked-a/"] == 1
    assert hits["/world/tracked-b/"] == 1
    assert not [path for path in hits if "utm_" in path or "fbclid" in path]


def test_a_post_linked_under_two_spellings_is_fetched_once(crawl: TrapCrawl) -> None:
    hits = crawl.site.hits
    assert hits["/world/two-spellings/"] + hits["/World/Two-Spellings"] == 1


def test_one_source_cited_under_five_spellings_is_one_fetch_and_one_record(
    crawl: TrapCrawl,
) -> None:
    site = crawl.site
    assert site.hits["/story?id=1"] == 1
    assert site.hits_under("/story") + site.hits_under("/st%6F") == 1
    story = [r for r in crawl.records if r["type"] == "source" and "/story" in r["url"]]
    assert len(story) == 1
    (record,) = story
    assert record["url"] == site.story_url
    assert all(r["cited_urls"] for r in crawl.records if r["type"] == "source")
    # The fragment is no part of a citation: four distinct spellings remain.
    spellings = {url.partition("#")[0] for url in site.story_spellings}
    assert record["cited_urls"] == sorted(spellings)
    base = site.base_url
    assert record["cited_by"] == [f"{base}world/post-1/", f"{base}world/post-2/"]


def test_a_page_of_100k_links_is_read_up_to_the_limit(crawl: TrapCrawl) -> None:
    assert crawl.site.hits_under("/s/") == MAX_LINKS_PER_PAGE
    post = crawl.posts()[f"{crawl.site.base_url}world/many-links/"]
    assert len(post["citations"]) == MAX_LINKS_PER_PAGE
    cuts = crawl.manifest["counts"]["cuts"]
    assert cuts["links_per_page"] == MANY_LINKS - MAX_LINKS_PER_PAGE
    listed = [c for c in crawl.manifest["cuts"] if c["reason"] == "links_per_page"]
    assert listed == [
        {
            "url": f"{crawl.site.base_url}world/many-links/",
            "reason": "links_per_page",
            "count": MANY_LINKS - MAX_LINKS_PER_PAGE,
            "found_on": None,
        }
    ]


def test_endless_pagination_and_calendar_stop_and_are_counted(crawl: TrapCrawl) -> None:
    site = crawl.site
    # Page 2 shows the posts of page 1 again: page 3 is never asked for.
    assert site.hits_under("/page/") == 1
    # December 2026 shows no post: no other month is asked for.
    assert site.hits_under("/20") == 1
    # A walk that finds a new page every time stops at the listing limit.
    assert site.hits_under("/category/endless/") <= MAX_LISTING_PAGES
    cuts = crawl.manifest["counts"]["cuts"]
    assert cuts["listing_exhausted"] >= 2
    assert cuts["listing_pages"] >= 1
    where = {c["url"] for c in crawl.manifest["cuts"] if c["reason"] == "listing_exhausted"}
    assert {f"{site.base_url}page/2/", f"{site.base_url}2026/12/"} <= where


def test_a_growing_path_stops_at_its_repeated_segment(crawl: TrapCrawl) -> None:
    assert crawl.site.hits_under("/world/post-3/more/") == 2
    (cut,) = [c for c in crawl.manifest["cuts"] if c["reason"] == "repeating_path"]
    base = crawl.site.base_url
    assert cut["url"] == f"{base}world/post-3/more/more/more/"
    assert cut["found_on"] == f"{base}world/post-3/more/more/"


def test_a_gzip_bomb_sitemap_is_read_up_to_its_limit(crawl: TrapCrawl) -> None:
    site = crawl.site
    assert site.hits["/post-sitemap.xml.gz"] == 1
    (cut,) = [c for c in crawl.manifest["cuts"] if c["reason"] == "sitemap_too_large"]
    assert cut["url"] == f"{site.base_url}post-sitemap.xml.gz"
    stats = crawl.manifest["stats"]
    assert stats["topten/discovery/sitemap_urls"] == 1  # post-3, before the spaces


def test_a_huge_robots_txt_is_read_up_to_500_kib(crawl: TrapCrawl) -> None:
    site = crawl.site
    (cut,) = [c for c in crawl.manifest["cuts"] if c["reason"] == "robots_txt_too_large"]
    assert cut["url"] == f"{site.base_url}robots.txt"
    assert cut["count"] > 9 * 1024 * 1024
    # Its rule past 500 KiB is ignored, as the major search engines ignore it.
    assert site.hits["/late/post/"] == 1
