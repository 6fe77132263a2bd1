"""A disk that fills up, without a small filesystem: the crawl folder's appends
(``crawlfolder.files.os_write``: JSON lines, the spool, WARC files) get a byte budget.

In a test: ``monkeypatch.setattr(files, "os_write", ByteBudget(n))``. As a command, for a
crawl in a subprocess: ``python -m tests.helpers.disk_full BYTES crawl SEED ...`` runs
``topten-crawler`` with the budget in place. The rest of the crawl folder (the crawl state,
``crawl.log``, the manifest) is written as usual: only a real full filesystem (a tmpfs,
``mount_small_tmpfs``) tests those.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from topten_crawler.crawlfolder import files


class ByteBudget:
    """Stands for ``os.write``: lets ``budget`` bytes through in all, the last write short
    (as a filling disk does), then fails every write with ENOSPC."""

    def __init__(self, budget: int) -> None:
        self.left = budget
        self.refused = 0

    def __call__(self, descriptor: int, data: bytes | memoryview) -> int:
        if self.left <= 0:
            self.refused += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = os.write(descriptor, data[: self.left])
        self.left -= written
        return written


@contextlib.contextmanager
def mount_small_tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (``2m``) mounted on ``path`` for the block (root only: the caller
    skips when :func:`can_mount` says no)."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def can_mount(probe: Path) -> str | None:
    """None when a tmpfs can be mounted here, else why not."""
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    try:
        with mount_small_tmpfs(probe, "64k"):
            return None
    except (OSError, subprocess.CalledProcessError) as error:
        return f"cannot mount a tmpfs: {error}"


def main(argv: list[str]) -> int:
    from topten_crawler.cli import main as topten_main

    budget, *arguments = argv
    files.os_write = ByteBudget(int(budget))
    return int(topten_main(arguments) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
