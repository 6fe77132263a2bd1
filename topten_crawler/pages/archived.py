"""An archived response as the spider saw it: the content coding removed.

WARC records keep a body as it was sent, gzip and all. Reading a page back from the archive
(``overtime/extract.py``) or standing in an archived robots.txt for one that cannot be fetched
(``downloadermiddlewares/robotstxt.py``) needs the body that Scrapy's HttpCompressionMiddleware
hands on: this module decodes it the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils._compression import _inflate, _unbrotli, _unzstd
from scrapy.utils.gz import gunzip

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

DECODERS: dict[bytes, Callable[[bytes], bytes]] = {
    b"gzip": gunzip,
    b"x-gzip": gunzip,
    b"deflate": _inflate,
    b"br": _unbrotli,
    b"zstd": _unzstd,
}


class StoredResponse(Protocol):
    """What a response record read back from a WARC file gives (``archive.revisits``)."""

    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Sequence[tuple[str, str]]: ...
    @property
    def body(self) -> bytes: ...


def scrapy_headers(pairs: Sequence[tuple[str, str]]) -> Headers:
    """Scrapy headers keeping every value of a repeated name (two ``Set-Cookie`` stay two)."""
    grouped: dict[str, list[bytes]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value.encode("latin-1"))
    return Headers({name.encode("latin-1"): values for name, values in grouped.items()})


def scrapy_response(archived: StoredResponse, url: str) -> Response:
    """The response the spider saw: content coding removed as HttpCompressionMiddleware does."""
    headers = scrapy_headers(archived.headers)
    body = archived.body
    codings = [
        coding.strip().lower()
        for value in headers.getlist("Content-Encoding")
        for coding in value.split(b",")
    ]
    while codings and codings[-1] in DECODERS:
        body = DECODERS[codings.pop()](body)
    if headers.getlist("Content-Encoding"):
        if codings:
            headers["Content-Encoding"] = codings
        else:
            del headers["Content-Encoding"]
    response_class = responsetypes.from_args(headers=headers, url=url, body=body)
    return response_class(url=url, status=archived.status, headers=headers, body=body)
