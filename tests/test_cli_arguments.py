"""Every bad argument is one clear line and exit status 2, before any request is made.

The command runs in this process: it must return before the crawl starts, so no crawl folder
may appear and no Scrapy engine may be built.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from topten_crawler import __version__
from topten_crawler.cli import main

# Port 9 of the loopback interface refuses at once: were a crawl to start, it would not hang.
SEED = "http://127.0.0.1:9/"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as stop:  # argparse's own exits (--help, --version, bad types)
        status = int(stop.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["crawl", SEED, "--max-posts", "-1"], "--max-posts: must be 0 or more, not -1"),
        (["crawl", SEED, "--max-posts", "ten"], "--max-posts: not a whole number: 'ten'"),
        (["demo", "--posts", "-3"], "--posts: must be 1 or more, not -3"),
        (["demo", "--posts", "0"], "--posts: must be 1 or more, not 0"),
        (["crawl", "ftp://digest.example/"], "SEED_URL: not an http(s) URL"),
        (["crawl", "not-a-url"], "not an http(s) URL: 'not-a-url'"),
        (["crawl", SEED, "-s", "NOEQUALS"], "-s expects NAME=VALUE, got 'NOEQUALS'"),
        (["crawl", SEED, "-s", "TOPTEN_MAX_POST=3"], "-s TOPTEN_MAX_POST: no such setting"),
        (["crawl", SEED, "-s", "TOPTEN_MAX_POSTS=abc"], "TOPTEN_MAX_POSTS=abc: not a whole"),
        (["crawl", SEED, "-s", "TOPTEN_MAX_POSTS=-5"], "TOPTEN_MAX_POSTS=-5: must be 0 or more"),
        (["crawl", SEED, "-s", "TOPTEN_FOLLOW_SOURCES=maybe"], "not a yes/no value"),
        (["crawl", SEED, "-s", "DOWNLOAD_DELAY=soon"], "DOWNLOAD_DELAY=soon: not a number"),
        (["crawl", SEED, "-s", "TOPTEN_ALLOWED_ADDRESSES=intranet"], "not an IP address"),
        (["crawl", SEED, "-s", "TOPTEN_PROGRESS=loud"], "one of log, live, off"),
        (["crawl", SEED, "-s", "LOG_LEVEL=CHATTY"], "LOG_LEVEL=CHATTY: not a log level"),
        (["crawl", SEED, "-s", "TOPTEN_CRAWL_ID=../escape"], "is not a folder name"),
        (["crawl", SEED, "-q", "-v"], "not allowed with argument"),
        (["crawl", "--seeds", "/nonexistent/seeds.txt"], "cannot read seeds file"),
        (["replay", "--port", "99999"], "--port: must be a port from 1 to 65535"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "archive"
    extra = ["--out", str(out)] if argv[0] in ("crawl", "demo") else []
    status, stdout, stderr = run(capsys, *argv, *extra)
    assert status == 2
    assert message in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stdout == ""
    assert not out.exists()  # no crawl folder: nothing was started


def test_out_naming_a_file_or_an_unwritable_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    status, _, stderr = run(capsys, "crawl", SEED, "--out", str(a_file))
    assert status == 2
    assert (
        stderr.strip() == f"topten-crawler crawl: error: --out {a_file}: exists and is not a folder"
    )
    status, _, stderr = run(capsys, "crawl", SEED, "--out", str(a_file / "below"))
    assert status == 2
    assert "is not a folder" in stderr
    assert a_file.read_text(encoding="utf-8") == "not a folder"


def test_an_earlier_crawl_folder_is_never_reused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    earlier = tmp_path / "c1"
    earlier.mkdir()
    (earlier / "records.jsonl").write_text("{}\n", encoding="utf-8")
    (earlier / "manifest.json").write_text("{}\n", encoding="utf-8")
    status, _, stderr = run(
        capsys, "crawl", SEED, "--out", str(tmp_path), "-s", "TOPTEN_CRAWL_ID=c1"
    )
    assert status == 2
    assert "holds a finished crawl" in stderr
    assert (earlier / "records.jsonl").read_text(encoding="utf-8") == "{}\n"


def test_version_and_help_name_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    status, stdout, _ = run(capsys, "--version")
    assert (status, stdout.strip()) == (0, f"topten-crawler {__version__}")
    status, stdout, _ = run(capsys, "--help")
    assert status == 0
    assert "2 bad arguments" in " ".join(stdout.split())
    status, stdout, _ = run(capsys, "demo", "--help")
    assert "default: 72" in stdout


def test_numbers_are_read_as_their_settings_read_them() -> None:
    # Fractions of a second are fine where a setting is read as a number; not for counts.
    from topten_crawler.cli.validation import UsageError, check_overrides

    check_overrides({"TOPTEN_SOURCE_TIMEOUT": "1.5", "DOWNLOAD_TIMEOUT": "2.5"})
    with pytest.raises(UsageError, match=r"TOPTEN_MAX_POSTS=1\.5: not a whole number"):
        check_overrides({"TOPTEN_MAX_POSTS": "1.5"})


def test_a_full_disk_before_the_crawl_starts_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from topten_crawler.crawlfolder.lock import ArchiveLock

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ArchiveLock, "acquire", full_disk)
    status = main(["crawl", "https://foreigndesknews.com/", "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err.strip() == (
        "topten-crawler crawl: error: [Errno 28] No space left on device"
    )
