"""Decode an HTML body as a browser would: BOM, HTTP charset, ``<meta>`` charset, then a guess.

Pure functions over bytes. The order follows the WHATWG encoding sniffing algorithm, without
its locale-dependent last step: a page that declares nothing is UTF-8 when it decodes as such,
else windows-1252 (what Western-locale browsers fall back to, and what most undeclared
legacy news pages are written in).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Browsers decode these labels as another, larger encoding (WHATWG Encoding Standard, "labels"):
# a page labelled iso-8859-1 or ascii that uses 0x80-0x9F means windows-1252 quotes and dashes.
WHATWG_ALIASES: dict[str, str] = {
    "ascii": "windows-1252",
    "us-ascii": "windows-1252",
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "cp819": "windows-1252",
    "ibm819": "windows-1252",
    "iso-ir-100": "windows-1252",
    "iso-8859-9": "windows-1254",
    "latin5": "windows-1254",
    "iso-8859-11": "windows-874",
    "tis-620": "windows-874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "euc-kr",
    "x-sjis": "shift_jis",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
}

# Byte order marks, longest first so that UTF-32's is not read as UTF-16's.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# How far into the page a <meta> charset is looked for. Browsers stop at 1,024 bytes; real
# pages often put a long <head> preamble (comments, scripts) first, so look further.
META_PRESCAN_BYTES = 8192

_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_META_TAG = re.compile(rb"<meta\s[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HTTP_EQUIV = re.compile(rb"""http-equiv\s*=\s*["']?\s*content-type""", re.IGNORECASE)
_CONTENT_ATTR = re.compile(rb"""content\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)

# windows-1252 leaves five bytes undefined; browsers map them to the C1 controls of the same
# number, Python's codec raises. This error handler does what the browser does.
_C1_HANDLER = "topten-windows-1252-c1"


def _c1_controls(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    undecodable = error.object[error.start : error.end]
    return "".join(chr(byte) for byte in undecodable), error.end


codecs.register_error(_C1_HANDLER, _c1_controls)


@dataclass(frozen=True)
class Decoded:
    text: str
    # The Python codec name used ("utf-8", "windows-1252", ...).
    encoding: str
    # Where the encoding came from: "bom", "header", "meta", "utf-8-guess", "windows-1252-guess".
    source: str
    # True when some bytes did not decode and were replaced (a mislabelled page).
    replaced: bool = False


def normalize_charset(label: str | None) -> str | None:
    """The encoding a browser uses for a charset label, as a Python codec name; None if unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    key = WHATWG_ALIASES.get(key, key)
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    # Python knows latin-1 under its own name; map it once more in case it came via an alias.
    return "windows-1252" if name in ("latin-1", "iso8859-1", "ascii") else _canonical(name)


def _canonical(name: str) -> str:
    # Python's codecs report "cp1252" for windows-1252: keep the web's names in records.
    if name.startswith("cp125"):
        return "windows-" + name[2:]
    return name


def charset_from_content_type(value: str | None) -> str | None:
    """The charset parameter of a Content-Type value, normalized; None if absent or unknown."""
    if not value:
        return None
    match = _CHARSET_PARAM.search(value)
    return normalize_charset(match.group(1)) if match else None


def charset_from_meta(body: bytes) -> str | None:
    """The charset of the first ``<meta charset>`` or http-equiv Content-Type near the top."""
    head = body[:META_PRESCAN_BYTES]
    for tag in _META_TAG.finditer(head):
        markup = tag.group(0)
        label: bytes | None = None
        if _HTTP_EQUIV.search(markup):
            content = _CONTENT_ATTR.search(markup)
            value = next((g for g in content.groups() if g), b"") if content else b""
            found = _META_CHARSET.search(value)
            label = found.group(1) if found else None
        elif b"charset" in markup.lower():
            found = _META_CHARSET.search(markup)
            label = found.group(1) if found else None
        if label:
            charset = normalize_charset(label.decode("ascii", "replace"))
            if charset:
                # A <meta> cannot truthfully say UTF-16: the bytes it was read from were ASCII.
                return "utf-8" if charset.startswith("utf-16") else charset
    return None


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML body: BOM, then the HTTP charset, then ``<meta>``, then a guess."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return _decode(body[len(bom) :], encoding, "bom")
    declared = charset_from_content_type(content_type)
    if declared:
        return _decode(body, declared, "header")
    declared = charset_from_meta(body)
    if declared:
        return _decode(body, declared, "meta")
    try:
        return Decoded(body.decode("utf-8"), "utf-8", "utf-8-guess")
    except UnicodeDecodeError:
        return _decode(body, "windows-1252", "windows-1252-guess")


def _decode(body: bytes, encoding: str, source: str) -> Decoded:
    if encoding == "windows-1252":
        return Decoded(body.decode("cp1252", _C1_HANDLER), encoding, source)
    try:
        return Decoded(body.decode(encoding), encoding, source)
    except UnicodeDecodeError:
        # A page whose label lies: keep what decodes, as a browser shows it, and say so.
        return Decoded(body.decode(encoding, "replace"), encoding, source, replaced=True)
