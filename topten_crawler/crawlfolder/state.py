"""The archive folder's crawl state: what earlier crawls captured, kept across crawls.

One SQLite file at the top of the archive folder, ``<archive folder>/state.sqlite3``, in WAL
mode, behind the small interface of :class:`CrawlState` (as warcprox's dedup store is): the
WARC extension asks it whether a payload is archived already and tells it every capture; the
conditional-request middleware asks for a URL's validators; the record pipelines ask how a
record changed and tell it every record written. Nothing here needs Scrapy.

Tables:

* ``captures``: per URL, the last capture (a response or a revisit record): its WARC file
  (relative to the archive folder), offset, record id, date, payload digest, ``ETag``,
  ``Last-Modified`` and HTTP status (304 for a server-not-modified revisit).
* ``payloads``: the global payload-digest index, digest -> the ORIGINAL response record (file,
  offset, record id, URI, date) that a revisit refers to; the first response with a digest
  stays its original, and only 200 responses with a body are listed.
* ``records``: per record (``post`` or ``source``, by URL): the hash of its last extracted
  version, ``first_seen``, how many distinct versions the archive holds, the last outcome
  (``ok`` or the error code), the crawl that last wrote it.
* ``versions``: every distinct version hash of every record, with when it was first seen.

Everything in it can be rebuilt from the WARC files and ``records.jsonl`` files alone
(``topten-crawler reindex``, :mod:`topten_crawler.archive.reindex`), so it is an index, not a
source of truth. Each change is committed at once: in WAL mode with ``synchronous=NORMAL`` a
commit is an append to the log without an fsync, so a crawl killed at any point loses nothing
it told the store (a power cut may lose the last commits; ``reindex`` restores them).

The store is opened once per process and archive folder (:meth:`CrawlState.open`), shared by
every component of the crawl and closed when the last of them releases it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Any, ClassVar, Literal

from topten_crawler.crawlfolder.files import UnwritableOutput

STATE_FILENAME = "state.sqlite3"
SCHEMA_VERSION = "1"

Change = Literal["new", "changed", "unchanged", "gone"]
CHANGES: tuple[Change, ...] = ("new", "changed", "unchanged", "gone")
OK_OUTCOME = "ok"

# Fields of a record that say when and how it was captured, not what it says: a version is
# what remains. ``cited_by`` and ``cited_urls`` (who cites a source, and how) are no content of it;
# ``final_url`` is where a redirect led; ``word_count`` and ``fallbacks`` follow from the rest.
NOT_VERSION_FIELDS = frozenset(
    {
        "crawl_id",
        "fetched_at",
        "warc",
        "status",
        "error",
        "change",
        "first_seen",
        "version",
        "cited_by",
        "cited_urls",
        "final_url",
        "fallbacks",
        "word_count",
    }
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS captures (
    url TEXT PRIMARY KEY, file TEXT NOT NULL, offset INTEGER NOT NULL, record_id TEXT NOT NULL,
    date TEXT NOT NULL, payload_digest TEXT, etag TEXT, last_modified TEXT, status INTEGER
);
CREATE TABLE IF NOT EXISTS payloads (
    digest TEXT PRIMARY KEY, file TEXT NOT NULL, offset INTEGER NOT NULL,
    record_id TEXT NOT NULL, uri TEXT NOT NULL, date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, url TEXT NOT NULL, version_hash TEXT, first_seen TEXT NOT NULL,
    versions INTEGER NOT NULL, last_outcome TEXT NOT NULL, last_crawl TEXT NOT NULL,
    PRIMARY KEY (kind, url)
);
CREATE TABLE IF NOT EXISTS versions (
    kind TEXT NOT NULL, url TEXT NOT NULL, version_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL, PRIMARY KEY (kind, url, version_hash)
);
"""
TABLES = ("captures", "payloads", "records", "versions")


@dataclass(frozen=True)
class Capture:
    """The last capture of one URL (a response or a revisit record)."""

    url: str
    file: str  # relative to the archive folder: <crawl id>/warc/<name>.warc.gz
    offset: int
    record_id: str
    date: str  # WARC-Date
    payload_digest: str | None
    etag: str | None
    last_modified: str | None
    status: int | None

    @property
    def has_validators(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True)
class Original:
    """The response record that first archived a payload: what revisits refer to."""

    digest: str
    file: str  # relative to the archive folder
    offset: int
    record_id: str
    uri: str
    date: str  # WARC-Date


@dataclass(frozen=True)
class RecordState:
    kind: str  # "post" or "source"
    url: str
    version_hash: str | None  # None until the record first answered
    first_seen: str
    versions: int
    last_outcome: str  # "ok" or the error code
    last_crawl: str


@dataclass(frozen=True)
class RecordChange:
    """What a record written now is, against the archive: the fields the record carries."""

    change: Change
    first_seen: str
    version: int


