"""Cited URLs across hand-made crawls: each check's state, the confirmation rule, the files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.archive_folders import write_crawl
from topten_crawler.cli import main
from topten_crawler.overtime.crawls import archive_crawls
from topten_crawler.overtime.html import age_bins, alive_chart
from topten_crawler.overtime.linkrot import CitedUrl, check_state, link_states, track_links

POST = "https://digest.example/trending/talks/"
URL = "https://news.example/world/2024/talks-resume"
ARTICLE = "Talks resumed on Monday. Envoys met in Geneva. A deal is not expected. Markets rose."


def source(url: str = URL, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": "source", "url": url, "final_url": url, "cited_by": [POST],
        "fetched_at": "2026-01-01T06:00:00Z", "status": 200, "error": None,
        "title": "Talks resume", "text": ARTICLE,
    }  # fmt: skip
    record.update(fields)
    return record


FAILED = {"status": None, "final_url": None, "text": "", "title": None}


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({}, "alive"),
        ({"error": "http_404", "status": 404}, "gone"),
        ({"error": "http_410", "status": 410}, "gone"),
        ({"error": "http_4xx", "status": 418}, "gone"),
        ({"error": "http_408", "status": 408}, "timeout"),
        ({"error": "tls", **FAILED}, "connection"),
        ({"error": "too_many_redirects", "status": 301}, "gone"),
        ({"error": "other", "status": 404}, "gone"),
        ({"error": "other", **FAILED}, "unchecked"),
        ({"error": "http_5xx", "status": 503}, "server_error"),
        ({"error": "dns", **FAILED}, "dns"),
        ({"error": "connection", **FAILED}, "connection"),
        ({"error": "timeout", **FAILED}, "timeout"),
        ({"error": "robots", **FAILED}, "unchecked"),
        ({"final_url": "https://news.example/", "title": "News"}, "soft_404"),
        ({"final_url": "https://news.example/404/", "title": "Page not found"}, "soft_404"),
        ({"text": "Sorry, the page you are looking for does not exist."}, "soft_404"),
        ({"text": ARTICLE + " Officials said more talks would follow."}, "alive"),
        (
            {"text": "Markets rose. A storm hit the coast. Ferries stopped. Schools shut."},
            "drifted",
        ),
    ],
)
def test_each_check_says_a_state(fields: dict[str, Any], state: str) -> None:
    assert check_state(source(**fields), source()) == state


def test_the_first_good_capture_is_not_compared_with_itself() -> None:
    assert check_state(source(text="Anything at all."), None) == "alive"


def crawl_days(tmp_path: Path, days: list[tuple[str, dict[str, Any]]]) -> Path:
    """One crawl per (start time, source fields), named day1, day2, ..."""
    for number, (started, fields) in enumerate(days, start=1):
        record = source(fetched_at=started, **fields)
        write_crawl(tmp_path, f"day{number}", [record], started_at=started)
    return tmp_path


GONE = {"error": "http_404", "status": 404, "text": ""}


def test_a_url_is_dead_only_after_failing_twice_confirm_days_apart(tmp_path: Path) -> None:
    days = [("2026-01-01T06:00:00Z", {}), ("2026-01-02T06:00:00Z", GONE),
            ("2026-01-04T05:00:00Z", GONE), ("2026-01-05T06:00:00Z", GONE)]  # fmt: skip
    crawl_days(tmp_path, days)
    crawls = archive_crawls(tmp_path)
    [day2] = track_links(crawls[:2])
    assert (day2.state, day2.cause) == ("failing", "gone")  # one failure
    [day4] = track_links(crawls[:3])
    assert (day4.state, day4.cause) == ("failing", "gone")  # two, 47 hours apart
    [day5] = track_links(crawls)
    assert (day5.state, day5.cause) == ("gone", None)  # three days after the first failure
    assert "cause" not in day5.as_dict()
    assert link_states(crawls[:3], confirm_days=1) == {URL: "gone"}
    assert link_states(crawls, confirm_days=5) == {URL: "failing"}


def test_a_good_answer_between_failures_starts_the_count_again(tmp_path: Path) -> None:
    days = [("2026-01-01T06:00:00Z", GONE), ("2026-01-05T06:00:00Z", {}),
            ("2026-01-09T06:00:00Z", GONE)]  # fmt: skip
    entry = track_links(archive_crawls(crawl_days(tmp_path, days)))[0]
    assert (entry.state, entry.cause) == ("failing", "gone")
    line = entry.as_dict()
    assert line["first_ok"] == line["last_ok"] == "2026-01-05T06:00:00Z"
    assert [h["state"] for h in line["history"]] == ["gone", "alive", "gone"]
    assert line["history"][0] == {
        "crawl_id": "day1", "captured_at": "2026-01-01T06:00:00Z", "status": 404,
        "error": "http_404", "final_url": URL, "state": "gone",
    }  # fmt: skip


def test_the_cause_is_the_latest_failure(tmp_path: Path) -> None:
    days = [("2026-01-01T06:00:00Z", {}), ("2026-01-02T06:00:00Z", {"error": "timeout", **FAILED}),
            ("2026-01-03T06:00:00Z", {"error": "dns", **FAILED})]  # fmt: skip
    entry = track_links(archive_crawls(crawl_days(tmp_path, days)))[0]
    assert (entry.state, entry.cause) == ("failing", "dns")


def test_drift_is_measured_against_the_first_good_capture(tmp_path: Path) -> None:
    """Each day adds a little; by day 3 most of the text is new, although each day shares
    most of its sentences with the day before."""
    day2 = "Talks resumed on Monday. Envoys met in Geneva. Ferries stopped. Schools shut."
    day3 = "Ferries stopped. Schools shut. A storm hit. Roads closed."
    days = [("2026-01-01T06:00:00Z", {}), ("2026-01-05T06:00:00Z", {"text": day2}),
            ("2026-01-09T06:00:00Z", {"text": day3})]  # fmt: skip
    entry = track_links(archive_crawls(crawl_days(tmp_path, days)))[0]
    assert [c.state for c in entry.checks] == ["alive", "alive", "drifted"]
    assert (entry.state, entry.cause) == ("failing", "drifted")


def test_outlet_cited_by_and_first_cited_come_from_the_archive(tmp_path: Path) -> None:
    older_post = "https://digest.example/older/"
    posts = [
        {"type": "post", "url": POST, "published": "2025-03-01T09:00:00-05:00"},
        {"type": "post", "url": older_post, "published": "2023-07-04T12:00:00Z"},
    ]
    write_crawl(tmp_path, "day1", [*posts, source()], started_at="2026-01-01T06:00:00Z")
    later = source(url="https://WWW.Other.example/x", cited_by=[older_post, POST])
    write_crawl(tmp_path, "day2", [source(cited_by=[older_post]), later],
                started_at="2026-01-02T06:00:00Z")  # fmt: skip
    second, first = (e.as_dict() for e in track_links(archive_crawls(tmp_path)))
    assert first["url"] == URL and first["outlet"] == "news.example"
    assert first["cited_by"] == sorted([POST, older_post])
    assert first["first_cited"] == "2023-07-04T12:00:00+00:00"
    assert second["outlet"] == "www.other.example"
    assert len(second["history"]) == 1


def test_the_command_writes_the_lines_and_the_page(tmp_path: Path, capsys: Any) -> None:
    days = [("2026-01-01T06:00:00Z", {}), ("2026-01-02T06:00:00Z", GONE),
            ("2026-01-06T06:00:00Z", GONE)]  # fmt: skip
    folder = crawl_days(tmp_path / "archive", days)
    alive = source(url="https://news.example/other", fetched_at="2026-01-06T06:00:00Z")
    records = (folder / "day3" / "records.jsonl").read_text() + json.dumps(alive) + "\n"
    (folder / "day3" / "records.jsonl").write_text(records)
    assert main(["linkrot", str(folder), "-s", "TOPTEN_REPLAY_BASE_URL=http://h:1"]) == 0
    assert "2 cited URL(s) over 3 crawl(s): 1 alive, 1 gone" in capsys.readouterr().out
    lines = [json.loads(x) for x in (folder / "linkrot.jsonl").read_text().splitlines()]
    assert [(x["url"], x["state"]) for x in lines] == [
        ("https://news.example/other", "alive"),
        (URL, "gone"),
    ]
    page = (folder / "linkrot.html").read_text(encoding="utf-8")
    assert f'href="http://h:1/day1/20260101060000/{URL}"' in page
    assert "<svg" in page and "<script" not in page and "news.example" in page
    assert main(["linkrot", str(folder), "-s", "TOPTEN_LINKROT_CONFIRM_DAYS=9"]) == 0
    assert "1 alive, 1 failing" in capsys.readouterr().out
    assert main(["linkrot", str(folder), "-s", "TOPTEN_LINKROT_CONFIRM_DAYS=soon"]) == 2


def cited(first_cited: str, state: str = "alive") -> CitedUrl:
    return CitedUrl(URL, first_cited=first_cited, state=state)


def test_the_chart_bins_ages_by_month_when_they_span_under_a_year() -> None:
    entries = [
        cited("2025-11-20T00:00:00+00:00"),
        cited("2025-11-25T00:00:00+00:00", "gone"),
        cited("2025-09-15T00:00:00+00:00", "failing"),
        cited("2025-09-15T00:00:00+00:00", "unchecked"),  # not counted: never asked
    ]
    assert age_bins(entries, "2026-01-01T00:00:00+00:00") == [
        ("1 month", 1, 2),
        ("2 months", 0, 0),
        ("3 months", 0, 1),
    ]


def test_the_chart_bins_ages_in_fixed_spans_over_more_than_a_year() -> None:
    entries = [cited("2025-12-20T00:00:00+00:00"), cited("2019-06-01T00:00:00+00:00", "gone")]
    bins = dict((label, (alive, total)) for label, alive, total in age_bins(entries, "2026-01-01"))
    assert bins["< 1 month"] == (1, 1) and bins["5+ years"] == (0, 1)
    assert sum(total for _, total in bins.values()) == 2
    chart = alive_chart(age_bins(entries, "2026-01-01"))
    assert chart.count("<rect") == 2  # a bar of 100% and one of 0%; empty bins have none
    assert chart.count("n=1") == 2 and ">100%<" in chart and ">0%<" in chart
