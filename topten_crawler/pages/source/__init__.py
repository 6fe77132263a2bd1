"""A cited source page (another outlet's article, a PDF, an image) as fields, then a record.

Pure: URL, bytes and headers in. ``extract_source`` tells what the body is (``media``) and
reads it: HTML (``html``: trafilatura's article text, cleaned by ``cleaning``, with its
costliest XPath expressions evaluated in Python by ``xpaths``; ``fields``: the metadata from
JSON-LD, meta tags, then the visible page), PDF (``pdf``), plain text, or nothing
for images and other binaries. ``SourceFields.to_record`` adds what the crawl knows of the
fetch. Rules and thresholds are data in ``rules.outlets``. What only the whole crawl can
tell (the boilerplate an outlet repeats on its pages) is ``OutletBoilerplate``'s, applied by
the spider when it writes the held source records.
"""

from __future__ import annotations

from collections.abc import Mapping

from topten_crawler.cleaning.blocks import blocks_from_body
from topten_crawler.cleaning.boilerplate import clean_blocks
from topten_crawler.cleaning.outlet_boilerplate import OutletBoilerplate
from topten_crawler.cleaning.text import plain_paragraphs, without_site_suffix
from topten_crawler.pages.charset import decode_html
from topten_crawler.pages.source.fields import clean_author, parse_date
from topten_crawler.pages.source.html import HtmlSource, outlet_rule
from topten_crawler.pages.source.media import content_type_of, header
from topten_crawler.pages.source.pdf import pdf_fields, pdf_paragraphs
from topten_crawler.pages.source.record import SourceFields
from topten_crawler.rules import outlets as rules

__all__ = [
    "OutletBoilerplate",
    "SourceFields",
    "blocks_from_body",
    "clean_author",
    "clean_blocks",
    "content_type_of",
    "extract_source",
    "outlet_rule",
    "parse_date",
    "pdf_paragraphs",
    "without_site_suffix",
]


def extract_source(
    url: str,
    body: bytes,
    headers: Mapping[str, str] | None = None,
    *,
    content_type: str | None = None,
) -> SourceFields:
    """Extract a cited source page (HTML, PDF, or anything else) into its fields.

    ``content_type``, when given, is trusted over the ``Content-Type`` header (not over the
    body's magic number).
    """
    header_type = header(headers, "content-type")
    kind, problems = content_type_of(body, content_type or header_type)
    if kind in rules.HTML_TYPES:
        return HtmlSource(url, body, header_type, kind, problems).content()
    if kind == rules.PDF_TYPE:
        return pdf_fields(url, body, problems)
    if kind == rules.PLAIN_TEXT_TYPE:
        decoded = decode_html(body, header_type)
        return SourceFields.empty(url, kind, problems, text=plain_paragraphs(decoded.text))
    # Images, video and other binaries: fields that say what it is, and no text.
    return SourceFields.empty(url, kind, problems)
