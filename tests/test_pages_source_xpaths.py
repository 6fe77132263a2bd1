"""trafilatura's XPath expressions, evaluated in Python, select what the expressions select."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml.etree import XPath, _Element
from trafilatura import xpaths as trafilatura_xpaths

from topten_crawler.pages.charset import decode_html
from topten_crawler.pages.source import xpaths
from topten_crawler.pages.source.html import parse_html

FIXTURES = Path(__file__).parent / "fixtures" / "source"
# Every tag the expressions name, raw HTML's and trafilatura's converted ones ("list", "item").
TAGS = (
    "div", "section", "aside", "article", "main", "p", "span", "list", "item", "details", "ol",
    "ul", "h1", "header", "em",
)  # fmt: skip
ATTRIBUTES = (
    "id", "class", "style", "role", "aria-hidden", "itemprop", "data-component",
    "data-lp-replacement-content",
)  # fmt: skip
# Values near the edges of the patterns: anchored and not, either case, a word inside others.
EXTRA_VALUES = (
    "", "main", "mainbar", "x-main", "content", "Main-Content", "page-Content", "Commentary",
    "comments", "x-comment", "post-comments", "reply-box", "a reply-box", "hidden", "x hidden",
    "display:none", "display: none", "border: 0", "bottom", "page-bottom x", "bottomless",
    "link", "a link b", "permalink", "true", "article", "story", "postarea", "cell",
    "articleBody", "articleContent", "ad", "x ad y", "TEASER", "FullText", "navigation",
    "NAVBAR", "cookie-notice", "elementor-share-buttons", "mvp-post-add-box", "infinite-scroll",
    "comments-title", "MostPopularStories", "primary", "x-primary",
)  # fmt: skip


def _original(substitute: xpaths.Substitute) -> XPath:
    current = getattr(trafilatura_xpaths, substitute.list_name)[substitute.index]
    return current.original if isinstance(current, xpaths.PythonPath) else current


def _selected(xpath: XPath, tree: _Element) -> list[_Element]:
    found = xpath(tree)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, _Element)]


def _examples(xpath: XPath) -> list[str]:
    """Strings that each alternative of the expression's quoted literals matches, more or less:
    the regular expressions' syntax taken out."""
    values = []
    for literal in re.findall(r"'([^']*)'", xpath.path):
        for alternative in literal.split("|"):
            text = re.sub(r"\(\?!\w+\)|\(\?:|\\s|[\^$()?]", "", alternative)
            values.append(re.sub(r"\[(.)[^\]]*\]", r"\1", text))
    return values


VALUES = sorted(
    {v for s in xpaths.SUBSTITUTES for v in _examples(_original(s))} | set(EXTRA_VALUES)
)


def _random_tree(rng: random.Random, elements: int = 120) -> _Element:
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    nodes = [body]
    for _ in range(elements):
        element = etree.SubElement(rng.choice(nodes), rng.choice(TAGS))
        for name in rng.sample(ATTRIBUTES, rng.randint(0, 4)):
            value = rng.choice(VALUES)
            if rng.random() < 0.3:
                value = f"{value} {rng.choice(VALUES)}"
            element.set(name, value)
        nodes.append(element)
    return root


def _fixture_trees() -> list[_Element]:
    trees = []
    for path in sorted(FIXTURES.glob("*.html")):
        body = path.read_bytes()
        tree = parse_html(decode_html(body, "text/html; charset=utf-8"), body)
        if tree is not None:
            trees.append(tree)
    return trees


RANDOM_TREES = [_random_tree(random.Random(seed)) for seed in range(200)]


def test_every_substitute_is_installed() -> None:
    # Fails when trafilatura changes one of these expressions: its own is then used (slower),
    # and the substitute must be brought in line with the new text, or dropped.
    assert xpaths.install() == list(xpaths.SUBSTITUTES)
    assert xpaths.install() == list(xpaths.SUBSTITUTES)  # again: nothing changes
    for substitute in xpaths.SUBSTITUTES:
        installed = getattr(trafilatura_xpaths, substitute.list_name)[substitute.index]
        assert isinstance(installed, xpaths.PythonPath)
        assert str(installed) == installed.original.path


@pytest.mark.parametrize(
    "substitute", xpaths.SUBSTITUTES, ids=lambda s: f"{s.list_name}[{s.index}]"
)
def test_substitute_selects_what_its_expression_selects(substitute: xpaths.Substitute) -> None:
    original = _original(substitute)
    selected = elements = 0
    for tree in [*RANDOM_TREES, *_fixture_trees()]:
        expected = _selected(original, tree)
        if substitute.list_name == "BODY_XPATH":
            expected = expected[:1]  # the container: trafilatura reads no other element
        assert substitute.select(tree) == expected, etree.tostring(tree)
        selected += len(expected)
        elements += sum(1 for _ in tree.iter())
    # The trees put the comparison to the test: some of their elements are selected, not all.
    assert 0 < selected < elements


def test_id_or_class_is_the_attribute_written_first() -> None:
    # XPath's string value of @id|@class: the first of the two in the markup.
    tree = etree.fromstring(
        '<html><body><div class="x" id="cookie-x">a</div><div id="x" class="cookie-x">b</div>'
        '<div id="cookie-x" class="x">c</div><div class="cookie-x" id="x">d</div></body></html>',
        etree.HTMLParser(),
    )
    sections = xpaths.SUBSTITUTES[4]
    assert sections.list_name == "OVERALL_DISCARD_XPATH"
    assert sections.select(tree) == _original(sections)(tree)
    assert [e.text for e in sections.select(tree)] == ["c", "d"]


def test_a_pattern_that_matches_the_empty_string_is_refused() -> None:
    with pytest.raises(ValueError, match="empty string"):
        xpaths._pattern("comments|")
