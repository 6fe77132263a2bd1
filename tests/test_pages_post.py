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

from topten_crawler.pages.post import PostPage

FIXTURES = Path(__file__).parent / "fixtures" / "post"
CASES = sorted(path.stem for path in FIXTURES.glob("*.html"))


def load(case: str) -> tuple[PostPage, dict[str, Any]]:
    expected = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
    html = (FIXTURES / f"{case}.html").read_text(encoding="utf-8")
    return PostPage.from_html(expected["url"], html), expected


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
    content = dataclasses.asdict(page.to_content())
    assert content[field] == expected[field]


def test_fallbacks_are_named_when_metadata_is_missing() -> None:
    page, _ = load("no-jsonld-no-meta")
    fallbacks = set(page.to_content().fallbacks)
    assert {"title", "author", "published", "categories"} <= fallbacks
    page, _ = load("from-line-read-more-related-story")
    assert page.to_content().fallbacks == []


def test_broken_jsonld_is_reported_and_survived() -> None:
    _, expected = load("from-line-read-more-related-story")
    html = (FIXTURES / "from-line-read-more-related-story.html").read_text(encoding="utf-8")
    broken = html.replace('"@graph"', '"@graph" ,,', 1)
    content = PostPage.from_html(expected["url"], broken).to_content()
    assert "broken_jsonld" in content.problems
    assert content.title == expected["title"]
    assert content.text == expected["text"]
