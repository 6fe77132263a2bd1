"""The daily-crawl files of deploy/: the systemd service and timer, and the cron line.

The units are read as systemd reads them (and checked with ``systemd-analyze verify`` where it
is installed); the cron line is run with ``/bin/sh`` as cron would, the crawler replaced by a
stand-in that exits with each status, and once with the real crawler on a locked archive.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from topten_crawler.crawlfolder.lock import ArchiveLock

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
SERVICE = DEPLOY / "topten-crawler.service"
TIMER = DEPLOY / "topten-crawler.timer"
CRON = DEPLOY / "topten-crawler.cron"
INSTALLED = "/opt/topten-crawler/.venv/bin/topten-crawler"
ARCHIVE = "/data/topten"
CRON_LOG = "/var/log/topten-crawler/crawl.log"
CRAWLER = Path(sys.executable).parent / "topten-crawler"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_the_service_runs_the_crawl_once_and_counts_a_locked_archive_as_skipped() -> None:
    service = unit(SERVICE)["Service"]
    assert service["Type"] == "oneshot"
    assert shlex.split(service["ExecStart"]) == [INSTALLED, "crawl", "--out", ARCHIVE]
    # Exit 3 (another crawl holds the archive) is a success; 1 and 2 stay failures.
    assert service["SuccessExitStatus"].split() == ["3"]
    assert service["User"] == "topten"
    # The sandbox leaves the archive folder writable, and nothing else.
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"].split() == [ARCHIVE]


def test_the_timer_is_daily_randomized_and_catches_up() -> None:
    timer = unit(TIMER)["Timer"]
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", timer["OnCalendar"])
    assert timer["Persistent"] == "true"
    assert timer["RandomizedDelaySec"]
    assert "Unit" not in timer  # the service of the same name
    assert unit(TIMER)["Install"]["WantedBy"] == "timers.target"


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian's package systemd has it)")
    # verify wants ExecStart's program to exist: this venv's crawler stands in for /opt's.
    for path in (SERVICE, TIMER):
        text = path.read_text(encoding="utf-8").replace(INSTALLED, str(CRAWLER))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", "--man=no", *(str(tmp_path / p.name) for p in (SERVICE, TIMER))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    ours = [line for line in (result.stdout + result.stderr).splitlines() if "topten" in line]
    assert result.returncode == 0 and ours == [], result.stdout + result.stderr


def cron_job() -> tuple[list[str], str, str]:
    """The schedule fields, the user, and the command of the cron file's one job line."""
    lines = [
        line
        for line in CRON.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and not re.match(r"[A-Z_]+=", line)
    ]
    assert len(lines) == 1, lines
    fields = lines[0].split(None, 6)
    return fields[:5], fields[5], fields[6]


def test_the_cron_line_is_daily_plain_and_mails_somewhere() -> None:
    schedule, user, command = cron_job()
    minute, hour, *rest = schedule
    assert minute.isdigit() and hour.isdigit() and rest == ["*", "*", "*"]
    assert user == "topten"
    assert command.startswith(f"{INSTALLED} crawl --out {ARCHIVE} >>{CRON_LOG} 2>&1;")
    assert "flock" not in command  # the crawler locks its archive folder itself
    assert "%" not in command  # cron would cut the command there
    assert re.search(r"^MAILTO=\S+", CRON.read_text(encoding="utf-8"), re.MULTILINE)


def run_cron_command(command: str, tmp_path: Path) -> tuple[str, str]:
    """Run the job's command as cron does (``/bin/sh -c``), its log in ``tmp_path``; what it
    printed (cron's mail) and the log."""
    log = tmp_path / "crawl.log"
    result = subprocess.run(
        ["/bin/sh", "-c", command.replace(CRON_LOG, str(log))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr  # cron mails output, not exit statuses
    return result.stdout + result.stderr, log.read_text(encoding="utf-8")


@pytest.mark.parametrize(("status", "mailed"), [(0, False), (1, True), (2, True), (3, False)])
def test_the_cron_line_mails_only_a_failure(tmp_path: Path, status: int, mailed: bool) -> None:
    _, _, command = cron_job()
    crawler = tmp_path / "topten-crawler"
    crawler.write_text(f'#!/bin/sh\necho "crawl said: $*"\nexit {status}\n', encoding="utf-8")
    crawler.chmod(0o755)
    mail, log = run_cron_command(command.replace(INSTALLED, str(crawler)), tmp_path)
    assert log == f"crawl said: crawl --out {ARCHIVE}\n"
    if mailed:
        assert mail.startswith(f"topten-crawler crawl exited {status}; the end of ")
        assert mail.endswith(log)
    else:
        assert mail == ""


def test_the_cron_line_with_the_real_crawler_on_a_locked_archive_is_silent(
    tmp_path: Path,
) -> None:
    _, _, command = cron_job()
    archive = tmp_path / "archive"
    lock = ArchiveLock.acquire(archive)  # as a crawl that still runs holds it
    try:
        command = command.replace(INSTALLED, str(CRAWLER)).replace(ARCHIVE, str(archive))
        mail, log = run_cron_command(command, tmp_path)
    finally:
        lock.release()
    assert mail == ""
    assert "crawl" in log and str(archive) in log  # the crawler said why it skipped
    assert [p.name for p in archive.iterdir()] == [".crawl.lock"]
