"""The small line-based markup the corpus writes post bodies in, and its parser.

:func:`parse_body` turns a body into :mod:`topten_crawler.replica.post_body` blocks; its docstring
lists the tags.
"""

from __future__ import annotations

import re

from topten_crawler.replica.post_body import (
    Block,
    Em,
    ExtLink,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    PostLink,
    Quote,
    SignupForm,
    SiteLink,
    Strong,
)

# The in-body call to action seen on 2021-22 pages. It is boilerplate: never part of ``text``.
CTA_TEXT = (
    "Sign Up for Lisa's Top Ten to get a daily briefing on the world each morning. "
    "Start your free trial today."
)
CTA_LEAD = "Sign Up for Lisa's Top Ten"

_INLINE_RE = re.compile(
    r"\[(?P<ltext>[^\]]+)\]\((?P<href>[^)\s]+)\)|\*\*(?P<strong>.+?)\*\*|\*(?P<em>[^*]+?)\*"
)
_BLOCK_TAG = re.compile(r"^(?P<tag>[A-Z][A-Z0-9@]*):(?: |$)")


def parse_inline(source: str) -> tuple[Inline, ...]:
    """``[text](href)``, ``**strong**``, ``*em*``; href ``srcN:/path``, ``post:key``, ``/path``.

    ``post@:key`` makes the link absolute, as editors who paste full URLs do.
    """
    out: list[Inline] = []
    pos = 0
    for match in _INLINE_RE.finditer(source):
        if match.start() > pos:
            out.append(source[pos : match.start()])
        if match.group("ltext") is not None:
            out.append(_link(match.group("href"), parse_inline(match.group("ltext"))))
        elif match.group("strong") is not None:
            out.append(Strong(parse_inline(match.group("strong"))))
        else:
            out.append(Em(parse_inline(match.group("em"))))
        pos = match.end()
    if pos < len(source):
        out.append(source[pos:])
    return tuple(out)


def _link(href: str, children: tuple[Inline, ...]) -> Inline:
    if href.startswith("src"):
        outlet, _, path = href[3:].partition(":")
        return ExtLink(int(outlet), path, children)
    if href.startswith("post:"):
        return PostLink(href[5:], False, children)
    if href.startswith("post@:"):
        return PostLink(href[6:], True, children)
    if href.startswith("/"):
        return SiteLink(href, children)
    raise ValueError(f"unknown link target {href!r}")


def parse_body(markup: str) -> tuple[Block, ...]:
    """Parse the corpus' line-based body markup.

    One block per line, ``TAG: content``; a line starting with whitespace continues the block above
    with its newline and indentation kept, so the HTML carries whitespace the cleaner must
    collapse. Tags: ``P`` paragraph (also an untagged line), ``FROM`` source line, ``H2``/``H3``,
    ``UL``/``OL`` items split on `` | ``, ``Q`` quote paragraphs split on `` || ``, ``FIG``
    ``path | alt | caption``, ``RS``/``RS@`` Related Story line to a post key (relative/absolute
    link), ``RM`` Read More to an ``srcN:/path`` URL, ``CTA``/``CTA@`` sign-up call to action
    (plain/linked), ``FORM`` embedded sign-up form, ``EMPTY`` an ``&nbsp;`` paragraph.
    """
    raw: list[list[str]] = []
    for line in markup.split("\n"):
        if not line.strip():
            continue
        if line[0] in " \t" and raw:
            raw[-1][1] += "\n" + line
            continue
        match = _BLOCK_TAG.match(line)
        if match:
            raw.append([match.group("tag"), line[match.end() :]])
        else:
            raw.append(["P", line])
    return tuple(_make_block(tag, content) for tag, content in raw)


def _make_block(tag: str, content: str) -> Block:
    if tag == "P":
        return Paragraph(parse_inline(content))
    if tag == "FROM":
        return Paragraph(parse_inline(content), "from")
    if tag in ("H2", "H3"):
        return Heading(int(tag[1]), parse_inline(content))
    if tag in ("UL", "OL"):
        items = tuple(parse_inline(item.strip()) for item in content.split(" | "))
        return ListBlock(tag == "OL", items)
    if tag == "Q":
        return Quote(tuple(parse_inline(p.strip()) for p in content.split(" || ")))
    if tag == "FIG":
        parts = [p.strip() for p in content.split(" | ")]
        caption = parse_inline(parts[2]) if len(parts) > 2 and parts[2] else None
        return Figure(parts[0], parts[1], caption)
    if tag in ("RS", "RS@"):
        link = PostLink(content.strip(), tag == "RS@", None)
        return Paragraph((Strong(("Related Story:",)), " ", link), "related")
    if tag == "RM":
        target = _link(content.strip(), ("Read More",))
        return Paragraph((target,), "read_more")
    if tag == "CTA":
        return Paragraph((Strong((CTA_LEAD,)), CTA_TEXT[len(CTA_LEAD) :]), "cta")
    if tag == "CTA@":
        signup = SiteLink("/subscribe/", (CTA_LEAD,))
        return Paragraph((signup, CTA_TEXT[len(CTA_LEAD) :]), "cta")
    if tag == "FORM":
        return SignupForm()
    if tag == "EMPTY":
        return Paragraph(("\u00a0",), "spacer")
    raise ValueError(f"unknown block tag {tag!r}")
