"""Cited source pages: fixtures of fictional outlets, compared field by field."""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from topten_crawler.cleaning.blocks import Block
from topten_crawler.cleaning.text import without_site_name
from topten_crawler.items import Capture, SourceRecord
from topten_crawler.pages import source
from topten_crawler.pages.source import (
    SourceFields,
    blocks_from_body,
    clean_author,
    clean_blocks,
    content_type_of,
    extract_source,
    outlet_rule,
    parse_date,
    pdf_paragraphs,
    without_site_suffix,
)
from topten_crawler.pages.source.fields import byline_names
from topten_crawler.rules import outlets

FIXTURES = Path(__file__).parent / "fixtures" / "source"
CASES = sorted(path.stem for path in FIXTURES.glob("*.html"))
FIELDS = [f.name for f in dataclasses.fields(SourceFields) if f.name != "url"]


def load_case(case: str) -> tuple[dict[str, Any], SourceFields]:
    spec = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
    body = (FIXTURES / f"{case}.html").read_bytes()
    return spec, extract_source(spec["url"], body, spec["headers"])


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("case", CASES)
def test_fixture_field(case: str, field: str) -> None:
    spec, content = load_case(case)
    assert getattr(content, field) == spec["expected"][field]


# --- The record ----------------------------------------------------------------------------------
RECORD_CASE = "jsonld_article"
CAPTURE = Capture(
    crawl_id="20240515T120000Z-test",
    fetched_at="2024-05-15T12:00:03Z",
    url="https://www.valleycourier.example/news/2024/05/14/millbrook-bridge",
    status=200,
    warc={"file": "warc/crawl-00000.warc.gz", "offset": 1234, "record_id": "<urn:uuid:1>"},
    content_type="text/html",
)


def expected_record() -> dict[str, Any]:
    spec = json.loads((FIXTURES / f"{RECORD_CASE}.json").read_text(encoding="utf-8"))
    fields = spec["expected"]
    return {
        **{name: fields[name] for name in fields if name != "problems"},
        "url": spec["url"],
        "final_url": CAPTURE.url,
        "cited_by": [],
        "cited_urls": [],  # set with cited_by, by the citation ledger
        "crawl_id": CAPTURE.crawl_id,
        "fetched_at": CAPTURE.fetched_at,
        "status": 200,
        "error": None,
        "warc": CAPTURE.warc,
        "type": "source",
        "word_count": len(fields["text"].split()),
        # Set by the pipelines from the archive's crawl state, not by extraction.
        "change": None,
        "first_seen": None,
        "version": None,
    }


def test_record_fields_are_all_expected() -> None:
    assert set(expected_record()) == {f.name for f in dataclasses.fields(SourceRecord)}


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(SourceRecord)])
def test_record_field(field: str) -> None:
    spec, content = load_case(RECORD_CASE)
    record = content.to_record(spec["url"], CAPTURE)
    assert getattr(record, field) == expected_record()[field]


def test_record_of_a_binary_keeps_the_sniffed_type() -> None:
    url = "https://cdn.example/file"
    content = extract_source(url, PNG, {"Content-Type": "text/plain"})
    capture = dataclasses.replace(CAPTURE, url=url, content_type="text/plain")
    record = content.to_record(url, capture)
    assert (record.content_type, record.text, record.word_count) == ("image/png", "", 0)


def test_every_fixture_has_expectations() -> None:
    assert set(CASES) == {path.stem for path in FIXTURES.glob("*.json")}
    assert len(CASES) >= 7


# --- What the fixtures are there to show -------------------------------------------------------
def test_windows_1252_fixtures_really_are_windows_1252() -> None:
    for case in ("windows1252_header", "latin1_meta"):
        raw = (FIXTURES / f"{case}.html").read_bytes()
        assert b"\x93morning loaf\x94" in raw and b"\x803.50" in raw
    assert b"charset" not in (FIXTURES / "windows1252_header.html").read_bytes()
    _, content = load_case("windows1252_header")
    assert "“morning loaf” to €3.50" in content.text
    assert "didn’t" in content.text


