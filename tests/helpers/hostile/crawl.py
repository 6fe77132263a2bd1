"""Crawling the hostile site in a subprocess, as a user runs the command, and measuring it:
exit status, seconds, peak RSS (the largest of the crawl process and its extraction workers),
the console, the records, the manifest, and every WARC file checked with ``gzip -t`` and
``warcio check``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers.hostile.site import HostileSite
from tests.helpers.process_memory import tree_high_water_bytes

REPOSITORY = Path(__file__).resolve().parents[3]
# The configured time limits (seconds): what a case may add to the 60 s of the targets.
DOWNLOAD_TIMEOUT = 5
SOURCE_TIMEOUT = 3
TARGET_SECONDS = 60 + 2 * DOWNLOAD_TIMEOUT + 3 * SOURCE_TIMEOUT
TARGET_RSS_MB = 300
# A crawl past these is stopped, so that one runaway case cannot take the machine down.
KILL_RSS_MB = 700
CRAWL_ID = "hostile"


def crawl_options(site: HostileSite) -> list[str]:
    return [
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", f"TOPTEN_CRAWL_ID={CRAWL_ID}",
        "-s", f"TOPTEN_ALLOWED_ADDRESSES={site.allowed_addresses}",
        "-s", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}",
        "-s", f"TOPTEN_SOURCE_TIMEOUT={SOURCE_TIMEOUT}",
        "-s", "TOPTEN_PROGRESS=off", "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip


@dataclass
class Outcome:
    """What one crawl of the hostile site came to."""

    returncode: int | None
    seconds: float
    peak_rss_mb: float
    console: str
    folder: Path
    killed: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)  # of the crawl as a whole

    def sources(self) -> dict[str, dict[str, Any]]:
        return {r["url"]: r for r in self.records if r.get("type") == "source"}

    def posts(self) -> dict[str, dict[str, Any]]:
        return {r["url"]: r for r in self.records if r.get("type") == "post"}

    def failures(self) -> dict[str, dict[str, str]]:
        return {f["url"]: f for f in (self.manifest or {}).get("failures", [])}

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = (self.manifest or {}).get("stats", {})
        return stats


def run_crawl(site: HostileSite, out: Path, *, timeout: float = TARGET_SECONDS + 30) -> Outcome:
    """Crawl ``site`` into ``out``; stopped (and said so) past ``timeout`` or KILL_RSS_MB."""
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "topten_crawler", "crawl", site.seed, "--out", str(out),
               *crawl_options(site)]  # fmt: skip
    log = out / "console.txt"
    started = time.monotonic()
    killed = None
    peak_mb = 0.0
    with log.open("wb") as console:
        process = subprocess.Popen(command, cwd=out, stdout=console, stderr=subprocess.STDOUT)
        while True:
            pid, status, _ = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            elapsed = time.monotonic() - started
            rss = _rss_mb(process.pid)
            # The crawl's own peak and its extraction workers', sampled (not wait4's
            # ru_maxrss: tests/helpers/process_memory.py says why).
            peak_mb = max(peak_mb, *(b / 2**20 for b in tree_high_water_bytes(process.pid)))
            if killed is None and (elapsed > timeout or rss > KILL_RSS_MB):
                killed = f"stopped after {elapsed:.0f} s" if elapsed > timeout else (
                    f"stopped at {rss:.0f} MB RSS")  # fmt: skip
                process.send_signal(signal.SIGKILL)
            time.sleep(0.1)
    process.returncode = os.waitstatus_to_exitcode(status)
    outcome = Outcome(
        returncode=process.returncode,
        seconds=time.monotonic() - started,
        peak_rss_mb=peak_mb,
        console=log.read_text(encoding="utf-8", errors="replace"),
        folder=out / CRAWL_ID,
        killed=killed,
    )
    _read_output(outcome)
    return outcome


def _rss_mb(pid: int, field: str = "VmRSS") -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _read_output(outcome: Outcome) -> None:
    folder = outcome.folder
    records = folder / "records.jsonl"
    if records.exists():
        try:
            text = records.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            outcome.problems.append(f"records.jsonl is no valid UTF-8: {error}")
            text = records.read_bytes().decode("utf-8", "replace")
        for line in text.splitlines():
            try:
                outcome.records.append(json.loads(line))
            except json.JSONDecodeError:
                outcome.problems.append(f"a torn line in records.jsonl: {line[:80]!r}")
    manifest = folder / "manifest.json"
    if manifest.exists():
        outcome.manifest = json.loads(manifest.read_text(encoding="utf-8"))
    outcome.problems += warc_problems(folder)


def warc_problems(folder: Path) -> list[str]:
    problems = []
    warcio = Path(sys.executable).with_name("warcio")
    for path in sorted((folder / "warc").glob("*")):
        if path.name.endswith(".open"):
            problems.append(f"WARC file left open: {path.name}")
            continue
        if subprocess.run(["gzip", "-t", str(path)], capture_output=True).returncode:
            problems.append(f"gzip -t fails on {path.name}")
        checked = subprocess.run([str(warcio), "check", str(path)], capture_output=True)
        if checked.returncode:
            problems.append(f"warcio check fails on {path.name}: {checked.stdout[-300:]!r}")
    return problems


def crawl_problems(outcome: Outcome, *, extra_seconds: float = 0) -> list[str]:
    """The targets every crawl of the hostile site must meet."""
    problems = list(outcome.problems)
    if outcome.killed:
        problems.append(outcome.killed)
    if outcome.returncode != 0:
        problems.append(f"exit status {outcome.returncode}")
    if outcome.seconds > TARGET_SECONDS + extra_seconds:
        problems.append(f"took {outcome.seconds:.0f} s")
    if outcome.peak_rss_mb > TARGET_RSS_MB:
        problems.append(f"peak RSS {outcome.peak_rss_mb:.0f} MB")
    if "Traceback" in outcome.console:
        problems.append("a traceback on the console")
    if outcome.manifest is None:
        problems.append("no manifest")
    else:
        problems += [f"manifest problem: {p}" for p in outcome.manifest["problems"]]
    for leftover in ("invalid-records.jsonl", ".pending-sources.jsonl"):
        if (outcome.folder / leftover).exists():
            problems.append(f"{leftover} left in the crawl folder")
    return problems
