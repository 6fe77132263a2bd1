"""Which sources the posts cite, and source records held until every citing post is known.

A source is fetched once per normal form of its URL (``urls.normal_url``: tracking parameters,
fragment, default port and host case aside), when a post first cites it, but later posts may
cite it too, under other spellings, and its record must list them all. So source records wait
in a spool file in the crawl folder (memory stays flat however many sources there are) and are
written when the site crawl is done.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from topten_crawler.crawlfolder.files import append_whole, write_atomically
from topten_crawler.crawlfolder.jsonlines import to_json_line
from topten_crawler.urls import normal_url


class CitationLedger:
    """Who cites which source, and the source records held until the site crawl is done."""

    def __init__(self, spool_path: Path) -> None:
        self.spool_path = spool_path
        # Normal form of a source URL -> the posts citing it, and every spelling they cite.
        self.citers: dict[str, list[str]] = {}
        self.spellings: dict[str, list[str]] = {}
        self._held: set[str] = set()
        self._released = 0
        # Held records whose spool line was gone when they were to be released.
        self.lost = 0
        # Lines of the current spool file already released (the file is removed when empty).
        self._spool_lines_released = 0

    def recover(self, citations: dict[str, list[str]], held: list[dict[str, Any]]) -> None:
        """Take up where a killed crawl left off: who cited what, and the records it held.

        The spool is written anew with exactly ``held`` (the killed crawl may have written
        some of its records out already, and those must not be written twice).
        """
        for post_url, source_urls in citations.items():
            for source_url in source_urls:
                self.cite(source_url, post_url)
        lines = "".join(to_json_line(record) for record in held)
        write_atomically(self.spool_path, lines)
        self._held.update(record["url"] for record in held)

    def cite(self, source_url: str, post_url: str) -> bool:
        """Note that ``post_url`` cites ``source_url`` (any spelling); True when the source's
        normal form is new: the one to fetch, and the ``url`` its record is held under."""
        key = normal_url(source_url)
        posts = self.citers.get(key)
        if posts is None:
            self.citers[key] = [post_url]
            self.spellings[key] = [source_url]
            return True
        if post_url not in posts:
            posts.append(post_url)
        if source_url not in self.spellings[key]:
            self.spellings[key].append(source_url)
        return False

    def hold(self, record: dict[str, Any]) -> None:
        """Keep a source record (without ``cited_by``) until :meth:`release`.

        It counts as held only once the spool has it: a record that is no JSON raises
        (``TypeError``, ``ValueError``) and a spool the disk cannot take raises
        :class:`~topten_crawler.crawlfolder.files.UnwritableOutput`, each leaving the spool
        as it was, so that :attr:`pending` never waits for a line that is not there.
        """
        url = record["url"]
        if url in self._held:
            return
        line = to_json_line(record).encode("utf-8")
        descriptor = os.open(self.spool_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        try:
            append_whole(descriptor, line, self.spool_path)
        finally:
            os.close(descriptor)
        self._held.add(url)

    @property
    def pending(self) -> int:
        return len(self._held) - self._released

    @property
    def unfetched(self) -> int:
        """Sources cited but neither fetched nor failed yet."""
        return len(self.citers) - len(self._held)

    def held(self) -> Iterator[dict[str, Any]]:
        """The records held and not yet released, in the order they came (nothing changes)."""
        if not self.spool_path.exists():
            return
        with self.spool_path.open(encoding="utf-8") as spool:
            for index, line in enumerate(spool):
                if index >= self._spool_lines_released:
                    yield json.loads(line)

    def release(self) -> Iterator[dict[str, Any]]:
        """Every held record with its complete ``cited_by`` and ``cited_urls`` (the spellings
        the posts cite); the spool is removed after.

        A spool that vanished (removed by hand) leaves nothing to wait for: its records are
        counted in :attr:`lost`, so that :attr:`pending` falls to 0 all the same.
        """
        if not self.spool_path.exists():
            self.lost += self.pending
            self._released = len(self._held)
            return
        with self.spool_path.open(encoding="utf-8") as spool:
            for index, line in enumerate(spool):
                if index < self._spool_lines_released:
                    continue
                record = json.loads(line)
                record["cited_by"] = sorted(self.citers.get(record["url"], []))
                record["cited_urls"] = sorted(self.spellings.get(record["url"], [record["url"]]))
                self._released += 1
                self._spool_lines_released += 1
                yield record
        if self._released == len(self._held):
            os.remove(self.spool_path)
            self._spool_lines_released = 0
