"""The response a replica app hands to the HTTP layer."""

from __future__ import annotations

import gzip


class Reply:
    """Status, headers and body of one response.

    Repeated header names are kept (real responses carry two ``Link`` or two ``Set-Cookie``
    headers). HTML is ``compressible``: sent gzip-compressed and chunked to clients that accept
    gzip, as nginx does (``chunked=False``: with a ``Content-Length`` instead). :meth:`compact`
    keeps only the compressed bytes, so that a cache of a 5000-post site at full page weight
    stays well under 100 MB.
    """

    __slots__ = (
        "_body",
        "_gzipped",
        "chunked",
        "compressible",
        "content_type",
        "headers",
        "status",
    )

    def __init__(
        self,
        status: int,
        content_type: str,
        body: bytes,
        headers: list[tuple[str, str]] | None = None,
        *,
        compressible: bool = False,
        chunked: bool = True,
    ) -> None:
        self.status = status
        self.content_type = content_type
        self.headers = headers or []
        self.compressible = compressible
        # Gzip bodies travel chunked (as nginx sends them) unless False: then Content-Length.
        self.chunked = chunked
        self._body: bytes | None = body
        self._gzipped: bytes | None = None

    @property
    def body(self) -> bytes:
        if self._body is not None:
            return self._body
        assert self._gzipped is not None
        return gzip.decompress(self._gzipped)

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            # mtime=0 keeps the compressed bytes identical from run to run.
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped

    def compact(self) -> Reply:
        if self.compressible:
            self._gzipped = self.gzipped
            self._body = None
        return self


def html_reply(status: int, text: str, headers: list[tuple[str, str]] | None = None) -> Reply:
    return Reply(
        status, "text/html; charset=UTF-8", text.encode("utf-8"), headers, compressible=True
    )


def redirect(location: str, status: int = 301) -> Reply:
    return Reply(
        status,
        "text/html; charset=UTF-8",
        b"",
        [("Location", location), ("X-Redirect-By", "WordPress")],
    )
