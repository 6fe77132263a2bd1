"""Files of a crawl folder written whole or not at all: a temporary file, then a rename."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def temporary_beside(path: Path) -> tuple[int, Path]:
    """A new, empty, exclusive file in ``path``'s folder: its descriptor and its path.

    Made with ``os.open`` and mode 0666, so that once renamed to ``path`` it has the mode of
    any new file of the crawl folder (0666 less the umask), not ``tempfile.mkstemp``'s 0600.
    """
    while True:
        temporary = path.with_name(f".{path.name}-{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
        except FileExistsError:
            continue


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, flushed to
    disk, then renamed over it. A reader (or a crawl killed meanwhile) never sees half."""
    descriptor, temporary = temporary_beside(path)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class UnwritableOutput(Exception):
    """The crawl folder takes no more bytes (a full disk, a lost permission): the crawl must
    stop. Whatever was appended before stays whole; the failed append left nothing behind
    unless ``torn`` (the file could not even be cut back, so nothing may follow in it)."""

    def __init__(self, path: Path, error: Exception, *, torn: bool = False) -> None:
        self.path = path
        self.error = error
        self.torn = torn
        super().__init__(f"cannot write {path}: {getattr(error, 'strerror', None) or error}")


def append_whole(descriptor: int, data: bytes, path: Path) -> int:
    """Append ``data`` to the file open as ``descriptor`` (unbuffered), whole or not at all;
    return the offset it starts at.

    A write that fails part way (ENOSPC, EDQUOT, EIO, EACCES...) is cut back off the file,
    so that a reader never meets half a JSON line or half a gzip member, and raised as
    :class:`UnwritableOutput`.
    """
    start = os.lseek(descriptor, 0, os.SEEK_END)
    view = memoryview(data)
    written = 0
    try:
        while written < len(data):
            written += os_write(descriptor, view[written:])
    except OSError as error:
        try:
            os.ftruncate(descriptor, start)
            os.lseek(descriptor, start, os.SEEK_SET)
        except OSError:
            raise UnwritableOutput(path, error, torn=True) from error
        raise UnwritableOutput(path, error) from error
    return start


# The one call that appends bytes to a crawl folder's growing files: a test that needs a
# full disk without one replaces it (``tests/helpers/disk_full.py``).
os_write = os.write
