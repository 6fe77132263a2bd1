"""A pool of worker processes that run one function call each at a time, within a time budget.

Pure: no Scrapy, no Twisted, nothing of the project. ``submit`` returns a
:class:`concurrent.futures.Future`, resolved when the call is done, in order of completion.
A call that raises in its worker fails its future with that exception; a call that runs
longer than the pool's ``timeout``, or whose worker dies under it (a segfault, ``os._exit``,
the OOM killer), fails its future with :class:`ExtractionFailed` and its worker is killed and
replaced, so one page can never hold the crawl; ``cancel`` fails every call queued or running
at once (a crawl asked to stop does not wait for its pages).

Unlike :class:`concurrent.futures.ProcessPoolExecutor`, which breaks as a whole when one
worker dies and cannot stop a call that hangs, each worker here has a thread of the parent
that feeds it one call at a time and watches the clock. Workers are started from a fork
server that has imported the ``preload`` modules once, so a replacement starts in
milliseconds and the workers share the parent's imported code pages.

No process of the pool outlives its owner. ``close`` (also run at interpreter exit) stops the
workers, then the fork server and multiprocessing's resource tracker, and reaps them: left to
themselves these two end only after their owner has exited, as orphans, which an init that
does not reap (a container's, a microVM's) keeps as zombies in the owner's process group. A
worker whose owner is killed (SIGKILL, the OOM killer) sees the pipe that ties it to its owner
close and exits at once, even in the middle of a call; the fork server and the tracker then
end as their last user is gone.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing import forkserver, resource_tracker
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

Result = TypeVar("Result")

# How often a runner thread waiting for its worker looks at the pool's cancel flag.
_WATCH_SECONDS = 0.1


class ExtractionFailed(Exception):
    """A call that the pool could not complete; ``reason`` is a short code for records."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


TIMEOUT = "extraction_timeout"
WORKER_DIED = "extraction_worker_died"
CANCELLED = "extraction_cancelled"
# The call raised an exception that could not be sent back to the parent as itself.
ERROR = "extraction_error"


@dataclass
class _Call:
    function: Callable[..., Any]
    args: tuple[Any, ...]
    future: Future[Any] = field(default_factory=Future)


def _exit_when_owner_dies() -> None:
    """Exit as soon as the pool's owner is gone, whatever the worker is doing.

    The worker's parent is the fork server, so ``PR_SET_PDEATHSIG`` would not see the owner
    die; the pipe that multiprocessing keeps open from the owner to each child does: it
    closes (reads as ready) when the owner exits in any way, SIGKILL included."""
    owner = multiprocessing.parent_process()
    if owner is None or owner.sentinel is None:
        return
    sentinel = owner.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="owner-watch", daemon=True).start()


# A worker whose resident memory is over this after a call hands back its answer and exits:
# Python and libxml2 keep the heap a huge page grew, so without this one worker that met two
# huge pages in a row would hold both peaks (a fresh one starts at about 60-80 MB).
RETIRE_ABOVE_BYTES = 120 * 1024 * 1024


