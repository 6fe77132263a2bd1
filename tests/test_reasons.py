"""The reason codes are one closed list: the schema's enum, the README and the code agree, and a
record with any other code is invalid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from topten_crawler.items import record_schema
from topten_crawler.reasons import REASON_CODES, Reason, http_status_reason, reason_named

REPO = Path(__file__).resolve().parents[1]
SCHEMA_FILE = REPO / "topten_crawler" / "schema" / "records.schema.json"


def test_the_schema_takes_the_list_as_its_enum_and_the_file_carries_the_same() -> None:
    assert record_schema()["$defs"]["errorCode"]["enum"] == [*REASON_CODES, None]
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk["$defs"]["errorCode"]["enum"] == [*REASON_CODES, None]
    for kind in ("post", "source"):
        assert on_disk["$defs"][kind]["properties"]["error"]["$ref"] == "#/$defs/errorCode"


def test_the_readme_lists_every_code_and_no_other() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after = readme.split("`error` is null or a reason code", 1)[1].split("\n\n", 2)[1]
    listed = re.findall(r"^\| `([a-z0-9_]+)` \|", after, flags=re.MULTILINE)
    assert listed == list(REASON_CODES)


def source_record(error: str | None) -> dict[str, object]:
    return {
        "type": "source", "url": "https://outlet.example/a", "final_url": None,
        "cited_by": ["https://digest.example/p/"], "crawl_id": "c", "status": None,
        "fetched_at": "2026-12-07T04:00:00Z", "error": error, "content_type": None,
        "title": None, "author": None, "published": None, "site_name": None,
        "language": None, "text": "", "warc": None,
    }  # fmt: skip


@pytest.mark.parametrize("code", REASON_CODES)
def test_every_code_is_valid_in_a_record(code: str) -> None:
    assert not list(Draft202012Validator(record_schema()).iter_errors(source_record(code)))


@pytest.mark.parametrize(
    "stray", ["http_302", "valueerror", "ignored", "cancelled", "responseneverreceived", ""]
)
def test_a_record_with_any_other_code_is_invalid(stray: str) -> None:
    errors = list(Draft202012Validator(record_schema()).iter_errors(source_record(stray)))
    assert errors


def test_codes_are_short_snake_case_and_unique() -> None:
    assert len(set(REASON_CODES)) == len(REASON_CODES)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in REASON_CODES)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "http_404"), (410, "http_410"), (429, "http_429"), (418, "http_4xx"),
        (499, "http_4xx"), (500, "http_5xx"), (503, "http_5xx"), (302, "bad_redirect"),
        (300, "bad_redirect"), (999, "http_other"), (199, "http_other"),
    ],
)  # fmt: skip
def test_http_statuses(status: int, reason: str) -> None:
    assert http_status_reason(status) == reason
    assert http_status_reason(status) in REASON_CODES


def test_a_code_named_as_text() -> None:
    assert reason_named("sitemap_unreadable") is Reason.SITEMAP_UNREADABLE
    assert reason_named("made_up") is Reason.OTHER


def test_the_link_rot_states_are_keyed_by_codes_of_the_list() -> None:
    from topten_crawler.rules.overtime import ERROR_STATES

    assert set(ERROR_STATES) <= set(REASON_CODES)
