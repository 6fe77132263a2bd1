from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import topten_crawler
from topten_crawler.seeds import SeedError, parse_seed_lines, read_seeds_file, resolve_seeds_file

PACKAGE_DIR = Path(topten_crawler.__file__).resolve().parent
DEFAULT_SEEDS = "seeds/foreigndesknews.txt"  # TOPTEN_SEEDS_FILE


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


def test_a_relative_path_in_neither_place_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SeedError, match=r"cannot read seeds file seeds/nope\.txt"):
        read_seeds_file("seeds/nope.txt")


def test_the_default_setting_names_the_shipped_list() -> None:
    from topten_crawler import settings

    assert settings.TOPTEN_SEEDS_FILE == DEFAULT_SEEDS


def test_the_shipped_seed_file_is_package_data_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no seeds/ here: the package's copy is read
    assert resolve_seeds_file(DEFAULT_SEEDS) == PACKAGE_DIR / DEFAULT_SEEDS
    assert read_seeds_file(DEFAULT_SEEDS) == ["https://foreigndesknews.com/"]


def test_a_file_in_the_working_folder_wins_over_the_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / DEFAULT_SEEDS).write_text("http://127.0.0.1:8000/\n", encoding="utf-8")
    assert read_seeds_file(DEFAULT_SEEDS) == ["http://127.0.0.1:8000/"]


def test_the_shipped_seed_file_is_read_from_a_zipped_package(tmp_path: Path) -> None:
    """As scrapyd runs a deployed egg: the package imported from a zip file, no folder on disk."""
    archive = tmp_path / "topten_crawler.egg"
    with zipfile.ZipFile(archive, "w") as egg:
        for path in sorted(PACKAGE_DIR.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                egg.write(path, Path("topten_crawler", path.relative_to(PACKAGE_DIR)).as_posix())
    script = (
        "import topten_crawler, topten_crawler.seeds as s\n"
        f"assert topten_crawler.__file__.startswith({str(archive)!r}), topten_crawler.__file__\n"
        f"print(s.read_seeds_file({DEFAULT_SEEDS!r}))\n"
    )
    # The zip comes first on the path, before the checkout; PYTHONPATH keeps the network fence.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(archive), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['https://foreigndesknews.com/']"
