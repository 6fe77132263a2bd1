"""End to end: every failure is a record or a listed failure with a reason from the closed list,
and the address guard refuses at connect time (``helpers/fault_site.py``).

One crawl of the fault site is shared by the tests of this module.
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
from jsonschema import Draft202012Validator
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.fault_site import (
    MAX_SOURCE_SIZE,
    OUTLET,
    TRAP,
    RunningSite,
    crawl_environment,
    fault_site,
)
from topten_crawler.items import record_schema
from topten_crawler.reasons import REASON_CODES

pytestmark = pytest.mark.e2e


@dataclass
class FaultCrawl:
    site: RunningSite
    result: subprocess.CompletedProcess[str]
    folder: Path
    records: list[dict[str, Any]]
    manifest: dict[str, Any]
    trap_connections: int

    def sources(self) -> dict[str, dict[str, Any]]:
        return {r["url"]: r for r in self.records if r["type"] == "source"}

    def failures(self) -> dict[str, str]:
        return {f["url"]: f["reason"] for f in self.manifest["failures"]}

    def warc(self) -> list[tuple[str, str, str | None]]:
        """(type, target URI, IP address) of every request and response record."""
        found = []
        for path in sorted((self.folder / "warc").glob("*.warc.gz")):
            with path.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type in ("request", "response"):
                        headers = record.rec_headers
                        found.append(
                            (
                                record.rec_type,
                                str(headers.get_header("WARC-Target-URI")),
                                headers.get_header("WARC-IP-Address"),
                            )
                        )
        return found


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultCrawl]:
    out = tmp_path_factory.mktemp("faults")
    with fault_site() as running:
        result = subprocess.run(
            [sys.executable, "-m", "topten_crawler", "crawl", running.site.site + "/",
             "--out", str(out), "-s", "TOPTEN_CRAWL_ID=c",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
             "-s", "RETRY_TIMES=0", "-s", "TOPTEN_REQUISITES_ENABLED=False",
             "-s", f"TOPTEN_ALLOWED_ADDRESSES={OUTLET}",
             "-s", f"TOPTEN_SOURCE_MAX_SIZE={MAX_SOURCE_SIZE}",
             "-s", "TOPTEN_SOURCE_TIMEOUT=20",
             "-s", "TWISTED_DNS_RESOLVER=tests.helpers.fault_site.RebindingResolver"],
            cwd=out, env=crawl_environment(), capture_output=True, text=True, timeout=300,
            check=False,
        )  # fmt: skip
        trap_connections = running.trap_connections()
    folder = out / "c"
    lines = (folder / "records.jsonl").read_text(encoding="utf-8").splitlines()
    yield FaultCrawl(
        site=running,
        result=result,
        folder=folder,
        records=[json.loads(line) for line in lines],
        manifest=json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
        trap_connections=trap_connections,
    )


def test_the_crawl_ends_well_without_a_traceback(crawl: FaultCrawl) -> None:
    output = crawl.result.stdout + crawl.result.stderr
    assert crawl.result.returncode == 0, output[-4000:]
    assert "Traceback" not in output
    assert not crawl.manifest["problems"], crawl.manifest["problems"]
    assert not [key for key in crawl.manifest["stats"] if key.startswith("spider_exceptions/")]


def test_every_cited_source_is_a_record_with_its_reason(crawl: FaultCrawl) -> None:
    sources = crawl.sources()
    expected = {e.url: e.reason for e in crawl.site.site.expected_sources()}
    assert {url: sources[url]["error"] for url in expected if url in sources} == expected
    assert set(sources) == set(expected)
    post = next(r for r in crawl.records if r["type"] == "post")
    assert all(source["cited_by"] == [post["url"]] for source in sources.values())


def test_every_record_is_valid_and_names_a_known_reason(crawl: FaultCrawl) -> None:
    validator = Draft202012Validator(record_schema())
    for record in crawl.records:
        assert not list(validator.iter_errors(record)), record
        assert record.get("error") is None or record["error"] in REASON_CODES
    assert not (crawl.folder / "invalid-records.jsonl").exists()
    for failure in crawl.manifest["failures"]:
        assert failure["reason"] in REASON_CODES
    counted = [
        k
        for k in crawl.manifest["stats"]
        if k.startswith(("topten/sources/error/", "topten/errors/"))
    ]
    assert counted
    assert {key.rsplit("/", 1)[1] for key in counted} <= set(REASON_CODES)


def test_a_failing_page_of_the_site_is_listed_under_its_own_url(crawl: FaultCrawl) -> None:
    failures = crawl.failures()
    site = crawl.site.site
    for path, reason in site.FAILING_POSTS:
        assert failures.get(site.site + path) == reason, failures
    # The chain is filed under the post, not under the hop where it was cut.
    assert not [url for url in failures if "/post-hop/" in url]
    # The home page's first link has a port out of range (another host, for a site on a port
    # of its own, so not followed); the links after it were all followed.
    assert "/post-citing/" in crawl.site.servers["site"].paths


def test_no_connection_to_a_blocked_address_is_ever_opened(crawl: FaultCrawl) -> None:
    assert crawl.trap_connections == 0
    warc = crawl.warc()
    assert not [entry for entry in warc if urlsplit(entry[1]).hostname == TRAP]
    assert not [entry for entry in warc if entry[2] == TRAP]
    # A blocked source is not in the archive at all; one that redirected to a blocked address
    # is, up to its redirect (an exchange with an allowed host), and no further.
    blocked = {url for url, r in crawl.sources().items() if r["error"] == "blocked_address"}
    redirected = crawl.site.site.outlet + "/redirect-to-private"
    assert {entry[1] for entry in warc} & blocked == {redirected}
    assert all(crawl.sources()[url]["warc"] is None for url in blocked)
    index = (crawl.folder / "indexes" / "index.cdxj").read_text(encoding="utf-8")
    assert TRAP not in index and "rebind.test:" not in index.split("/robots.txt")[0]


def test_a_rebound_name_is_refused_on_the_answer_the_connection_uses(crawl: FaultCrawl) -> None:
    warc = crawl.warc()
    rebound = [entry for entry in warc if urlsplit(entry[1]).hostname == "rebind.test"]
    # Its first answer (the outlet, allowed) served robots.txt; every later one pointed at the
    # trap and was refused before connecting.
    assert {entry[1].rsplit("/", 1)[1] for entry in rebound} == {"robots.txt"}
    assert {entry[2] for entry in rebound if entry[0] == "response"} <= {OUTLET}
    # One connection refused per blocked host, for its robots.txt (its pages then fail with
    # the same reason without another attempt: downloadermiddlewares/robotstxt.py), and one
    # per rebound page, whose host's robots.txt came from the allowed first answer (the
    # outlet's redirect to the trap is refused at the trap, which is one of the hosts).
    blocked = [url for url, r in crawl.sources().items() if r["error"] == "blocked_address"]
    hosts = {
        urlsplit(url).netloc
        for url in blocked
        if urlsplit(url).hostname not in ("rebind.test", OUTLET)
    }
    rebound_pages = [url for url in blocked if urlsplit(url).hostname == "rebind.test"]
    assert len(rebound_pages) == 2
    stats = crawl.manifest["stats"]
    assert stats.get("topten/address_guard/blocked", 0) >= len(hosts) + len(rebound_pages)


def test_the_stray_codes_of_old_are_gone(crawl: FaultCrawl) -> None:
    text = json.dumps(crawl.manifest) + (crawl.folder / "records.jsonl").read_text("utf-8")
    for stray in ("http_302", "valueerror", '"ignored"', "/ignored", "cancelled"):
        assert stray not in text
