"""The machine's other cores, for one big cluster.

Cleaning and word segmentation take each document alone, and are most of the cost of a cluster of
thousands of articles: a pool of worker processes prepares chunks of documents while the results come
back in document order (`prepare_all`). Later, near-duplicate detection needs only the sentences, not
the vectors the other features are computed from, so it runs in a forked process meanwhile
(`in_background`). Either way the work and its result are the same as in one process, so the summary
is byte-identical whatever the number of cores. Only a big cluster pays for the workers, so small
ones, every ordinary cluster among them, are handled right here.

A process that is itself one of several workers (a batch or server worker, a Dask worker: started by
multiprocessing) already shares the cores with its siblings and never starts a pool of its own.
Workers are forked: they start in milliseconds with the word segmenter already loaded and, unlike
spawned ones, never re-run a caller's script that lacks a `__main__` guard. A process with other
threads running is never forked (a lock held by one would stay held in the child): it prepares its
documents itself, as on a platform without fork.
"""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import sys
import threading
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from .model import Document

# Text a cluster must hold before workers pay off: ~750 news articles, several CPU seconds of cleaning
# and segmentation, against about a second for a worker to start.
MIN_CHARS = 2_000_000
# Text per task: small enough to spread evenly and to keep each result's pickle small.
CHUNK_CHARS = 250_000


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:           # not Linux
        return os.cpu_count() or 1


def may_fork_workers() -> bool:
    """True in a single-threaded top-level process (CLI, batch with one worker, an API script) that can fork."""
    return ("fork" in multiprocessing.get_all_start_methods() and multiprocessing.parent_process() is None
            and threading.active_count() == 1)


def quiet_bar(tqdm_class: type) -> type:
    """tqdm without its monitor thread: tqdm starts one with every bar, even a disabled one, and then
    this process, having a second thread, would never fork workers."""
    return type("Bar", (tqdm_class,), {"monitor_interval": 0})


def prepare_all(docs: list[Document], prepare: Callable[[Document, int], Document]) -> list[Document]:
    """`prepare(doc, index)` for every document, in worker processes when the cluster is big enough."""
    chunks = _chunks(docs)
    workers = min(usable_cpus(), len(chunks))
    if sum(len(d.text) for d in docs) < MIN_CHARS or workers < 2 or not may_fork_workers():
        return [prepare(d, i) for i, d in enumerate(docs)]
    out: list[Document] = []
    try:
        with _forked_pool(workers) as pool:
            for part in pool.map(_prepare_chunk, [prepare] * len(chunks), chunks):
                out.extend(_interned(d) for d in part)
    except BrokenProcessPool:     # a worker was killed (out of memory): prepare them all here instead
        return [prepare(d, i) for i, d in enumerate(docs)]
    return out


class in_background:
    """`fn(*args)` in a forked process while this one goes on, when `big` and forking is allowed; else
    here, when the result is asked for. The child reads the arguments from the memory it shares with
    this process at the fork (nothing is pickled on the way in) and sends back only the result.

        with in_background(work, items, big=len(items) > N) as job:
            ...                  # other work
            result = job.result()
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, big: bool) -> None:
        self._fn, self._args = fn, args
        self._pool = self._future = None
        if big and usable_cpus() >= 2 and may_fork_workers():
            global _JOB
            _JOB = (fn, args)
            try:
                self._pool = _forked_pool(1)
                self._future = self._pool.submit(_run_job)   # forks now, with _JOB in its memory
            finally:
                _JOB = None

    def __enter__(self) -> "in_background":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def result(self) -> Any:
        if self._future is not None:
            try:
                return self._future.result()
            except BrokenProcessPool:     # the child was killed (out of memory): do the work here
                pass
        return self._fn(*self._args)


_JOB: tuple[Callable[..., Any], tuple] | None = None


def _run_job() -> Any:
    fn, args = _JOB
    return fn(*args)


def _forked_pool(workers: int) -> cf.ProcessPoolExecutor:
    from .batch.orphans import exit_with_parent

    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                  initializer=exit_with_parent, initargs=(os.getpid(),))


def _chunks(docs: list[Document]) -> list[list[tuple[int, Document]]]:
    chunks: list[list[tuple[int, Document]]] = [[]]
    size = 0
    for i, d in enumerate(docs):
        if size >= CHUNK_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append((i, d))
        size += len(d.text)
    return chunks


def _prepare_chunk(prepare: Callable[[Document, int], Document], chunk: list[tuple[int, Document]]) -> list[Document]:
    return [prepare(d, i) for i, d in chunk]


def _interned(doc: Document) -> Document:
    """Syllables and words come back from a worker as new strings; one object per distinct token again,
    as in a cluster prepared here (see normalize.syllables)."""
    for s in doc.sentences:
        s.syllables = [sys.intern(w) for w in s.syllables]
        s.words = [sys.intern(w) for w in s.words]
    return doc
