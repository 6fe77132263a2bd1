"""High-water marks of a crawl process and of its descendants (extraction fork server and
workers), read from ``/proc``.

``wait4``'s ``ru_maxrss`` is no measure of a crawl started from the test process: Linux keeps
the largest resident set the process had across ``exec``, and a child forked from a large
pytest process starts with the parent's pages counted. ``VmHWM`` belongs to the memory of the
running program alone, so it is sampled while the crawl runs instead.
"""

from __future__ import annotations

from pathlib import Path


def high_water_bytes(pid: int) -> int:
    """The peak resident set of ``pid``'s program so far (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def descendants(pid: int) -> list[int]:
    """Every living descendant of ``pid``."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def tree_high_water_bytes(pid: int) -> tuple[int, int]:
    """(``pid``'s own peak, the largest peak of its living descendants) now."""
    return high_water_bytes(pid), max((high_water_bytes(c) for c in descendants(pid)), default=0)