def test_boilerplate_does_not_leak() -> None:
    _, content = load_case("boilerplate")
    for leak in (
        "cookies",
        "Advertisement",
        "newsletter",
        "Photo:",
        "Read more",
        "Share this",
        "Subscribe now",
        "Related stories",
        "Harbour fees",
        "About time",
        "Storm closes",
        "All rights reserved",
        "By Ewan",
    ):
        assert leak not in content.text, leak
    assert content.text.count("\n\n") == 3


def test_published_is_the_publication_date_not_the_update() -> None:
    _, content = load_case("modified_first")
    assert content.published == "2021-04-12T08:15:00+00:00"
    assert content.modified == "2021-04-20T16:45:00+00:00"
    assert not content.text.startswith("Updated")


def test_jsonld_beats_visible_markup() -> None:
    _, content = load_case("jsonld_article")
    assert content.title == "Millbrook votes to save the Old Mill Bridge"
    assert content.author == "Maria Okafor, Tom Birch"
    assert content.site_name == "The Valley Courier"
    assert content.fallbacks == []


def test_text_paragraphs_are_separated_by_one_blank_line() -> None:
    for case in CASES:
        _, content = load_case(case)
        paragraphs = content.text.split("\n\n")
        assert all(p and p == p.strip() and "\n\n" not in p for p in paragraphs), case


