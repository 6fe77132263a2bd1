"""End to end through scrapyd: the project deployed with ``scrapyd-deploy``, crawls run as jobs.

A real scrapyd runs on a free loopback port, in a temporary folder of its own (its config,
eggs, logs and databases), started from this venv and stopped whatever ends the test: SIGTERM,
then SIGKILL to its whole process group (the crawls it spawns are in it too). The project is
deployed from a copy of the checkout (``scrapyd-deploy`` writes a ``setup.py`` and ``build/``
where it runs), to a target added to the copy's ``scrapy.cfg``. Two jobs go through
``schedule.json`` at once, each into an archive folder of its own:

- ``seed=`` the replica, as a scheduled job would name any site;
- ``seeds_file=seeds/replica.txt``, a seed list that exists only in the deployed egg: that
  crawl can only start if the egg's code ran and found its package data in the zip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.replay_env import free_port, listening, wait_closed
from topten_crawler.archive.replay import start_child, stop
from topten_crawler.replica import ReplicaServer, build_content

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PROJECT = "topten_crawler"
TARGET = "e2e-scrapyd"
VERSION = "e2e"
POSTS = 8
START_TIMEOUT = 60.0
JOB_TIMEOUT = 300.0
# Politeness off (the replica is ours), the site alone: a short crawl.
SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "TOPTEN_FOLLOW_SOURCES": "False",
}


@dataclass(frozen=True)
class Scrapyd:
    base: str  # http://127.0.0.1:<port>
    port: int
    root: Path  # its config, eggs, logs, dbs
    log: Path  # scrapyd's own output: one "Process finished" or "Process died" per job
    process: subprocess.Popen[bytes]

    def get(self, endpoint: str, **query: str) -> dict[str, Any]:
        url = f"{self.base}/{endpoint}?{urllib.parse.urlencode(query)}"
        with urllib.request.urlopen(url, timeout=30) as response:
            answer: dict[str, Any] = json.load(response)
        return answer

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        data = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(f"{self.base}/{endpoint}", data, timeout=30) as response:
            answer: dict[str, Any] = json.load(response)
        return answer

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def isolated_env(home: Path) -> dict[str, str]:
    """This environment (the network fence's PYTHONPATH included) with a home of its own, so
    that no ``~/.scrapyd.conf`` or ``~/.scrapy.cfg`` of the machine changes what runs."""
    env = dict(os.environ)
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    env.pop("SCRAPY_PROJECT", None)
    return env


@contextmanager
def scrapyd(root: Path, env: dict[str, str]) -> Iterator[Scrapyd]:
    """A scrapyd on a free loopback port in ``root``; stopped with its process group."""
    root.mkdir()
    port = free_port()
    (root / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {root / 'eggs'}\n"
        f"logs_dir = {root / 'logs'}\n"
        f"dbs_dir = {root / 'dbs'}\n"
        "items_dir =\n"
        "poll_interval = 0.5\n"
        "max_proc = 2\n",
        encoding="utf-8",
    )
    log = root / "scrapyd.out"
    with log.open("wb") as stream:
        # scrapyd reads ./scrapyd.conf; its crawls run in the same folder, far from any
        # scrapy.cfg, so they take their settings from the egg's entry point.
        process = start_child(
            [sys.executable, "-m", "scrapyd", "--pidfile", str(root / "twistd.pid")],
            cwd=root,
            log=stream,
            env=env,
        )
    server = Scrapyd(f"http://127.0.0.1:{port}", port, root, log, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise AssertionError(
                    f"scrapyd exited with {process.returncode}:\n{server.output()}"
                )
            try:
                if server.get("daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"scrapyd not up after {START_TIMEOUT} s:\n{server.output()}")
            time.sleep(0.2)
        yield server
    finally:
        stop(process)  # SIGTERM, then SIGKILL, to the whole group: scrapyd and its crawls
        assert wait_closed(port), f"something still listens on scrapyd's port {port}"
        with pytest.raises(ProcessLookupError):
            os.killpg(process.pid, 0)  # no process of its group is left


def copy_project(dest: Path) -> Path:
    """What ``scrapyd-deploy`` builds the egg from, copied: it writes beside it."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", "scrapy.cfg"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(
        REPO / PROJECT, dest / PROJECT, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    return dest


def deploy(project: Path, server: Scrapyd, env: dict[str, str]) -> dict[str, Any]:
    """``scrapyd-deploy TARGET`` from ``project``, the target added to its scrapy.cfg."""
    with (project / "scrapy.cfg").open("a", encoding="utf-8") as cfg:
        cfg.write(f"\n[deploy:{TARGET}]\nurl = {server.base}/\nproject = {PROJECT}\n")
    result = subprocess.run(
        [str(VENV_BIN / "scrapyd-deploy"), TARGET, "--version", VERSION],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr + server.output()[-3000:]
    answer: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def schedule(server: Scrapyd, out: Path, argument: tuple[str, str]) -> str:
    settings = {**SETTINGS, "TOPTEN_OUTPUT_DIR": str(out)}
    fields = [
        ("project", PROJECT),
        ("spider", "topten"),
        argument,
        *(("setting", f"{name}={value}") for name, value in settings.items()),
    ]
    answer = server.post("schedule.json", fields)
    assert answer["status"] == "ok", answer
    job: str = answer["jobid"]
    return job


def wait_finished(server: Scrapyd, jobs: set[str]) -> dict[str, dict[str, Any]]:
    """Poll ``listjobs.json`` until every job of ``jobs`` is finished; their entries."""
    deadline = time.monotonic() + JOB_TIMEOUT
    while True:
        finished = {
            job["id"]: job for job in server.get("listjobs.json", project=PROJECT)["finished"]
        }
        if jobs <= finished.keys():
            return {job: finished[job] for job in jobs}
        if time.monotonic() > deadline:
            raise AssertionError(f"jobs not finished after {JOB_TIMEOUT} s:\n{server.output()}")
        time.sleep(0.5)


def job_log(server: Scrapyd, job: str) -> str:
    path = server.root / "logs" / PROJECT / "topten" / f"{job}.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else "(no log)"


def the_crawl(out: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The manifest and records of the one crawl folder in the archive folder ``out``."""
    (manifest_file,) = out.glob("*/manifest.json")
    records = manifest_file.with_name("records.jsonl").read_text(encoding="utf-8")
    manifest: dict[str, Any] = json.loads(manifest_file.read_text(encoding="utf-8"))
    return manifest, [json.loads(line) for line in records.splitlines()]


def test_scrapyd_deploy_and_scheduled_crawls_of_the_replica(tmp_path: Path) -> None:
    started = time.monotonic()
    env = isolated_env(tmp_path / "home")
    (tmp_path / "home").mkdir()
    project = copy_project(tmp_path / "project")
    with ReplicaServer(build_content(POSTS)) as site, scrapyd(tmp_path / "scrapyd", env) as server:
        # A seed list that only the egg carries: the package data glob takes seeds/*.txt.
        (project / PROJECT / "seeds" / "replica.txt").write_text(
            f"# the replica, for the scrapyd test\n{site.base_url}\n", encoding="utf-8"
        )
        answer = deploy(project, server, env)
        # scrapyd ran `scrapy list` with the egg to count its spiders.
        assert answer["status"] == "ok" and answer["spiders"] == 1, answer
        assert server.get("listspiders.json", project=PROJECT)["spiders"] == ["topten"]
        (egg_file,) = (server.root / "eggs" / PROJECT).glob("*.egg")
        with zipfile.ZipFile(egg_file) as egg:
            names = set(egg.namelist())
            entry_points = egg.read("EGG-INFO/entry_points.txt").decode()
        assert {f"{PROJECT}/seeds/foreigndesknews.txt", f"{PROJECT}/seeds/replica.txt"} <= names
        assert f"[scrapy]\nsettings = {PROJECT}.settings" in entry_points

        by_seed, by_list = tmp_path / "archive-seed", tmp_path / "archive-list"
        jobs = {
            schedule(server, by_seed, ("seed", site.base_url)): by_seed,
            schedule(server, by_list, ("seeds_file", "seeds/replica.txt")): by_list,
        }
        wait_finished(server, set(jobs))
        expected = {post.url for post in site.expected_posts()}

        for job, out in jobs.items():
            assert list(out.glob("*/manifest.json")), job_log(server, job)[-3000:]
            manifest, records = the_crawl(out)
            assert manifest["ok"] is True, (manifest["problems"], job_log(server, job)[-3000:])
            assert manifest["seeds"] == [site.base_url]
            assert {r["url"] for r in records if r["type"] == "post"} == expected
            assert not [r for r in records if r["type"] == "source"]  # sources not followed
        # The crawl command's exit status reached scrapyd: 0 for each job.
        output = server.output()
        assert output.count("Process finished:") == 2, output[-3000:]
        assert "Process died" not in output, output[-3000:]
    assert not listening(server.port)
    print(f"scrapyd test: deploy, two crawls and stop in {time.monotonic() - started:.1f} s")
