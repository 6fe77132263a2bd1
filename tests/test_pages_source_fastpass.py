"""trafilatura's fast pass taken step by step gives the article tree bare_extraction gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import trafilatura
from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlElement

from topten_crawler.pages.charset import decode_html
from topten_crawler.pages.source import fastpass
from topten_crawler.pages.source.html import _extractor, parse_html
from topten_crawler.rules import outlets

FIXTURES = Path(__file__).parent / "fixtures" / "source"
WORDS = (
    "harbour", "ferry", "council", "river", "bridge", "winter", "timetable", "crossing", "market",
    "square", "mayor", "vote", "budget", "school", "library", "storm", "coast", "village", "road",
    "rail", "festival", "museum",
)  # fmt: skip
CONTAINERS = (
    "div", "section", "article", "main", "aside", "ul", "ol", "li", "dl", "dd", "details",
    "table", "tr", "td",
)  # fmt: skip
CLASSES = (
    "", "post", "entry", "article-body", "story-content", "main", "content", "sidebar",
    "related", "share-buttons", "comments", "comment-list", "newsletter", "footer", "byline",
    "caption", "hidden", "teaser", "nav", "menu", "widget", "link", "bottom", "ad",
    "infinite-scroll", "mvp-post-add-box", "elementor-share-buttons", "post-comments",
)  # fmt: skip


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(4, 30))).capitalize() + "."


def _random_page(rng: random.Random) -> HtmlElement:
    """A page of nested containers with random classes, paragraphs, headings, lists and links."""
    parts: list[str] = []

    def fill(depth: int) -> None:
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if depth < 4 and roll < 0.35:
                tag = rng.choice(CONTAINERS)
                parts.append(f'<{tag} class="{rng.choice(CLASSES)}" id="{rng.choice(CLASSES)}">')
                fill(depth + 1)
                parts.append(f"</{tag}>")
            elif roll < 0.7:
                text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))
                parts.append(f"<p>{text}</p>")
            elif roll < 0.8:
                parts.append(f"<h{rng.randint(1, 3)}>{_sentence(rng)}</h{rng.randint(1, 3)}>")
            elif roll < 0.9:
                links = "".join(f'<a href="/{w}">{w}</a> ' for w in rng.choices(WORDS, k=5))
                parts.append(f"<p>{links}{_sentence(rng) if rng.random() < 0.5 else ''}</p>")
            else:
                parts.append(f"{_sentence(rng)}<br>{_sentence(rng)}")

    fill(0)
    body = "".join(parts).encode()
    document = b"<html><head><title>Page</title></head><body>" + body + b"</body></html>"
    return _tree(document)


def _tree(body: bytes) -> HtmlElement:
    tree = parse_html(decode_html(body, "text/html; charset=utf-8"), body)
    assert tree is not None
    # As the text step hands it over: no scripts, styles or <head>.
    etree.strip_elements(tree, *outlets.NON_CONTENT_TAGS, with_tail=False)
    return tree


def _serialized(body: _Element | None) -> bytes | None:
    return None if body is None else etree.tostring(body, encoding="utf-8")


def _pages() -> list[HtmlElement]:
    fixtures = [_tree(path.read_bytes()) for path in sorted(FIXTURES.glob("*.html"))]
    return fixtures + [_random_page(random.Random(seed)) for seed in range(150)]


def test_written_for_the_trafilatura_installed() -> None:
    # Fails when trafilatura is upgraded: fast_body then runs bare_extraction (slower) until
    # its steps are checked against the new trafilatura_sequence and SEQUENCE_VERSION is set.
    assert trafilatura.__version__ == fastpass.SEQUENCE_VERSION


def test_the_fast_pass_gives_the_tree_bare_extraction_gives() -> None:
    options = _extractor("fast")
    empty = 0
    pages = _pages()
    for tree in pages:
        before = etree.tostring(tree)
        expected = getattr(trafilatura.bare_extraction(tree, options=options), "body", None)
        found = fastpass.fast_body(tree, options)
        assert _serialized(found) == _serialized(expected), before
        assert etree.tostring(tree) == before  # the caller's tree is left as it was
        empty += found is None
    # Most pages give an article: the comparison is seldom between two Nones.
    assert empty < len(pages) / 4


@pytest.mark.parametrize("mode", ["precision", "recall"])
def test_other_options_take_bare_extraction(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = trafilatura.bare_extraction

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    page = _random_page(random.Random(1))
    fastpass.fast_body(page, _extractor(mode))
    fastpass.fast_body(page, _extractor("fast"))
    assert len(calls) == 1
