"""The extraction pool: results in order of completion, and a worker that hangs, dies or is
cancelled replaced without losing the pool. The functions submitted live in
``tests/helpers/extraction_jobs.py`` (a worker imports them by name)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path

import pytest

from tests.helpers import extraction_jobs as job
from topten_crawler.extraction.pool import (
    CANCELLED,
    TIMEOUT,
    WORKER_DIED,
    ExtractionFailed,
    ExtractionPool,
)

PRELOAD = [job.__name__]
REPO = Path(__file__).resolve().parents[1]

# A pool owner with a worker idle and one stuck in a call, that says so and waits to be killed.
OWNER = f"""
import sys, time
from tests.helpers import extraction_jobs as job
from topten_crawler.extraction.pool import ExtractionPool
pool = ExtractionPool(2, timeout=600.0, preload={PRELOAD!r})
pool.submit(job.hang)
pool.submit(job.square_in_process, 3).result(timeout=60)
print("ready", flush=True)
time.sleep(600)
"""


def processes() -> dict[int, tuple[str, int, int]]:
    """Every process of the machine: pid -> (state, parent pid, process group), from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:  # ended meanwhile
            continue
        state, parent, group = stat[stat.rindex(")") + 2 :].split()[:3]
        found[int(entry.name)] = (state, int(parent), int(group))
    return found


def children_of(pid: int) -> set[int]:
    return {child for child, (_, parent, _) in processes().items() if parent == pid}


def live_in_group(group: int) -> set[int]:
    """The processes of ``group`` that still run (a zombie is only an entry to be reaped)."""
    return {pid for pid, (state, _, grp) in processes().items() if grp == group and state != "Z"}


@pytest.fixture
def pool() -> Iterator[ExtractionPool]:
    extraction_pool = ExtractionPool(2, timeout=5.0, preload=PRELOAD)
    yield extraction_pool
    extraction_pool.close()


def test_results_come_back_from_other_processes(pool: ExtractionPool) -> None:
    futures = [pool.submit(job.square_in_process, n) for n in range(6)]
    results = [future.result(timeout=30) for future in futures]
    assert [square for square, _ in results] == [0, 1, 4, 9, 16, 25]
    assert len({pid for _, pid in results} - {job.this_pid()}) >= 1
    assert job.this_pid() not in {pid for _, pid in results}


def test_results_come_in_order_of_completion(pool: ExtractionPool) -> None:
    slow = pool.submit(job.sleep_then_return, 1.5, "slow")
    fast = pool.submit(job.sleep_then_return, 0.0, "fast")
    done, _ = wait([slow, fast], timeout=30, return_when=FIRST_COMPLETED)
    assert done == {fast}
    assert slow.result(timeout=30) == "slow"


def test_an_exception_in_the_job_comes_back_as_itself(pool: ExtractionPool) -> None:
    with pytest.raises(ValueError, match="no such page"):
        pool.submit(job.raise_value_error, "no such page").result(timeout=30)
    assert pool.submit(job.sleep_then_return, 0.0, "after").result(timeout=30) == "after"


def test_an_unpicklable_result_is_an_extraction_error(pool: ExtractionPool) -> None:
    with pytest.raises(ExtractionFailed) as failed:
        pool.submit(job.unpicklable_result).result(timeout=30)
    assert failed.value.reason == "extraction_error"
    assert pool.submit(job.sleep_then_return, 0.0, "after").result(timeout=30) == "after"


def test_a_job_over_its_time_budget_is_killed_and_its_worker_replaced() -> None:
    pool = ExtractionPool(1, timeout=1.0, preload=PRELOAD)
    try:
        started = time.monotonic()
        hung = pool.submit(job.hang)
        queued = pool.submit(job.square_in_process, 7)
        with pytest.raises(ExtractionFailed) as failed:
            hung.result(timeout=30)
        assert failed.value.reason == TIMEOUT
        assert time.monotonic() - started < 10
        # The one worker was replaced: the job queued behind the hung one still runs.
        assert queued.result(timeout=30)[0] == 49
        assert pool.replaced[TIMEOUT] == 1
    finally:
        pool.close()


