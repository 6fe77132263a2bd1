"""A cited source page (another outlet's article) as a record. Pure: bytes + URL + headers in.

The article text comes from trafilatura (``favor_precision``), run on a tree parsed once here,
with what it leaves in taken out afterwards (titles and bylines repeated in the text, ad labels,
newsletter and share prompts, credits, "Read more" links). The metadata comes from JSON-LD and
meta tags first, then from the visible page, and each weaker source is named in ``fallbacks``.
Outlet-specific knowledge lives in ``rules.outlets`` as data.
"""

from __future__ import annotations

import copy
import importlib
import io
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.etree import _Element
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

from topten_crawler.cleaning.text import normalize_space
from topten_crawler.pages import metadata
from topten_crawler.pages.charset import Decoded, decode_html
from topten_crawler.rules import outlets as rules

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPE = "application/pdf"

# Magic numbers of the binary types a news article links to, for responses that are unlabelled
# or labelled wrongly (a PDF served as text/html is common on government sites).
MAGIC_TYPES: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, PDF_TYPE),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftyp", 4, "video/mp4"),
    (b"\x1a\x45\xdf\xa3", 0, "video/webm"),
    (b"ID3", 0, "audio/mpeg"),
    (b"PK\x03\x04", 0, "application/zip"),
)
_MARKUP_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|meta|title|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)

# trafilatura's shortest useful result; below it the page is retried with recall settings.
MIN_TEXT_CHARS = 250
# A fast (trafilatura-only) result at least this long, and at least this share of all the page's
# text (markup white space included), is kept without asking readability and justext.
CONFIDENT_TEXT_CHARS = 1500
CONFIDENT_PAGE_SHARE = 0.05
# PDF paragraphs: a line ending with one of these, shorter than this share of the page's
# longest line, ends its paragraph.
PDF_SENTENCE_ENDS = frozenset('.!?:"”»)')
PDF_SHORT_LINE = 0.75
# A JSON-LD articleBody replaces the extracted text only when the page's text is this much
# shorter (paywalled pages ship the full text in JSON-LD and a teaser in the markup).
ARTICLE_BODY_RATIO = 3


@dataclass
class SourceContent:
    """What a cited source says; the spider adds what only the crawl knows (time, WARC pointer)."""

    url: str
    title: str | None
    author: str | None
    # The original publication date (ISO 8601), never the last-modified one.
    published: str | None
    modified: str | None
    site_name: str | None
    language: str | None
    # The article body: paragraphs separated by one blank line, list items one per line.
    text: str
    content_type: str
    canonical_url: str | None
    description: str | None
    # Fields taken from weaker sources than JSON-LD and meta tags (visible markup, outlet rules).
    fallbacks: list[str] = field(default_factory=list)
    # Anything odd about the page that the crawl report should count.
    problems: list[str] = field(default_factory=list)


def extract_source(
    url: str,
    body: bytes,
    headers: Mapping[str, str] | None = None,
    *,
    content_type: str | None = None,
) -> SourceContent:
    """Extract a cited source page (HTML, PDF, or anything else) into a record."""
    header_type = _header(headers, "content-type")
    kind, problems = content_type_of(body, content_type or header_type)
    if kind in HTML_TYPES:
        return HtmlSource(url, body, header_type, kind, problems).content()
    if kind == PDF_TYPE:
        return _pdf_content(url, body, problems)
    if kind == "text/plain":
        decoded = decode_html(body, header_type)
        return _empty(url, kind, problems, text=_plain_paragraphs(decoded.text))
    # Images, video and other binaries: a record that says what it is, and no text.
    return _empty(url, kind, problems)


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def content_type_of(body: bytes, declared: str | None) -> tuple[str, list[str]]:
    """The media type of a body: the declared one, unless the bytes plainly say otherwise."""
    label = (declared or "").split(";")[0].strip().lower()
    sniffed = next(
        (kind for magic, at, kind in MAGIC_TYPES if body[at : at + len(magic)] == magic), None
    )
    if sniffed and label != sniffed:
        # Servers label downloads text/html or octet-stream; the bytes do not lie.
        return sniffed, (["content_type_mismatch"] if label and label in HTML_TYPES else [])
    if label and label not in ("application/octet-stream", "binary/octet-stream"):
        return label, []
    if _MARKUP_START.match(body[:2048]):
        return "text/html", []
    return (label or "application/octet-stream"), []


