"""Crawl speed: topten-crawler beside ``wget --mirror --warc-file`` and a bare Scrapy spider.

The replica of the digest site (``--posts``, default 5,000 full-weight posts) is written to a
folder (``topten_crawler.replica.export``) and served by nginx on loopback, in a process of
its own whose CPU is not counted; latency comes from nginx's Lua module (``ngx.sleep``).
Where nginx or its Lua module is missing (``make benchmark`` installs Debian's ``nginx-light``
and ``libnginx-mod-http-lua``), the Python replica server serves instead, and the output says
so: it holds wget to a few dozen pages a second and takes CPU from the crawlers.

Three crawlers fetch the same pages: topten-crawler pages only (no requisites, no sources:
like for like), the bare spider (``bare_spider.py``: every link of the host, nothing
extracted) and wget (``--mirror`` without ``-p``, in a time budget), in two modes:
``instant`` and ``latency`` (each answer after ``--latency`` seconds, 50 ms by default). For
each: pages/s, CPU ms per page, posts fetched (or recorded) per second, CPU ms per post (of
every process of the crawler, and of its main process alone: topten-crawler's reactor, without
its extraction workers), and the peak of the summed PSS of the crawler's processes (the crawl
and its extraction workers) per run. A last topten-crawler run on a ``--small-posts`` site
checks that memory stays flat.

Targets, checked at the end: CPU per post <= 1.2x the bare spider's (instant); posts/s >= 1.5x
the bare spider's (instant); posts/s >= 5x wget's (latency); peak memory < 350 MB, and within
1.25x of the small site's.

Usage: ``python benchmarks/crawl_speed.py [--posts 5000] [--small-posts 1000] [--latency 0.05]
[--wget-seconds 120] [--concurrency 16] [--workers 0] [--python-server]``. Needs ``wget``.
Exit status 0 when every target is met, 1 otherwise. The machine should be otherwise idle:
the figures are only comparable within one run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from topten_crawler.replica import ReplicaServer, build_content  # noqa: E402
from topten_crawler.replica.export import export_site, set_latency  # noqa: E402

SERVER_START_SECONDS = 60
SAMPLE_SECONDS = 0.25
NGINX_MODULES = Path("/usr/lib/nginx/modules")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Measure:
    crawler: str
    mode: str
    pages: int
    posts: int
    seconds: float
    cpu_seconds: float
    # The crawler's own process alone (topten-crawler's reactor; its extraction workers are
    # other processes): on two cores, the one that bounds the crawl's rate.
    main_cpu_seconds: float
    peak_pss_mb: float
    note: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def posts_per_second(self) -> float:
        return self.posts / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.pages if self.pages else float("inf")

    @property
    def cpu_ms_per_post(self) -> float:
        return 1000 * self.cpu_seconds / self.posts if self.posts else float("inf")

    @property
    def main_cpu_ms_per_post(self) -> float:
        return 1000 * self.main_cpu_seconds / self.posts if self.posts else float("inf")

    @property
    def other_cpu_ms_per_post(self) -> float:
        """CPU per post of every process but the main one (the extraction workers)."""
        others = self.cpu_seconds - self.main_cpu_seconds
        return 1000 * others / self.posts if self.posts else float("inf")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_listening(port: int) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no server came up on port {port}")


# --- Servers ----------------------------------------------------------------------------------
def nginx_missing() -> str | None:
    """Why nginx cannot serve the benchmark, or None when it can."""
    if shutil.which("nginx") is None:
        return "nginx is not installed"
    if not (NGINX_MODULES / "ngx_http_lua_module.so").exists():
        return "nginx's Lua module (libnginx-mod-http-lua) is not installed"
    return None


class Site:
    """The replica's digest site for one size, served by nginx or by the Python replica."""

    def __init__(self, posts: int, work: Path, python_server: bool) -> None:
        self.posts = posts
        self.content = build_content(posts)
        self.post_paths = {post.path for post in self.content.posts}
        missing = "--python-server given" if python_server else nginx_missing()
        self.server_name = "nginx" if missing is None else f"Python replica ({missing})"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self.folder = work / f"site-{posts}"
        if missing is None:
            started = time.monotonic()
            export = export_site(self.content, self.folder, self.base_url)
            self.export = export
            print(
                f"Exported {export.pages} pages and {export.redirects} redirects of the "
                f"{posts}-post site in {time.monotonic() - started:.0f} s",
                flush=True,
            )

    def posts_among(self, urls: list[str]) -> int:
        """How many distinct posts these URLs fetched (a query string makes no new post)."""
        return len({urlsplit(url).path for url in urls} & self.post_paths)

    @contextmanager
    def serving(self, latency: float) -> Iterator[str]:
        if self.server_name == "nginx":
            set_latency(self.export, latency)
            command = ["nginx", "-c", str(self.export.config), "-p", str(self.folder)]
            server = subprocess.Popen([*command, "-g", "daemon off;"])
            try:
                wait_listening(self.port)
                yield self.base_url
            finally:
                server.terminate()
                server.wait()
        else:
            with ReplicaServer(self.content, port=self.port, latency=latency) as replica:
                warm_up(replica.base_url)
                yield replica.base_url