def _resident_bytes() -> int:
    """This process's resident memory now (Linux ``/proc``), else 0."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _worker_main(connection: Connection, retire_above: int = RETIRE_ABOVE_BYTES) -> None:
    """A worker: run each call that comes down the pipe, send back its result or exception,
    and whether it retires (its memory grew over ``retire_above``) after this answer."""
    # Ctrl-C reaches the whole process group: the parent decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_when_owner_dies()
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):  # the parent is gone or closed the pool
            return
        try:
            answer: tuple[bool, Any] = (True, function(*args))
        except Exception as error:  # every failure goes back to the parent
            answer = (False, error)
        retiring = _resident_bytes() > retire_above
        try:
            connection.send((*answer, retiring))
        except Exception as error:  # an unpicklable result or exception
            # Pickling comes before writing: nothing of the failed answer is in the pipe.
            unsent = "".join(traceback.format_exception_only(type(error), error)).strip()
            failed = ExtractionFailed(ERROR, f"{answer[1]!r} ({unsent})")
            connection.send((False, failed, retiring))
        if retiring:
            return


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any) -> None:
        self.connection, child_end = multiprocessing.Pipe(duplex=True)
        self.process = context.Process(target=_worker_main, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()

    def stop(self, kill: bool) -> None:
        if kill:
            self.process.kill()
        self.connection.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.process.close()


# The pools of this process not yet closed; the last one closed stops the fork server.
_open_pools: set[ExtractionPool] = set()
_open_pools_lock = threading.Lock()


def _stop_helper_processes() -> None:
    """Stop and reap the fork server and the resource tracker, if they run.

    Both end when the last copy of a pipe they read is closed: the fork server's by its
    workers (stopped before) and this process, the tracker's by the fork server too. Private
    methods of multiprocessing (its own tests use them): there is no public way to stop them.
    """
    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]


@atexit.register
def _close_open_pools() -> None:
    """At interpreter exit (a crawl that stopped without closing its spider), close what is
    left open, so that no process of the pool is orphaned."""
    for pool in list(_open_pools):
        pool.close()


class ExtractionPool:
    """``workers`` processes, each running one call at a time for at most ``timeout`` seconds.

    ``preload``: modules the fork server imports once, so that every worker starts with them
    (the modules that hold the functions submitted, and what they import).
    """

    def __init__(self, workers: int, timeout: float, preload: Sequence[str] = ()) -> None:
        if workers < 1:
            raise ValueError(f"an extraction pool needs at least one worker, not {workers}")
        if timeout <= 0:
            raise ValueError(f"an extraction time budget must be positive, not {timeout}")
        self.timeout = timeout
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(list(preload))
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._cancelled = threading.Event()
        self._closed = False
        # Counts of what went wrong, for the crawl's stats (read by the adapter).
        self.replaced: dict[str, int] = {TIMEOUT: 0, WORKER_DIED: 0}
        # Workers that retired after a call because their memory had grown too big.
        self.retired = 0
        self._lock = threading.Lock()
        self._runners = [
            threading.Thread(target=self._run, name=f"extraction-{n}", daemon=True)
            for n in range(workers)
        ]
        with _open_pools_lock:
            _open_pools.add(self)
        for runner in self._runners:
            runner.start()

    def submit(self, function: Callable[..., Result], *args: Any) -> Future[Result]:
        """Run ``function(*args)`` in a worker; both must pickle (a module-level function)."""
        if self._closed:
            raise RuntimeError("the extraction pool is closed")
        call = _Call(function, args)
        self._calls.put(call)
        return call.future

    def cancel(self) -> None:
        """Fail every call queued or running with ``extraction_cancelled``, from now on."""
        self._cancelled.set()

    def close(self) -> None:
        """Stop the workers (cancelling what is left) and wait for the runner threads."""
        if self._closed:
            return
        self._closed = True
        self._cancelled.set()
        for _ in self._runners:
            self._calls.put(None)
        for runner in self._runners:
            runner.join()
        with _open_pools_lock:
            _open_pools.discard(self)
            if not _open_pools:
                _stop_helper_processes()

    # --- The runner threads ------------------------------------------------------------------
    def _run(self) -> None:
        worker: _Worker | None = None
        try:
            while True:
                call = self._calls.get()
                if call is None:
                    return
                if not call.future.set_running_or_notify_cancel():
                    continue
                if self._cancelled.is_set():
                    call.future.set_exception(ExtractionFailed(CANCELLED))
                    continue
                if worker is None:
                    worker = _Worker(self._context)
                worker = self._call_in(worker, call)
        finally:
            if worker is not None:
                worker.stop(kill=False)

    def _call_in(self, worker: _Worker, call: _Call) -> _Worker | None:
        """Run one call in ``worker``; the worker to use next (None: start a new one)."""
        try:
            worker.connection.send((call.function, call.args))
        except Exception as error:  # arguments that do not pickle: the caller's mistake
            if isinstance(error, (BrokenPipeError, ConnectionError)):
                self._replace(worker, call, WORKER_DIED, kill=True)
                return None
            call.future.set_exception(error)
            return worker
        deadline = time.monotonic() + self.timeout
        while not worker.connection.poll(_WATCH_SECONDS):
            if self._cancelled.is_set():
                self._replace(worker, call, CANCELLED, kill=True)
                return None
            if time.monotonic() > deadline:
                self._replace(worker, call, TIMEOUT, kill=True)
                return None
        try:
            succeeded, value, retiring = worker.connection.recv()
        except (EOFError, OSError):
            code = worker.process.exitcode
            self._replace(worker, call, WORKER_DIED, detail=f"exit code {code}")
            return None
        if succeeded:
            call.future.set_result(value)
        else:
            call.future.set_exception(value)
        if retiring:  # it grew too big: the next call gets a fresh worker
            worker.stop(kill=False)
            with self._lock:
                self.retired += 1
            return None
        return worker

    def _replace(
        self, worker: _Worker, call: _Call, reason: str, *, kill: bool = False, detail: str = ""
    ) -> None:
        worker.stop(kill=kill)
        if reason in self.replaced:
            with self._lock:
                self.replaced[reason] += 1
            logger.warning("Extraction worker replaced (%s) %s", reason, detail)
        call.future.set_exception(ExtractionFailed(reason, detail))
