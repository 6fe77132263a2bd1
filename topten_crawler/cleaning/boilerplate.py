"""What is not the article: boilerplate paragraphs, headers, link tails, repeated blocks.

The patterns are data in ``rules`` (``rules.digest`` for the digest's theme, ``rules.outlets``
for cited outlets); this module applies them to ``Block``\\ s. Every pattern must match a whole
paragraph's ``match_key``, so a sentence that merely uses the same words is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from topten_crawler.cleaning.blocks import Block
from topten_crawler.cleaning.text import loose, match_key, normalize_space
from topten_crawler.rules import digest, outlets


class KeptBlocks:
    """Blocks kept so far, under the one repeated-block rule.

    A block whose text is the last kept block's is the same paragraph printed twice (a caption
    under its image and again in a lightbox) and is not kept. ``ignore_case``: the two are
    compared case-insensitively (cited sources); the digest's blocks are compared as printed.
    """

    def __init__(self, *, ignore_case: bool = False) -> None:
        self.blocks: list[Block] = []
        self._ignore_case = ignore_case
        self._last_key: str | None = None

    def __len__(self) -> int:
        return len(self.blocks)

    def add(self, block: Block, key: str | None = None) -> bool:
        """Keep ``block`` unless it repeats the last one; ``key`` is its ``match_key`` if known."""
        key = match_key(block.text) if key is None else key
        if self._ignore_case:
            key = key.lower()
        if key == self._last_key:
            return False
        self.blocks.append(block)
        self._last_key = key
        return True


def drop_repeated_blocks(blocks: Iterable[Block], *, ignore_case: bool = False) -> list[Block]:
    """Drop a block that repeats the one before it (see ``KeptBlocks``)."""
    kept = KeptBlocks(ignore_case=ignore_case)
    for block in blocks:
        kept.add(block)
    return kept.blocks


# --- Digest posts --------------------------------------------------------------------------------
def is_boilerplate_paragraph(text: str) -> bool:
    """Whether a paragraph of a digest post is all theme or plugin boilerplate."""
    key = match_key(normalize_space(text))
    return any(pattern.fullmatch(key) for pattern in digest.BOILERPLATE_PARAGRAPHS)


# --- Cited sources -------------------------------------------------------------------------------
def clean_blocks(
    blocks: Sequence[Block],
    *,
    title: str | None,
    author: str | None,
    extra_patterns: Sequence[str] = (),
) -> list[Block]:
    """Drop the paragraphs trafilatura keeps that are not the article's text.

    ``extra_patterns`` are an outlet's own (``OutletRule.paragraphs``), as regex source.
    """
    extra = [_compiled(p) for p in extra_patterns]
    title_key = loose(title) if title else None
    author_key = loose(author).split()[0] if author and loose(author) else None
    kept = KeptBlocks(ignore_case=True)
    count = len(blocks)
    for index, block in enumerate(blocks):
        key = match_key(block.text)
        # Every boilerplate pattern is bounded: a long paragraph is article text.
        short = len(key) <= outlets.MAX_BOILERPLATE_CHARS
        if (
            short
            and index >= count * (1 - outlets.TAIL_SHARE)
            and block.kind in ("head", "p")
            and outlets.TAIL_HEADINGS.fullmatch(key)
        ):
            break  # a "Related stories" heading: the rest is links to other pages
        if short and _is_boilerplate(key, extra):
            continue
        if short and len(kept) < outlets.HEADER_BLOCKS and _is_header(key, title_key, author_key):
            continue
        kept.add(block, key)
    blocks_kept = kept.blocks
    while blocks_kept and blocks_kept[-1].kind == "head":
        blocks_kept.pop()  # a heading with nothing under it announced something that was cut
    return blocks_kept


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _is_boilerplate(key: str, extra: Iterable[re.Pattern[str]]) -> bool:
    if any(p.fullmatch(key) for p in outlets.BOILERPLATE_PARAGRAPHS):
        return True
    if outlets.URL_PARAGRAPH.fullmatch(key):
        return True
    return any(p.fullmatch(key) for p in extra)


def _is_header(key: str, title_key: str | None, author_key: str | None) -> bool:
    """The title, byline or dateline printed above the article, which trafilatura keeps."""
    if title_key and loose(key) == title_key:
        return True
    if len(key.split()) > outlets.MAX_HEADER_WORDS:
        return False
    if author_key and key[:3].lower() == "by " and author_key in loose(key):
        return True
    if outlets.VISIBLE_BYLINE.match(key):
        return True
    return any(c.isdigit() for c in key) and outlets.DATELINE.fullmatch(key) is not None