def warm_up(base_url: str) -> None:
    """Render every page of the Python replica once, so that its cache is what is measured."""
    command = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "bare_spider.py")]
    command += ["-a", f"seed={base_url}", "-s", "LOG_LEVEL=ERROR", "-s", "ROBOTSTXT_OBEY=False"]
    command += ["-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32"]
    subprocess.run(command, check=True, cwd=tempfile.gettempdir())


# --- Measuring a crawler ----------------------------------------------------------------------
def _session_processes(session: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # the session id (field 6 of stat)
            pids.append(int(entry))
    return pids


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (field 3 first)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _cpu_seconds(pid: int) -> float | None:
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _own_and_reaped_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds of a process that has exited but is not reaped yet: its own (every thread
    of it), and that of the descendants it reaped (which had reaped theirs: the extraction
    pool's fork server and its workers)."""
    fields = _stat_fields(pid)
    if fields is None:
        raise RuntimeError(f"process {pid} left no /proc entry to read its CPU from")
    own = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    reaped = (int(fields[13]) + int(fields[14])) / CLOCK_TICKS  # cutime + cstime
    return own, reaped


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # the crawler's process and every process it started
    main_cpu_seconds: float  # the crawler's process alone
    peak_pss_mb: float
    timed_out: bool


def run_measured(command: list[str], cwd: Path, timeout: float | None = None) -> Run:
    """Wall seconds, CPU seconds (all, and the crawler's own process) and peak summed PSS
    (MB) of a crawler and every process it starts (its session)."""
    started = time.monotonic()
    child = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    peak_pss_kb = 0
    timed_out = False
    # Polled without reaping, so that the exited crawler's /proc entry still tells its own CPU
    # apart from that of the descendants it reaped (wait4 would give only their sum).
    while os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        pids = _session_processes(child.pid)
        peak_pss_kb = max(peak_pss_kb, sum(_pss_kb(p) for p in pids))
        if timeout is not None and not timed_out and time.monotonic() - started > timeout:
            os.killpg(child.pid, signal.SIGTERM)
            timed_out = True
        time.sleep(SAMPLE_SECONDS)
    seconds = time.monotonic() - started
    own, reaped = _own_and_reaped_cpu(child.pid)
    # Processes of the session that the crawler did not reap (none, when it stops what it
    # starts) count with what they used so far.
    left = [_cpu_seconds(pid) for pid in _session_processes(child.pid) if pid != child.pid]
    _, status, _ = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    with contextlib.suppress(OSError):
        os.killpg(child.pid, signal.SIGKILL)  # anything it left behind
    cpu = own + reaped + sum(each for each in left if each is not None)
    return Run(seconds, cpu, own, peak_pss_kb / 1024, timed_out)


def _figures(run: Run) -> tuple[float, float, float, float]:
    return run.seconds, run.cpu_seconds, run.main_cpu_seconds, run.peak_pss_mb


def measure_topten(
    site: Site, base_url: str, mode: str, work: Path, args: argparse.Namespace
) -> Measure:
    out = work / f"topten-{site.posts}-{mode}"
    command = [sys.executable, "-m", "topten_crawler", "crawl", base_url, "--out", str(out)]
    command += ["--no-sources", "-s", "LOG_LEVEL=WARNING", "-s", "AUTOTHROTTLE_ENABLED=False"]
    command += ["-s", "DOWNLOAD_DELAY=0", "-s", f"CONCURRENT_REQUESTS={args.concurrency}"]
    command += ["-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}"]
    command += ["-s", "TOPTEN_REQUISITES_ENABLED=False", "-s", "TOPTEN_PROGRESS=off"]
    command += ["-s", f"TOPTEN_EXTRACT_WORKERS={args.workers}"]
    run = run_measured(command, REPO)
    manifests = list(out.glob("*/manifest.json"))
    if not manifests:
        raise RuntimeError(f"topten-crawler wrote no manifest under {out}")
    manifest = json.loads(manifests[0].read_text(encoding="utf-8"))
    pages = int(manifest["counts"]["responses"])
    posts = int(manifest["counts"]["posts"])
    workers = manifest["stats"].get("topten/extract/workers", "?")
    note = f"posts recorded, {workers} extraction workers, ok={manifest['ok']}"
    return Measure("topten-crawler", mode, pages, posts, *_figures(run), note)


def measure_bare(
    site: Site, base_url: str, mode: str, work: Path, args: argparse.Namespace
) -> Measure:
    stats_file = work / f"bare-{site.posts}-{mode}.json"
    urls_file = work / f"bare-{site.posts}-{mode}.urls"
    command = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "bare_spider.py")]
    command += ["-a", f"seed={base_url}", "-a", f"stats_file={stats_file}"]
    command += ["-a", f"urls_file={urls_file}"]
    command += ["-s", "LOG_LEVEL=WARNING", "-s", "ROBOTSTXT_OBEY=True"]
    command += ["-s", f"CONCURRENT_REQUESTS={args.concurrency}"]
    command += ["-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}"]
    command += ["-s", "TELNETCONSOLE_ENABLED=False"]
    run = run_measured(command, work)
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    pages = int(stats.get("downloader/response_count", 0))
    urls = urls_file.read_text(encoding="utf-8").split()
    posts = site.posts_among(urls)
    return Measure("bare Scrapy spider", mode, pages, posts, *_figures(run), "posts fetched")


