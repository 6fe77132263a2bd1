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
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers.replay_env import (
    ReplicaCrawl,
    copy_crawl,
    missing_reason,
    replay_command,
    run_topten,
    servers_left,
    wait_closed,
)
from topten_crawler.archive.replay import (
    PYWB_VENV_ENV,
    STAMP,
    ReplayError,
    default_pywb_venv,
    ensure_pywb,
    pywb_env,
)
from topten_crawler.cleaning.text import normalize_space
from topten_crawler.crawlfolder.folder import CrawlFolder

needs_pywb = pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")


@dataclass
class Replay:
    base: str
    crawl: ReplicaCrawl
    output: str  # what the command printed once it was ready
    port: int


def refused(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.fixture(scope="module", autouse=True)
def no_server_left_behind() -> Iterator[None]:
    """After the module's last test: nothing that it started still listens."""
    yield
    assert servers_left() == []


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
    with replay_command(str(folder), cwd=folder.parent) as command:
        output = command.wait_ready()
        yield Replay(command.base, crawl, output, command.port)
        # Stopped as a service manager stops it: SIGTERM is a normal stop.
        assert command.stop() == 0
        assert "Replay stopped." in command.output()
    assert refused("127.0.0.1", command.port)


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
    with replay_command(str(folder), "--crawl", "older", cwd=folder.parent) as command:
        output = command.wait_ready()
        assert f"{command.base}/older/" in output
        assert "/replica/" not in output
        status, _body = get(command.base, "/replica/")
        assert status == 404
        assert command.stop(signal.SIGINT) == 0
    assert "Replay stopped." in command.output()
    assert refused("127.0.0.1", command.port)


@pytest.mark.e2e
@pytest.mark.replay
@needs_pywb
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_pywb_dies_with_a_killed_replay_command(archives: tuple[Path, ReplicaCrawl]) -> None:
    # SIGKILL leaves the command no chance to stop wayback: the kernel stops it (Linux).
    folder, _ = archives
    with replay_command(str(folder), "--crawl", "older", cwd=folder.parent) as command:
        command.wait_ready()
        command.proc.kill()
        command.proc.wait(timeout=10)
        assert wait_closed(command.port), "wayback outlived its replay command"


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


def test_a_locked_pywb_is_installed_from_the_lock_and_stamped(tmp_path: Path) -> None:
    # A venv whose "pip" writes down what it was asked and installs the two tools.
    venv = tmp_path / "venv"
    executable(venv / "bin" / "python", '#!/bin/sh\necho "$@" > "$(dirname "$0")/asked"\n'
               'for t in wayback wb-manager; do printf "#!/bin/sh\\n" > "$(dirname "$0")/$t"; '
               'chmod +x "$(dirname "$0")/$t"; done\n')  # fmt: skip
    lock = tmp_path / "pywb.txt"
    lock.write_text("pywb==2.10.0 --hash=sha256:00\n", encoding="utf-8")
    said: list[str] = []
    ensure_pywb(venv, said.append, lock)
    asked = (venv / "bin" / "asked").read_text(encoding="utf-8").split()
    assert asked[-4:] == ["--require-hashes", "--no-deps", "-r", str(lock)]
    assert (venv / STAMP).is_file()
    ensure_pywb(venv, said.append, lock)  # up to date: nothing to do
    assert len(said) == 1
    # A newer lock (after `make lock`) installs again.
    os.utime(lock, ns=((venv / STAMP).stat().st_mtime_ns + 10**9,) * 2)
    ensure_pywb(venv, said.append, lock)
    assert len(said) == 2


def test_the_command_and_the_tests_share_the_checkouts_pywb(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(PYWB_VENV_ENV, raising=False)
    assert default_pywb_venv() == Path(__file__).resolve().parents[1] / ".venv-pywb"


def test_pywb_runs_without_the_crawlers_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIRTUAL_ENV", "/work/main/.venv")
    monkeypatch.setenv("PYTHONPATH", "/work/main")
    env = pywb_env()
    assert "VIRTUAL_ENV" not in env and "PYTHONPATH" not in env
