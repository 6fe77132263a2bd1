"""Charset sniffing of source pages: BOM, HTTP header, <meta>, then a guess."""

from __future__ import annotations

import codecs

import pytest

from topten_crawler.pages.charset import (
    charset_from_content_type,
    charset_from_meta,
    decode_html,
    normalize_charset,
)

CP1252 = "<p>\u201cQuoted\u201d \u20ac5 \u2014 caf\u00e9</p>"


def test_bom_beats_everything() -> None:
    body = codecs.BOM_UTF8 + '<meta charset="windows-1252"><p>caf\u00e9</p>'.encode()
    decoded = decode_html(body, "text/html; charset=iso-8859-2")
    assert decoded.source == "bom"
    assert decoded.text == '<meta charset="windows-1252"><p>caf\u00e9</p>'


def test_utf16_bom() -> None:
    body = codecs.BOM_UTF16_LE + "<p>caf\u00e9</p>".encode("utf-16-le")
    assert decode_html(body).text == "<p>caf\u00e9</p>"


def test_header_beats_meta() -> None:
    body = b'<meta charset="utf-8">' + CP1252.encode("cp1252")
    decoded = decode_html(body, "text/html; charset=windows-1252")
    assert decoded.source == "header"
    assert CP1252 in decoded.text


def test_meta_charset() -> None:
    body = b'<html><head><meta charset="windows-1252"></head>' + CP1252.encode("cp1252")
    decoded = decode_html(body, "text/html")
    assert (decoded.source, decoded.encoding) == ("meta", "windows-1252")
    assert CP1252 in decoded.text


def test_meta_http_equiv() -> None:
    body = (
        b"<head><meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>"
        + CP1252.encode("cp1252")
    )
    decoded = decode_html(body)
    assert decoded.encoding == "windows-1252"
    assert CP1252 in decoded.text


def test_latin1_label_decodes_as_windows_1252() -> None:
    # 0x93/0x94 are C1 controls in ISO-8859-1 but curly quotes to every browser.
    decoded = decode_html(b"\x93Hi\x94 \x80", "text/html; charset=iso-8859-1")
    assert decoded.text == "\u201cHi\u201d \u20ac"


def test_undeclared_utf8_is_guessed() -> None:
    decoded = decode_html("<p>caf\u00e9 \u2014 \u65e5\u672c</p>".encode())
    assert (decoded.source, decoded.encoding) == ("utf-8-guess", "utf-8")


def test_undeclared_legacy_bytes_fall_back_to_windows_1252() -> None:
    decoded = decode_html(CP1252.encode("cp1252"))
    assert decoded.source == "windows-1252-guess"
    assert decoded.text == CP1252


def test_windows_1252_undefined_bytes_become_c1_controls_as_in_browsers() -> None:
    assert decode_html(b"a\x81b\x9db", "text/html; charset=windows-1252").text == "a\x81b\x9db"


def test_wrong_label_is_decoded_with_replacements_and_flagged() -> None:
    decoded = decode_html(b"caf\xe9 ok", "text/html; charset=utf-8")
    assert decoded.replaced
    assert decoded.text == "caf\ufffd ok"


def test_unknown_label_is_ignored() -> None:
    decoded = decode_html("caf\u00e9".encode(), "text/html; charset=x-made-up")
    assert decoded.source == "utf-8-guess"


def test_meta_utf16_means_utf8() -> None:
    assert charset_from_meta(b'<meta charset="utf-16">') == "utf-8"


def test_meta_far_down_is_not_read() -> None:
    assert charset_from_meta(b" " * 10_000 + b'<meta charset="windows-1252">') is None


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("UTF-8", "utf-8"),
        ("utf8", "utf-8"),
        ('"windows-1252"', "windows-1252"),
        ("latin1", "windows-1252"),
        ("US-ASCII", "windows-1252"),
        ("iso-8859-9", "windows-1254"),
        ("gb2312", "gb18030"),
        ("shift_jis", "shift_jis"),
        ("nonsense", None),
        ("", None),
    ],
)
def test_normalize_charset(label: str, expected: str | None) -> None:
    assert normalize_charset(label) == expected


def test_charset_from_content_type() -> None:
    assert charset_from_content_type("text/html; Charset='UTF-8'") == "utf-8"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None
