"""What a cited source says (``SourceFields``), and its record once the crawl's capture is added."""

from __future__ import annotations

from dataclasses import dataclass, field

from topten_crawler.items import Capture, SourceRecord


@dataclass
class SourceFields:
    """What a cited source says; ``to_record`` adds what only the crawl knows (time, WARC)."""

    # The URL the body came from (after redirects).
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

    @classmethod
    def empty(
        cls, url: str, content_type: str, problems: list[str], text: str = ""
    ) -> SourceFields:
        """The fields of a body with no metadata to read (binaries, plain text, empty pages)."""
        return cls(
            url=url, title=None, author=None, published=None, modified=None, site_name=None,
            language=None, text=text, content_type=content_type, canonical_url=None,
            description=None, problems=problems,
        )  # fmt: skip

    def to_record(self, cited_url: str, capture: Capture) -> SourceRecord:
        """The source's record: ``cited_url`` is the URL the posts cite, before redirects."""
        return SourceRecord(
            url=cited_url,
            final_url=capture.url,
            cited_by=[],
            crawl_id=capture.crawl_id,
            fetched_at=capture.fetched_at,
            status=capture.status,
            error=None,
            content_type=self.content_type,
            title=self.title,
            author=self.author,
            published=self.published,
            site_name=self.site_name,
            language=self.language,
            text=self.text,
            warc=capture.warc,
            modified=self.modified,
            canonical_url=self.canonical_url,
            description=self.description,
            word_count=len(self.text.split()),
            fallbacks=list(self.fallbacks),
        )
