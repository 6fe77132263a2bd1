"""Replay crawls in pywb (``wayback``) on 127.0.0.1: one collection per crawl folder.

pywb pins old versions of werkzeug and redis, so it never shares the crawler's environment: it
lives in a venv of its own (``$TOPTEN_PYWB_VENV``, else ``~/.cache/topten-crawler/pywb-venv``),
made with ``python -m venv`` and ``pip install 'pywb==2.10.*'`` the first time it is needed, and
runs as a child process with an environment that does not name the crawler's venv.

Nothing is copied: the pywb configuration, in a temporary folder, points each collection at its
crawl folder's WARC files and at its sorted CDXJ index (``indexes/index.cdxj``). A crawl that
has no index (made before the crawler wrote one) is indexed into the temporary folder, so the
crawl folder stays as its manifest describes it. ``framed_replay: false`` makes
``/<crawl-id>/<timestamp>/<url>`` answer with the archived page itself, rewritten, rather than
with a frame around it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from topten_crawler.archive.cdxj import index_warcs, is_sorted
from topten_crawler.archive.wacz import collect_pages
from topten_crawler.crawlfolder.folder import CrawlFolder, find_crawl_folders

# Loopback only: an archive may hold pages that must not be published, and pywb listens on
# every interface unless told otherwise.
HOST = "127.0.0.1"
DEFAULT_PORT = 8080
PYWB_REQUIREMENT = "pywb==2.10.*"
PYWB_VENV_ENV = "TOPTEN_PYWB_VENV"
PYWB_TOOLS = ("wayback", "wb-manager")
INSTALL_TIMEOUT_SECONDS = 1800
START_TIMEOUT_SECONDS = 60.0


class ReplayError(RuntimeError):
    """Replay cannot start: says why."""


@dataclass(frozen=True)
class Collection:
    name: str  # the crawl id
    crawl_dir: Path
    index: Path
    example_url: str | None  # a replay path of the crawl's first post: <timestamp>/<url>


def default_pywb_venv() -> Path:
    configured = os.environ.get(PYWB_VENV_ENV)
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "topten-crawler" / "pywb-venv"


def pywb_tool(venv: Path, name: str) -> Path:
    return venv / "bin" / name


def pywb_installed(venv: Path) -> bool:
    return all(os.access(pywb_tool(venv, name), os.X_OK) for name in PYWB_TOOLS)


def pywb_env() -> dict[str, str]:
    """This environment without what would make pywb's Python see the crawler's packages."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


