"""One crawl at a time per archive folder: a lock file at the folder's top.

A daily job that overruns into the next day's, or an archivist starting a crawl by hand while
the scheduled one runs, would otherwise have two crawls writing one archive. The lock is an
``flock`` on ``<archive folder>/.crawl.lock``: the kernel releases it when its process ends,
however it ends (``kill -9`` included), so a lock left by a killed crawl is never in the way;
the file keeps who held it last, so that the next crawl can say whose lock it took over and a
refused one can say who holds it.
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

LOCK_FILENAME = ".crawl.lock"


class ArchiveLocked(RuntimeError):
    """Another crawl holds the archive folder; the message says which, since when, where."""

    def __init__(self, archive_dir: Path, holder: dict[str, Any]) -> None:
        self.archive_dir = archive_dir
        self.holder = holder
        who = f"crawl {holder.get('crawl_id') or '(starting)'}"
        where = f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}"
        since = holder.get("since", "?")
        super().__init__(
            f"the archive folder {archive_dir} is in use by {who} ({where}, since {since}); "
            "nothing was changed"
        )


def _read_holder(path: Path) -> dict[str, Any]:
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


@dataclass
class ArchiveLock:
    """The held lock of one archive folder; :meth:`acquire` makes it, :meth:`release` ends it.

    Within one process the lock is taken once per folder and shared (the command takes it
    before it builds the crawler, whose components take it again).
    """

    archive_dir: Path
    _descriptor: int
    # Who held the lock before, when their process is gone (a killed crawl), else None.
    taken_over: dict[str, Any] | None = None
    _users: int = 1
    _held: ClassVar[dict[Path, ArchiveLock]] = {}
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def acquire(cls, archive_dir: str | Path, crawl_id: str = "") -> ArchiveLock:
        directory = Path(archive_dir).resolve()
        held = cls._held.get(directory)
        if held is not None:
            held._users += 1
            if crawl_id:
                held.name_crawl(crawl_id)
            return held
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / LOCK_FILENAME
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise ArchiveLocked(directory, _read_holder(path)) from None
        previous = _read_holder(path)
        pid = previous.get("pid")
        stale = isinstance(pid, int) and pid != os.getpid() and not _process_alive(pid)
        lock = cls(directory, descriptor, taken_over=previous if stale else None)
        lock.info = {
            "pid": os.getpid(),
            "host": platform.node(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "crawl_id": crawl_id,
        }
        lock._write()
        cls._held[directory] = lock
        return lock

    @property
    def path(self) -> Path:
        return self.archive_dir / LOCK_FILENAME

    def name_crawl(self, crawl_id: str) -> None:
        """Say which crawl holds the lock, once its id is known."""
        self.info["crawl_id"] = crawl_id
        self._write()

    def _write(self) -> None:
        data = (json.dumps(self.info) + "\n").encode("utf-8")
        os.ftruncate(self._descriptor, 0)
        os.pwrite(self._descriptor, data, 0)
        os.fsync(self._descriptor)

    def release(self) -> None:
        """Give the lock up when the last user in this process does."""
        self._users -= 1
        if self._users > 0 or self._descriptor < 0:
            return
        self._held.pop(self.archive_dir, None)
        # The file stays (with its last holder): unlinking it while another process waits
        # on it would let two crawls hold two different files.
        fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        os.close(self._descriptor)
        self._descriptor = -1