def _empty(url: str, kind: str, problems: list[str], text: str = "") -> SourceContent:
    return SourceContent(
        url=url, title=None, author=None, published=None, modified=None, site_name=None,
        language=None, text=text, content_type=kind, canonical_url=None, description=None,
        problems=problems,
    )  # fmt: skip


def _plain_paragraphs(text: str) -> str:
    paragraphs = (normalize_space(p) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


# --- HTML ---------------------------------------------------------------------------------------
@cache
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


def _select(root: _Element, css: str) -> list[_Element]:
    found = _selector(css)(root)
    return [e for e in found if isinstance(e, _Element)] if isinstance(found, list) else []


def outlet_rule(url: str) -> rules.OutletRule | None:
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
        self._meta: dict[str, list[str]] = {}
        self._nodes: list[metadata.JsonObject] = []
        self._article: metadata.JsonObject | None = None
        if self.document is None:
            problems.append("empty_body" if not decoded.text.strip() else "unparseable_html")
            return
        self._meta = _meta_index(self.document)
        self._nodes, broken = metadata.jsonld_nodes(self.document)
        self.problems.extend(["broken_jsonld"] * broken)
        self._article = metadata.find_node(self._nodes, rules.ARTICLE_TYPES) or metadata.find_node(
            self._nodes, rules.PAGE_TYPES
        )

    def content(self) -> SourceContent:
        if self.document is None:
            return _empty(self.url, self.kind, self.problems)
        # Every metadata field is read before the text: extraction cuts the tree (<head> first).
        site_name = self._site_name()
        title = self._title(site_name)
        author = self._author()
        record = SourceContent(
            url=self.url,
            title=title,
            author=author,
            published=self._published(),
            modified=self._modified(),
            site_name=site_name,
            language=self._language(),
            text="",
            content_type=self.kind,
            canonical_url=self._canonical_url(),
            description=self._first_meta(rules.DESCRIPTION_META_KEYS)
            or _text_value(self._value("description")),
            fallbacks=self.fallbacks,
            problems=self.problems,
        )
        record.text = self._text(title, author)
        return record

    # --- Metadata ------------------------------------------------------------------------------
    def _value(self, key: str) -> Any:
        return self._article.get(key) if self._article else None

    def _first_meta(self, keys: Iterable[str]) -> str | None:
        for key in keys:
            values = self._meta.get(key.lower())
            if values:
                return values[0]
        return None

    def _fallback(self, name: str, value: str | None) -> str | None:
        if value:
            self.fallbacks.append(name)
        return value or None

    def _site_name(self) -> str | None:
        name = self._first_meta(rules.SITE_NAME_META_KEYS)
        if name:
            return name
        publisher = metadata.resolve(self._value("publisher"), self._nodes)
        if isinstance(publisher, dict) and _text_value(publisher.get("name")):
            return _text_value(publisher.get("name"))
        organization = metadata.find_node(self._nodes, ("NewsMediaOrganization", "Organization"))
        if organization and _text_value(organization.get("name")):
            return _text_value(organization.get("name"))
        return self._fallback("site_name", self.rule.site_name if self.rule else None)

    def _title(self, site_name: str | None) -> str | None:
        headline = _text_value(self._value("headline")) or _text_value(self._value("name"))
        if headline and self._article is not None and self._article_is_article():
            return without_site_suffix(headline, site_name, self.url)
        meta_title = self._first_meta(rules.TITLE_META_KEYS)
        if meta_title:
            return without_site_suffix(meta_title, site_name, self.url)
        assert self.document is not None
        for expression in ("//title", "//h1"):
            for element in metadata.xpath_elements(self.document, expression):
                text = (
                    normalize_space(element.text_content())
                    if isinstance(element, HtmlElement)
                    else ""
                )
                if text:
                    self.fallbacks.append("title")
                    return without_site_suffix(text, site_name, self.url)
        return headline

    def _article_is_article(self) -> bool:
        return bool(self._article and metadata.types_of(self._article) & rules.ARTICLE_TYPES)

    def _author(self) -> str | None:
        authors = [clean_author(a) for a in metadata.names(self._value("author"), self._nodes)]
        authors = metadata.unique(a for a in authors if a)
        if authors:
            return ", ".join(authors)
        for key in rules.AUTHOR_META_KEYS:
            for value in self._meta.get(key.lower(), []):
                # Facebook profile URLs in article:author are links, not names.
                name = clean_author(value) if "://" not in value else ""
                if name:
                    return name
        return self._fallback("author", self._visible_author())

    def _visible_author(self) -> str | None:
        assert self.document is not None
        for css in rules.BYLINE_SELECTORS:
            for element in _select(self.document, css):
                name = clean_author(_element_text(element))
                if name and len(name.split()) <= 12:
                    return name
        # "By Jane Roe" printed alone, anywhere a theme puts it.
        # Only the element's own first text node is tested in XPath (cheap); "By <a>Name</a>"
        # is then read whole.
        for element in metadata.xpath_elements(
            self.document,
            "//body//*[self::p or self::span or self::div or self::address]"
            "[starts-with(normalize-space(text()), 'By')"
            " or starts-with(normalize-space(text()), 'by')]",
        ):
            text = _element_text(element)
            match = rules.VISIBLE_BYLINE.match(text) if len(text) < 80 else None
            if match:
                return clean_author(match.group("name"))
        return None

    def _published(self) -> str | None:
        for value in (self._value("datePublished"), self._value("dateCreated")):
            iso = parse_date(_text_value(value))
            if iso:
                return iso
        for key in rules.PUBLISHED_META_KEYS:
            for value in self._meta.get(key.lower(), []):
                iso = parse_date(value)
                if iso:
                    return iso
        return self._fallback("published", self._visible_date())

    def _visible_date(self) -> str | None:
        assert self.document is not None
        for css in rules.DATE_SELECTORS:
            for element in _select(self.document, css):
                for raw in (
                    element.get("datetime"),
                    element.get("content"),
                    _element_text(element),
                ):
                    iso = parse_date(raw)
                    if iso:
                        return iso
        return None

    def _modified(self) -> str | None:
        iso = parse_date(_text_value(self._value("dateModified")))
        if iso:
            return iso
        for key in rules.MODIFIED_META_KEYS:
            for value in self._meta.get(key.lower(), []):
                iso = parse_date(value)
                if iso:
                    return iso
        return None

    def _language(self) -> str | None:
        assert self.document is not None
        lang = (self.document.get("lang") or self.document.get("xml:lang") or "").strip()
        if lang:
            return lang
        in_language = _text_value(self._value("inLanguage"))
        if in_language:
            return in_language
        locale = self._first_meta(("og:locale", "content-language", "language"))
        return locale.replace("_", "-") if locale else None

    def _canonical_url(self) -> str | None:
        assert self.document is not None
        candidates = metadata.xpath_strings(self.document, '//link[@rel="canonical"]/@href')
        candidates.extend(self._meta.get("og:url", []))
        for href in candidates:
            absolute = urljoin(self.url, href.strip())
            if urlsplit(absolute).scheme in ("http", "https"):
                return absolute
        return None

    # --- Text ----------------------------------------------------------------------------------
    def _text(self, title: str | None, author: str | None) -> str:
        assert self.document is not None
        tree = self.document  # metadata is read: the tree is ours to cut now
        etree.strip_elements(tree, *rules.NON_CONTENT_TAGS, with_tail=False)
        paragraphs: tuple[str, ...] = ()
        if self.rule is not None:
            paragraphs = self.rule.paragraphs
            for css in self.rule.drop:
                for element in _select(tree, css):
                    _drop(element)
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
        blocks = blocks_from_body(body) if body is not None else []
        kept = clean_blocks(blocks, title=title, author=author, extra_patterns=paragraphs)
        if sum(len(b.text) for b in kept) < MIN_TEXT_CHARS:
            # A short result is often a teaser or a notice chosen over the article: ask again
            # with trafilatura's recall settings and keep whichever says more.
            recall = _extract_body(tree, self.url, "recall")
            retry = clean_blocks(
                blocks_from_body(recall) if recall is not None else [], title=title,
                author=author, extra_patterns=paragraphs,
            )  # fmt: skip
            if sum(len(b.text) for b in retry) > sum(len(b.text) for b in kept):
                kept = retry
        text = join_blocks(kept)
        article_body = _text_value(self._value("articleBody"))
        if article_body and len(article_body) > ARTICLE_BODY_RATIO * max(len(text), 1):
            self.fallbacks.append("text")
            return _plain_paragraphs(article_body)
        if not text:
            self.problems.append("no_text")
        return text

    def _rule_container(self, tree: HtmlElement) -> _Element | None:
        assert self.rule is not None
        for css in self.rule.body:
            for element in _select(tree, css):
                if len(_element_text(element)) >= MIN_TEXT_CHARS:
                    return element
        return None


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
    for forbidden in _FORBIDDEN_CHARS:
        if forbidden in data:
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


def _meta_index(document: _Element) -> dict[str, list[str]]:
    """Every <meta> content by lower-cased property/name/itemprop, in page order: one pass."""
    index: dict[str, list[str]] = {}
    for element in metadata.xpath_elements(document, "//meta[@content]"):
        content = normalize_space(element.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                index.setdefault(key.strip().lower(), []).append(content)
    return index


def _text_value(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, str):
        text = normalize_space(value)
        return text or None
    return None


def _element_text(element: _Element) -> str:
    return normalize_space("".join(t for t in element.itertext() if isinstance(t, str)))


def _drop(element: _Element) -> None:
    if isinstance(element, HtmlElement) and element.getparent() is not None:
        element.drop_tree()  # keeps the tail text, which belongs to the parent


def _document_of(container: _Element) -> HtmlElement:
    root = trafilatura.load_html("<html><body></body></html>")
    assert root is not None
    body = root.find("body")
    assert body is not None
    clone = copy.deepcopy(container)
    clone.tail = None
    body.append(clone)
    return root


# --- Fields ---------------------------------------------------------------------------------------
def without_site_suffix(title: str, site_name: str | None, url: str) -> str:
    """A title without the outlet's name after a separator ("Story - The Outlet")."""
    title = normalize_space(title)
    host_words = set(re.findall(r"[a-z0-9]+", (urlsplit(url).hostname or "").lower()))
    site_key = _loose(site_name) if site_name else ""
    for separator in rules.TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if not found or not head.strip():
            continue
        tail_key = _loose(tail)
        names_site = bool(site_key) and (tail_key == site_key or site_key in tail_key)
        # No site name on the page: a short last segment whose words are the host's is the name.
        squeezed = tail_key.replace(" ", "")
        names_host = (
            len(tail.split()) <= rules.MAX_SITE_SUFFIX_WORDS
            and bool(squeezed)
            and (
                squeezed in host_words
                or any(w in host_words for w in tail_key.split() if len(w) > 3)
            )
        )
        if names_site or names_host:
            return without_site_suffix(head.strip(), site_name, url)
    return title


def _loose(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("’", "'")))


def clean_author(value: str) -> str:
    """A name without "By", "View all posts by", trailing roles or separators."""
    text = normalize_space(value)
    for _ in range(2):
        text = rules.AUTHOR_PREFIX.sub("", text).strip()
    text = re.split(r"\s+[|•·]\s+|\s+[-–—]\s+", text)[0].strip(" ,;:|")
    if not text or "://" in text or len(text) > 120:
        return ""
    return text


_EXTRA_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y%m%d",
    "%Y/%m/%d",
    "%a, %d %b %Y %H:%M:%S %Z",
    "%a, %d %b %Y %H:%M:%S %z",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M %p",
)
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_PREFIX = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def parse_date(value: str | None) -> str | None:
    """An ISO 8601 date-time or date from the forms pages print; None when unreadable."""
    if not value:
        return None
    text = normalize_space(value)
    if _DATE_ONLY.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()  # a date, not midnight of it
        except ValueError:
            return None
    iso = metadata.iso_datetime(text)
    if iso:
        return iso
    match = _ISO_PREFIX.match(text)
    if match:
        iso = metadata.iso_datetime(match.group(0))
        if iso:
            return iso
    for pattern in _EXTRA_DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).isoformat()
        except ValueError:
            continue
    return metadata.iso_date_from_text(text)


