"""Replay crawls in pywb (``wayback``) on 127.0.0.1: one collection per crawl folder.

pywb pins old versions of werkzeug and redis, so it never shares the crawler's environment: it
lives in a venv of its own, one per machine and checkout: ``$TOPTEN_PYWB_VENV`` if set; else, when
the crawler runs from a source checkout (``pip install -e``, as ``make`` installs it), the
checkout's ``.venv-pywb``, which ``make setup`` and the tests use too; else
``~/.cache/topten-crawler/pywb-venv``. The first time it is needed it is made with
``python -m venv`` and filled from the checkout's lock file ``requirements/pywb.txt`` (the
versions the tests passed with; outside a checkout, ``pip install 'pywb==2.10.*'``), leaving the
stamp that ``make`` leaves. pywb runs as a child process with an environment that does not name
the crawler's venv.

The child is stopped on every way the command ends: on return, Ctrl-C (SIGINT), SIGTERM and
SIGHUP it is sent SIGTERM, then SIGKILL, as a process group (it runs in a session of its own, so
a terminal's Ctrl-C reaches the command alone, which then stops it); and on Linux it is killed
when the command dies without a chance to clean up (SIGKILL, a crash), through
``prctl(PR_SET_PDEATHSIG)``.

Nothing is copied: the pywb configuration, in a temporary folder, points each collection at its
crawl folder's WARC files and at its sorted CDXJ index (``indexes/index.cdxj``). A crawl that
has no index (made before the crawler wrote one) is indexed into the temporary folder, so the
crawl folder stays as its manifest describes it. A crawl whose revisits refer to originals
that an earlier crawl of the archive folder archived gets an index there that lists those
originals too, so that every revisit replays the original bytes. ``framed_replay: false`` makes
``/<crawl-id>/<timestamp>/<url>`` answer with the archived page itself, rewritten, rather than
with a frame around it.
"""

from __future__ import annotations

import ctypes
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
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from topten_crawler.archive.cdxj import (
    index_warcs,
    is_sorted,
    originals_elsewhere,
    read_index,
    write_index_with_originals,
)
from topten_crawler.archive.wacz import collect_pages
from topten_crawler.crawlfolder.folder import CrawlFolder, find_crawl_folders

# Loopback only: an archive may hold pages that must not be published, and pywb listens on
# every interface unless told otherwise.
HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_BASE = f"http://{HOST}:{DEFAULT_PORT}"
PYWB_REQUIREMENT = "pywb==2.10.*"  # outside a checkout, where its lock file is not at hand
PYWB_VENV_ENV = "TOPTEN_PYWB_VENV"
PYWB_TOOLS = ("wayback", "wb-manager")
# In a checkout: the lock file, and the venv that the Makefile makes from it.
PYWB_LOCK = Path("requirements") / "pywb.txt"
CHECKOUT_PYWB_VENV = ".venv-pywb"
STAMP = ".installed"  # left in the venv after an install from the lock, as make leaves it
INSTALL_TIMEOUT_SECONDS = 1800
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ReplayError(RuntimeError):
    """Replay cannot start: says why."""


@dataclass(frozen=True)
class Collection:
    name: str  # the crawl id
    crawl_dir: Path
    index: Path
    example_url: str | None  # a replay path of the crawl's first post: <timestamp>/<url>


def checkout_root() -> Path | None:
    """The source checkout this package runs from (an editable install), or None."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / PYWB_LOCK).is_file():
        return root
    return None


def default_pywb_venv() -> Path:
    configured = os.environ.get(PYWB_VENV_ENV)
    if configured:
        return Path(configured).expanduser()
    root = checkout_root()
    if root is not None:
        return root / CHECKOUT_PYWB_VENV
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "topten-crawler" / "pywb-venv"


def default_pywb_lock() -> Path | None:
    root = checkout_root()
    return None if root is None else root / PYWB_LOCK


def pywb_tool(venv: Path, name: str) -> Path:
    return venv / "bin" / name


def pywb_installed(venv: Path, lock: Path | None = None) -> bool:
    """pywb's tools are there and, if it came from ``lock``, from this version of it."""
    if not all(os.access(pywb_tool(venv, name), os.X_OK) for name in PYWB_TOOLS):
        return False
    stamp = venv / STAMP
    # A pywb installed some other way (no stamp) is taken as it is.
    return lock is None or not stamp.exists() or stamp.stat().st_mtime >= lock.stat().st_mtime


