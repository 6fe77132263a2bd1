"""An HTML source page: parsed once, its fields read, then its article text extracted.

The text comes from trafilatura (``favor_precision``; its fast pass taken by ``fastpass``), run on
the tree parsed here, with what it leaves in taken out afterwards by
``cleaning.boilerplate.clean_blocks``. An outlet rule (from
``rules.outlets``) may first narrow the tree to the article's container.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from itertools import islice
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.etree import _Element
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.settings import Extractor

from topten_crawler.cleaning.blocks import Block, blocks_from_body, drop_element, join_blocks
from topten_crawler.cleaning.boilerplate import clean_blocks
from topten_crawler.cleaning.selectors import select
from topten_crawler.cleaning.text import plain_paragraphs
from topten_crawler.pages.charset import Decoded, decode_html
from topten_crawler.pages.source import xpaths
from topten_crawler.pages.source.fastpass import fast_body
from topten_crawler.pages.source.fields import FieldReader, all_text, text_value
from topten_crawler.pages.source.record import SourceFields
from topten_crawler.rules import outlets as rules

# trafilatura's costliest XPath expressions, evaluated in Python (same elements, a third of the
# time): installed once, for every extraction in this process.
xpaths.install()


def outlet_rule(url: str) -> rules.OutletRule | None:
    """The rule of the outlet whose domain (or a subdomain of it) serves ``url``."""
    host = (urlsplit(url).hostname or "").lower()
    for rule in rules.OUTLET_RULES:
        if any(host == d or host.endswith("." + d) for d in rule.domains):
            return rule
    return None


class HtmlSource:
    """One HTML page, parsed once; metadata first, then the text (which changes the tree)."""

    def __init__(
        self, url: str, body: bytes, header_type: str | None, kind: str, problems: list[str]
    ) -> None:
        self.url = url
        self.kind = kind
        self.problems = problems
        self.fallbacks: list[str] = []
        self.rule = outlet_rule(url)
        decoded = decode_html(body, header_type)
        if decoded.replaced:
            problems.append("charset_decode_errors")
        self.document: HtmlElement | None = (
            parse_html(decoded, body) if decoded.text.strip() else None
        )
        self.fields: FieldReader | None = None
        if self.document is None:
            problems.append("empty_body" if not decoded.text.strip() else "unparseable_html")
            return
        self.fields = FieldReader(url, self.document, self.rule, self.fallbacks, problems)

    def content(self) -> SourceFields:
        if self.document is None or self.fields is None:
            return SourceFields.empty(self.url, self.kind, self.problems)
        fields = self.fields
        # Every metadata field is read before the text: extraction cuts the tree (<head> first).
        site_name = fields.site_name()
        title = fields.title(site_name)
        author = fields.author()
        record = SourceFields(
            url=self.url,
            title=title,
            author=author,
            published=fields.published(),
            modified=fields.modified(),
            site_name=site_name,
            language=fields.language(),
            text="",
            content_type=self.kind,
            canonical_url=fields.canonical_url(),
            description=fields.description(),
            fallbacks=self.fallbacks,
            problems=self.problems,
        )
        record.text = self._text(self.document, title, author)
        return record

    # --- Text ----------------------------------------------------------------------------------
    def _text(self, document: HtmlElement, title: str | None, author: str | None) -> str:
        tree = document  # metadata is read: the tree is ours to cut now
        if _too_many_links(tree):
            return self._text_without_extraction()
        etree.strip_elements(tree, *rules.NON_CONTENT_TAGS, with_tail=False)
        paragraphs: tuple[str, ...] = ()
        if self.rule is not None:
            paragraphs = self.rule.paragraphs
            for css in self.rule.drop:
                for element in select(tree, css):
                    drop_element(element)
            container = self._rule_container(tree)
            if container is not None:
                tree = _document_of(container)
            elif self.rule.body:
                self.fallbacks.append("text")
        body = _extract_body(tree, self.url, "fast")
        if body is None or _doubtful(body, tree):
            # trafilatura's second opinions (readability, justext) can only win when its own
            # result is short or structurally odd; they cost a third of the time, so they are
            # asked for only then.
            body = _extract_body(tree, self.url, "precision")
        kept = _article_blocks(body, title, author, paragraphs)
        if _length(kept) < rules.MIN_TEXT_CHARS:
            # A short result is often a teaser or a notice chosen over the article: ask again
            # with trafilatura's recall settings and keep whichever says more.
            recall = _extract_body(tree, self.url, "recall")
            retry = _article_blocks(recall, title, author, paragraphs)
            if _length(retry) > _length(kept):
                kept = retry
        text = join_blocks(kept)
        assert self.fields is not None
        article_body = text_value(self.fields.value("articleBody"))
        if article_body and len(article_body) > rules.ARTICLE_BODY_RATIO * max(len(text), 1):
            self.fallbacks.append("text")
            return plain_paragraphs(article_body)
        if not text:
            self.problems.append("no_text")
        return text

    def _text_without_extraction(self) -> str:
        """The text of a page too full of links to extract: its articleBody, if it has one."""
        assert self.fields is not None
        self.problems.append("too_many_links")
        article_body = text_value(self.fields.value("articleBody"))
        if article_body:
            self.fallbacks.append("text")
            return plain_paragraphs(article_body)
        return ""

    def _rule_container(self, tree: HtmlElement) -> _Element | None:
        assert self.rule is not None
        for css in self.rule.body:
            for element in select(tree, css):
                if len(all_text(element)) >= rules.MIN_TEXT_CHARS:
                    return element
        return None


def _too_many_links(tree: HtmlElement) -> bool:
    # Counted up to one past the limit (a page of a million links is not walked to its end),
    # by islice: no Python code runs per link.
    return next(islice(tree.iter("a"), rules.MAX_TEXT_LINKS, None), None) is not None


def _article_blocks(
    body: _Element | None, title: str | None, author: str | None, paragraphs: tuple[str, ...]
) -> list[Block]:
    blocks = blocks_from_body(body) if body is not None else []
    return clean_blocks(blocks, title=title, author=author, extra_patterns=paragraphs)


def _length(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def _extract_body(tree: HtmlElement, url: str, mode: str) -> _Element | None:
    """trafilatura's article tree: "fast" (own algorithm only), "precision" or "recall"."""
    if mode == "fast":
        return fast_body(tree, _extractor(mode))  # bare_extraction's, with less copying
    document = trafilatura.bare_extraction(
        tree,  # copied by trafilatura: the same tree serves every attempt
        url=url,
        options=_extractor(mode),
    )
    body = getattr(document, "body", None)
    return body if isinstance(body, _Element) else None