# --- Blocks ---------------------------------------------------------------------------------------
@dataclass
class TextBlock:
    text: str
    # trafilatura's element name: "p", "head", "list", "quote", "table", ...
    kind: str


def _extract_body(tree: HtmlElement, url: str, mode: str) -> _Element | None:
    """trafilatura's article tree: "fast" (own algorithm only), "precision" or "recall"."""
    document = trafilatura.bare_extraction(
        tree,  # copied by trafilatura: the same tree serves every attempt
        url=url,
        fast=mode == "fast",
        favor_precision=mode != "recall",
        favor_recall=mode == "recall",
        include_comments=False,
        include_tables=True,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    return body if isinstance(body, _Element) else None


def _doubtful(body: _Element, tree: HtmlElement) -> bool:
    """Whether trafilatura's fast result may lose to readability or justext (see ``_text``).

    They replace it when they find at least twice as much text, or when it has no paragraph
    text or more tables than paragraphs. On the benchmark every page where they won had a fast
    result under 1,000 characters; a result that is long in itself, has paragraphs, and is more
    than a sliver of the page's text is kept.
    """
    length = len(" ".join(t for t in body.itertext() if isinstance(t, str)).strip())
    if length < CONFIDENT_TEXT_CHARS:
        return True
    paragraphs = len(body.findall(".//p"))
    if not paragraphs or len(body.findall(".//table")) > paragraphs:
        return True
    return length < CONFIDENT_PAGE_SHARE * len(tree.text_content())


def blocks_from_body(body: _Element) -> list[TextBlock]:
    """trafilatura's output tree as paragraphs; lists and tables keep one line per item/row.

    Text can also sit loose between blocks (the tail of a heading or an image): it is a
    paragraph of its own.
    """
    blocks: list[TextBlock] = []
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


def _append(blocks: list[TextBlock], text: str, kind: str) -> None:
    if text.strip():
        blocks.append(TextBlock(text, kind))


def _inline_text(element: _Element, skip: str | None = None) -> str:
    """An element's text, spaces collapsed, <lb/> kept as newlines, ``skip`` children left out."""
    lines = (normalize_space(line) for line in _ordered_text(element, skip).split("\n"))
    return "\n".join(line for line in lines if line)


def _ordered_text(element: _Element, skip: str | None = None) -> str:
    pieces: list[str] = []

    def visit(node: _Element) -> None:
        if node.tag == "lb":
            pieces.append("\n")
        elif node.text:
            pieces.append(node.text)
        for child in node:
            if child.tag != skip:
                visit(child)
            if child.tail:
                pieces.append(child.tail)

    visit(element)
    return "".join(pieces)


def join_blocks(blocks: Sequence[TextBlock]) -> str:
    return "\n\n".join(b.text for b in blocks)


# --- Cleaning -------------------------------------------------------------------------------------
def clean_blocks(
    blocks: Sequence[TextBlock],
    *,
    title: str | None,
    author: str | None,
    extra_patterns: Sequence[str] = (),
) -> list[TextBlock]:
    """Drop the paragraphs trafilatura keeps that are not the article's text."""
    extra = [_compiled(p) for p in extra_patterns]
    title_key = _loose(title) if title else None
    author_key = _loose(author).split()[0] if author and _loose(author) else None
    kept: list[TextBlock] = []
    kept_keys: list[str] = []
    count = len(blocks)
    for index, block in enumerate(blocks):
        key = _match_key(block.text)
        # Every boilerplate pattern is bounded: a long paragraph is article text.
        short = len(key) <= rules.MAX_BOILERPLATE_CHARS
        if (
            short
            and index >= count * (1 - rules.TAIL_SHARE)
            and block.kind in ("head", "p")
            and rules.TAIL_HEADINGS.fullmatch(key)
        ):
            break  # a "Related stories" heading: the rest is links to other pages
        if short and _is_boilerplate(key, extra):
            continue
        if short and len(kept) < rules.HEADER_BLOCKS and _is_header(key, title_key, author_key):
            continue
        lowered = key.lower()
        if kept_keys and kept_keys[-1] == lowered:
            continue  # printed twice (a caption under its image and in a lightbox)
        kept.append(block)
        kept_keys.append(lowered)
    while kept and kept[-1].kind == "head":
        kept.pop()  # a heading with nothing under it announced something that was cut
    return kept


_QUOTES = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}