def pywb_env() -> dict[str, str]:
    """This environment without what would make pywb's Python see the crawler's packages."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


def install_steps(venv: Path, lock: Path | None) -> list[list[str]]:
    python = venv / "bin" / "python"
    steps = []
    if not python.exists():
        # The venv module makes the new venv from the base interpreter, not from this venv.
        steps.append([sys.executable, "-m", "venv", str(venv)])
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if lock is None:
        steps.append([*pip, PYWB_REQUIREMENT])
    else:
        # As the Makefile installs it: the lock is the whole environment, every file hashed.
        steps.append([*pip, "--require-hashes", "--no-deps", "-r", str(lock)])
    return steps


def ensure_pywb(venv: Path, say: Callable[[str], None], lock: Path | None = None) -> None:
    """Create the pywb venv and install pywb into it (from ``lock`` if given) unless it is there."""
    if pywb_installed(venv, lock):
        return
    what = PYWB_REQUIREMENT if lock is None else f"pywb from {lock}"
    say(f"Installing {what} into {venv} (first use; this takes a minute)")
    for step in install_steps(venv, lock):
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
    if lock is not None:
        (venv / STAMP).touch()


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
    return f"{replay_timestamp(posts[0].ts)}/{posts[0].url}"


def replay_timestamp(moment: str) -> str:
    """A capture time (``2026-11-24T17:11:09Z``, a WARC-Date) as replay URLs carry it:
    ``20261124171109``."""
    return "".join(ch for ch in moment if ch.isdigit())[:14]


def replay_url(base: str, crawl_name: str, captured_at: str, url: str) -> str:
    """Where ``topten-crawler replay`` (served at ``base``) shows the capture of ``url`` that
    the crawl folder ``crawl_name`` made at ``captured_at``: ``<base>/<crawl>/<timestamp>/<url>``
    (pywb shows the capture of the collection nearest that time)."""
    return f"{base.rstrip('/')}/{crawl_name}/{replay_timestamp(captured_at)}/{url}"


def crawl_index(folder: CrawlFolder, workdir: Path) -> Path:
    """The crawl's sorted index, or one made into ``workdir`` when it has none."""
    if usable_index(folder.index_file):
        return folder.index_file
    index = workdir / "indexes" / folder.path.name / "index.cdxj"
    if not index.is_file():
        index_warcs(folder.closed_warcs(), folder.path, index)
    return index


def build_collections(crawl_dirs: list[Path], workdir: Path) -> list[Collection]:
    """One collection per crawl. A crawl whose revisits refer to originals in other crawls of
    its archive folder (an earlier day's) gets an index in ``workdir`` that lists those
    originals too (file names ``../<crawl>/warc/…``): pywb finds a revisit's original only in
    the revisit's own collection, and answers 503 otherwise."""
    collections = []
    for crawl_dir in crawl_dirs:
        folder = CrawlFolder(crawl_dir.resolve())
        crawl_dir = folder.path
        index = crawl_index(folder, workdir)
        own = read_index(index)
        if any(line.is_revisit for line in own):
            others = [
                (other.path, read_index(crawl_index(other, workdir)))
                for other in find_crawl_folders(crawl_dir.parent)
                if other.path.resolve() != crawl_dir
            ]
            originals = originals_elsewhere(own, others)
            if originals:
                index = workdir / "indexes" / f"{crawl_dir.name}-with-originals" / "index.cdxj"
                write_index_with_originals(own, originals, crawl_dir, index)
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


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the child sent SIGTERM when this process dies (Linux only).

    The kernel sends it when the thread that started the child ends: start it from the main
    thread. Loaded here, before the fork: the child only makes one system call.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the request took hold
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def start_child(
    args: list[str], *, cwd: Path, log: IO[bytes], env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``args`` in a session (and process group) of its own, dying with this process."""
    return subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent(),
    )


def signal_group(proc: subprocess.Popen[bytes], signum: int) -> None:
    """``signum`` to the process group that ``proc`` leads (see ``start_child``)."""
    with suppress(ProcessLookupError, PermissionError):  # the whole group has exited
        os.killpg(proc.pid, signum)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the child's process group, SIGKILL to what is left of it after 10 s."""
    if proc.poll() is None:
        signal_group(proc, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=STOP_TIMEOUT_SECONDS)
    signal_group(proc, signal.SIGKILL)
    proc.wait(timeout=STOP_TIMEOUT_SECONDS)


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
    ensure_pywb(venv, say, default_pywb_lock())
    workdir = Path(tempfile.mkdtemp(prefix="topten-replay-"))
    try:
        collections = build_collections(crawl_dirs, workdir)
        write_config(collections, workdir)
        log = workdir / "wayback.log"
        proc = None
        with log.open("wb") as log_stream:
            try:
                proc = start_child(
                    [str(pywb_tool(venv, "wayback")), "-b", HOST, "-p", str(port)],
                    cwd=workdir,
                    log=log_stream,
                    env=pywb_env(),
                )
                base = f"http://{HOST}:{port}"
                wait_until_serving(proc, base, log)
                yield Server(base, collections, proc, log)
            finally:
                if proc is not None:
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


class _StopSignals:
    """SIGTERM and SIGHUP raise KeyboardInterrupt, as Ctrl-C does, while the block runs.

    Signals that this process inherited as ignored stay ignored (``nohup`` ignores SIGHUP; a
    background job of a script ignores SIGINT): its starter asked for that. The first stop
    signal ignores the others, so that stopping ``wayback`` is not itself interrupted.
    """

    def __init__(self) -> None:
        self.previous: dict[int, object] = {}

    def __enter__(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            current = signal.getsignal(signum)
            if current is signal.SIG_IGN and signum != signal.SIGTERM:
                continue
            self.previous[signum] = signal.signal(signum, self._stop)

    def _stop(self, signum: int, frame: object) -> None:
        for other in self.previous:
            signal.signal(other, signal.SIG_IGN)
        raise KeyboardInterrupt

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]


def run(
    archive_dir: Path,
    *,
    crawl_id: str | None = None,
    port: int = DEFAULT_PORT,
    venv: Path | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Serve until Ctrl-C, SIGTERM or SIGHUP (0), or until ``wayback`` dies (1)."""
    try:
        with (
            _StopSignals(),
            serving(archive_dir, crawl_id=crawl_id, port=port, venv=venv, say=say) as server,
        ):
            say(describe(server.base, server.collections))
            status = server.process.wait()
            say(f"wayback stopped unexpectedly (exit status {status}):\n{server.log_tail()}")
            return 1
    except KeyboardInterrupt:
        say("Replay stopped.")
        return 0