@cache
def _extractor(mode: str) -> Extractor:
    """trafilatura's options for a mode, built once (building them is a tenth of a fast
    extraction). Output "txt": the tree is all we read, and trafilatura then spares itself
    turning it into text. No URL: links are not kept, so none is resolved."""
    return Extractor(
        output_format="txt",
        fast=mode == "fast",
        precision=mode != "recall",
        recall=mode == "recall",
        comments=False,
        tables=True,
        with_metadata=False,
    )


def _doubtful(body: _Element, tree: HtmlElement) -> bool:
    """Whether trafilatura's fast result may lose to readability or justext (see ``_text``).

    They replace it when they find at least twice as much text, or when it has no paragraph
    text or more tables than paragraphs. A result that is long enough in itself (see
    ``rules.CONFIDENT_TEXT_CHARS``), has paragraphs, and is more than a sliver of the page's text
    is kept.
    """
    length = len(" ".join(t for t in body.itertext() if isinstance(t, str)).strip())
    if length < rules.CONFIDENT_TEXT_CHARS:
        return True
    paragraphs = len(body.findall(".//p"))
    if not paragraphs or len(body.findall(".//table")) > paragraphs:
        return True
    return length < rules.CONFIDENT_PAGE_SHARE * len(tree.text_content())


def _document_of(container: _Element) -> HtmlElement:
    root = trafilatura.load_html("<html><body></body></html>")
    assert root is not None
    body = root.find("body")
    assert body is not None
    clone = copy.deepcopy(container)
    clone.tail = None
    body.append(clone)
    return root


# --- Parsing --------------------------------------------------------------------------------------
# Parsed as trafilatura parses (comments and processing instructions dropped), into plain
# HtmlElement nodes: lxml.html's default class lookup runs Python code for every node it
# hands out, a tenth of the extraction time, for form-element classes nobody here uses.
# lxml parsers are not thread-safe; Scrapy calls us from one thread.
# (lxml-stubs lacks HTMLParser's default_doctype argument.)
_PARSER = etree.HTMLParser(  # type: ignore[call-arg]
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
    encoding="utf-8",
)  # fmt: skip
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
# Characters XML forbids: lxml parses them but refuses them later, when trafilatura sets text.
_FORBIDDEN_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_FORBIDDEN_CHARS = ("\ufffe".encode(), "\uffff".encode())
_FORBIDDEN_CHARS_PREFIX = b"\xef\xbf"  # their UTF-8 encodings' common start
# libxml2 misreads a DOCTYPE with a system identifier on the first line (trafilatura drops it too).
_DOCTYPE_WITH_URL = re.compile(rb"^\s*< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def parse_html(decoded: Decoded, body: bytes) -> HtmlElement | None:
    """The page's tree, from UTF-8 bytes (the body itself when it is UTF-8: no re-encoding)."""
    if decoded.encoding == "utf-8" and not decoded.replaced and decoded.source != "bom":
        data = body
    else:
        data = decoded.text.encode("utf-8", "surrogatepass")
    data = data.translate(None, _FORBIDDEN_BYTES)
    if _FORBIDDEN_CHARS_PREFIX in data:  # one scan of the page for both, mostly finding neither
        for forbidden in _FORBIDDEN_CHARS:
            data = data.replace(forbidden, b"")
    data = _XML_DECLARATION.sub(b"", data, count=1)
    if b"doctype" in data[:64].lower():
        first, newline, rest = data.partition(b"\n")
        data = _DOCTYPE_WITH_URL.sub(b"", first, count=1) + newline + rest
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.ParserError, ValueError):
        root = None
    if isinstance(root, HtmlElement) and len(root):
        return root
    # trafilatura's loader knows more repairs; its tree is slower to walk but will do.
    return trafilatura.load_html(decoded.text)
