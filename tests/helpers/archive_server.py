"""A loopback HTTP server that writes its responses byte by byte, and a crawl against it.

The server frames each response exactly as a test needs (real chunked transfer coding, gzip
content coding, a connection-delimited body, a cut connection), which the stdlib's
``http.server`` cannot do. :data:`ROUTES` says what each path sends, so a test can compare the
archive with the exact bytes that went out. :func:`run_archive_crawl` runs a real Scrapy crawl
of the server in a subprocess (Twisted's reactor cannot be restarted inside pytest).
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import socketserver
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]


def _gzip(data: bytes) -> bytes:
    # mtime=0: the same bytes on every run, so expectations are constants.
    return gzip.compress(data, mtime=0)


def _chunked(data: bytes, size: int) -> bytes:
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    framed = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks)
    return framed + b"0\r\n\r\n"


@dataclass(frozen=True)
class Route:
    """One canned response: the status line, headers, the entity body and how it is framed."""

    status: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes  # the entity as the archive must store it (content coding kept)
    framing: str = "length"  # length | chunked | close | cut
    cut_at: int = 0  # for "cut": bytes actually sent before closing

    def wire(self) -> bytes:
        head = [b"HTTP/1.1 " + self.status]
        head += [name + b": " + value for name, value in self.headers]
        if self.framing == "length":
            head.append(b"Content-Length: %d" % len(self.body))
            payload = self.body
        elif self.framing == "chunked":
            head.append(b"Transfer-Encoding: chunked")
            payload = _chunked(self.body, 7)
        elif self.framing == "cut":
            head.append(b"Content-Length: %d" % len(self.body))
            payload = self.body[: self.cut_at]
        else:  # close: HTTP/1.0 style, the body ends when the connection does
            head.append(b"Connection: close")
            payload = self.body
        return b"\r\n".join(head) + b"\r\n\r\n" + payload

    @property
    def stored_body(self) -> bytes:
        return self.body[: self.cut_at] if self.framing == "cut" else self.body

    @property
    def closes(self) -> bool:
        return self.framing in {"close", "cut"}


HTML = b'text/html; charset="utf-8"'
GZIP_PAGE = b"<html><body>" + b"<p>gzip stays gzip in the archive</p>" * 40 + b"</body></html>"
CHUNKED_PAGE = b"<html><body>" + b"<p>chunks are joined by Twisted</p>" * 20 + b"</body></html>"
CHUNKED_GZIP_PAGE = b"<html><body>" + b"<p>chunked and gzip at once</p>" * 30 + b"</body></html>"

ROUTES: dict[str, Route] = {
    "/robots.txt": Route(
        b"200 OK", [(b"Content-Type", b"text/plain")], b"User-agent: *\nDisallow: /private\n"
    ),
    "/gzip": Route(
        b"200 OK",
        [(b"Content-Type", HTML), (b"Content-Encoding", b"gzip"), (b"Vary", b"Accept-Encoding")],
        _gzip(GZIP_PAGE),
    ),
    "/chunked": Route(b"200 OK", [(b"Content-Type", HTML)], CHUNKED_PAGE, framing="chunked"),
    "/chunked-gzip": Route(
        b"200 OK",
        [(b"Content-Type", HTML), (b"Content-Encoding", b"gzip")],
        _gzip(CHUNKED_GZIP_PAGE),
        framing="chunked",
    ),
    "/redirect": Route(
        b"301 Moved Permanently",
        [(b"Location", b"/final"), (b"Content-Type", b"text/plain")],
        b"moved to /final\n",
    ),
    "/final": Route(b"200 OK", [(b"Content-Type", HTML)], b"<html><body>final</body></html>"),
    "/headers": Route(
        b"200 OK",
        [
            (b"Content-Type", HTML),
            (b"Set-Cookie", b"session=abc; Path=/"),
            (b"Link", b"</style.css>; rel=preload; as=style"),
            (b"Set-Cookie", b"theme=dark; Path=/"),
            (b"Link", b"</next>; rel=next"),
        ],
        b"<html><body>repeated headers</body></html>",
    ),
    "/search": Route(b"200 OK", [(b"Content-Type", HTML)], b"<html><body>results</body></html>"),
    "/close-delimited": Route(
        b"200 OK",
        [(b"Content-Type", b"text/plain")],
        b"ends when the connection closes\n",
        framing="close",
    ),
    "/dataloss": Route(
        b"200 OK", [(b"Content-Type", b"text/plain")], b"0123456789" * 10, framing="cut", cut_at=25
    ),
}

# What the test spider requests, relative to the server's base URL.
CRAWL_PATHS = [
    "/gzip",
    "/chunked",
    "/chunked-gzip",
    "/redirect",
    "/headers",
    "/search?q=warc+files&page=2",
    "/close-delimited",
    "/dataloss",
]


class _Handler(socketserver.StreamRequestHandler):
    server: ArchiveTestServer

    def handle(self) -> None:
        # Keep-alive loop: Twisted reuses connections, so more than one request may come.
        while True:
            request_line = self.rfile.readline(65537)
            if not request_line:
                return
            head = [request_line]
            while True:
                line = self.rfile.readline(65537)
                head.append(line)
                if line in {b"\r\n", b"\n", b""}:
                    break
            raw = b"".join(head)
            target = request_line.split(b" ")[1].decode("latin-1")
            self.server.received.append((target, raw))
            route = ROUTES.get(target.split("?", 1)[0])
            if route is None:
                route = Route(b"404 Not Found", [(b"Content-Type", b"text/plain")], b"not found\n")
            self.wfile.write(route.wire())
            self.wfile.flush()
            if route.closes:
                self.connection.shutdown(socket.SHUT_WR)
                return


class ArchiveTestServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[str, bytes]] = []

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


@contextmanager
def serve() -> Iterator[ArchiveTestServer]:
    with in_thread(ArchiveTestServer()) as server:
        yield server


ServerT = TypeVar("ServerT", bound=socketserver.BaseServer)


@contextmanager
def in_thread(server: ServerT) -> Iterator[ServerT]:
    """``server`` serving on a thread of its own until the block ends, then closed."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the crawl ---------------------------------------------------------------------------------

