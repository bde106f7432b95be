"""Local engines: rows run in this process (one worker) or in a pool of spawned worker processes."""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool

from .rows import init_local_worker, process_chunk


class InlineEngine:
    """One worker: run each chunk right here, no process start-up or pickling to pay for."""

    workers = 1

    def __init__(self, in_name: str, max_words: int) -> None:
        self._args = (in_name, max_words)

    def __enter__(self) -> "InlineEngine":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def submit(self, rows) -> cf.Future:
        future: cf.Future = cf.Future()
        future.set_result(process_chunk(rows, *self._args))
        return future


class PoolEngine:
    """N spawned processes (spawn: safe with threads and on every OS), each warmed up once."""

    def __init__(self, workers: int, in_name: str, max_words: int) -> None:
        self.workers = workers
        self._args = (in_name, max_words)
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=self.workers, initializer=init_local_worker,
                                      initargs=(os.getpid(),), mp_context=multiprocessing.get_context("spawn"))

    def __enter__(self) -> "PoolEngine":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        # On Ctrl-C / an error, queued chunks are dropped instead of run to the end.
        self._pool.shutdown(wait=exc_type is None, cancel_futures=exc_type is not None)

    def submit(self, rows) -> cf.Future:
        try:
            return self._pool.submit(process_chunk, rows, *self._args)
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in native code): the chunks it took down become
            # error records (run.outcome); a fresh pool runs the rest.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(process_chunk, rows, *self._args)
