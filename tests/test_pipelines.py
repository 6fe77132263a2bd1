"""The item pipelines: a record passes on as it came, an invalid one is kept aside with why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from topten_crawler.crawlfolder.run import CrawlRun
from topten_crawler.items import Capture, PostRecord
from topten_crawler.pipelines import SchemaValidationPipeline, record_fields


def gone_post(fetched_at: str) -> PostRecord:
    capture = Capture(crawl_id="crawl-1", fetched_at=fetched_at)
    return PostRecord.gone("https://digest.example/a-post/", "http_404", capture)


def test_record_fields_are_the_items_fields_as_asdict_gives_them() -> None:
    record = gone_post("2026-12-07T04:00:00Z")
    record.citations = [{"url": "https://outlet.example/x", "text": "says"}]
    record.image = {"url": "https://digest.example/i.jpg", "caption": None}
    fields = record_fields(record)
    assert fields == ItemAdapter(record).asdict()
    assert list(fields) == list(ItemAdapter(record).field_names())


def test_a_valid_record_passes_and_an_invalid_one_is_kept_with_its_errors(
    tmp_path: Path,
) -> None:
    settings = {"TOPTEN_OUTPUT_DIR": str(tmp_path), "TOPTEN_CRAWL_ID": "crawl-1"}
    crawler = get_crawler(settings_dict=settings)
    pipeline = SchemaValidationPipeline.from_crawler(crawler)
    valid = gone_post("2026-12-07T04:00:00Z")
    assert pipeline.process_item(valid) is valid
    with pytest.raises(DropItem, match="invalid post record"):
        pipeline.process_item(gone_post("yesterday"))
    pipeline.close_spider()

    assert crawler.stats is not None
    assert crawler.stats.get_value("topten/records/valid/post") == 1
    assert crawler.stats.get_value("topten/records/invalid/post") == 1
    invalid_file = CrawlRun.from_crawler(crawler).folder.invalid_records_file
    (kept,) = [json.loads(line) for line in invalid_file.read_text(encoding="utf-8").splitlines()]
    assert kept["record"]["fetched_at"] == "yesterday"
    (error,) = kept["errors"]
    assert error.startswith("fetched_at: 'yesterday' does not match ")
