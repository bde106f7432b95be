"""Worker processes for the server's summaries: one per summary in flight, killed at its time limit.

A thread cannot be stopped: a summary abandoned at its 503 went on using CPU and memory until it
finished, and the next waves piled up beside it (issue 13). A process can be. When a request is
cancelled while its job is in a worker (time limit passed, client gone), that worker is killed,
the OS takes its memory back at once, and a fresh worker takes its place. Workers warm up when they
start (word segmenter and scoring model load once per worker), so ordinary requests pay nothing for
this; a worker whose memory has grown past a bound after a large job is replaced the same way.

Workers are forked from a `forkserver` that has loaded and warmed the models once (`preload.py`), so a
replacement is ready in milliseconds and shares the models' memory; never a fork of the threaded
server itself. Where there is no forkserver, `spawn` is used and each worker warms itself. Workers
leave on their own when the server process dies.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from typing import Any, Callable, Optional

import anyio

log = logging.getLogger("tomtat.server")
PRELOAD = "tomtat.server.preload"


def _context():
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([PRELOAD])  # ignored if this process's forkserver already runs
        return context
    return multiprocessing.get_context("spawn")


CONTEXT = _context()
READY = "ready"


class WorkerDied(Exception):
    """The worker process ended while it held a job (killed by the OS, crashed in native code)."""


class WorkerFailed(Exception):
    """The job raised an unexpected exception inside the worker; the message says which."""


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _exit_with_parent(parent: int) -> None:
    """Leave as soon as the parent (the server, or the forkserver that leaves with it) is gone, even in
    the middle of a job (the pipe only tells when idle)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def worker_main(conn, task: Callable[[Any], Any], warm: Optional[Callable[[], None]], recycle_mb: float) -> None:
    """A worker's life: warm up, say ready, then run jobs until told to stop or the pipe closes.

    Every reply is (ok, value, retire): the task's result, or the text of an unexpected exception;
    `retire` says the worker is leaving because its memory passed `recycle_mb`.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server decides
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if warm is not None:
        warm()  # at once when the forkserver preloaded the models
    conn.send(READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = (True, task(job))
        except Exception as err:  # reported to the request; the traceback goes to the server's log
            logging.getLogger("tomtat.server").exception("summary failed in worker %d", os.getpid())
            reply = (False, f"{type(err).__name__}: {err}")
        retire = _rss_mb() > recycle_mb
        try:
            conn.send((*reply, retire))
        except (OSError, ValueError):
            return
        if retire:
            return


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, task, warm, recycle_mb: float) -> None:
        self.conn, child = CONTEXT.Pipe()
        self.process = CONTEXT.Process(target=worker_main, args=(child, task, warm, recycle_mb),
                                       name="tomtat-worker", daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    @property
    def pid(self) -> int:
        return self.process.pid

    async def receive(self) -> Any:
        await anyio.wait_readable(self.conn.fileno())
        try:
            return await anyio.to_thread.run_sync(self.conn.recv)
        except (EOFError, OSError):
            raise WorkerDied(f"worker process ended (exit code {self.process.exitcode})") from None

    async def wait_ready(self) -> None:
        if not self.ready:
            if await self.receive() != READY:
                raise WorkerDied("worker process did not start")
            self.ready = True

    async def send(self, job: Any) -> None:
        try:
            await anyio.to_thread.run_sync(self.conn.send, job)
        except (OSError, ValueError):
            raise WorkerDied(f"worker process ended (exit code {self.process.exitcode})") from None

    async def stop(self) -> None:
        """Kill the process and reap it (shielded: this runs while the request is being cancelled)."""
        with anyio.CancelScope(shield=True):
            if self.process.is_alive():
                self.process.kill()
            await anyio.to_thread.run_sync(self.process.join, 10)
            self.conn.close()


class WorkerPool:
    """`size` worker processes; `run(job)` waits for a free one, and kills it if cancelled mid-job."""

    def __init__(self, size: int, task: Callable[[Any], Any], warm: Optional[Callable[[], None]] = None,
                 recycle_mb: float = 1024.0) -> None:
        self.size, self.task, self.warm, self.recycle_mb = size, task, warm, recycle_mb
        self.idle: list[Worker] = []
        self.busy: set[Worker] = set()
        self.slots = anyio.Semaphore(size)
        self.replaced = 0  # workers killed or retired and replaced so far (for logs and tests)

    def _spawn(self) -> Worker:
        return Worker(self.task, self.warm, self.recycle_mb)

    def start(self) -> None:
        """Start the missing workers now (they warm up in parallel, each in its own process)."""
        while len(self.idle) + len(self.busy) < self.size:
            self.idle.append(self._spawn())

    async def wait_ready(self) -> None:
        # In a thread: the first start also starts the forkserver, which loads the models before forking.
        await anyio.to_thread.run_sync(self.start)
        for worker in list(self.idle):
            await worker.wait_ready()

    def pids(self) -> list[int]:
        return sorted(w.pid for w in [*self.idle, *self.busy])

    def warm_idle(self) -> int:
        """How many idle workers have finished warming up."""
        return sum(1 for w in self.idle if w.ready or w.conn.poll())

    def _take(self) -> Worker:
        """An idle worker, preferring warm ones (a fresh replacement may still be loading its models)."""
        worker = next((w for w in self.idle if w.ready or w.conn.poll()), self.idle[0])
        self.idle.remove(worker)
        return worker

    async def _replace(self, worker: Worker, why: str) -> None:
        await worker.stop()
        self.busy.discard(worker)
        self.replaced += 1
        log.info("worker %d %s; starting a fresh one", worker.pid, why)
        self.idle.append(self._spawn())

    async def run(self, job: Any) -> Any:
        """The task's result for `job`. Cancelled mid-job (time limit, client gone) → the worker is killed."""
        async with self.slots:
            self.start()
            worker = self._take()
            self.busy.add(worker)
            sent = False
            try:
                if not worker.process.is_alive():
                    raise WorkerDied(f"worker process ended while idle (exit code {worker.process.exitcode})")
                await worker.wait_ready()
                sent = True
                await worker.send(job)
                ok, value, retire = await worker.receive()
            except BaseException as err:
                if sent or isinstance(err, WorkerDied):
                    why = "was stopped: its request was cancelled" if not isinstance(err, WorkerDied) else f"died ({err})"
                    await self._replace(worker, why)
                else:  # cancelled while the fresh worker was still warming up: keep it
                    self.busy.discard(worker)
                    self.idle.append(worker)
                raise
            if retire:
                await self._replace(worker, f"retired after passing {self.recycle_mb:g} MB")
            else:
                self.busy.discard(worker)
                self.idle.append(worker)
        if not ok:
            raise WorkerFailed(value)
        return value

    async def close(self) -> None:
        workers, self.idle, self.busy = [*self.idle, *self.busy], [], set()
        for worker in workers:
            await worker.stop()