def measure_wget(
    site: Site, base_url: str, mode: str, work: Path, args: argparse.Namespace
) -> Measure:
    wget = shutil.which("wget")
    if wget is None:
        raise RuntimeError("wget is not installed (apt-get install wget)")
    target = work / f"wget-{site.posts}-{mode}"
    target.mkdir()
    command = [wget, "--mirror", "--no-parent", "--no-verbose"]
    command += ["--warc-file=" + str(target / "wget"), "--no-warc-keep-log"]
    command += ["-P", str(target), "-o", str(target / "log"), base_url]
    run = run_measured(command, target, timeout=args.wget_seconds)
    log = (target / "log").read_text(encoding="utf-8", errors="replace")
    urls = [
        line.split(" URL:", 1)[1].split()[0]
        for line in log.splitlines()
        if " URL:" in line and "->" in line
    ]
    posts = site.posts_among(urls)
    note = f"stopped after {args.wget_seconds:.0f} s" if run.timed_out else "complete"
    return Measure("wget --mirror --warc-file", mode, len(urls), posts, *_figures(run), note)


def print_table(measures: list[Measure]) -> None:
    header = (
        f"{'crawler':<27}{'mode':<9}{'pages':>7}{'pages/s':>9}{'CPU ms/page':>12}"
        f"{'posts':>7}{'posts/s':>9}{'CPU ms/post':>12}{'main ms/post':>13}{'peak PSS MB':>12}"
        "  note"
    )
    print(header)
    print("-" * len(header))
    for m in measures:
        print(
            f"{m.crawler:<27}{m.mode:<9}{m.pages:>7}{m.pages_per_second:>9.1f}"
            f"{m.cpu_ms_per_page:>12.2f}{m.posts:>7}{m.posts_per_second:>9.1f}"
            f"{m.cpu_ms_per_post:>12.2f}{m.main_cpu_ms_per_post:>13.2f}{m.peak_pss_mb:>12.1f}"
            f"  {m.note}"
        )


