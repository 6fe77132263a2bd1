"""Item pipelines: thin adapters over :mod:`topten_crawler.crawlfolder.jsonlines`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from topten_crawler.crawlfolder.files import UnwritableOutput
from topten_crawler.crawlfolder.jsonlines import JsonLinesWriter, RecordValidator
from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.crawlfolder.state import CrawlState

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

# The record types the crawl-state store follows from crawl to crawl.
TRACKED_TYPES = ("post", "source")


def _state(crawler: Crawler) -> CrawlState:
    if not crawler.settings.getbool("TOPTEN_STATE_ENABLED", True):
        raise NotConfigured("TOPTEN_STATE_ENABLED is off")
    return CrawlState.open(CrawlRun.from_crawler(crawler).directory.parent)


logger = logging.getLogger(__name__)


def record_fields(item: Any) -> dict[str, Any]:
    """A record's fields as a dict, one level deep: its values are JSON values already
    (strings, numbers, lists and dicts of them), so the nested walk of ``ItemAdapter.asdict``,
    which asks of every value inside them whether it is an item, finds nothing to convert (and
    took ten times as long, in each of the four pipelines)."""
    return dict(ItemAdapter(item).items())


def as_unwritable(path: Path, error: OSError | UnwritableOutput) -> UnwritableOutput:
    return error if isinstance(error, UnwritableOutput) else UnwritableOutput(path, error)


class SchemaValidationPipeline:
    """Validates every record against the shipped JSON Schema.

    A record that fails is not lost: it goes, with its errors, to ``invalid-records.jsonl`` in
    the crawl folder, is counted under ``topten/records/invalid/<type>``, and the crawl is
    reported as failed (an invalid record means an extraction bug that a person must see).
    """

    def __init__(self, stats: StatsCollector, run: CrawlRun) -> None:
        self.stats = stats
        self.run = run
        self.validator = RecordValidator()
        self.invalid_path = run.folder.invalid_records_file
        self._invalid: JsonLinesWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemaValidationPipeline:
        return cls(crawler.stats, CrawlRun.from_crawler(crawler))

    def process_item(self, item: Any) -> Any:
        record = record_fields(item)
        errors = self.validator.errors(record)
        kind = str(record.get("type", "unknown"))
        if not errors:
            self.stats.inc_value(f"topten/records/valid/{kind}")
            return item
        self.stats.inc_value(f"topten/records/invalid/{kind}")
        try:
            if self._invalid is None:
                self._invalid = JsonLinesWriter(self.invalid_path)
            self._invalid.write({"errors": errors, "record": record})
        except (OSError, UnwritableOutput) as error:
            self.run.output_unwritable(as_unwritable(self.invalid_path, error))
        logger.error("Invalid %s record %s: %s", kind, record.get("url"), "; ".join(errors))
        raise DropItem(f"invalid {kind} record, kept in {self.invalid_path.name}: {errors[0]}")

    def close_spider(self) -> None:
        if self._invalid is not None:
            self._invalid.close()


class JsonLinesPipeline:
    """Writes each record as one line of the crawl folder's ``records.jsonl``.

    A record that cannot be serialised is dropped, counted and logged (the crawl goes on and
    is reported as failed); a file the disk cannot take stops the crawl
    (:meth:`CrawlRun.output_unwritable`), with every line written before it whole.

    Stats: ``topten/records/written/<type>``, ``topten/records/write_errors``.
    """

    def __init__(self, stats: StatsCollector, run: CrawlRun) -> None:
        self.stats = stats
        self.run = run
        self.path = run.folder.records_file
        self._writer: JsonLinesWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesPipeline:
        return cls(crawler.stats, CrawlRun.from_crawler(crawler))

    def open_spider(self) -> None:
        # Created at the start, so that a crawl that finds nothing still leaves the file.
        self._writer = JsonLinesWriter(self.path)

    def process_item(self, item: Any) -> Any:
        record = record_fields(item)
        try:
            if self._writer is None:
                self._writer = JsonLinesWriter(self.path)
            self._writer.write(record)
        except (OSError, UnwritableOutput) as error:
            self.stats.inc_value("topten/records/write_errors")
            self.run.output_unwritable(as_unwritable(self.path, error))
            raise DropItem(f"not written: {error}") from error
        except (TypeError, ValueError) as error:
            self.stats.inc_value("topten/records/write_errors")
            logger.error("Cannot write record %s: %s", record.get("url"), error)
            raise DropItem(f"not written: {error}") from error
        self.stats.inc_value(f"topten/records/written/{record.get('type', 'unknown')}")
        return item

    def close_spider(self) -> None:
        if self._writer is not None:
            try:
                self._writer.close()
            except OSError as error:
                self.run.output_unwritable(as_unwritable(self.path, error))


class RecordChangePipeline:
    """Says of each post and source record how it compares with the archive folder's earlier
    crawls: sets ``change``, ``first_seen`` and ``version`` from the crawl-state store (read
    only: :class:`CrawlStatePipeline` records it once it is written).

    Reads ``TOPTEN_STATE_ENABLED`` (NotConfigured when off: the fields stay null). Stats:
    ``topten/changes/<type>/<change>``.
    """

    def __init__(self, stats: StatsCollector, store: CrawlState) -> None:
        self.stats = stats
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordChangePipeline:
        return cls(crawler.stats, _state(crawler))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        kind = adapter.get("type")
        if kind not in TRACKED_TYPES:
            return item
        change = self.store.record_change(adapter)
        adapter["change"] = change.change
        adapter["first_seen"] = change.first_seen
        adapter["version"] = change.version
        self.stats.inc_value(f"topten/changes/{kind}/{change.change}")
        return item

    def close_spider(self) -> None:
        self.store.release()


class CrawlStatePipeline:
    """Tells the crawl-state store of each post and source record once ``records.jsonl`` holds
    it (after :class:`JsonLinesPipeline`), so that the store can be rebuilt from the records
    files alone (``topten-crawler reindex``). Reads ``TOPTEN_STATE_ENABLED``."""

    def __init__(self, store: CrawlState, run: CrawlRun) -> None:
        self.store = store
        self.run = run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStatePipeline:
        return cls(_state(crawler), CrawlRun.from_crawler(crawler))

    def process_item(self, item: Any) -> Any:
        record = record_fields(item)
        if record.get("type") in TRACKED_TYPES:
            try:
                self.store.add_record(record)
            except UnwritableOutput as error:  # the record is in records.jsonl: reindex has it
                self.run.output_unwritable(error)
        return item

    def close_spider(self) -> None:
        self.store.release()
