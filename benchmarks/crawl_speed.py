"""Crawl speed: topten-crawler beside ``wget --mirror --warc-file`` and a bare Scrapy spider.

Serves a generated replica of the digest site (``--posts``, default 5,000 full-weight posts of
50-80 KB) on loopback, in a process of its own so that the server's CPU is not counted, and
crawls it three ways (topten-crawler both as archivists run it, page requisites included,
and pages only, like for like with the other two), in two server modes: ``instant`` and
``latency`` (each answer after 50 ms, as a remote server would). Prints pages/s, CPU
milliseconds per page and peak RSS of each crawler, then checks the targets:

- CPU per page of topten-crawler (pages only) within 1.5x the bare spider's (instant mode);
- pages/s (pages only) at least 3x wget's with 50 ms latency;
- peak RSS under 300 MB, and flat as the site grows (a second, smaller crawl is compared).

Usage: ``python benchmarks/crawl_speed.py [--posts 5000] [--small-posts 1000]
[--wget-seconds 120] [--concurrency 16]``. Needs ``wget`` (Debian's package) on PATH; no data.
Exit status 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SERVER_START_SECONDS = 60


@dataclass
class Measure:
    crawler: str
    mode: str
    pages: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    note: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.pages if self.pages else float("inf")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_replica(posts: int, latency: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "topten_crawler.replica", "--port", str(port)]
    command += ["--posts", str(posts), "--latency", str(latency)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, f"http://127.0.0.1:{port}/"
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the replica server did not start")


def warm_up(base_url: str, posts: int) -> None:
    """Render every page once, so the server's cache and not its templates is measured."""
    command = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "bare_spider.py")]
    command += ["-a", f"seed={base_url}", "-s", "LOG_LEVEL=ERROR", "-s", "ROBOTSTXT_OBEY=False"]
    command += ["-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32"]
    subprocess.run(command, check=True, cwd=tempfile.gettempdir())


def run_measured(
    command: list[str], cwd: Path, timeout: float | None = None
) -> tuple[float, float, float, bool]:
    """Wall seconds, CPU seconds (user+system), peak RSS in MB of one child; timed out?"""
    started = time.monotonic()
    child = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    timed_out = False
    while True:
        # wait4 reaps the child and returns its own resource usage (not the sum of all children).
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if timeout is not None and not timed_out and time.monotonic() - started > timeout:
            os.killpg(child.pid, signal.SIGTERM)
            timed_out = True
        time.sleep(0.05)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, timed_out


