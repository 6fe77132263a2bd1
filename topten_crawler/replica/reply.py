"""The response a replica app hands to the HTTP layer."""

from __future__ import annotations

import gzip
import hashlib
from datetime import datetime
from typing import Literal, TypeAlias

# How a host treats validators: "honour" sends ETag and Last-Modified and answers a matching
# conditional request with 304; "ignore" sends them but always answers 200 (as some caches and
# CDNs do); "none" sends neither.
Validators: TypeAlias = Literal["honour", "ignore", "none"]


class Reply:
    """Status, headers and body of one response.

    Repeated header names are kept (real responses carry two ``Link`` or two ``Set-Cookie``
    headers). HTML is ``compressible``: sent gzip-compressed and chunked to clients that accept
    gzip, as nginx does (``chunked=False``: with a ``Content-Length`` instead). :meth:`compact`
    keeps only the compressed bytes, so that a cache of a 5000-post site at full page weight
    stays well under 100 MB.

    ``last_modified`` and ``validators`` drive the ``ETag``/``Last-Modified`` headers and the
    304 answers of a 200 (see :mod:`topten_crawler.replica.httpd`).
    """

    __slots__ = (
        "_body",
        "_etags",
        "_gzipped",
        "chunked",
        "compressible",
        "content_type",
        "headers",
        "last_modified",
        "status",
        "validators",
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
        last_modified: datetime | None = None,
        validators: Validators = "none",
    ) -> None:
        self.status = status
        self.content_type = content_type
        self.headers = headers or []
        self.compressible = compressible
        # Gzip bodies travel chunked (as nginx sends them) unless False: then Content-Length.
        self.chunked = chunked
        self.last_modified = last_modified
        self.validators: Validators = validators
        self._body: bytes | None = body
        self._gzipped: bytes | None = None
        self._etags: dict[bool, str] = {}

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

    def etag(self, gzipped: bool) -> str:
        """A strong validator of the exact bytes sent: the gzip and identity bodies differ, so
        their ETags do too (a strong ETag names one representation)."""
        tag = self._etags.get(gzipped)
        if tag is None:
            data = self.gzipped if gzipped else self.body
            tag = self._etags[gzipped] = f'"{hashlib.sha256(data).hexdigest()[:24]}"'
        return tag

    def compact(self) -> Reply:
        if self.compressible:
            self._gzipped = self.gzipped
            self._body = None
        return self


def html_reply(
    status: int,
    text: str,
    headers: list[tuple[str, str]] | None = None,
    *,
    last_modified: datetime | None = None,
    validators: Validators = "none",
) -> Reply:
    return Reply(
        status,
        "text/html; charset=UTF-8",
        text.encode("utf-8"),
        headers,
        compressible=True,
        last_modified=last_modified,
        validators=validators,
    )


def redirect(location: str, status: int = 301) -> Reply:
    return Reply(
        status,
        "text/html; charset=UTF-8",
        b"",
        [("Location", location), ("X-Redirect-By", "WordPress")],
    )
