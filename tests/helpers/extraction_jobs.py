"""Functions that the extraction pool's tests run in its workers: importable by name, so that
a worker process can unpickle them. Misbehaving on purpose (hanging, dying) is for tests only."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from topten_crawler.extraction.jobs import Fetched, PageExtraction, extract_page


def this_pid() -> int:
    return os.getpid()


def square_in_process(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def sleep_then_return(seconds: float, value: str) -> str:
    time.sleep(seconds)
    return value


def raise_value_error(message: str) -> None:
    raise ValueError(message)


def unpicklable_result() -> threading.Lock:
    return threading.Lock()


def hang() -> None:
    """A page whose extraction never ends."""
    threading.Event().wait()


def die(code: int) -> None:
    """A worker that dies in the middle of a page (a crash in a C library, the OOM killer)."""
    os._exit(code)


def faulty_extract_page(fetched: Fetched, *args: Any) -> PageExtraction:
    """``extract_page``, except for the page whose path ``TOPTEN_TEST_HANG_PATH`` names (it
    hangs, after touching the file ``TOPTEN_TEST_HANG_MARKER`` when set) and the one that
    ``TOPTEN_TEST_DIE_PATH`` names (its worker dies)."""
    path = urlsplit(fetched.url).path
    if path == os.environ.get("TOPTEN_TEST_HANG_PATH"):
        marker = os.environ.get("TOPTEN_TEST_HANG_MARKER")
        if marker:
            Path(marker).touch()
        hang()
    if path == os.environ.get("TOPTEN_TEST_DIE_PATH"):
        die(3)
    return extract_page(fetched, *args)


_HELD: list[bytearray] = []


def grow(megabytes: int) -> int:
    """Hold ``megabytes`` in this worker for good (as a huge page's heap stays); its pid."""
    _HELD.append(bytearray(b"x" * (megabytes * 1024 * 1024)))
    return os.getpid()
