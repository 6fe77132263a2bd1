from __future__ import annotations

from pathlib import Path

import pytest

from topten_crawler.seeds import SeedError, parse_seed_lines, read_seeds_file


def test_comments_and_blank_lines_are_skipped() -> None:
    text = "# the digest\n\nhttps://foreigndesknews.com/\n  http://127.0.0.1:8000/  \n"
    assert parse_seed_lines(text) == ["https://foreigndesknews.com/", "http://127.0.0.1:8000/"]


def test_bad_lines_name_file_and_line() -> None:
    with pytest.raises(SeedError, match=r"seeds.txt:2: not an http\(s\) URL"):
        parse_seed_lines("https://a.example/\nfoo bar\n", "seeds.txt")


def test_missing_or_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="cannot read seeds file"):
        read_seeds_file(tmp_path / "nope.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(SeedError, match="lists no URL"):
        read_seeds_file(empty)


def test_the_shipped_seed_file() -> None:
    assert read_seeds_file("seeds/foreigndesknews.txt") == ["https://foreigndesknews.com/"]
