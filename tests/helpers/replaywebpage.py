"""ReplayWeb.page, the in-browser WACZ viewer, served from a stdlib HTTP server on loopback.

``npm install replaywebpage`` does not resolve against the registry (a dependency asks for
``warcio@^2.4.12``, which is not there), but the package's ``ui.js`` (the ``<replay-web-page>``
element) and ``sw.js`` (the service worker that reads the WACZ and rewrites pages) are
self-contained bundles. ``make browser-deps`` unpacks the ``npm pack`` tarball of
``replaywebpage@2.4.6`` into ``.cache/replaywebpage/`` (``$TOPTEN_REPLAYWEBPAGE_DIR`` names
another folder); 2.4.x is the newest line whose package runs on Node 20, though nothing here
runs under Node: both bundles run in Chromium.

The embed is laid out as ReplayWeb.page's embedding guide says: the page loads ``ui.js``, and
the element registers the service worker from ``replay/sw.js`` beside the page (its
``replayBase`` defaults to ``./replay/``). Service workers need a secure context, which
``http://127.0.0.1`` is. The server answers byte ranges, as a static host does: ReplayWeb.page
reads a WACZ by ranges (its zip directory, then the index, then single records).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

REPO_ROOT = Path(__file__).resolve().parents[2]
RWP_DIR_ENV = "TOPTEN_REPLAYWEBPAGE_DIR"
RWP_VERSION = "2.4.6"  # kept in step with the Makefile's REPLAYWEBPAGE_VERSION
SOURCE_NAME = "crawl.wacz"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
# The page of the viewer's own frame, as sw.js writes it (its getIndexHtml).
REPLAY_INDEX = (
    '<!doctype html>\n<html><head><script src="./ui.js"></script></head>\n'
    "<body><replay-app-main></replay-app-main></body></html>\n"
)


def replaywebpage_dir() -> Path:
    configured = os.environ.get(RWP_DIR_ENV)
    return Path(configured) if configured else REPO_ROOT / ".cache" / "replaywebpage"


def missing_reason() -> str | None:
    folder = replaywebpage_dir()
    missing = [name for name in ("ui.js", "sw.js") if not (folder / name).is_file()]
    if missing:
        return (
            f"ReplayWeb.page's {' and '.join(missing)} not found in {folder} (run `make "
            f"browser-deps`: it unpacks `npm pack replaywebpage@{RWP_VERSION}` there)"
        )
    return None


def installed_version() -> str | None:
    import json

    package = replaywebpage_dir() / "package.json"
    if not package.is_file():
        return None
    version: str = json.loads(package.read_text(encoding="utf-8")).get("version")
    return version


def embed_page(url: str, source: str = SOURCE_NAME) -> str:
    """The page that embeds the viewer on one archived URL of one WACZ."""
    return (
        "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
        "<title>topten-crawler WACZ in ReplayWeb.page</title>\n"
        '<script src="ui.js"></script>\n'
        "<style>html,body{margin:0;height:100%}"
        "replay-web-page{display:block;width:100%;height:100vh}</style>\n"
        "</head>\n<body>\n"
        f'<replay-web-page source="{html.escape(source)}" url="{html.escape(url)}">'
        "</replay-web-page>\n</body>\n</html>\n"
    )


class _Handler(SimpleHTTPRequestHandler):
    """Static files with single byte ranges; quiet."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".wacz": "application/wacz",
    }

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log.append(format % args)  # type: ignore[attr-defined]

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self) -> Any:
        match = _RANGE.match(self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if match is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:  # a suffix range: the last N bytes
            start, end = max(size - int(last or 0), 0), size - 1
        if start > end or start >= size:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        stream = path.open("rb")
        stream.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return _Limited(stream, end - start + 1)


class _Limited:
    """The part of an open file that a range names, for ``copyfile``."""

    def __init__(self, stream: Any, length: int) -> None:
        self.stream = stream
        self.left = length

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size < 0 else min(size, self.left)
        data: bytes = self.stream.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.stream.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path) -> None:
        self.log: list[str] = []

        def handler(*args: Any) -> _Handler:
            return _Handler(*args, directory=str(folder))

        super().__init__(("127.0.0.1", 0), handler)


@contextmanager
def serve_embed(wacz: Path, url: str) -> Iterator[tuple[str, list[str]]]:
    """Serve the embed page for ``url`` of ``wacz``; yield its URL and the server's log."""
    ui_dir = replaywebpage_dir()
    reason = missing_reason()
    if reason:
        raise FileNotFoundError(reason)
    folder = Path(tempfile.mkdtemp(prefix="topten-rwp-"))
    try:
        (folder / "replay").mkdir()
        shutil.copyfile(ui_dir / "ui.js", folder / "ui.js")
        shutil.copyfile(ui_dir / "sw.js", folder / "replay" / "sw.js")
        # What the service worker serves as replay/index.html once it runs, for the first
        # load of the viewer's frame, which may come before the worker controls it.
        shutil.copyfile(ui_dir / "ui.js", folder / "replay" / "ui.js")
        (folder / "replay" / "index.html").write_text(REPLAY_INDEX, encoding="utf-8")
        shutil.copyfile(wacz, folder / SOURCE_NAME)
        (folder / "index.html").write_text(embed_page(url), encoding="utf-8")
        server = _Server(folder)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/index.html", server.log
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