# --- Non-HTML ------------------------------------------------------------------------------------
def minimal_pdf(lines: list[str], title: str = "Harbour board annual report") -> bytes:
    """A one-page PDF with Helvetica text lines, written by hand (offsets computed here)."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({t}) Tj T*" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /Author (Jane Roe) /CreationDate (D:20240105093000Z) >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


PDF_LINES = [
    "The harbour board carried more passengers in 2023 than in any year since the ferry",
    "service began. Traffic grew by a fifth over the summer.",
    "The board plans a second boat for the busiest months and a new timetable in June, sub-",
    "ject to the approval of the islands council.",
]


def test_pdf_text_and_metadata() -> None:
    pytest.importorskip("pypdf")
    content = extract_source("https://harbour.example/report.pdf", minimal_pdf(PDF_LINES))
    assert content.content_type == "application/pdf"
    assert content.title == "Harbour board annual report"
    assert content.author == "Jane Roe"
    assert content.published == "2024-01-05T09:30:00+00:00"
    assert content.text == (
        "The harbour board carried more passengers in 2023 than in any year since the ferry "
        "service began. Traffic grew by a fifth over the summer.\n\n"
        "The board plans a second boat for the busiest months and a new timetable in June, "
        "subject to the approval of the islands council."
    )
    assert content.problems == []


def test_pdf_served_as_html_is_still_a_pdf() -> None:
    pytest.importorskip("pypdf")
    content = extract_source(
        "https://harbour.example/report", minimal_pdf(PDF_LINES), {"Content-Type": "text/html"}
    )
    assert content.content_type == "application/pdf"
    assert "content_type_mismatch" in content.problems
    assert content.text.startswith("The harbour board carried")


def test_pdf_without_pypdf_degrades(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)  # makes ``import pypdf`` fail
    content = extract_source("https://harbour.example/report.pdf", minimal_pdf(PDF_LINES))
    assert content.content_type == "application/pdf"
    assert content.text == ""
    assert content.problems == ["pdf_text_unavailable"]


def test_broken_pdf_is_a_problem_not_an_error() -> None:
    pytest.importorskip("pypdf")
    content = extract_source("https://harbour.example/x.pdf", b"%PDF-1.4\nnot really a pdf")
    assert content.content_type == "application/pdf"
    assert content.text == ""
    assert content.problems and content.problems[0] in ("pdf_unreadable", "no_text")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40


@pytest.mark.parametrize(
    ("body", "headers", "kind"),
    [
        (PNG, {"Content-Type": "image/png"}, "image/png"),
        (JPEG, None, "image/jpeg"),
        (JPEG, {"Content-Type": "application/octet-stream"}, "image/jpeg"),
        (MP4, {"Content-Type": "video/mp4"}, "video/mp4"),
        (b"\x00\x01binary", {"Content-Type": "application/zip"}, "application/zip"),
        (b"", {"Content-Type": "audio/mpeg"}, "audio/mpeg"),
    ],
)
def test_binary_types_give_an_empty_record(
    body: bytes, headers: dict[str, str] | None, kind: str
) -> None:
    content = extract_source("https://cdn.example/file", body, headers)
    assert content.content_type == kind
    assert content.text == ""
    assert content.problems == []


def test_content_type_argument_wins_over_headers() -> None:
    content = extract_source(
        "https://cdn.example/x", PNG, {"Content-Type": "text/html"}, content_type="image/png"
    )
    assert content.content_type == "image/png"


def test_plain_text() -> None:
    body = b"First paragraph\nwraps here.\n\nSecond paragraph."
    content = extract_source("https://x.example/a.txt", body, {"Content-Type": "text/plain"})
    assert content.text == "First paragraph wraps here.\n\nSecond paragraph."


def test_unlabelled_markup_is_html() -> None:
    assert content_type_of(b"  <!DOCTYPE html><html></html>", None) == ("text/html", [])
    assert content_type_of(b"\x00\x01\x02", None) == ("application/octet-stream", [])


@pytest.mark.parametrize("body", [b"", b"   \n  "])
def test_empty_html_is_a_problem_not_an_error(body: bytes) -> None:
    content = extract_source("https://x.example/", body, {"Content-Type": "text/html"})
    assert content.text == ""
    assert content.problems == ["empty_body"]


def test_xml_declaration_and_xhtml() -> None:
    body = (
        b'<?xml version="1.0" encoding="iso-8859-1"?>\n'
        b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Caf\xe9 news</title></head>'
        b"<body><p>Caf\xe9 owners met on Monday.</p></body></html>"
    )
    content = extract_source("https://x.example/", body, {"Content-Type": "application/xhtml+xml"})
    assert content.title == "Café news"


def test_characters_xml_forbids_are_dropped_and_the_replacement_character_kept() -> None:
    # U+FFFE, U+FFFF and control characters: lxml parses them but refuses them when trafilatura
    # sets text. U+FFFD starts with the same two bytes in UTF-8 and is text like any other.
    paragraph = (
        "The ferry\ufffe timetable changes on Monday\uffff, when the\x07 winter crossings begin "
        "and the last boat leaves at six \ufffd in the evening. " * 4
    )
    body = f"<html><body><article><p>{paragraph}</p></article></body></html>".encode()
    content = extract_source("https://x.example/", body, {"Content-Type": "text/html"})
    assert "The ferry timetable changes on Monday, when the winter crossings" in content.text
    assert "six \ufffd in the evening" in content.text
    assert not {"\ufffe", "\uffff", "\x07"} & set(content.text)


# --- Pieces --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Otters return - The Riverside Herald", "The Riverside Herald", "Otters return"),
        ("Otters return | Riverside Herald", "The Riverside Herald", "Otters return"),
        ("Otters return | Nature | The Herald", "The Herald", "Otters return | Nature"),
        ("Otters return | Riversideherald", None, "Otters return"),
        ("Otters return - and stay", None, "Otters return - and stay"),
        ("Why 2 - 1 was a fair result", "Sports Daily", "Why 2 - 1 was a fair result"),
    ],
)
def test_without_site_suffix(title: str, site: str | None, expected: str) -> None:
    assert without_site_suffix(title, site, "https://www.riversideherald.example/x") == expected


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("Riverside Herald: Otters return", ["The Riverside Herald"], "Otters return"),
        ("Otters return | Riverside Herald", [None, "Riverside Herald"], "Otters return"),
        ("Riversideherald - Otters return", [None], "Otters return"),
        ("Otters: the return", ["The Riverside Herald"], "Otters: the return"),
        ("Opinion | Otters return", ["The Riverside Herald"], "Opinion | Otters return"),
    ],
)
def test_without_site_name_strips_a_leading_or_trailing_name(
    title: str, names: list[str | None], expected: str
) -> None:
    assert without_site_name(title, names, "https://www.riversideherald.example/x") == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # No date anywhere but the URL: a date alone.
        ("<p>No date here.</p>", "2019-11-18"),
        # A placeholder date is no date; the URL's comes next.
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "0001-01-01T00:00:00Z"}</script>',
            "2019-11-18",
        ),
        # An offset of the metadata is the page's: a UTC time is given in it.
        (
            '<meta property="article:published_time" content="2019-11-19T03:00:00+00:00">'
            '<meta property="article:modified_time" content="2019-11-19T09:30:00+05:30">',
            "2019-11-19T08:30:00+05:30",
        ),
        # A clock shown for a moment no zone explains (an update at 7:11) is no evidence.
        (
            '<meta property="article:published_time" content="2019-11-19T03:00:00Z">'
            '<time datetime="2019-11-19T05:00:00Z">Updated 7:11</time>',
            "2019-11-19T03:00:00+00:00",
        ),
    ],
)
def test_published_date_sources(html: str, expected: str) -> None:
    page = f"<html><head>{html}</head><body><p>{'Text. ' * 60}</p></body></html>"
    url = "https://news.example/2019/11/18/story"
    assert extract_source(url, page.encode(), {"Content-Type": "text/html"}).published == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Jane Roe and Al Poe", ["Jane Roe", "Al Poe"]),
        ("By JANE ROE, AL POE and MIA LO", ["JANE ROE", "AL POE", "MIA LO"]),
        ("Jane Roe, Staff Writer, and Al Poe", ["Jane Roe", "Al Poe"]),
        ("Jane Roe, The Herald", ["Jane Roe"]),
        ("Jane Roe, Herald Business", ["Jane Roe"]),
        ("Jane Roe, MS, RDN", ["Jane Roe"]),
        ("Analysis by Jane Roe, Editor-at-large", ["Jane Roe"]),
        ("By Jane Roe on Monday, November 18th, 2019 at 11:04 a.m.", ["Jane Roe"]),
        ("By Jane Roe Wednesday, 20 November 2019", ["Jane Roe"]),
        ("By Jane RoeMonday, November 18, 2019", ["Jane Roe"]),
        ("Staff Reports", ["Staff Reports"]),
        ("The Herald", []),
        # A partner outlet or a dateline after a full name is no second author.
        ("Jane Roe, Northwind", ["Jane Roe"]),
        ("JANE ROE, NORTHWIND", ["JANE ROE"]),
        ("Whitlock and Okafor", ["Whitlock", "Okafor"]),
        # An agency's initials, an account's handle: the whole byline when alone; two
        # letters are a person's initials.
        ("ANI", ["ANI"]),
        ("AP", ["AP"]),
        ("JR", []),
        ("reader42", ["reader42"]),
        ("Jane Roe, ANI", ["Jane Roe"]),
        # A date after a full-width slash or in dots; a Portuguese "Published by".
        ("by 山田特許事務所 ／ 2016.12.01", ["山田特許事務所"]),
        ("Jane Roe 2016.12.01", ["Jane Roe"]),
        ("Publicado por: Ana Souza - Categoria: Cidade", ["Ana Souza"]),
    ],
)
def test_byline_names(byline: str, expected: list[str]) -> None:
    assert byline_names(byline, ["The Herald"], "https://www.herald.example/x") == expected


def _article_page(head: str, body: str, *, lang: str = "en") -> bytes:
    return (
        f'<html lang="{lang}"><head>{head}</head><body>{body}'
        f"<p>{'The council voted to repair the bridge before winter. ' * 8}</p></body></html>"
    ).encode()


def _jsonld(node: dict[str, Any]) -> str:
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


KOREAN_TEXT = "시의회는 월요일에 다리를 겨울 전에 고치기로 했다. " * 6
ORGANISATION = {"@type": "Organization", "name": "Lakeshore Dispatch"}
PERSON_ARTICLE = _jsonld(
    {"@type": "NewsArticle", "author": {"@type": "Person", "name": "Nora Quill"}}
)
OUTLET_ARTICLE = _jsonld(
    {"@type": "NewsArticle", "author": ORGANISATION, "publisher": ORGANISATION}
)
HEADLINE = "<h1>Harbour fees to rise in April</h1>"


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        # A name the metadata gives and the page never prints: whoever posted it.
        pytest.param(PERSON_ARTICLE, HEADLINE, None, id="metadata-name-not-shown"),
        # ... also when the metadata sits in the body: its scripts are not shown.
        pytest.param("", HEADLINE + PERSON_ARTICLE, None, id="metadata-in-body-not-shown"),
        # Printed in capitals, spread over lines: shown.
        pytest.param(
            PERSON_ARTICLE,
            HEADLINE + "<p class='credit'>NORA\n QUILL</p>",
            "Nora Quill",
            id="metadata-name-in-capitals",
        ),
        # The metadata's partner outlet after the name is no author.
        pytest.param(
            '<meta name="author" content="Nora Quill, Northwind">',
            HEADLINE + "<p>NORA QUILL, NORTHWIND</p>",
            "Nora Quill",
            id="partner-outlet",
        ),
        # A fact check prints the claim's author as a byline is printed: not the article's.
        pytest.param(
            _jsonld(
                {
                    "@type": "ClaimReview",
                    "headline": "Harbour fees to rise in April",
                    "author": ORGANISATION,
                    "publisher": ORGANISATION,
                    "itemReviewed": {
                        "@type": "CreativeWork",
                        "author": {"@type": "Person", "name": "The Harbour Board"},
                    },
                }
            ),
            HEADLINE + "<h4 class='author'>The Harbour Board</h4>",
            None,
            id="fact-check-claimant",
        ),
        # The outlet credited by the metadata and printed as the credit line.
        pytest.param(
            OUTLET_ARTICLE,
            f"<header>{HEADLINE}"
            "<p><time>November 19, 2019 / 10:07 AM</time> / Lakeshore Dispatch</p></header>",
            "Lakeshore Dispatch",
            id="outlet-credit",
        ),
        pytest.param(
            OUTLET_ARTICLE,
            f"<header>{HEADLINE}<p>November 19, 2019 / 10:07 AM</p></header>",
            None,
            id="outlet-not-credited",
        ),
        # A news agency's initials as the author.
        pytest.param(
            _jsonld({"@type": "NewsArticle", "author": "ANI"}),
            HEADLINE + "<p><a href='/agency/ani'>ANI</a>, Mumbai</p>",
            "ANI",
            id="agency-initials",
        ),
        # A byline printed after its date, in <small>.
        pytest.param(
            "",
            "<p class='headline'>Harbour fees to rise in April</p><small><b>05/10/2018</b> - "
            "Publicado por: Ana Souza - Categoria: <a href='/c'>Cidade</a></small>",
            "Ana Souza",
            id="date-then-byline",
        ),
        # A byline container whose author element is empty: its credit is read whole.
        pytest.param(
            "",
            HEADLINE + "<div class='byline-section'>\n<span class='author'> </span>\n"
            "<span class='publication'>Herald wire services</span>\n"
            "<div>Published 11:11 PM EST Nov 19, 2019</div></div>",
            "Herald wire services",
            id="wire-services-credit",
        ),
        pytest.param(
            "",
            HEADLINE + "<div class='byline-section'>\n<span class='author'>Nora Quill</span>\n"
            "<span class='publication'>Herald</span>\n"
            "<div>Published 11:11 PM EST Nov 19, 2019</div></div>",
            "Nora Quill",
            id="author-in-byline-section",
        ),
        # An author box after the article naming the site's account.
        pytest.param(
            "",
            HEADLINE
            + "<footer class='entry-footer'><div class='author-name'>reader42</div></footer>",
            "reader42",
            id="account-in-author-box",
        ),
        # A name in Han characters under the headline, with the date after a full-width slash.
        pytest.param(
            "",
            "<h1>港の使用料が四月に上がる</h1><ul><li>by 山田特許事務所 ／ 2016.12.01</li></ul>",
            "山田特許事務所",
            id="han-byline-full-width-slash",
        ),
        # Signed at the end with role and e-mail address, as Korean papers do.
        pytest.param(
            "",
            f"<h1>다리 보수 결정</h1><p>{KOREAN_TEXT}</p>"
            "<p>홍길동 기자 <a href='mailto:gildong@news.example'>gildong@news.example</a></p>",
            "홍길동",
            id="signed-name-then-role",
        ),
        pytest.param(
            "",
            f"<h1>다리 보수 결정</h1><p>{KOREAN_TEXT}</p><p>칼럼니스트 김하늘 sky@news.example</p>",
            "김하늘",
            id="signed-role-then-name",
        ),
        # A role word without an e-mail address is no signature.
        pytest.param(
            "",
            f"<h1>다리 보수 결정</h1><p>{KOREAN_TEXT} 홍길동 기자가 말했다.</p>",
            None,
            id="role-word-in-a-sentence",
        ),
    ],
)
def test_author_sources(head: str, body: str, expected: str | None) -> None:
    page = _article_page(head, body)
    url = "https://lakeshoredispatch.example/2019/11/19/fees"
    assert extract_source(url, page, {"Content-Type": "text/html"}).author == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Roe", "Jane Roe"),
        ("by  Jane Roe ", "Jane Roe"),
        ("View all posts by Jane Roe", "Jane Roe"),
        ("Written by: Jane Roe", "Jane Roe"),
        ("Jane Roe | Staff writer", "Jane Roe"),
        ("https://www.facebook.com/jane", ""),
        ("Byron Adams", "Byron Adams"),
    ],
)
def test_clean_author(raw: str, expected: str) -> None:
    assert clean_author(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-14T21:05:00-04:00", "2024-05-14T21:05:00-04:00"),
        ("2024-05-14T21:05:00Z", "2024-05-14T21:05:00+00:00"),
        ("2024-05-14T21:05:00.000-0400", "2024-05-14T21:05:00-04:00"),
        ("2024-05-14", "2024-05-14"),
        ("2024-05-14T21:05:00+0000 and some junk", "2024-05-14T21:05:00+00:00"),
        ("November 3, 2022", "2022-11-03"),
        ("Tue, 14 May 2024 21:05:00 GMT", "2024-05-14T21:05:00+00:00"),
        ("November 19, 2019, 07:47 PM EST", "2019-11-19T19:47:00-05:00"),
        ("Monday, November 18th, 2019", "2019-11-18"),
        ("20191118", "2019-11-18"),
        ("0001-01-01T00:00:00Z", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_date(raw: str | None, expected: str | None) -> None:
    assert parse_date(raw) == expected


def blocks(*texts: str, kind: str = "p") -> list[Block]:
    return [Block(text, kind) for text in texts]


ARTICLE = (
    "The council met on Monday and agreed to repair the bridge before the winter, "
    "after engineers warned that the deck was weaker than it looked."
)


@pytest.mark.parametrize(
    "noise",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Sign up for our free morning newsletter.",
        "Get the latest headlines delivered to your inbox every morning.",
        "Follow us on Twitter and Facebook.",
        "Read more: Harbour fees to rise in April",
        "READ MORE: Harbour fees to rise in April",
        "[Related: Harbour fees to rise in April]",
        "Share this article",
        "Like this story? Share it with a friend!",
        "(Photo: Island Times)",
        "© Island Times 2024",
        "Reporting by Jane Roe; Editing by John Doe",
        "Associated Press writers Jane Roe and John Doe contributed to this report.",
        "With Post wires",
        "Reading time: 3 minutes",
        "5 min read",
        "https://www.example.com/articles/some-story-123",
        "This copy is for your personal, non-commercial use only. To order copies visit x.",
    ],
)
def test_boilerplate_paragraphs_are_dropped(noise: str) -> None:
    kept = clean_blocks(blocks(ARTICLE, noise, ARTICLE + " Again."), title=None, author=None)
    assert [b.text for b in kept] == [ARTICLE, ARTICLE + " Again."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Subscribers to the newsletter said they were surprised by the vote.",
        "Reports from the harbour suggest the ferry will be late again.",
        "Read more about the vote in the minutes, the clerk said, which are public.",
        "The photographer, who asked not to be named, said the bridge was unsafe.",
    ],
)
def test_article_sentences_that_sound_like_boilerplate_stay(sentence: str) -> None:
    kept = clean_blocks(blocks(ARTICLE, sentence, ARTICLE), title=None, author=None)
    assert sentence in [b.text for b in kept]


def test_header_blocks_title_byline_dateline_go() -> None:
    kept = clean_blocks(
        [
            Block("Millbrook saves its bridge", "head"),
            Block("By Maria Okafor", "p"),
            Block("Published 9:05 PM EDT, May 14, 2024", "p"),
            *blocks(ARTICLE),
        ],
        title="Millbrook saves its bridge",
        author="Maria Okafor",
    )
    assert [b.text for b in kept] == [ARTICLE]


def test_related_heading_in_the_tail_cuts_the_rest() -> None:
    article = blocks(*(f"{ARTICLE} {n}" for n in range(6)))
    related = [
        Block("You may also like", "head"),
        Block("Harbour fees to rise\nNew timetable", "list"),
    ]
    kept = clean_blocks([*article, *related], title=None, author=None)
    assert kept == article


def test_trailing_heading_without_text_goes() -> None:
    kept = clean_blocks(
        [*blocks(ARTICLE), Block("Comments policy", "head")], title=None, author=None
    )
    assert [b.text for b in kept] == [ARTICLE]


def test_outlet_rules_match_hosts_and_subdomains() -> None:
    rule = outlet_rule("https://www.foxnews.com/politics/story")
    assert rule is not None and rule.site_name == "Fox News"
    assert outlet_rule("https://apnews.com/article/x") is not None
    assert outlet_rule("https://notfoxnews.com/x") is None
    assert outlet_rule("https://example.com/x") is None


def test_outlet_rule_body_and_site_name() -> None:
    paragraphs = "".join(f"<p>{ARTICLE} Number {n}.</p>" for n in range(4))
    html = (
        "<html><head><title>Bridge vote | Fox News</title></head><body>"
        "<div class='sidebar-news'><p>Trending: celebrity wedding in Malibu draws crowds of "
        "fans to the beach all weekend long, with traffic at a standstill.</p></div>"
        f"<div class='article-body'>{paragraphs}"
        "<div class='ad-container'><p>Advertisement text that the ad slot holds.</p></div>"
        "<p><strong><a href='/apps'>CLICK HERE TO GET THE FOX NEWS APP</a></strong></p>"
        "</div></body></html>"
    )
    content = extract_source("https://www.foxnews.com/politics/bridge-vote", html.encode())
    assert content.site_name == "Fox News"
    assert "site_name" in content.fallbacks
    assert content.title == "Bridge vote"
    assert "CLICK HERE" not in content.text
    assert "Trending" not in content.text
    assert "ad slot" not in content.text
    assert content.text.count("\n\n") == 3


def test_stale_outlet_rule_falls_back_to_generic_extraction() -> None:
    paragraphs = "".join(f"<p>{ARTICLE} Number {n}.</p>" for n in range(4))
    html = f"<html><body><main><article>{paragraphs}</article></main></body></html>"
    content = extract_source("https://www.reuters.com/world/x", html.encode())
    assert content.text.count("\n\n") == 3
    assert "text" in content.fallbacks


def test_jsonld_article_body_rescues_a_teaser_page() -> None:
    body_text = " ".join([ARTICLE] * 12)
    html = (
        '<html><head><script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "headline": "Bridge", "articleBody": body_text})
        + "</script></head><body><article><p>Subscribe to keep reading this story, "
        "it is for members only and costs little.</p></article></body></html>"
    )
    content = extract_source("https://paper.example/bridge", html.encode())
    assert content.text == body_text
    assert "text" in content.fallbacks


def test_blocks_keep_loose_text_and_nested_items() -> None:
    body = etree.fromstring(
        "<body>lead<head>Deals</head>Save $31 today.<list><item>One<list><item>Two</item>"
        "</list></item><item>Three</item></list><quote><p>Said.</p>after</quote></body>"
    )
    assert [(b.kind, b.text) for b in blocks_from_body(body)] == [
        ("p", "lead"),
        ("head", "Deals"),
        ("p", "Save $31 today."),
        ("list", "One\nTwo\nThree"),
        ("quote", "Said."),
        ("quote", "after"),
    ]


def test_pdf_paragraphs_join_wrapped_lines() -> None:
    page = (
        "A long line of text that goes on and on across the page width\nand ends here.\nNext one."
    )
    assert pdf_paragraphs([page]) == (
        "A long line of text that goes on and on across the page width and ends here.\n\nNext one."
    )


def test_package_has_no_scrapy_dependency() -> None:
    names = [f"{source.__name__}.{module.name}" for module in pkgutil.iter_modules(source.__path__)]
    for module in [source, *map(importlib.import_module, names)]:
        assert "scrapy" not in module.__dict__, module.__name__


def _page_of_links(count: int, jsonld: str = "") -> bytes:
    links = "".join(f'<a href="/harbour/{n}">berth {n}</a> ' for n in range(count))
    return (
        "<html><head><title>Every berth of the harbour</title>"
        f"{jsonld}</head><body><article><h1>Every berth of the harbour</h1>"
        f"<p>{links}</p></article></body></html>"
    ).encode()


def test_a_page_of_more_links_than_the_limit_keeps_its_metadata_but_no_extracted_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outlets, "MAX_TEXT_LINKS", 50)
    html_type = {"Content-Type": "text/html"}
    content = extract_source("https://harbour.example/berths", _page_of_links(51), html_type)
    assert content.title == "Every berth of the harbour"
    assert content.text == ""
    assert content.problems == ["too_many_links"]
    # At the limit, the page is read as any other.
    content = extract_source("https://harbour.example/berths", _page_of_links(50), html_type)
    assert "berth 49" in content.text
    assert "too_many_links" not in content.problems


def test_a_page_of_too_many_links_keeps_its_article_body(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outlets, "MAX_TEXT_LINKS", 50)
    jsonld = (
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        '"articleBody":"The harbour lists every berth it rents."}</script>'
    )
    content = extract_source(
        "https://harbour.example/berths", _page_of_links(51, jsonld), {"Content-Type": "text/html"}
    )
    assert content.text == "The harbour lists every berth it rents."
    assert content.problems == ["too_many_links"]
    assert "text" in content.fallbacks