def _match_key(text: str) -> str:
    # Blocks are space-normalised already; only curly quotes need straightening for patterns
    # (str.replace is much faster than str.translate with a dict on long paragraphs).
    for curly, straight in _QUOTES.items():
        if curly in text:
            text = text.replace(curly, straight)
    return text.replace("\n", " ")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _is_boilerplate(key: str, extra: Iterable[re.Pattern[str]]) -> bool:
    if any(p.fullmatch(key) for p in rules.BOILERPLATE_PARAGRAPHS):
        return True
    if rules.URL_PARAGRAPH.fullmatch(key):
        return True
    return any(p.fullmatch(key) for p in extra)


def _is_header(key: str, title_key: str | None, author_key: str | None) -> bool:
    """The title, byline or dateline printed above the article, which trafilatura keeps."""
    if title_key and _loose(key) == title_key:
        return True
    if len(key.split()) > rules.MAX_HEADER_WORDS:
        return False
    if author_key and key[:3].lower() == "by " and author_key in _loose(key):
        return True
    if rules.VISIBLE_BYLINE.match(key):
        return True
    return any(c.isdigit() for c in key) and rules.DATELINE.fullmatch(key) is not None


# --- PDF ------------------------------------------------------------------------------------------
def _pdf_content(url: str, body: bytes, problems: list[str]) -> SourceContent:
    record = _empty(url, PDF_TYPE, problems)
    try:
        # Optional dependency, imported when a PDF comes: by name, so that type checking does
        # not depend on it being installed.
        pypdf = importlib.import_module("pypdf")
    except ImportError:
        problems.append("pdf_text_unavailable")
        return record
    # pypdf logs every malformed object it recovers from; the record's problems say enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except Exception:  # pypdf raises many kinds on broken files; a record is still due
        problems.append("pdf_unreadable")
        return record
    record.text = pdf_paragraphs(pages)
    if info is not None:
        record.title = _text_value(info.title)
        record.author = _text_value(info.author)
        created = info.creation_date if _has_date(info) else None
        record.published = created.isoformat() if created else None
    if not record.text:
        problems.append("no_text")
    return record


def _has_date(info: Any) -> bool:
    try:
        return info.creation_date is not None
    except (ValueError, TypeError):
        return False


def pdf_paragraphs(pages: Iterable[str]) -> str:
    """Page text as paragraphs: wrapped lines joined, hyphenated line ends mended.

    PDF text has no paragraph marks, only lines. A line that ends a sentence well short of the
    page's longest line is the last of its paragraph (the rest of the line is white space).
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        text = normalize_space(re.sub(r"(\w)-\n(\w)", r"\1\2", "\n".join(current)))
        if text:
            paragraphs.append(text)
        current.clear()

    for page in pages:
        lines = [line.strip() for line in page.splitlines()]
        longest = max((len(line) for line in lines), default=0)
        for line in lines:
            if not line:
                close()
                continue
            current.append(line)
            if line[-1] in PDF_SENTENCE_ENDS and len(line) < PDF_SHORT_LINE * longest:
                close()
        close()
    return "\n\n".join(paragraphs)