def test_a_worker_that_dies_is_replaced(pool: ExtractionPool) -> None:
    first_pid = pool.submit(job.square_in_process, 1).result(timeout=30)[1]
    with pytest.raises(ExtractionFailed) as failed:
        pool.submit(job.die, 3).result(timeout=30)
    assert failed.value.reason == WORKER_DIED
    results = [pool.submit(job.square_in_process, n).result(timeout=30) for n in range(4)]
    assert [square for square, _ in results] == [0, 1, 4, 9]
    assert pool.replaced[WORKER_DIED] == 1
    assert first_pid  # a real process answered before the death


def test_cancel_fails_running_and_queued_jobs_at_once() -> None:
    pool = ExtractionPool(1, timeout=60.0, preload=PRELOAD)
    try:
        running = pool.submit(job.hang)
        queued = pool.submit(job.square_in_process, 2)
        time.sleep(0.5)
        started = time.monotonic()
        pool.cancel()
        for future in (running, queued):
            with pytest.raises(ExtractionFailed) as failed:
                future.result(timeout=30)
            assert failed.value.reason == CANCELLED
        assert time.monotonic() - started < 5
    finally:
        pool.close()


def test_a_closed_pool_takes_no_more_jobs() -> None:
    pool = ExtractionPool(1, timeout=5.0, preload=PRELOAD)
    pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        pool.submit(job.square_in_process, 1)


@pytest.mark.parametrize(("workers", "timeout"), [(0, 1.0), (1, 0.0)])
def test_a_pool_needs_workers_and_a_time_budget(workers: int, timeout: float) -> None:
    with pytest.raises(ValueError):
        ExtractionPool(workers, timeout)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_closed_pool_leaves_no_process_and_no_zombie() -> None:
    before = children_of(os.getpid())
    pool = ExtractionPool(2, timeout=60.0, preload=PRELOAD)
    hung = pool.submit(job.hang)
    pool.submit(job.square_in_process, 2).result(timeout=30)
    assert children_of(os.getpid()) - before, "the pool started no process of its own"
    pool.close()
    with pytest.raises(ExtractionFailed):
        hung.result(timeout=30)
    # The fork server and the resource tracker are stopped and reaped too: left running,
    # they would end after this process as orphans (zombies where init does not reap).
    assert children_of(os.getpid()) <= before


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_killed_pool_owner_leaves_no_extraction_process_behind() -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own: the pool's processes join it
    )
    try:
        assert owner.stdout is not None
        assert owner.stdout.readline().strip() == "ready"
        started = live_in_group(owner.pid) - {owner.pid}
        # The fork server, the idle worker, the one stuck in a call, the resource tracker.
        assert len(started) >= 4, processes()
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=30)
        deadline = time.monotonic() + 5
        while live_in_group(owner.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not live_in_group(owner.pid), {
            pid: processes().get(pid) for pid in live_in_group(owner.pid)
        }
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait(timeout=30)
        if owner.stdout is not None:
            owner.stdout.close()
        for pid in live_in_group(owner.pid):  # what the test found left, not left to others
            os.kill(pid, signal.SIGKILL)


def test_a_worker_whose_memory_grew_too_big_retires_after_its_answer() -> None:
    pool = ExtractionPool(1, timeout=30)
    try:
        small = pool.submit(job.grow, 1).result(timeout=30)
        assert pool.submit(job.grow, 1).result(timeout=30) == small  # the same worker goes on
        big = pool.submit(job.grow, 200).result(timeout=30)  # answered, then retires
        assert big == small
        assert pool.submit(job.grow, 1).result(timeout=30) != big  # a fresh worker
        assert pool.retired == 1
    finally:
        pool.close()
