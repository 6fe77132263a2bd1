"""The model of a post body: inline runs (text, emphasis, links) and blocks (paragraphs,
headings, lists, quotes, figures, the embedded sign-up form), and the clean text a crawler
extracts from them.

Off-site links are *(outlet index, path)* pairs: the source hosts' addresses are only known once
the server has bound its sockets (see :class:`topten_crawler.replica.content.LinkResolver`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from topten_crawler.replica.textutil import collapse

# ------------------------------------------------------------------------------------------------
# Inline runs


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Em:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ExtLink:
    """A link to an outlet's article; ``outlet`` indexes :data:`OUTLETS`."""

    outlet: int
    path: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class PostLink:
    """A link to another replica post. ``children`` None: the anchor text is the target's title."""

    key: str
    absolute: bool
    children: tuple[Inline, ...] | None


@dataclass(frozen=True, slots=True)
class SiteLink:
    """A link to a non-post page of the digest site (the sign-up page of the call to action)."""

    path: str
    children: tuple[Inline, ...]


Inline: TypeAlias = str | Strong | Em | ExtLink | PostLink | SiteLink

# ------------------------------------------------------------------------------------------------
# Blocks

# What a paragraph is for: only "text" paragraphs belong to the clean text. "from" is the
# "From: Outlet" source line, "read_more" the closing link to the original article, "related" an
# editor's "Related Story:" line, "cta" the sign-up call to action, "spacer" an empty paragraph.
ParagraphRole: TypeAlias = Literal["text", "from", "read_more", "related", "cta", "spacer"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    role: ParagraphRole = "text"


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class Quote:
    paragraphs: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class Figure:
    path: str
    alt: str
    caption: tuple[Inline, ...] | None


@dataclass(frozen=True, slots=True)
class SignupForm:
    """A Gravity Forms sign-up embedded in the body by shortcode: boilerplate inside the content."""


Block: TypeAlias = Paragraph | Heading | ListBlock | Quote | Figure | SignupForm

# ------------------------------------------------------------------------------------------------
# Text and links of a body


def inline_text(nodes: Iterable[Inline], titles: dict[str, str]) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, PostLink) and node.children is None:
            parts.append(titles[node.key])
        else:
            assert node.children is not None
            parts.append(inline_text(node.children, titles))
    return "".join(parts)


def iter_links(nodes: Iterable[Inline]) -> Iterable[ExtLink | PostLink | SiteLink]:
    for node in nodes:
        if isinstance(node, ExtLink | PostLink | SiteLink):
            yield node
        if not isinstance(node, str) and node.children is not None:
            yield from iter_links(node.children)


def block_inlines(block: Block) -> list[tuple[Inline, ...]]:
    """Every inline run of a block, in document order."""
    if isinstance(block, Paragraph | Heading):
        return [block.children]
    if isinstance(block, ListBlock):
        return list(block.items)
    if isinstance(block, Quote):
        return list(block.paragraphs)
    if isinstance(block, Figure):
        return [block.caption] if block.caption else []
    return []


def body_text(blocks: Iterable[Block], titles: dict[str, str]) -> str:
    """The clean text of a body: one block per paragraph, heading, quote paragraph or caption,
    blocks separated by a blank line, list items one per line inside one block."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.role == "text":
                out.append(collapse(inline_text(block.children, titles)))
        elif isinstance(block, Heading):
            out.append(collapse(inline_text(block.children, titles)))
        elif isinstance(block, ListBlock):
            items = [collapse(inline_text(item, titles)) for item in block.items]
            out.append("\n".join(i for i in items if i))
        elif isinstance(block, Quote):
            out.extend(collapse(inline_text(p, titles)) for p in block.paragraphs)
        elif isinstance(block, Figure) and block.caption:
            out.append(collapse(inline_text(block.caption, titles)))
    return "\n\n".join(b for b in out if b)