_CRAWL_SCRIPT = textwrap.dedent(
    """
    import json
    import sys

    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from topten_crawler.crawlfolder.run import CrawlRun

    config = json.loads(sys.argv[1])


    class ArchiveTestSpider(scrapy.Spider):
        name = "archive_test"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.seeds = [config["base_url"] + path for path in config["paths"]]

        @classmethod
        def from_crawler(cls, crawler, *args, **kwargs):
            spider = super().from_crawler(crawler, *args, **kwargs)
            # As the project's spider does: the crawl's seeds go to the run it shares with
            # the WARC extension, which names them in each warcinfo record.
            CrawlRun.from_crawler(crawler).set_seeds(spider.seeds)
            return spider

        async def start(self):
            for url in self.seeds:
                # The cut response only reaches the archive when data loss is tolerated.
                meta = {"download_fail_on_dataloss": False} if "dataloss" in url else {}
                yield scrapy.Request(url, meta=meta, dont_filter=True)

        def parse(self, response):
            yield {
                "url": response.url,
                "status": response.status,
                "flags": response.flags,
                "body": response.body.decode("latin-1"),
                "warc": response.meta.get("topten_warc"),
            }


    settings = Settings()
    settings.setmodule("topten_crawler.settings", priority="project")
    settings.setdict(config["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ArchiveTestSpider)
    process.crawl(crawler)
    process.start()
    with open(config["stats_path"], "w", encoding="utf-8") as stats_file:
        json.dump(crawler.stats.get_stats(), stats_file, default=str)
    """
)


@dataclass
class CrawlResult:
    crawl_dir: Path
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str
    warc_files: list[Path] = field(default_factory=list)


@dataclass
class ServedCrawl:
    """A crawl of :data:`CRAWL_PATHS` with the server's side of it; the server is stopped."""

    result: CrawlResult
    base_url: str  # where the server listened; nothing listens there any more
    received: list[tuple[str, bytes]]  # (request target, raw request head) as they came in


def crawl_served(workdir: Path, *, extra_settings: dict[str, Any] | None = None) -> ServedCrawl:
    """Start the server, crawl it with :func:`run_archive_crawl`, stop it."""
    with serve() as server:
        result = run_archive_crawl(server.base_url, workdir, extra_settings=extra_settings)
        return ServedCrawl(result, server.base_url, list(server.received))


def run_archive_crawl(
    base_url: str, workdir: Path, *, extra_settings: dict[str, Any] | None = None
) -> CrawlResult:
    """Crawl :data:`CRAWL_PATHS` of the server with only the WARC extension enabled."""
    script = workdir / "archive_crawl.py"
    script.write_text(_CRAWL_SCRIPT, encoding="utf-8")
    items_path = workdir / "items.jsonl"
    stats_path = workdir / "stats.json"
    output_dir = workdir / "archives"
    settings: dict[str, Any] = {
        # Only this module's component: the project's other middlewares, extensions and
        # pipelines are other people's work and may not exist yet.
        "EXTENSIONS": {"topten_crawler.extensions.warc.WarcArchiveExtension": 100},
        "DOWNLOADER_MIDDLEWARES": {},
        "ITEM_PIPELINES": {},
        "COOKIES_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "RETRY_ENABLED": False,
        # Scrapy 2.19's code-execution HTTP endpoint (and its job file in ~): not for tests.
        "REMOTE_CONTROL_ENABLED": False,
        "TOPTEN_OUTPUT_DIR": str(output_dir),
        "TOPTEN_CRAWL_ID": "x",
        "FEEDS": {str(items_path): {"format": "jsonlines"}},
        "LOG_LEVEL": "INFO",
    }
    settings.update(extra_settings or {})
    config = {
        "base_url": base_url,
        "paths": CRAWL_PATHS,
        "settings": settings,
        "stats_path": str(stats_path),
    }
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, str(script), json.dumps(config)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise AssertionError(f"crawl failed with exit code {proc.returncode}:\n{log}")
    crawl_dir = output_dir / "x"
    items = [json.loads(line) for line in items_path.read_text(encoding="utf-8").splitlines()]
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    warc_files = sorted((crawl_dir / "warc").glob("*.warc.gz"))
    return CrawlResult(crawl_dir, items, stats, log, warc_files)
