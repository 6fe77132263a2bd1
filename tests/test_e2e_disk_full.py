"""End to end: a crawl whose disk fills up stops at once, with exit 1 and one clear line, and
what it wrote before stays readable: whole JSON lines, complete WARC records, no empty
``.open`` files.

Two ways to fill the disk: a real 2 MB tmpfs (root only, else skipped), and a byte budget on
the crawl folder's appends (``tests/helpers/disk_full.py``), which runs anywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.disk_full import can_mount, mount_small_tmpfs
from topten_crawler.replica import ReplicaServer, build_content

pytestmark = pytest.mark.e2e

CRAWL_OPTIONS = [
    "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "TOPTEN_CRAWL_ID=c",
    "-s", "TOPTEN_ALLOW_PRIVATE_ADDRESSES=True", "--max-posts", "40",
]  # fmt: skip
# The replica's 40 posts with their sources and requisites need about 4 MB.
TMPFS_SIZE = "2m"
APPEND_BUDGET = 1_500_000


REPOSITORY = Path(__file__).resolve().parent.parent


def crawl(command: list[str], server: ReplicaServer, out: Path) -> subprocess.CompletedProcess[str]:
    # The repository on the path for ``-m tests.helpers...``, the network fence kept.
    path = os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [*command, "crawl", server.base_url, "--out", str(out), *CRAWL_OPTIONS],
        cwd=out, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": path},
    )  # fmt: skip


def check_what_was_written(folder: Path, result: subprocess.CompletedProcess[str]) -> None:
    console = result.stdout + result.stderr
    assert result.returncode == 1, console[-3000:]
    assert "Traceback" not in console, console[-3000:]
    stopping = [line for line in console.splitlines() if "the crawl stops" in line]
    assert len(stopping) == 1, console[-3000:]
    assert "No space left on device" in stopping[0] or "disk is full" in stopping[0]
    # In the summary: its first line without a manifest, a problem line with one.
    assert "output could not be written" in result.stdout
    # Every line of records.jsonl whole, and valid UTF-8.
    lines = (folder / "records.jsonl").read_bytes().decode("utf-8").splitlines(keepends=True)
    assert all(line.endswith("\n") for line in lines)
    assert all(json.loads(line)["type"] in ("post", "source") for line in lines)
    # WARC files: no .open leftovers, each one complete.
    names = sorted(path.name for path in (folder / "warc").iterdir())
    assert names and not [name for name in names if name.endswith(".open")], names
    warcio = Path(sys.executable).with_name("warcio")
    for name in names:
        path = folder / "warc" / name
        subprocess.run(["gzip", "-t", str(path)], check=True)
        checked = subprocess.run(
            [str(warcio), "check", str(path)], capture_output=True, check=False
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        with path.open("rb") as stream:
            assert sum(1 for _ in ArchiveIterator(stream)) >= 1


@pytest.fixture(scope="module")
def server() -> ReplicaServer:
    with ReplicaServer(build_content()) as server:
        yield server  # type: ignore[misc]


def test_a_full_tmpfs_stops_the_crawl(server: ReplicaServer, tmp_path: Path) -> None:
    why_not = can_mount(tmp_path / "probe")
    if why_not:
        pytest.skip(why_not)
    with mount_small_tmpfs(tmp_path / "small", TMPFS_SIZE) as out:
        result = crawl([sys.executable, "-m", "topten_crawler"], server, out)
        check_what_was_written(out / "c", result)


def test_appends_refused_stop_the_crawl_and_the_manifest_says_why(
    server: ReplicaServer, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "tests.helpers.disk_full", str(APPEND_BUDGET)]
    result = crawl(command, server, tmp_path)
    folder = tmp_path / "c"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] is False
    assert manifest["finish_reason"] == "output_unwritable"
    assert any("output could not be written" in p for p in manifest["problems"])
    check_what_was_written(folder, result)