def version_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 of the record's extracted fields (canonical JSON), without capture details."""
    content = {k: v for k, v in record.items() if k not in NOT_VERSION_FIELDS}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def classify(
    previous: RecordState | None, new_hash: str | None, fetched_at: str, *, seen: bool = False
) -> RecordChange:
    """How a record compares with the archive's last version of it.

    ``new_hash`` is None for a record that failed (it has an ``error``). A record seen for the
    first time is ``new``, failed or not; one that answered before and fails now is ``gone``;
    one that failed before and answers now for the first time is ``new`` too. ``version``
    counts the distinct versions once this one is added; ``seen``: the archive holds this
    version already (an edit that was undone), so it adds none.
    """
    if previous is None:
        return RecordChange("new", fetched_at, 1 if new_hash else 0)
    if new_hash is None:
        answered = previous.version_hash is not None and previous.last_outcome == OK_OUTCOME
        change: Change = "gone" if answered else "unchanged"
        return RecordChange(change, previous.first_seen, previous.versions)
    if previous.version_hash is None:
        return RecordChange("new", previous.first_seen, previous.versions + (0 if seen else 1))
    if previous.version_hash == new_hash:
        # Back after a failure as it was: no new version, but no longer gone either.
        same = previous.last_outcome == OK_OUTCOME
        return RecordChange(
            "unchanged" if same else "changed", previous.first_seen, previous.versions
        )
    return RecordChange("changed", previous.first_seen, previous.versions + (0 if seen else 1))


class CrawlState:
    """The crawl-state store of one archive folder (see the module docstring)."""

    _open: ClassVar[dict[Path, CrawlState]] = {}

    def __init__(self, path: Path) -> None:
        self.path = path
        self._users = 1
        # The crawl's components all run in Scrapy's reactor thread; the store is shared by
        # them, not used concurrently.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
        )

    @classmethod
    def open(cls, archive_dir: str | Path) -> CrawlState:
        """The store of ``archive_dir`` (made when missing), shared within this process."""
        path = (Path(archive_dir) / STATE_FILENAME).resolve()
        store = cls._open.get(path)
        if store is not None:
            store._users += 1
            return store
        path.parent.mkdir(parents=True, exist_ok=True)
        store = cls(path)
        cls._open[path] = store
        return store

    @classmethod
    def at(cls, path: Path) -> CrawlState:
        """A store at an explicit file path, not shared (``reindex`` builds one aside)."""
        return cls(path)

    def release(self) -> None:
        """Close the store when its last user in this process is done with it."""
        self._users -= 1
        if self._users > 0:
            return
        if self._open.get(self.path) is self:
            del self._open[self.path]
        self.close()

    def close(self) -> None:
        self._db.close()

    def checkpoint(self) -> None:
        """Move the write-ahead log into the database file (the log is left empty)."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- Captures ----------------------------------------------------------------------------
    def last_capture(self, url: str) -> Capture | None:
        row = self._db.execute(
            f"SELECT {_columns(Capture)} FROM captures WHERE url = ?", (url,)
        ).fetchone()
        return None if row is None else Capture(*row)

    def original(self, digest: str) -> Original | None:
        row = self._db.execute(
            f"SELECT {_columns(Original)} FROM payloads WHERE digest = ?", (digest,)
        ).fetchone()
        return None if row is None else Original(*row)

    def originals_of(self, uri: str) -> list[Original]:
        """Every original response record archived for ``uri``, the newest first (one per
        payload it had). A scan of the payloads: for rare look-ups only (a robots.txt that
        cannot be fetched), never one per request."""
        rows = self._db.execute(
            f"SELECT {_columns(Original)} FROM payloads WHERE uri = ? ORDER BY date DESC", (uri,)
        ).fetchall()
        return [Original(*row) for row in rows]

    def add_capture(self, capture: Capture, *, original: bool) -> None:
        """Remember ``capture`` as the URL's last; ``original``: a response that may be
        referred to (the first response of each payload digest becomes its original)."""
        with self._transaction():
            self._db.execute(
                f"INSERT OR REPLACE INTO captures ({_columns(Capture)}) VALUES ({_marks(Capture)})",
                astuple(capture),
            )
            if original and capture.payload_digest:
                self._db.execute(
                    "INSERT OR IGNORE INTO payloads (digest, file, offset, record_id, uri, date)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        capture.payload_digest,
                        capture.file,
                        capture.offset,
                        capture.record_id,
                        capture.url,
                        capture.date,
                    ),
                )

    # --- Records -----------------------------------------------------------------------------
    def record_state(self, kind: str, url: str) -> RecordState | None:
        row = self._db.execute(
            f"SELECT {_columns(RecordState)} FROM records WHERE kind = ? AND url = ?",
            (kind, url),
        ).fetchone()
        return None if row is None else RecordState(*row)

    def record_change(self, record: Mapping[str, Any]) -> RecordChange:
        """How ``record`` (a post or source record as written) compares with the archive."""
        kind, url = str(record["type"]), str(record["url"])
        new_hash = _hash_of(record)
        return classify(
            self.record_state(kind, url),
            new_hash,
            str(record.get("fetched_at")),
            seen=self._has_version(kind, url, new_hash),
        )

    def _has_version(self, kind: str, url: str, new_hash: str | None) -> bool:
        if new_hash is None:
            return False
        row = self._db.execute(
            "SELECT 1 FROM versions WHERE kind = ? AND url = ? AND version_hash = ?",
            (kind, url, new_hash),
        ).fetchone()
        return row is not None

    def add_record(self, record: Mapping[str, Any]) -> RecordChange:
        """Remember a record written to ``records.jsonl``; returns how it compared."""
        kind, url = str(record["type"]), str(record["url"])
        fetched_at = str(record.get("fetched_at"))
        new_hash = _hash_of(record)
        previous = self.record_state(kind, url)
        result = classify(
            previous, new_hash, fetched_at, seen=self._has_version(kind, url, new_hash)
        )
        error = record.get("error")
        outcome = str(error) if error else OK_OUTCOME
        with self._transaction():
            if new_hash is not None:
                self._db.execute(
                    "INSERT OR IGNORE INTO versions (kind, url, version_hash, first_seen) "
                    "VALUES (?, ?, ?, ?)",
                    (kind, url, new_hash, fetched_at),
                )
            (versions,) = self._db.execute(
                "SELECT COUNT(*) FROM versions WHERE kind = ? AND url = ?", (kind, url)
            ).fetchone()
            kept_hash = new_hash if new_hash is not None else _previous_hash(previous)
            self._db.execute(
                f"INSERT OR REPLACE INTO records ({_columns(RecordState)}) "
                f"VALUES ({_marks(RecordState)})",
                (
                    kind,
                    url,
                    kept_hash,
                    result.first_seen,
                    versions,
                    outcome,
                    str(record.get("crawl_id")),
                ),
            )
        return result

    def known_urls(self, kind: str, *, answering: bool = False) -> list[str]:
        """Every URL the archive holds a record of, of this kind, in URL order; ``answering``:
        only those whose last record was no error (one recorded gone is not asked again)."""
        query, parameters = "SELECT url FROM records WHERE kind = ?", [kind]
        if answering:
            query, parameters = query + " AND last_outcome = ?", [kind, OK_OUTCOME]
        rows = self._db.execute(query + " ORDER BY url", parameters)
        return [url for (url,) in rows]

    # --- Inspection --------------------------------------------------------------------------
    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows, sorted: two stores are equal when their dumps are."""
        result = {}
        for table in TABLES:
            rows = self._db.execute(f"SELECT * FROM {table}").fetchall()
            result[table] = sorted(rows, key=lambda row: tuple(str(v) for v in row))
        return result

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self.path)


