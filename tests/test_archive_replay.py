"""``topten-crawler replay``: pywb on 127.0.0.1 serves every archived post of a crawl.

The replica site is stopped before replay starts, so that nothing can come from the live site.
The archive folder holds two copies of the session's crawl (``replica_crawl`` in conftest.py):
one as the crawler left it, one without its index. pywb lives in its own venv (see
``helpers.replay_env``): ``TOPTEN_PYWB_VENV`` points the command at it so that the tests never
install anything; without it the pywb tests skip and say how to make it.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.replay_env import (
    PYWB_VENV_ENV,
    ReplicaCrawl,
    copy_crawl,
    free_port,
    missing_reason,
    pywb_venv,
    run_topten,
)
from topten_crawler.archive.replay import ReplayError, ensure_pywb, pywb_env
from topten_crawler.cleaning.text import normalize_space
from topten_crawler.crawlfolder.folder import CrawlFolder

needs_pywb = pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")
READY_LINE = "Press Ctrl-C to stop."
START_TIMEOUT = 90.0


@dataclass
class Replay:
    base: str
    crawl: ReplicaCrawl
    output: str  # what the command printed once it was ready
    port: int


def start_replay(*args: str, cwd: Path) -> tuple[subprocess.Popen[bytes], Path]:
    log = cwd / f"replay-{time.monotonic_ns()}.log"
    with log.open("wb") as stream:
        proc = subprocess.Popen(
            [sys.executable, "-m", "topten_crawler", "replay", *args],
            cwd=cwd,
            env={**os.environ, PYWB_VENV_ENV: str(pywb_venv())},
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    return proc, log


def wait_ready(proc: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        output = log.read_text(encoding="utf-8", errors="replace")
        if READY_LINE in output:
            return output
        if proc.poll() is not None:
            raise AssertionError(f"replay exited with {proc.returncode}:\n{output}")
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"replay not ready after {START_TIMEOUT} s:\n{log.read_text()}")


def interrupt(proc: subprocess.Popen[bytes]) -> int:
    """Ctrl-C, as a user stops it; the exit status."""
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
        raise


def refused(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.fixture(scope="module")
def archives(
    replica_crawl: ReplicaCrawl, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, ReplicaCrawl]:
    folder = tmp_path_factory.mktemp("replay") / "archives"
    folder.mkdir()
    crawl = copy_crawl(replica_crawl, folder / "replica")
    # A crawl made before the crawler wrote indexes: replay indexes it elsewhere.
    older = copy_crawl(replica_crawl, folder / "older").folder
    shutil.rmtree(older / CrawlFolder.INDEX_DIR)
    return folder, crawl


@pytest.fixture(scope="module")
def replay(archives: tuple[Path, ReplicaCrawl]) -> Iterator[Replay]:
    folder, crawl = archives
    # The live site is gone: whatever answers below comes from the archive.
    origin = urlsplit(crawl.base_url)
    assert refused(origin.hostname or "", origin.port or 80)
    port = free_port()
    proc, log = start_replay(str(folder), "--port", str(port), cwd=folder.parent)
    try:
        output = wait_ready(proc, log)
        yield Replay(f"http://127.0.0.1:{port}", crawl, output, port)
    finally:
        if proc.poll() is None:
            interrupt(proc)


def get(base: str, path: str) -> tuple[int, bytes]:
    """GET without following redirects, asking for no content coding."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def capture(crawl: ReplicaCrawl, record: dict[str, Any]) -> tuple[str, bytes]:
    """The 14-digit timestamp and the decoded payload of a record's WARC response."""
    pointer = record["warc"]
    with (crawl.folder / pointer["file"]).open("rb") as stream:
        stream.seek(pointer["offset"])
        warc_record = next(iter(ArchiveIterator(stream)))
        date = warc_record.rec_headers.get_header("WARC-Date")
        payload = warc_record.content_stream().read()
    return "".join(ch for ch in date if ch.isdigit())[:14], payload


def page_text(body: bytes) -> str:
    return normalize_space(lxml.html.fromstring(body).text_content())


def assert_shows_post(body: bytes, post: dict[str, Any]) -> None:
    text = page_text(body)
    assert normalize_space(post["title"]) in text
    first_paragraph = post["text"].split("\n\n")[0]
    assert normalize_space(first_paragraph) in text


@pytest.mark.e2e
@pytest.mark.replay
@needs_pywb
def test_replay_says_where_to_look(replay: Replay) -> None:
    assert f"{replay.base}/replica/" in replay.output
    assert f"{replay.base}/older/" in replay.output
    first = replay.crawl.posts[0]
    timestamp, _payload = capture(replay.crawl, first)
    assert f"e.g. {replay.base}/replica/{timestamp}/{first['url']}" in replay.output