def ensure_pywb(venv: Path, say: Callable[[str], None]) -> None:
    """Create the pywb venv and install pywb into it unless ``wayback`` is already there."""
    if pywb_installed(venv):
        return
    say(f"Installing {PYWB_REQUIREMENT} into {venv} (first use; this takes a minute)")
    python = venv / "bin" / "python"
    steps = []
    if not python.exists():
        # The venv module makes the new venv from the base interpreter, not from this venv.
        steps.append([sys.executable, "-m", "venv", str(venv)])
    steps.append([str(python), "-m", "pip", "install", "--quiet", PYWB_REQUIREMENT])
    for step in steps:
        try:
            result = subprocess.run(
                step,
                env=pywb_env(),
                capture_output=True,
                text=True,
                timeout=INSTALL_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ReplayError(f"could not install pywb into {venv}: {error}") from None
        if result.returncode != 0:
            raise ReplayError(
                f"could not install pywb into {venv} ({' '.join(step)} exited with "
                f"{result.returncode}):\n{result.stdout}{result.stderr}"
            )
    if not pywb_installed(venv):
        raise ReplayError(f"pywb was installed into {venv} but {PYWB_TOOLS} are not there")


def usable_index(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as stream:
        return is_sorted(stream)


def first_post_replay_path(crawl_dir: Path) -> str | None:
    try:
        pages = collect_pages(crawl_dir)
    except Exception:  # an example URL is a courtesy: a bad record must not stop replay
        return None
    posts = [page for page in pages if page.record_type == "post"] or pages
    if not posts:
        return None
    digits = "".join(ch for ch in posts[0].ts if ch.isdigit())[:14]
    return f"{digits}/{posts[0].url}"


def build_collections(crawl_dirs: list[Path], workdir: Path) -> list[Collection]:
    collections = []
    for crawl_dir in crawl_dirs:
        folder = CrawlFolder(crawl_dir.resolve())
        crawl_dir = folder.path
        index = folder.index_file
        if not usable_index(index):
            index = workdir / "indexes" / crawl_dir.name / "index.cdxj"
            index_warcs(folder.closed_warcs(), crawl_dir, index)
        collections.append(
            Collection(
                name=crawl_dir.name,
                crawl_dir=crawl_dir,
                index=index,
                example_url=first_post_replay_path(crawl_dir),
            )
        )
    return collections


def pywb_config(collections: list[Collection]) -> dict[str, object]:
    return {
        "collections": {
            c.name: {
                "index_paths": str(c.index),
                # The index names WARC files relative to the crawl folder (warc/….warc.gz);
                # pywb joins this prefix and that name as strings.
                "archive_paths": str(c.crawl_dir) + "/",
            }
            for c in collections
        },
        "framed_replay": False,
    }


def write_config(collections: list[Collection], workdir: Path) -> Path:
    # JSON is YAML: no YAML writer is needed on the crawler's side.
    path = workdir / "config.yaml"
    path.write_text(json.dumps(pywb_config(collections), indent=2) + "\n", encoding="utf-8")
    return path


def select_crawls(archive_dir: Path, crawl_id: str | None) -> list[Path]:
    crawl_dirs = [folder.path for folder in find_crawl_folders(archive_dir)]
    if not crawl_dirs:
        raise ReplayError(
            f"no crawl folder in {archive_dir} (a crawl folder holds records.jsonl and "
            "warc/*.warc.gz; run topten-crawler crawl or demo first)"
        )
    if crawl_id is None:
        return crawl_dirs
    chosen = [d for d in crawl_dirs if d.name == crawl_id]
    if not chosen:
        names = ", ".join(d.name for d in crawl_dirs)
        raise ReplayError(f"no crawl {crawl_id!r} in {archive_dir} (crawls there: {names})")
    return chosen


def check_port_free(port: int) -> None:
    """Fail now on a port in use: else the server already there could pass for pywb."""
    if not 0 < port < 65536:
        raise ReplayError(f"port {port} is not a TCP port (1-65535)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError as error:
            raise ReplayError(f"cannot listen on {HOST}:{port}: {error.strerror}") from None


def wait_until_serving(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        if proc.poll() is not None:
            raise ReplayError(
                f"wayback exited with status {proc.returncode}:\n"
                + log.read_text(encoding="utf-8", errors="replace")[-3000:]
            )
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            if time.monotonic() > deadline:
                raise ReplayError(
                    f"wayback did not answer within {START_TIMEOUT_SECONDS:.0f} s:\n"
                    + log.read_text(encoding="utf-8", errors="replace")[-3000:]
                ) from None
            time.sleep(0.2)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:<port>
    collections: list[Collection]
    process: subprocess.Popen[bytes]  # wayback
    log: Path  # wayback's output; removed with the temporary folder

    def log_tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
        except OSError:
            return ""


@contextmanager
def serving(
    archive_dir: Path,
    *,
    crawl_id: str | None = None,
    port: int = DEFAULT_PORT,
    venv: Path | None = None,
    say: Callable[[str], None] = print,
) -> Iterator[Server]:
    """Run ``wayback`` over the crawls of ``archive_dir`` until the block ends.

    Stops it and removes the temporary configuration on the way out, whatever ends the block.
    """
    crawl_dirs = select_crawls(archive_dir, crawl_id)
    check_port_free(port)
    venv = venv or default_pywb_venv()
    ensure_pywb(venv, say)
    workdir = Path(tempfile.mkdtemp(prefix="topten-replay-"))
    try:
        collections = build_collections(crawl_dirs, workdir)
        write_config(collections, workdir)
        log = workdir / "wayback.log"
        with log.open("wb") as log_stream:
            proc = subprocess.Popen(
                [str(pywb_tool(venv, "wayback")), "-b", HOST, "-p", str(port)],
                cwd=workdir,
                env=pywb_env(),
                stdout=log_stream,
                stderr=subprocess.STDOUT,
            )
            try:
                base = f"http://{HOST}:{port}"
                wait_until_serving(proc, base, log)
                yield Server(base, collections, proc, log)
            finally:
                stop(proc)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def describe(base: str, collections: list[Collection]) -> str:
    lines = [f"pywb is replaying {len(collections)} crawl(s) at {base}/ (loopback only):"]
    for c in collections:
        lines.append(f"  {base}/{c.name}/")
        if c.example_url:
            lines.append(f"    e.g. {base}/{c.name}/{c.example_url}")
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(
    archive_dir: Path,
    *,
    crawl_id: str | None = None,
    port: int = DEFAULT_PORT,
    venv: Path | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Serve until Ctrl-C or SIGTERM (0), or until ``wayback`` dies (1)."""
    # SIGTERM (a service manager, a test harness) must stop wayback too, not orphan it.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with serving(archive_dir, crawl_id=crawl_id, port=port, venv=venv, say=say) as server:
            say(describe(server.base, server.collections))
            status = server.process.wait()
            say(f"wayback stopped unexpectedly (exit status {status}):\n{server.log_tail()}")
            return 1
    except KeyboardInterrupt:
        say("Replay stopped.")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
