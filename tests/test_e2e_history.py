"""End to end: ``topten-crawler history`` over the replica crawled on day 0, day 1 and day 1
again (the session's ``over_time`` archive): exactly the replica's edits, labelled as the
replica made them, and no version from its daily boilerplate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.over_time import CRAWLS, OverTime
from topten_crawler.overtime.html import history_page_name
from topten_crawler.replica.days import POST_ADDITIONS, REWORDING, SOURCE_ADDITIONS

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def history(over_time: OverTime, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The command's output, written outside the archive, HTML pages included."""
    out = tmp_path_factory.mktemp("history")
    result = subprocess.run(
        [sys.executable, "-m", "topten_crawler", "history", str(over_time.archive),
         "--out", str(out), "--html", str(out / "pages")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [json.loads(x) for x in (out / "history.jsonl").read_text().splitlines()]
    return {
        "out": out,
        "stdout": result.stdout,
        "posts": {x["url"]: x for x in lines if x["type"] == "post"},
        "sources": {x["url"]: x for x in lines if x["type"] == "source"},
    }


def url_of(over_time: OverTime, key: str | None) -> str:
    assert key is not None
    return over_time.post_urls[0][key]


def related(over_time: OverTime, url: str) -> list[str]:
    """``["related"]`` for a post that showed the deleted post's card on day 0."""
    return ["related"] if url in over_time.related_moved else []


def test_every_post_and_source_has_a_line(over_time: OverTime, history: dict[str, Any]) -> None:
    posts = set(over_time.post_urls[0].values()) | set(over_time.post_urls[1].values())
    assert set(history["posts"]) == posts
    assert set(history["sources"]) == {s.url for day in (0, 1) for s in over_time.sources[day]}


def test_the_edited_posts_are_exactly_the_replicas(
    over_time: OverTime, history: dict[str, Any]
) -> None:
    changed = {url for url, line in history["posts"].items() if line["changes"]}
    assert changed == over_time.expected["posts"]["changed"]
    for url, line in history["posts"].items():
        assert len(line["versions"]) == 1 + (url in changed), url
        # The re-crawl of an unchanged day makes no version of anything.
        assert CRAWLS[2] not in {v["crawl_id"] for v in line["versions"]}, url


def test_no_version_from_boilerplate_churn(over_time: OverTime, history: dict[str, Any]) -> None:
    """Every untouched post's page changed bytes on day 1 (edition date, share counts,
    Recent Posts): none of them has a second version."""
    for url in over_time.expected["posts"]["unchanged"]:
        line = history["posts"][url]
        assert [v["crawl_id"] for v in line["versions"]] == [CRAWLS[0]], url


def test_the_changed_sources_are_exactly_the_replicas(
    over_time: OverTime, history: dict[str, Any]
) -> None:
    changed_sources = over_time.expected["sources"]["changed"]
    for url, line in history["sources"].items():
        assert bool(line["changes"]) == (url in changed_sources), url


def test_each_edit_is_labelled_as_the_replica_made_it(
    over_time: OverTime, history: dict[str, Any]
) -> None:
    events = over_time.events
    extended = history["posts"][url_of(over_time, events.extended)]["changes"]
    [change] = extended
    assert change["fields"] == []
    assert change["other_fields"] == [
        "modified",
        *related(over_time, url_of(over_time, events.extended)),
    ]
    [added] = change["text"]
    assert added["change"] == "added" and added["old"] is None
    assert any(added["new"].startswith(a.split("{day}")[0]) for a in POST_ADDITIONS)
    assert not change["silent_edit"]

    retitled = history["posts"][url_of(over_time, events.retitled)]
    [change] = retitled["changes"]
    [title] = change["fields"]
    assert title["field"] == "title" and title["new"].startswith(title["old"])
    assert title["new"] == retitled["versions"][1]["title"] != retitled["versions"][0]["title"]
    assert change["text"] == []
    assert change["other_fields"] == ["modified", *related(over_time, retitled["url"])]

    reworded = history["posts"][url_of(over_time, events.reworded)]
    [change] = reworded["changes"]
    [edited] = change["text"]
    assert edited["change"] == "edited" and edited["new"].endswith(REWORDING)
    assert edited["new"].removesuffix(REWORDING) == edited["old"].removesuffix(".")
    assert change["fields"] == []
    assert change["other_fields"] == related(over_time, url_of(over_time, events.reworded))
    assert change["silent_edit"] and reworded["silent_edit"]

    edits = {url_of(over_time, k) for k in (events.extended, events.retitled, events.reworded)}
    silent = {url for url, line in history["posts"].items() if line["silent_edit"]}
    assert silent == {url_of(over_time, events.reworded)}
    assert over_time.expected["posts"]["changed"] - edits == over_time.related_moved - edits
    for url in over_time.expected["posts"]["changed"] - edits:
        # The posts that showed the deleted post's card show another one: nothing else moved.
        [change] = history["posts"][url]["changes"]
        assert change["fields"] == change["text"] == [], url
        assert change["other_fields"] == ["related"], url


def test_a_deleted_post_is_gone_and_a_new_one_has_one_version(
    over_time: OverTime, history: dict[str, Any]
) -> None:
    deleted = history["posts"][url_of(over_time, over_time.events.deleted)]
    assert len(deleted["versions"]) == 1
    assert deleted["gone"]["error"] == "http_404" and deleted["gone"]["crawl_id"] == CRAWLS[1]
    for key in over_time.events.new_posts:
        line = history["posts"][over_time.post_urls[1][key]]
        assert [v["crawl_id"] for v in line["versions"]] == [CRAWLS[1]]
        assert line["gone"] is None


def test_source_changes(over_time: OverTime, history: dict[str, Any]) -> None:
    links, events = over_time.links, over_time.events
    assert events.source_changed and events.source_drifted
    changed = history["sources"][links.external(*events.source_changed)]
    [change] = changed["changes"]
    [added] = change["text"]
    assert added["change"] == "added"
    assert any(added["new"].startswith(a.split("{day}")[0]) for a in SOURCE_ADDITIONS)
    drifted = history["sources"][links.external(*events.source_drifted)]
    kinds = {c["change"] for c in drifted["changes"][0]["text"]}
    assert kinds == {"added", "deleted"}
    version = drifted["versions"][0]
    assert set(version) == {
        "crawl_id", "captured_at", "title", "subtitle", "author", "published", "modified",
        "text_sha256", "warc",
    }  # fmt: skip


def test_a_page_per_edited_post_links_each_version_to_replay(
    over_time: OverTime, history: dict[str, Any]
) -> None:
    pages: Path = history["out"] / "pages"
    changed = over_time.expected["posts"]["changed"]
    assert {p.name for p in pages.iterdir()} == {
        "index.html",
        *(history_page_name(url) for url in changed),
    }
    assert f"{len(changed)} page(s) of edited posts" in history["stdout"]
    for url in changed:
        page = (pages / history_page_name(url)).read_text(encoding="utf-8")
        for version in history["posts"][url]["versions"]:
            stamp = "".join(ch for ch in version["captured_at"] if ch.isdigit())[:14]
            replay = f"http://127.0.0.1:8080/{version['crawl_id']}/{stamp}/{url}"
            assert f'href="{replay}"' in page, url
        assert "<script" not in page and "http://" not in page.split("<body>")[0]