@pytest.mark.e2e
@pytest.mark.replay
@needs_pywb
def test_every_post_replays_as_archived_in_id_mode(replay: Replay) -> None:
    assert len(replay.crawl.posts) == 8
    for post in replay.crawl.posts:
        timestamp, payload = capture(replay.crawl, post)
        status, body = get(replay.base, f"/replica/{timestamp}id_/{post['url']}")
        assert status == 200, post["url"]
        assert body == payload
        assert_shows_post(body, post)


@pytest.mark.e2e
@pytest.mark.replay
@needs_pywb
def test_every_post_renders_itself_not_a_frame(replay: Replay) -> None:
    origin = replay.crawl.base_url.rstrip("/")
    for post in replay.crawl.posts:
        timestamp, _payload = capture(replay.crawl, post)
        status, body = get(replay.base, f"/replica/{timestamp}/{post['url']}")
        assert status == 200, post["url"]
        assert b"replay_iframe" not in body  # framed replay would answer with a frame
        assert b"wombat" in body  # pywb's rewriting script: the page is the rewritten capture
        assert_shows_post(body, post)
        # Links into the site lead back into the archive, not to the live site.
        assert f'href="{origin}'.encode() not in body


@pytest.mark.e2e
@pytest.mark.replay
@needs_pywb
def test_a_crawl_without_an_index_replays_and_is_left_as_it_was(replay: Replay) -> None:
    post = replay.crawl.posts[-1]
    timestamp, payload = capture(replay.crawl, post)
    status, body = get(replay.base, f"/older/{timestamp}id_/{post['url']}")
    assert status == 200
    assert body == payload
    older = replay.crawl.folder.parent / "older"
    assert not (older / CrawlFolder.INDEX_DIR).exists()


@pytest.mark.e2e
@pytest.mark.replay
@needs_pywb
def test_replay_listens_on_loopback_only(replay: Replay) -> None:
    # 127.0.0.2 reaches this machine too, but not a server bound to 127.0.0.1 alone.
    assert refused("127.0.0.2", replay.port)


@pytest.mark.e2e
@pytest.mark.replay
@needs_pywb
def test_one_crawl_and_ctrl_c(archives: tuple[Path, ReplicaCrawl]) -> None:
    folder, _ = archives
    port = free_port()
    proc, log = start_replay(
        str(folder), "--crawl", "older", "--port", str(port), cwd=folder.parent
    )
    try:
        output = wait_ready(proc, log)
        assert f"http://127.0.0.1:{port}/older/" in output
        assert "/replica/" not in output
        status, _body = get(f"http://127.0.0.1:{port}", "/replica/")
        assert status == 404
    finally:
        assert interrupt(proc) == 0
    assert "Replay stopped." in log.read_text(encoding="utf-8")
    assert refused("127.0.0.1", port)


def test_an_archive_folder_without_crawls_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_topten("replay", str(tmp_path / "empty"), cwd=tmp_path)
    assert result.returncode == 1
    assert f"no crawl folder in {tmp_path / 'empty'}" in result.stderr


@pytest.mark.e2e
def test_an_unknown_crawl_is_refused(archives: tuple[Path, ReplicaCrawl], tmp_path: Path) -> None:
    folder, _ = archives
    result = run_topten("replay", str(folder), "--crawl", "nope", cwd=tmp_path)
    assert result.returncode == 1
    assert "no crawl 'nope'" in result.stderr
    assert "crawls there: older, replica" in result.stderr


def executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_an_installed_pywb_is_used_as_it_is(tmp_path: Path) -> None:
    for tool in ("wayback", "wb-manager"):
        executable(tmp_path / "bin" / tool, "#!/bin/sh\nexit 0\n")
    said: list[str] = []
    ensure_pywb(tmp_path, said.append)
    assert said == []  # nothing to install


def test_a_failed_pywb_install_says_why(tmp_path: Path) -> None:
    # A venv whose pip cannot install: the error carries pip's own message.
    executable(tmp_path / "bin" / "python", "#!/bin/sh\necho 'No matching distribution' >&2\n"
               "exit 1\n")  # fmt: skip
    said: list[str] = []
    with pytest.raises(ReplayError, match=r"could not install pywb(.|\n)*No matching distribution"):
        ensure_pywb(tmp_path, said.append)
    assert said and "Installing pywb==2.10.*" in said[0]


def test_pywb_runs_without_the_crawlers_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIRTUAL_ENV", "/work/main/.venv")
    monkeypatch.setenv("PYTHONPATH", "/work/main")
    env = pywb_env()
    assert "VIRTUAL_ENV" not in env and "PYTHONPATH" not in env
