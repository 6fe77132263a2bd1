"""The crawl's WARC files replay in pywb with the bytes the server sent.

The crawl is the session's crawl of the loopback server (``served_crawl`` in conftest.py).
pywb lives in its own venv (see ``helpers.replay_env``); without it these tests skip and say
how to create it.
"""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.archive_server import CHUNKED_GZIP_PAGE, GZIP_PAGE, ROUTES, ServedCrawl
from tests.helpers.replay_env import make_collection, missing_reason, wayback

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.replay,
    pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or ""),
]


@dataclass
class Replay:
    base: str  # wayback's base URL
    origin: str  # the crawled server's base URL
    timestamps: dict[str, str]  # path -> 14-digit capture time

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Fetch the ``id_`` (original bytes) replay of ``path`` without following redirects."""
        url = f"/coll/{self.timestamps[path]}id_/{self.origin}{path}"
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        try:
            # skip_accept_encoding: send exactly the Accept-Encoding the test asks for, if any.
            conn.putrequest("GET", url, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


def capture_timestamps(warcs: list[Path]) -> dict[str, str]:
    stamps: dict[str, str] = {}
    for path in warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                parts = urlsplit(record.rec_headers.get_header("WARC-Target-URI"))
                date = record.rec_headers.get_header("WARC-Date")
                digits = "".join(ch for ch in date if ch.isdigit())[:14]
                stamps[parts.path + (f"?{parts.query}" if parts.query else "")] = digits
    return stamps


@pytest.fixture(scope="module")
def replay(served_crawl: ServedCrawl, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replay]:
    result = served_crawl.result
    assert result.warc_files, result.log
    root = tmp_path_factory.mktemp("pywb")
    make_collection(root, "coll", result.warc_files)  # wb-manager copies the WARC files
    with wayback(root) as base:
        yield Replay(base, served_crawl.base_url, capture_timestamps(result.warc_files))


def test_gzip_page_replays_compressed_to_a_client_that_accepts_gzip(replay: Replay) -> None:
    status, headers, body = replay.get("/gzip", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert body == ROUTES["/gzip"].body


def test_gzip_page_replays_decoded_to_a_client_that_does_not(replay: Replay) -> None:
    # pywb decompresses for a client that did not offer gzip: the bytes are the server's,
    # with the content coding undone (the reason the record must keep Content-Encoding).
    status, headers, body = replay.get("/gzip")
    assert status == 200
    assert headers.get("Content-Encoding") is None
    assert body == GZIP_PAGE
    assert body == gzip.decompress(ROUTES["/gzip"].body)


def test_chunked_page_replays_dechunked(replay: Replay) -> None:
    for accept in ({}, {"Accept-Encoding": "gzip"}):
        status, headers, body = replay.get("/chunked", accept)
        assert status == 200
        assert body == ROUTES["/chunked"].body
        assert headers.get("Transfer-Encoding") in (None, "chunked")  # pywb's own framing


def test_chunked_gzip_page_replays(replay: Replay) -> None:
    status, headers, body = replay.get("/chunked-gzip", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert body == ROUTES["/chunked-gzip"].body
    status, _, body = replay.get("/chunked-gzip")
    assert body == CHUNKED_GZIP_PAGE


def test_redirect_hop_replays_as_a_redirect(replay: Replay) -> None:
    status, headers, body = replay.get("/redirect")
    assert status == 301
    assert headers["Location"].endswith("/final")
    assert body == ROUTES["/redirect"].body


def test_query_string_page_replays(replay: Replay) -> None:
    status, _, body = replay.get("/search?q=warc+files&page=2")
    assert status == 200
    assert body == ROUTES["/search"].body
