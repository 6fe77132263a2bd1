"""End to end: ``topten-crawler linkrot`` over the replica crawled on day 0, day 1 and day 1
again (the session's ``over_time`` archive): every cited URL's checks and state equal what the
replica did to it, and the confirmation rule holds with the crawls dated days apart."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.over_time import CRAWLS, DAYS, OverTime
from topten_crawler.overtime.crawls import archive_crawls
from topten_crawler.overtime.linkrot import link_states, track_links

pytestmark = pytest.mark.e2e

LIVE = ("alive", "unchecked")


def truth(over_time: OverTime, url: str) -> list[tuple[str, str]]:
    """(crawl, what the replica did to the URL that day) for every crawl that cited it."""
    return [
        (crawl, over_time.sources_by_url(day)[url].link_state)
        for crawl, day in DAYS.items()
        if url in over_time.sources_by_url(day)
    ]


def run_linkrot(archive: Path, out: Path, *settings: str) -> dict[str, dict[str, Any]]:
    extra = [part for setting in settings for part in ("-s", setting)]
    result = subprocess.run(
        [sys.executable, "-m", "topten_crawler", "linkrot", str(archive), "--out", str(out),
         *extra],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [json.loads(x) for x in (out / "linkrot.jsonl").read_text().splitlines()]
    return {line["url"]: line for line in lines}


@pytest.fixture(scope="module")
def linkrot(over_time: OverTime, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_linkrot(over_time.archive, tmp_path_factory.mktemp("linkrot"))


def test_the_replica_has_every_kind_of_rot(over_time: OverTime) -> None:
    states = {s.link_state for day in (0, 1) for s in over_time.sources[day]}
    assert {"alive", "gone", "connection", "soft_404", "drifted", "unchecked"} <= states


def test_every_check_is_what_the_replica_did(over_time: OverTime, linkrot: dict[str, Any]) -> None:
    assert set(linkrot) == {s.url for day in (0, 1) for s in over_time.sources[day]}
    for url, line in linkrot.items():
        checks = [(check["crawl_id"], check["state"]) for check in line["history"]]
        assert checks == truth(over_time, url), url
        for check in line["history"]:
            day = DAYS[check["crawl_id"]]
            expected = over_time.sources_by_url(day)[url]
            assert (check["status"], check["error"]) == (expected.status, expected.error), url
            if check["state"] != "soft_404":
                assert check["final_url"] == expected.final_url, url


def test_states_within_minutes_are_failing_not_dead(
    over_time: OverTime, linkrot: dict[str, Any]
) -> None:
    """The three crawls ran minutes apart: nothing has failed for three days yet."""
    for url, line in linkrot.items():
        last = truth(over_time, url)[-1][1]
        if last in LIVE:
            assert (line["state"], line.get("cause")) == (last, None), url
        else:
            assert (line["state"], line["cause"]) == ("failing", last), url


def test_dated_days_apart_the_twice_failed_are_dead(over_time: OverTime) -> None:
    """A fake clock: the crawls dated 1, 2 and 5 January. A URL failing on day 1 failed in the
    crawls of 2 and 5 January, three days apart: dead. One failing only in the first crawl
    (no longer cited on day 1) is still failing."""
    dates = [datetime(2026, 1, day, 6, tzinfo=UTC) for day in (1, 2, 5)]
    crawls = [
        dataclasses.replace(crawl, started_at=date)
        for crawl, date in zip(archive_crawls(over_time.archive), dates, strict=True)
    ]
    assert [c.crawl_id for c in crawls] == list(CRAWLS)
    states = {entry.url: (entry.state, entry.cause) for entry in track_links(crawls)}
    dead = 0
    for url, (state, cause) in states.items():
        checks = truth(over_time, url)
        last = checks[-1][1]
        if last in LIVE:
            assert (state, cause) == (last, None), url
        elif len(checks) == 3 and checks[1][1] not in LIVE:
            assert (state, cause) == (last, None), url
            dead += 1
        else:
            assert (state, cause) == ("failing", last), url
    assert dead >= 4  # the 404, the soft 404, the drifted article, the host gone down
    # The oldest failures are four days old: five days' confirmation leaves every one failing.
    assert set(link_states(crawls, confirm_days=5).values()) == {"alive", "failing", "unchecked"}


def test_the_page_links_every_dead_url_to_its_last_good_capture(
    over_time: OverTime, tmp_path: Path
) -> None:
    lines = run_linkrot(over_time.archive, tmp_path, "TOPTEN_LINKROT_CONFIRM_DAYS=0")
    page = (tmp_path / "linkrot.html").read_text(encoding="utf-8")
    dead = [line for line in lines.values() if line["state"] not in ("alive", "unchecked")]
    assert {line["state"] for line in dead} >= {"gone", "soft_404", "drifted", "connection"}
    for line in dead:
        assert line["url"] in page
        if line["last_ok"] is None:
            continue
        good = [h for h in line["history"] if h["state"] == "alive"][-1]
        stamp = "".join(ch for ch in good["captured_at"] if ch.isdigit())[:14]
        assert f'href="http://127.0.0.1:8080/{good["crawl_id"]}/{stamp}/{line["url"]}"' in page
    for outlet in {line["outlet"] for line in lines.values()}:
        assert f"<td>{outlet}</td>" in page
    assert "<svg" in page and "<script" not in page
