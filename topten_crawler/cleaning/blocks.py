"""Text as blocks: one paragraph-level piece of text each, and the one way they are joined.

Two builders, because their inputs differ: ``blocks_of`` walks an HTML element (a digest
post's body), ``blocks_from_body`` walks trafilatura's output tree (a cited source's article).
Both give ``Block``\\ s whose text is space-normalised line by line, which ``join_blocks`` turns
into the records' text and ``cleaning.boilerplate`` filters.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from lxml.etree import _Element
from lxml.html import HtmlElement

from topten_crawler.cleaning.selectors import select
from topten_crawler.cleaning.text import normalize_space

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


@dataclass
class Link:
    href: str
    text: str


@dataclass
class Block:
    """One paragraph-level piece of text, with the links inside it (HTML blocks only)."""

    # Space-normalised lines joined by "\n" (a <br>, or one list item or table row per line).
    text: str
    # What the block is: "p" (a paragraph) or "item" (a list item, see ``group``) from HTML;
    # from trafilatura, its element's name: "p", "head", "list", "quote", "table", ...
    kind: str = "p"
    # List items of the same outermost list share a group (from 1) and are printed one per
    # line; 0 for anything else.
    group: int = 0
    links: list[Link] = field(default_factory=list)


def join_blocks(blocks: Sequence[Block]) -> str:
    """Paragraphs separated by a blank line; items of one list one per line."""
    pieces: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            same_list = block.group != 0 and block.group == previous.group
            pieces.append("\n" if same_list else "\n\n")
        pieces.append(block.text)
        previous = block
    return "".join(pieces)


# --- From HTML ------------------------------------------------------------------------------------
def blocks_of(element: _Element) -> list[Block]:
    """Split an HTML element into blocks of text, in document order."""
    builder = _BlockBuilder()
    builder.feed(element)
    builder.flush()
    return builder.blocks


class _BlockBuilder:
    """Walks an element in document order with a stack of its own, not Python's: a page
    nested tens of thousands of levels deep (Scrapy's parser keeps such trees) would exhaust
    the interpreter's recursion limit."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._links: list[Link] = []
        self._list_stack: list[int] = []
        self._lists_seen = 0
        self._in_item = 0

    def feed(self, root: _Element) -> None:
        # Each entry: an element to enter, the text between elements (a str), or the tag of
        # a block element to leave once its children are done (a tuple).
        pending: list[_Element | str | tuple[str]] = [root]
        while pending:
            entry = pending.pop()
            if isinstance(entry, str):
                self._parts.append(entry)
            elif isinstance(entry, tuple):
                self._leave(entry[0])
            else:
                self._enter(entry, pending)

    def _enter(self, element: _Element, pending: list[_Element | str | tuple[str]]) -> None:
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
        if tag in BLOCK_TAGS:
            self.flush()
            if tag in LIST_TAGS:
                self._lists_seen += 1
                self._list_stack.append(self._lists_seen)
            if tag == "li":
                self._in_item += 1
            pending.append((tag,))
        # Children last to first, each followed by its tail, so that they pop in order.
        for child in reversed(element):
            if child.tail:
                pending.append(child.tail)
            pending.append(child)
        if element.text:
            pending.append(element.text)

    def _leave(self, tag: str) -> None:
        self.flush()
        if tag == "li":
            self._in_item -= 1
        if tag in LIST_TAGS:
            self._list_stack.pop()

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
                kind="item" if in_list else "p",
                group=self._list_stack[0] if in_list else 0,
                links=self._links,
            )
        )
        self._links = []


def _text_pieces(
    element: _Element, skip: Callable[[_Element], bool], breaks: frozenset[str] = frozenset()
) -> list[str]:
    """The text nodes under ``element`` in document order, without the subtrees ``skip``
    names (the tail of a skipped element is kept: it belongs to its parent); an element
    whose tag is in ``breaks`` is a line break. Iterative, for the same reason as
    ``_BlockBuilder``."""
    pieces: list[str] = []
    pending: list[_Element | str] = [element]
    while pending:
        entry = pending.pop()
        if isinstance(entry, str):
            pieces.append(entry)
            continue
        if skip(entry):
            continue
        for child in reversed(entry):
            if child.tail:
                pending.append(child.tail)
            pending.append(child)
        if entry.tag in breaks:
            pending.append("\n")
        elif entry.text:
            pending.append(entry.text)
    return pieces


def _invisible(node: _Element) -> bool:
    return not isinstance(node.tag, str) or node.tag.lower() in INVISIBLE_TAGS


def _text_of(element: _Element) -> str:
    return "".join(_text_pieces(element, _invisible))


def element_text(element: _Element) -> str:
    """The visible text of an element, white space collapsed."""
    return normalize_space(_text_of(element))


def without_elements(element: _Element, selectors: Iterable[str]) -> tuple[_Element, int]:
    """A copy of ``element`` with every match of the CSS selectors removed, and how many."""
    cleaned = copy.deepcopy(element)
    removed = 0
    for css in selectors:
        for match in select(cleaned, css):
            if match.getparent() is None:
                continue
            drop_element(match)
            removed += 1
    return cleaned, removed


def drop_element(element: _Element) -> None:
    """Remove an element from its tree, keeping the text that follows it (page text)."""
    parent = element.getparent()
    if parent is None:
        return
    if isinstance(element, HtmlElement):
        element.drop_tree()  # keeps the tail text, which belongs to the parent
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# --- From trafilatura's output tree ---------------------------------------------------------------
def blocks_from_body(body: _Element) -> list[Block]:
    """trafilatura's output tree as paragraphs; lists and tables keep one line per item/row.

    Text can also sit loose between blocks (the tail of a heading or an image): it is a
    paragraph of its own.
    """
    blocks: list[Block] = []
    _append(blocks, normalize_space(body.text or ""), "p")
    for child in body:
        if isinstance(child.tag, str):
            if child.tag == "quote" and child.find("p") is not None:
                _append(blocks, normalize_space(child.text or ""), "quote")
                for part in child:
                    if isinstance(part.tag, str):
                        _append(blocks, _inline_text(part), "quote")
                    _append(blocks, normalize_space(part.tail or ""), "quote")
            else:
                _append(blocks, _block_text(child), child.tag)
        _append(blocks, normalize_space(child.tail or ""), "p")
    return blocks


def _block_text(element: _Element) -> str:
    if element.tag == "list":
        # Every item, nested ones included, on a line of its own, in document order.
        lines = (_inline_text(item, skip="list") for item in element.iter("item"))
        return "\n".join(line for line in lines if line)
    if element.tag == "table":
        rows = (
            " | ".join(c for c in (_inline_text(cell) for cell in row.iter("cell")) if c)
            for row in element.iter("row")
        )
        return "\n".join(r for r in rows if r)
    return _inline_text(element)


def _append(blocks: list[Block], text: str, kind: str) -> None:
    if text.strip():
        blocks.append(Block(text, kind))


def _inline_text(element: _Element, skip: str | None = None) -> str:
    """An element's text, spaces collapsed, <lb/> kept as newlines, ``skip`` children left out."""
    lines = (normalize_space(line) for line in _ordered_text(element, skip).split("\n"))
    return "\n".join(line for line in lines if line)


def _ordered_text(element: _Element, skip: str | None = None) -> str:
    def skipped(node: _Element) -> bool:
        return node is not element and node.tag == skip

    return "".join(_text_pieces(element, skipped, _LINE_BREAK_TAGS))


# trafilatura's line break element.
_LINE_BREAK_TAGS = frozenset({"lb"})
