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