# SQLite's result codes for a store that takes no more: a full disk, an I/O error, a file
# that became read-only or cannot be opened.
_UNWRITABLE_CODES = frozenset(
    {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN}
)


class _Transaction:
    """One write, committed at once; a store that takes no more raises
    :class:`~topten_crawler.crawlfolder.files.UnwritableOutput` (the crawl stops)."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def __enter__(self) -> None:
        self._unwritable_as_output(lambda: self.db.execute("BEGIN IMMEDIATE"))

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self._unwritable_as_output(lambda: self.db.execute("COMMIT"))
            return
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error) and exc.sqlite_errorcode & 0xFF in _UNWRITABLE_CODES:
            raise UnwritableOutput(self.path, exc) from exc

    def _unwritable_as_output(self, statement: Callable[[], object]) -> None:
        try:
            statement()
        except sqlite3.Error as error:
            if error.sqlite_errorcode & 0xFF not in _UNWRITABLE_CODES:
                raise
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise UnwritableOutput(self.path, error) from error


def archived_post_urls(settings: Any, run: Any) -> list[str]:
    """The post URLs the crawl's archive folder holds records of that answered last time (none
    without the store): a post recorded gone once is not asked for, nor recorded, again.

    ``settings``: the crawl's settings (``TOPTEN_STATE_ENABLED``); ``run``: its ``CrawlRun``.
    """
    if not settings.getbool("TOPTEN_STATE_ENABLED", True):
        return []
    store = CrawlState.open(run.directory.parent)
    try:
        return store.known_urls("post", answering=True)
    finally:
        store.release()


def _hash_of(record: Mapping[str, Any]) -> str | None:
    return None if record.get("error") else version_hash(record)


def _previous_hash(previous: RecordState | None) -> str | None:
    return None if previous is None else previous.version_hash


def _columns(kind: type) -> str:
    return ", ".join(f.name for f in fields(kind))


def _marks(kind: type) -> str:
    return ", ".join("?" for _ in fields(kind))
