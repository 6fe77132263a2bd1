"""A digest post page: is this page a post, and its record. Pure: HTML and a capture in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import html as lxml_html
from lxml.etree import _Element

from topten_crawler.cleaning.blocks import (
    Block,
    blocks_of,
    element_text,
    join_blocks,
    without_elements,
)
from topten_crawler.cleaning.boilerplate import drop_repeated_blocks, is_boilerplate_paragraph
from topten_crawler.cleaning.selectors import select, select_first
from topten_crawler.cleaning.text import match_key, normalize_space, without_site_suffix
from topten_crawler.items import Capture, Citation, Image, PostRecord
from topten_crawler.pages import metadata
from topten_crawler.rules import digest as rules
from topten_crawler.urls import DigestSite, UrlKind, absolute_http_url

if TYPE_CHECKING:
    from scrapy.http import TextResponse


class PostPage:
    """One page of the digest site, parsed once."""

    def __init__(self, url: str, document: _Element, site: DigestSite, max_links: int = 0) -> None:
        self.url = url
        self.document = document
        self.site = site
        # At most this many links of the body are read for citations and related posts (0:
        # all): a page of a hundred thousand links must not become as many source fetches.
        self.max_links = max_links
        self._nodes, self._broken_jsonld = metadata.jsonld_nodes(document)
        self._article = metadata.find_node(self._nodes, rules.ARTICLE_TYPES)
        # What the crawl report counts about the page, filled by ``to_record``.
        self.problems: list[str] = []

    @classmethod
    def from_html(cls, url: str, html: str | bytes, site: DigestSite | None = None) -> PostPage:
        document = lxml_html.document_fromstring(html)
        return cls(url, document, site or DigestSite.from_seed(url))

    @classmethod
    def from_response(
        cls, response: TextResponse, site: DigestSite, max_links: int = 0
    ) -> PostPage:
        # Scrapy has parsed the page already for link extraction: reuse its lxml tree.
        return cls(response.url, response.selector.root, site, max_links)

    # --- Is it a post? ---------------------------------------------------------------------------
    def body_classes(self) -> set[str]:
        body = self.document.find(".//body")
        return set((body.get("class") or "").split()) if body is not None else set()

    def is_post(self) -> bool:
        classes = self.body_classes()
        if classes & rules.POST_BODY_CLASSES:
            return True
        if classes & rules.NOT_POST_BODY_CLASSES:
            return False
        # A theme without WordPress body classes: trust the page's own metadata.
        return self._article is not None or metadata.meta_value(self.document, "og:type") == (
            "article"
        )

    # --- The record ---------------------------------------------------------------------------
    def to_record(self, capture: Capture) -> PostRecord:
        """The post's record: what the page says, and what the crawl knows of its fetch.

        Afterwards ``problems`` names what the crawl report should count about the page.
        """
        if capture.url is None or capture.status is None:
            raise ValueError(f"a post record needs a capture with a response: {capture!r}")
        fallbacks: list[str] = []
        self.problems = ["broken_jsonld"] * self._broken_jsonld
        body = self._body_parts()
        if body.used_fallback_container:
            self.problems.append("body_container_fallback")
        title = self._title(fallbacks)
        if title is None:
            self.problems.append("no_title")
        if body.links_cut:
            self.problems.append("citations_cut")
        return PostRecord(
            url=capture.url,
            crawl_id=capture.crawl_id,
            fetched_at=capture.fetched_at,
            status=capture.status,
            title=title,
            subtitle=self._visible_text(rules.SUBTITLE_SELECTORS),
            author=self._author(fallbacks),
            published=self._published(fallbacks),
            modified=self._modified(),
            categories=self._categories(fallbacks),
            tags=self._tags(fallbacks),
            image=self._image(fallbacks),
            source_name=body.source_name,
            text=body.text,
            citations=body.citations,
            related=body.related,
            warc=capture.warc,
            canonical_url=self.canonical_url(),
            post_id=self._post_id(),
            read_more_url=body.read_more_url,
            language=self._language(),
            word_count=len(body.text.split()),
            fallbacks=fallbacks,
        )

    def _article_value(self, key: str) -> Any:
        return self._article.get(key) if self._article else None

    def _visible_text(self, selectors: tuple[str, ...]) -> str | None:
        element = select_first(self.document, selectors)
        text = element_text(element) if element is not None else ""
        return text or None

    def _visible_texts(self, selectors: tuple[str, ...]) -> list[str]:
        for css in selectors:
            texts = metadata.unique(element_text(e) for e in select(self.document, css))
            if texts:
                return texts
        return []

    def _title(self, fallbacks: list[str]) -> str | None:
        headline = self._article_value("headline")
        if isinstance(headline, str) and normalize_space(headline):
            return normalize_space(headline)
        og_title = metadata.meta_value(self.document, "og:title")
        if og_title:
            site_name = metadata.meta_value(self.document, "og:site_name")
            return without_site_suffix(
                og_title, site_name, separators=rules.TITLE_SEPARATORS, exact=True
            )
        return self._fallback("title", self._visible_text(rules.TITLE_SELECTORS), fallbacks)

    def _author(self, fallbacks: list[str]) -> str | None:
        authors = metadata.names(self._article_value("author"), self._nodes)
        if authors:
            return ", ".join(authors)
        label = metadata.meta_value(self.document, "twitter:label1")
        if label and label.lower() in ("written by", "author"):
            written_by = metadata.meta_value(self.document, "twitter:data1")
            if written_by:
                return written_by
        author_meta = metadata.meta_value(self.document, "author")
        if author_meta:
            return author_meta
        return self._fallback("author", self._visible_text(rules.AUTHOR_SELECTORS), fallbacks)

    def _published(self, fallbacks: list[str]) -> str | None:
        for value in (
            self._article_value("datePublished"),
            metadata.meta_value(self.document, "article:published_time"),
        ):
            iso = metadata.iso_datetime(value)
            if iso:
                return iso
        printed = self._visible_text(rules.DATE_SELECTORS)
        return self._fallback(
            "published", metadata.iso_date_from_text(printed) if printed else None, fallbacks
        )

    def _modified(self) -> str | None:
        for value in (
            self._article_value("dateModified"),
            metadata.meta_value(self.document, "article:modified_time"),
            metadata.meta_value(self.document, "og:updated_time"),
        ):
            iso = metadata.iso_datetime(value)
            if iso:
                return iso
        return None

    def _categories(self, fallbacks: list[str]) -> list[str]:
        # A post in several categories may name only the first in JSON-LD's articleSection;
        # every article:section meta tag counts too.
        found = metadata.unique(
            [
                *metadata.names(self._article_value("articleSection"), self._nodes),
                *metadata.meta_values(self.document, "article:section"),
            ]
        )
        if found:
            return found
        return self._fallback_list(
            "categories", self._visible_texts(rules.CATEGORY_SELECTORS), fallbacks
        )

    def _tags(self, fallbacks: list[str]) -> list[str]:
        found = metadata.names(self._article_value("keywords"), self._nodes)
        found = found or metadata.unique(metadata.meta_values(self.document, "article:tag"))
        if found:
            return found
        return self._fallback_list("tags", self._visible_texts(rules.TAG_SELECTORS), fallbacks)

    def _image(self, fallbacks: list[str]) -> Image | None:
        url: str | None = None
        caption: str | None = None
        image = metadata.resolve(self._article_value("image"), self._nodes)
        if isinstance(image, list) and image:
            image = metadata.resolve(image[0], self._nodes)
        if isinstance(image, dict):
            raw = image.get("url") or image.get("contentUrl")
            url = absolute_http_url(self.url, raw) if isinstance(raw, str) else None
            if isinstance(image.get("caption"), str):
                caption = normalize_space(image["caption"]) or None
        elif isinstance(image, str):
            url = absolute_http_url(self.url, image)
        if url is None:
            og_image = metadata.meta_value(self.document, "og:image")
            url = absolute_http_url(self.url, og_image) if og_image else None
        if url is None:
            img = select_first(self.document, rules.FEATURED_IMAGE_SELECTORS)
            src = img.get("src") if img is not None else None
            url = self._fallback(
                "image", absolute_http_url(self.url, src) if src else None, fallbacks
            )
        if url is None:
            return None
        if caption is None:
            caption = self._fallback(
                "image.caption", self._visible_text(rules.FEATURED_CAPTION_SELECTORS), fallbacks
            )
        return {"url": url, "caption": caption}

    def canonical_url(self) -> str | None:
        for href in metadata.xpath_strings(self.document, '//link[@rel="canonical"]/@href'):
            url = absolute_http_url(self.url, str(href))
            if url:
                return url
        return None

    def _post_id(self) -> int | None:
        for css_class in self.body_classes():
            match = rules.POST_ID_CLASS.match(css_class)
            if match:
                return int(match.group(1))
        for href in metadata.xpath_strings(self.document, '//link[@rel="shortlink"]/@href'):
            match = rules.SHORTLINK_ID.search(str(href))
            if match:
                return int(match.group(1))
        return None

    def _language(self) -> str | None:
        lang = self.document.get("lang")
        if lang:
            return lang.strip() or None
        locale = metadata.meta_value(self.document, "og:locale")
        return locale.replace("_", "-") if locale else None

    @staticmethod
    def _fallback(name: str, value: str | None, fallbacks: list[str]) -> str | None:
        if value:
            fallbacks.append(name)
        return value or None

    @staticmethod
    def _fallback_list(name: str, values: list[str], fallbacks: list[str]) -> list[str]:
        if values:
            fallbacks.append(name)
        return values

    # --- Body -----------------------------------------------------------------------------------
    def _body_parts(self) -> _BodyParts:
        container = None
        used_fallback = False
        for index, css in enumerate(rules.BODY_SELECTORS):
            found = select(self.document, css)
            if found:
                container = found[0]
                used_fallback = index > 0
                break
        if container is None:
            return _BodyParts(used_fallback_container=True)
        cleaned, _ = without_elements(container, rules.BODY_BOILERPLATE_SELECTORS)
        parts = _BodyParts(used_fallback_container=used_fallback)
        parts.links_cut = unlink_past(cleaned, self.max_links)
        parts.absorb(blocks_of(cleaned), self)
        return parts


@dataclass
class _BodyParts:
    used_fallback_container: bool = False
    text: str = ""
    source_name: str | None = None
    read_more_url: str | None = None
    citations: list[Citation] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    # Links of the body past the page's ``max_links``: not read.
    links_cut: int = 0

    def absorb(self, blocks: list[Block], page: PostPage) -> None:
        kept: list[Block] = []
        related_links: list[str] = []
        citation_urls: set[str] = set()
        for position, block in enumerate(blocks):
            if is_boilerplate_paragraph(block.text):
                continue
            links: list[str] = []
            for link in block.links:
                url = absolute_http_url(page.url, link.href)
                if url is None:
                    continue
                links.append(url)
                if page.site.owns(url):
                    if page.site.classify(url) is UrlKind.CANDIDATE:
                        related_links.append(url)
                elif url not in citation_urls:
                    citation_urls.add(url)
                    self.citations.append({"url": url, "text": link.text})
            key = match_key(block.text)
            source = rules.SOURCE_LINE.match(key) if position < 3 and not kept else None
            if source and self.source_name is None and len(key) < 120:
                self.source_name = normalize_space(block.text.split(":", 1)[1]) or None
                continue
            if rules.READ_MORE_LINE.match(key) and links:
                self.read_more_url = self.read_more_url or links[0]
                continue
            if rules.RELATED_STORY_LINE.match(key):
                continue
            kept.append(block)
        self.text = join_blocks(drop_repeated_blocks(kept))
        for card in select_cards(page):
            url = absolute_http_url(page.url, card)
            if url and page.site.owns(url) and page.site.classify(url) is UrlKind.CANDIDATE:
                related_links.append(url)
        own = {page.url, page.canonical_url()}
        self.related = metadata.unique(u for u in related_links if u not in own)


def unlink_past(element: _Element, max_links: int) -> int:
    """Make the links of ``element`` past the first ``max_links`` plain text (0: none), in one
    pass and in place (``element`` is the body's cleaned copy); how many there were. Their
    words stay in the text, but they become no citation, and the block engine builds no link
    for them (a hundred thousand would cost it tens of megabytes)."""
    if not max_links:
        return 0
    read = unlinked = 0
    for anchor in element.iter("a"):
        if not anchor.get("href"):
            continue
        if read < max_links:
            read += 1
        else:
            anchor.tag = "span"
            unlinked += 1
    return unlinked


def select_cards(page: PostPage) -> list[str]:
    for css in rules.RELATED_POSTS_LINK_SELECTORS:
        hrefs = [e.get("href", "") for e in select(page.document, css) if e.get("href")]
        if hrefs:
            return hrefs
    return []
