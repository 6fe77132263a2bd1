"""Answers that arrived but are failures all the same, and URLs that cannot be asked: pure.

Scrapy follows a redirect to ``javascript:`` by handing the 302 on as a page, walks a
redirect loop until its hop limit (or drops it silently as a duplicate), and inflates a
gzip body cut in the middle into a shorter page without a word. These functions name the
fault (a :class:`~topten_crawler.reasons.Reason`); the downloader middleware
``response_faults.py`` and the spider turn it into a failure.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from w3lib.url import safe_url_string

from topten_crawler.reasons import Reason

# Characters that no host name holds, in any encoding (IDNA handles the rest); a percent
# escape in a host is one the links of pages make of a space (``urls.absolute_http_url``).
_NOT_IN_HOSTS = frozenset(' <>"{}|\\^`%')
_CHUNK = 64 * 1024


# Every link of every page is asked about, and pages link the same URLs over and over.
@lru_cache(maxsize=8192)
def url_fault(url: str) -> Reason | None:
    """``invalid_url`` for a URL that cannot be requested over HTTP(S), else None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it raises for a port out of range or not a number)
    except ValueError:
        return Reason.INVALID_URL
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return Reason.INVALID_URL
    if any(c in _NOT_IN_HOSTS or not c.isprintable() for c in host):
        return Reason.INVALID_URL
    return None


def redirect_fault(
    url: str, location: bytes | str | None, chain: Sequence[str], max_hops: int
) -> Reason | None:
    """Why the redirect from ``url`` to ``location`` cannot be followed, or None.

    ``chain``: the URLs redirected from before ``url`` (Scrapy's ``redirect_urls``);
    ``max_hops``: ``REDIRECT_MAX_TIMES``. A target already on the chain is a loop, reported
    at once as ``too_many_redirects`` rather than walked to the limit.
    """
    if isinstance(location, bytes):
        location = location.decode("utf-8", "replace")
    location = (location or "").strip()
    if not location:
        return Reason.BAD_REDIRECT
    try:
        target = urljoin(url, safe_url_string(location))
    except ValueError:
        return Reason.BAD_REDIRECT
    if url_fault(target) is not None:
        return Reason.BAD_REDIRECT
    visited = {urldefrag(hop).url for hop in (*chain, url)}
    if urldefrag(target).url in visited or len(chain) + 1 > max_hops:
        return Reason.TOO_MANY_REDIRECTS
    return None


def compressed_body_fault(body: bytes, encodings: Sequence[str], max_size: int) -> Reason | None:
    """``truncated`` for a gzip or deflate body that ends early or is broken, ``too_large``
    for one that inflates past ``max_size`` bytes (0: no limit), else None.

    Only a body with one encoding, gzip or deflate, is read (others are left to Scrapy's own
    decompression); it is inflated a chunk at a time and thrown away, so a bomb costs no
    memory. Concatenated gzip members are read as one stream, as gzip itself does.
    """
    names = [name.strip().lower() for name in encodings if name.strip()]
    if not body or len(names) != 1 or names[0] not in ("gzip", "x-gzip", "deflate"):
        return None
    if names[0] == "deflate" and not _zlib_header(body):
        return _inflate_fault(body, -zlib.MAX_WBITS, max_size)  # raw deflate, as some send
    wbits = 16 + zlib.MAX_WBITS if names[0] != "deflate" else zlib.MAX_WBITS
    return _inflate_fault(body, wbits, max_size)


def _zlib_header(body: bytes) -> bool:
    return len(body) >= 2 and body[0] & 0x0F == 8 and (body[0] << 8 | body[1]) % 31 == 0


def _inflate_fault(data: bytes, wbits: int, max_size: int) -> Reason | None:
    inflated = 0
    while True:
        inflator = zlib.decompressobj(wbits)
        pending = data
        try:
            while not inflator.eof:
                out = len(inflator.decompress(pending, _CHUNK))
                pending = inflator.unconsumed_tail
                inflated += out
                if max_size and inflated > max_size:
                    return Reason.TOO_LARGE
                if not out and not pending:
                    break  # the input ended before the stream did
        except zlib.error:
            return Reason.TRUNCATED
        if not inflator.eof:
            return Reason.TRUNCATED
        rest = inflator.unused_data
        # Another gzip member follows; anything else after the end is ignored, as browsers do.
        if wbits > zlib.MAX_WBITS and rest[:2] == b"\x1f\x8b":
            data = rest
            continue
        return None


def page_fault(body: bytes, is_text: bool) -> Reason | None:
    """``empty`` for a page of the digest site that answered with no body (or blanks only),
    ``not_html`` for one that answered with a file; None for a page to read."""
    if not body.strip():
        return Reason.EMPTY
    return None if is_text else Reason.NOT_HTML