def print_reactor_bound(topten: Measure, bare: Measure) -> None:
    """The CPU per post of topten-crawler's reactor (its main process) apart from its
    extraction workers': with a core each, the reactor's share bounds the crawl's rate."""
    reactor, workers = topten.main_cpu_ms_per_post, topten.other_cpu_ms_per_post
    ratio = reactor / max(bare.cpu_ms_per_post, 1e-9)
    print(
        f"topten-crawler ({topten.mode}): reactor {reactor:.2f} CPU ms/post (at most "
        f"{1000 / max(reactor, 1e-9):.0f} posts/s on its core), extraction workers "
        f"{workers:.2f} CPU ms/post; reactor {ratio:.2f}x the bare spider's CPU per post "
        f"(posts/s 1.5x the bare spider's needs under {1 / 1.5:.2f}x on two cores)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--small-posts", type=int, default=1000, help="memory-growth check")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=0, help="TOPTEN_EXTRACT_WORKERS")
    parser.add_argument("--wget-seconds", type=float, default=120, help="each wget's budget")
    parser.add_argument(
        "--python-server", action="store_true", help="serve with the Python replica"
    )
    args = parser.parse_args()

    measures: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="crawl-speed-") as temporary:
        work = Path(temporary)
        work.chmod(0o755)  # nginx's workers run as another user when it is started as root
        site = Site(args.posts, work, args.python_server)
        for mode, latency in (("instant", 0.0), ("latency", args.latency)):
            with site.serving(latency) as base_url:
                for measure in (measure_bare, measure_topten, measure_wget):
                    measures.append(measure(site, base_url, mode, work, args))
                    print_table(measures[-1:])
        small_site = Site(args.small_posts, work, args.python_server)
        with small_site.serving(0.0) as base_url:
            small = measure_topten(small_site, base_url, "small", work, args)
    measures.append(small)

    print()
    print(
        f"Served by {site.server_name}: {args.posts} posts (full weight), latency mode "
        f"{args.latency * 1000:.0f} ms, concurrency {args.concurrency}, {os.cpu_count()} cores"
    )
    print_table(measures)

    def find(crawler: str, mode: str) -> Measure:
        return next(m for m in measures if m.crawler == crawler and m.mode == mode)

    topten, bare = find("topten-crawler", "instant"), find("bare Scrapy spider", "instant")
    topten_latency = find("topten-crawler", "latency")
    wget_latency = find("wget --mirror --warc-file", "latency")
    cpu_ratio = topten.cpu_ms_per_post / max(bare.cpu_ms_per_post, 1e-9)
    speed_ratio = topten.posts_per_second / max(bare.posts_per_second, 1e-9)
    wget_ratio = topten_latency.posts_per_second / max(wget_latency.posts_per_second, 1e-9)
    peak = max(m.peak_pss_mb for m in measures if m.crawler == "topten-crawler")
    growth = topten.peak_pss_mb / max(small.peak_pss_mb, 1e-9)
    checks = [
        (f"CPU per post vs bare spider (instant): {cpu_ratio:.2f}x", cpu_ratio <= 1.2, "<= 1.2x"),
        (f"posts/s vs bare spider (instant): {speed_ratio:.2f}x", speed_ratio >= 1.5, ">= 1.5x"),
        (f"posts/s vs wget (latency): {wget_ratio:.2f}x", wget_ratio >= 5.0, ">= 5x"),
        (f"peak PSS of crawl and workers: {peak:.0f} MB", peak < 350, "< 350 MB"),
        (
            f"peak PSS {args.small_posts} -> {args.posts} posts: {growth:.2f}x",
            growth < 1.25,
            "< 1.25x (flat)",
        ),
    ]
    print()
    print_reactor_bound(topten, bare)
    print_reactor_bound(small, bare)
    print()
    for label, passed, target in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {label}  (target {target})")
    return 0 if all(passed for _, passed, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