def measure_topten(
    base_url: str, mode: str, work: Path, concurrency: int, requisites: bool = True
) -> Measure:
    out = work / f"topten-{mode}-{'full' if requisites else 'pages'}"
    command = [sys.executable, "-m", "topten_crawler", "crawl", base_url, "--out", str(out)]
    command += ["--no-sources", "-s", "LOG_LEVEL=WARNING", "-s", "AUTOTHROTTLE_ENABLED=False"]
    command += ["-s", "DOWNLOAD_DELAY=0", "-s", f"CONCURRENT_REQUESTS={concurrency}"]
    command += ["-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
    command += ["-s", f"TOPTEN_REQUISITES_ENABLED={requisites}"]
    seconds, cpu, rss, _ = run_measured(command, REPO)
    manifests = list(out.glob("*/manifest.json"))
    if not manifests:
        raise RuntimeError(f"topten-crawler wrote no manifest under {out}")
    manifest = json.loads(manifests[0].read_text(encoding="utf-8"))
    pages = int(manifest["counts"]["responses"])
    note = f"{manifest['counts']['posts']} posts, ok={manifest['ok']}"
    name = "topten-crawler" if requisites else "topten-crawler, pages only"
    return Measure(name, mode, pages, seconds, cpu, rss, note)


def measure_bare(base_url: str, mode: str, work: Path, concurrency: int) -> Measure:
    stats_file = work / f"bare-{mode}.json"
    command = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "bare_spider.py")]
    command += ["-a", f"seed={base_url}", "-a", f"stats_file={stats_file}"]
    command += ["-s", "LOG_LEVEL=WARNING", "-s", "ROBOTSTXT_OBEY=True"]
    command += ["-s", f"CONCURRENT_REQUESTS={concurrency}"]
    command += ["-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
    command += ["-s", "TELNETCONSOLE_ENABLED=False"]
    seconds, cpu, rss, _ = run_measured(command, work)
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    pages = int(stats.get("downloader/response_count", 0))
    return Measure("bare Scrapy spider", mode, pages, seconds, cpu, rss)


def measure_wget(base_url: str, mode: str, work: Path, seconds_budget: float) -> Measure:
    wget = shutil.which("wget")
    if wget is None:
        raise RuntimeError("wget is not installed (apt-get install wget)")
    target = work / f"wget-{mode}"
    target.mkdir()
    command = [
        wget,
        "--mirror",
        "--no-parent",
        "--no-verbose",
        "--warc-file=" + str(target / "wget"),
    ]
    command += ["--no-warc-keep-log", "-P", str(target), "-o", str(target / "log"), base_url]
    seconds, cpu, rss, timed_out = run_measured(command, target, timeout=seconds_budget)
    log = (target / "log").read_text(encoding="utf-8", errors="replace")
    pages = sum(1 for line in log.splitlines() if " URL:" in line and "->" in line)
    note = f"stopped after {seconds_budget:.0f} s" if timed_out else "complete"
    return Measure("wget --mirror --warc-file", mode, pages, seconds, cpu, rss, note)


def print_table(measures: list[Measure]) -> None:
    header = (
        f"{'crawler':<28}{'mode':<10}{'pages':>8}{'pages/s':>10}"
        f"{'CPU ms/page':>13}{'peak RSS MB':>13}  note"
    )
    print(header)
    print("-" * len(header))
    for m in measures:
        print(
            f"{m.crawler:<28}{m.mode:<10}{m.pages:>8}{m.pages_per_second:>10.1f}"
            f"{m.cpu_ms_per_page:>13.2f}{m.peak_rss_mb:>13.1f}  {m.note}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument(
        "--small-posts", type=int, default=1000, help="size of the RSS-growth check"
    )
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--wget-seconds", type=float, default=120, help="time budget of each wget run"
    )
    args = parser.parse_args()

    measures: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="crawl-speed-") as temporary:
        work = Path(temporary)
        for mode, latency in (("instant", 0.0), ("latency", args.latency)):
            server, base_url = start_replica(args.posts, latency)
            try:
                if mode == "instant":
                    warm_up(base_url, args.posts)
                measures.append(measure_bare(base_url, mode, work, args.concurrency))
                # Like for like with the bare spider and wget, which fetch pages only...
                measures.append(
                    measure_topten(base_url, mode, work, args.concurrency, requisites=False)
                )
                # ...and as archivists run it, every page requisite archived too.
                if mode == "instant":
                    measures.append(measure_topten(base_url, mode, work, args.concurrency))
                measures.append(measure_wget(base_url, mode, work, args.wget_seconds))
            finally:
                server.terminate()
                server.wait()
        server, base_url = start_replica(args.small_posts, 0.0)
        try:
            small = measure_topten(base_url, "small", work, args.concurrency)
        finally:
            server.terminate()
            server.wait()
    measures.append(small)

    print(
        f"Replica: {args.posts} posts (full weight), latency mode {args.latency * 1000:.0f} ms, "
        f"concurrency {args.concurrency}, {os.cpu_count()} cores"
    )
    print_table(measures)

    def find(crawler: str, mode: str) -> Measure:
        return next(m for m in measures if m.crawler == crawler and m.mode == mode)

    pages_only, bare = (
        find("topten-crawler, pages only", "instant"),
        find("bare Scrapy spider", "instant"),
    )
    topten = find("topten-crawler", "instant")
    topten_latency = find("topten-crawler, pages only", "latency")
    wget_latency = find("wget --mirror --warc-file", "latency")
    cpu_ratio = pages_only.cpu_ms_per_page / bare.cpu_ms_per_page
    speed_ratio = topten_latency.pages_per_second / wget_latency.pages_per_second
    peak = max(m.peak_rss_mb for m in measures if m.crawler.startswith("topten-crawler"))
    growth = topten.peak_rss_mb / small.peak_rss_mb
    checks = [
        (
            f"CPU per page vs bare spider (instant, pages only): {cpu_ratio:.2f}x",
            cpu_ratio <= 1.5,
            "<= 1.5x",
        ),
        (f"pages/s vs wget (50 ms latency): {speed_ratio:.2f}x", speed_ratio >= 3.0, ">= 3x"),
        (f"peak RSS: {peak:.0f} MB", peak < 300, "< 300 MB"),
        (
            f"peak RSS growth {args.small_posts} -> {args.posts} posts: {growth:.2f}x",
            growth < 1.5,
            "< 1.5x (flat)",
        ),
    ]
    print()
    for label, passed, target in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label}  (target {target})")
    return 0 if all(passed for _, passed, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
