"""Post page extraction from saved HTML, compared field by field with the JSON beside it.

Most fixtures are pages of the replica site saved by ``fixtures/post/regenerate.py`` (their
JSON is the replica's own account of each page, not the extractor's output);
``older-theme-comment-form`` is written by hand after the 2021-22 markup of the real site.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from topten_crawler.items import Capture, PostRecord
from topten_crawler.pages.post import PostPage

FIXTURES = Path(__file__).parent / "fixtures" / "post"
CASES = sorted(path.stem for path in FIXTURES.glob("*.html"))


def load(case: str) -> tuple[PostPage, dict[str, Any]]:
    expected = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
    html = (FIXTURES / f"{case}.html").read_text(encoding="utf-8")
    return PostPage.from_html(expected["url"], html), expected


def capture_of(url: str) -> Capture:
    """A fixed capture, as the spider builds one per response."""
    return Capture(
        crawl_id="20240214T060000Z-test",
        fetched_at="2024-02-14T06:00:07Z",
        url=url,
        status=200,
        warc={"file": "warc/crawl-00000.warc.gz", "offset": 512, "record_id": "<urn:uuid:2>"},
        content_type="text/html",
    )


def record_of(page: PostPage) -> PostRecord:
    return page.to_record(capture_of(page.url))


def field_cases() -> list[tuple[str, str]]:
    cases = []
    for case in CASES:
        expected = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
        cases += [(case, name) for name in expected if name not in ("is_post", "url")]
    return cases


def test_there_are_fixtures() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES)
def test_is_post(case: str) -> None:
    page, expected = load(case)
    assert page.is_post() is expected["is_post"]


@pytest.mark.parametrize(("case", "field"), field_cases())
def test_field(case: str, field: str) -> None:
    page, expected = load(case)
    record = dataclasses.asdict(record_of(page))
    assert record[field] == expected[field]


def test_fallbacks_are_named_when_metadata_is_missing() -> None:
    page, _ = load("no-jsonld-no-meta")
    fallbacks = set(record_of(page).fallbacks)
    assert {"title", "author", "published", "categories"} <= fallbacks
    page, _ = load("from-line-read-more-related-story")
    assert record_of(page).fallbacks == []


def test_broken_jsonld_is_reported_and_survived() -> None:
    _, expected = load("from-line-read-more-related-story")
    html = (FIXTURES / "from-line-read-more-related-story.html").read_text(encoding="utf-8")
    broken = html.replace('"@graph"', '"@graph" ,,', 1)
    page = PostPage.from_html(expected["url"], broken)
    record = record_of(page)
    assert "broken_jsonld" in page.problems
    assert record.title == expected["title"]
    assert record.text == expected["text"]


def test_a_lone_surrogate_in_jsonld_becomes_a_replacement_character() -> None:
    """JSON allows "\\ud800" (no text: UTF-8 cannot encode it); the record stays writable."""
    _, expected = load("from-line-read-more-related-story")
    html = (FIXTURES / "from-line-read-more-related-story.html").read_text(encoding="utf-8")
    headline = json.dumps(expected["title"])
    assert headline in html
    hostile = html.replace(headline, '"Half a pair \\ud800 and a NUL \\u0000 here"', 1)
    record = record_of(PostPage.from_html(expected["url"], hostile))
    assert record.title == "Half a pair \ufffd and a NUL \ufffd here"
    json.dumps(dataclasses.asdict(record), ensure_ascii=False).encode("utf-8")


# --- What the crawl adds -------------------------------------------------------------------------
RECORD_CASE = "from-line-read-more-related-story"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("crawl_id", "20240214T060000Z-test"),
        ("fetched_at", "2024-02-14T06:00:07Z"),
        ("status", 200),
        ("warc", {"file": "warc/crawl-00000.warc.gz", "offset": 512, "record_id": "<urn:uuid:2>"}),
        ("type", "post"),
    ],
)
def test_record_field_from_the_capture(field: str, value: Any) -> None:
    page, _ = load(RECORD_CASE)
    assert getattr(record_of(page), field) == value


def test_record_url_is_the_captured_url() -> None:
    page, expected = load(RECORD_CASE)
    redirected = expected["url"] + "?amp=1"
    assert page.to_record(capture_of(redirected)).url == redirected


def test_record_word_count_counts_the_text() -> None:
    page, expected = load(RECORD_CASE)
    assert record_of(page).word_count == len(expected["text"].split()) > 0


def test_record_needs_a_response() -> None:
    page, _ = load(RECORD_CASE)
    with pytest.raises(ValueError):
        page.to_record(Capture(crawl_id="c", fetched_at="2024-02-14T06:00:07Z"))


def test_problems_are_named_after_the_record() -> None:
    page, _ = load(RECORD_CASE)
    assert page.problems == []
    record_of(page)
    assert page.problems == []
    untitled = PostPage.from_html(
        "https://foreigndesknews.com/x/",
        "<html><body class='single-post'><div class='entry-content'><p>Text.</p></div>"
        "</body></html>",
    )
    assert record_of(untitled).title is None
    assert untitled.problems == ["no_title"]
    no_body = PostPage.from_html(
        "https://foreigndesknews.com/y/",
        "<html><body class='single-post'><h1>Title</h1><article class='post'><p>Text.</p>"
        "</article></body></html>",
    )
    record_of(no_body)
    assert no_body.problems == ["body_container_fallback"]


def test_a_post_nested_fifty_thousand_levels_deep_gives_its_record() -> None:
    # Scrapy's parser (huge_tree) keeps 2,048 levels of them, twice Python's recursion limit;
    # what lies deeper, and after, libxml2 drops.
    from scrapy.http import HtmlResponse

    from topten_crawler.urls import DigestSite

    _, expected = load(RECORD_CASE)
    html = (FIXTURES / f"{RECORD_CASE}.html").read_text(encoding="utf-8")
    last_paragraph = "Gulf of Aden</a></p>"
    assert html.count(last_paragraph) == 1
    nest = "<div>" * 50_000 + "Deep down." + "</div>" * 50_000
    deep = html.replace(last_paragraph, last_paragraph + nest)
    response = HtmlResponse(expected["url"], body=deep.encode("utf-8"), encoding="utf-8")
    record = record_of(PostPage.from_response(response, DigestSite.from_seed(expected["url"])))
    assert record.title == expected["title"]
    assert record.text == expected["text"]
