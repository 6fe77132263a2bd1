"""Turn an HTML body into clean text blocks: pure functions over lxml elements.

The text contract of the JSON records: paragraphs (headings, block quotes, captions) are
separated by one blank line; the items of one list stand one per line inside one block.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml import html as lxml_html
from lxml.etree import _Element

from topten_crawler.rules import digest as rules

# Elements that start a new block of text. Everything else is inline and joins the text
# around it, so "<p>a <em>b</em> c</p>" stays one paragraph.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
        "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
LIST_TAGS: frozenset[str] = frozenset({"ul", "ol"})
# Text of these never shows on the page.
INVISIBLE_TAGS: frozenset[str] = frozenset({"script", "style", "noscript", "template", "head"})

# Marks a <br> while a block's text is gathered. NUL cannot occur in parsed HTML text, so source
# newlines (plain white space) and <br> line breaks stay apart.
_LINE_BREAK = "\x00"
_SPACES = re.compile(r"[^\S\n]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalize_space(text: str) -> str:
    """Collapse runs of white space (no-break spaces included) to one space; NFC; strip."""
    text = unicodedata.normalize("NFC", text.replace("\u00a0", " ").replace("\u200b", ""))
    return _SPACES.sub(" ", text.replace("\n", " ").replace("\r", " ").replace("\t", " ")).strip()


def match_key(text: str) -> str:
    """The form of a text that boilerplate patterns are matched against."""
    return normalize_space(text.translate(_APOSTROPHES))


@dataclass
class Link:
    href: str
    text: str


@dataclass
class Block:
    """One paragraph-level piece of text, with the links inside it."""

    text: str
    # "item" for a list item, "para" for anything else.
    kind: str = "para"
    # List items of the same outermost list share a group and are printed one per line.
    group: int = 0
    links: list[Link] = field(default_factory=list)


class _BlockBuilder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._links: list[Link] = []
        self._list_stack: list[int] = []
        self._lists_seen = 0
        self._in_item = 0

    def feed(self, element: _Element) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comments and processing instructions
            return
        tag = tag.lower()
        if tag in INVISIBLE_TAGS:
            return
        if tag == "br":
            self._parts.append(_LINE_BREAK)
            return
        if tag == "a" and element.get("href"):
            self._links.append(Link(element.get("href", ""), normalize_space(_text_of(element))))
        if tag not in BLOCK_TAGS:
            self._feed_children(element)
            return
        self.flush()
        if tag in LIST_TAGS:
            self._lists_seen += 1
            self._list_stack.append(self._lists_seen)
        if tag == "li":
            self._in_item += 1
        self._feed_children(element)
        self.flush()
        if tag == "li":
            self._in_item -= 1
        if tag in LIST_TAGS:
            self._list_stack.pop()

    def _feed_children(self, element: _Element) -> None:
        if element.text:
            self._parts.append(element.text)
        for child in element:
            self.feed(child)
            if child.tail:
                self._parts.append(child.tail)

    def flush(self) -> None:
        raw = "".join(self._parts)
        self._parts = []
        lines = [normalize_space(line) for line in raw.split(_LINE_BREAK)]
        text = "\n".join(line for line in lines if line)
        if not text:
            # Links without text (an image link) still belong to the next block of text.
            return
        in_list = self._in_item > 0 and bool(self._list_stack)
        self.blocks.append(
            Block(
                text=text,
                kind="item" if in_list else "para",
                group=self._list_stack[0] if in_list else 0,
                links=self._links,
            )
        )
        self._links = []


def _text_of(element: _Element) -> str:
    parts: list[str] = []

    def visit(node: _Element) -> None:
        if not isinstance(node.tag, str) or node.tag.lower() in INVISIBLE_TAGS:
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(element)
    return "".join(parts)


def element_text(element: _Element) -> str:
    """The visible text of an element, white space collapsed."""
    return normalize_space(_text_of(element))


def blocks_of(element: _Element) -> list[Block]:
    """Split an element into blocks of text, in document order."""
    builder = _BlockBuilder()
    builder.feed(element)
    builder.flush()
    return builder.blocks


def join_blocks(blocks: Sequence[Block]) -> str:
    """Paragraphs separated by a blank line; items of one list one per line."""
    pieces: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            same_list = (
                block.kind == "item" and previous.kind == "item" and block.group == previous.group
            )
            pieces.append("\n" if same_list else "\n\n")
        pieces.append(block.text)
        previous = block
    return "".join(pieces)


def without_elements(element: _Element, selectors: Iterable[str]) -> tuple[_Element, int]:
    """A copy of ``element`` with every match of the CSS selectors removed, and how many."""
    cleaned = copy.deepcopy(element)
    removed = 0
    for selector in selectors:
        for match in cleaned.cssselect(selector):
            parent = match.getparent()
            if parent is None:
                continue
            _drop_keeping_tail(match)
            removed += 1
    return cleaned, removed


def _drop_keeping_tail(element: _Element) -> None:
    # lxml's drop_tree keeps the tail text that follows the element, which is page text.
    if isinstance(element, lxml_html.HtmlElement):
        element.drop_tree()
        return
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def is_boilerplate_paragraph(text: str) -> bool:
    key = match_key(text)
    return any(pattern.fullmatch(key) for pattern in rules.BOILERPLATE_PARAGRAPHS)


def drop_repeated_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Drop a block that repeats the one before it (captions printed twice by the theme)."""
    kept: list[Block] = []
    for block in blocks:
        if kept and match_key(kept[-1].text) == match_key(block.text):
            continue
        kept.append(block)
    return kept
