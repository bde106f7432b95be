"""The batch driver: stream rows in chunks through an engine, a bounded window at a time.

Engines (local.py, dask_engine.py) only run chunks; reading, resuming, ordering, writing, progress and
the report live here once, so every engine produces the same bytes.
"""
from __future__ import annotations

import os
import queue
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterator

from ..cores import quiet_bar
from ..io.readers import ReadError, Row, iter_jsonl
from .output import BatchError, OrderedWriter, open_output, resume_point
from .rows import checked_rows, error_record


@dataclass
class BatchReport:
    """done: rows run now; failed: error records in OUT (earlier runs' included); skipped: kept from OUT."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.done} done, {self.failed} failed, {self.skipped} skipped "
                f"(already in OUT) in {self.seconds:.1f}s")


def chunked(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def count_rows(path: str) -> int:
    """Non-blank lines, for the progress bar's total (a cheap byte scan, no JSON parsing)."""
    with open(path, "rb") as fh:
        return sum(1 for raw in fh if raw.strip())


def outcome(future, rows: list[Row]) -> list[tuple[str, bool]]:
    """A chunk's lines; if its worker died, error records for its rows, and the run goes on."""
    try:
        return future.result()
    except Exception as err:
        return [(error_record(row, f"worker failed: {type(err).__name__}: {err}"), False) for row in rows]


def drive(engine, chunks: Iterator[list[Row]], writer: OrderedWriter, window: int,
          progress: Callable[[int], object]) -> None:
    """Keep at most `window` chunks between the first unwritten one and the last submitted one.

    That bounds both the work in flight and the finished results waiting for a slow earlier chunk.
    Futures report completion through a queue, which works alike for concurrent.futures and Dask.
    """
    finished: queue.SimpleQueue = queue.SimpleQueue()
    inflight: dict = {}
    submitted = 0
    exhausted = False
    while True:
        while not exhausted and submitted - writer.next_index < window:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
            else:
                future = engine.submit(chunk)
                inflight[future] = (submitted, chunk)
                submitted += 1
                future.add_done_callback(finished.put)
        if not inflight:
            return
        future = finished.get()
        index, chunk = inflight.pop(future)
        progress(writer.put(index, outcome(future, chunk)))


def make_engine(engine: str, workers: int, in_name: str, max_words: int, scheduler: str | None):
    if engine == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(workers, in_name, max_words, scheduler)
    if scheduler:
        raise BatchError("--scheduler needs --engine dask")
    if workers == 1:
        from .local import InlineEngine

        return InlineEngine(in_name, max_words)
    from .local import PoolEngine

    return PoolEngine(workers, in_name, max_words)


@contextmanager
def sigterm_as_interrupt():
    """SIGTERM unwinds like Ctrl-C, so worker pools are shut down instead of orphaned."""
    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_batch(in_path: str, out_path: str, max_words: int = 200, *, workers: int = 1,
              engine: str = "local", scheduler: str | None = None, resume: bool = False,
              quiet: bool = False, chunk_size: int | None = None, window: int | None = None) -> BatchReport:
    """Summarize every row of IN into OUT (one line each, input order). Raises ReadError/BatchError.

    chunk_size: rows per task (default 1 in-process, 2 for a local pool, 4 for Dask);
    window: chunks between the oldest unwritten and the newest submitted (default 4 per worker).
    """
    from tqdm import tqdm

    started = time.perf_counter()
    try:
        open(in_path, "rb").close()
    except OSError as err:
        raise ReadError(f"{in_path}: cannot read ({err.strerror or err})") from None
    if os.path.exists(out_path) and os.path.samefile(in_path, out_path):
        raise BatchError(f"{out_path}: is the input file; choose another output")
    rows = checked_rows(iter_jsonl(in_path))
    report = BatchReport()
    report.skipped, earlier_failed = resume_point(out_path, in_path, rows) if resume else (0, 0)
    show = not quiet and sys.stderr.isatty()
    total = max(0, count_rows(in_path) - report.skipped) if show else None
    with sigterm_as_interrupt(), open_output(out_path, append=True) as fh:
        with make_engine(engine, workers, in_path, max_words, scheduler) as runner:
            if not resume:
                fh.truncate(0)  # only now: a failed start-up leaves an earlier OUT untouched
            if chunk_size is None:
                chunk_size = 4 if engine == "dask" else 1 if runner.workers == 1 else 2
            if window is None:
                window = 1 if runner.workers == 1 and engine != "dask" else 4 * runner.workers
            writer = OrderedWriter(fh)
            with quiet_bar(tqdm)(total=total, desc="summarizing", unit="cluster", disable=not show, file=sys.stderr) as bar:
                drive(runner, chunked(rows, chunk_size), writer, window, bar.update)
    report.done = writer.written
    report.failed = earlier_failed + writer.failed
    report.seconds = time.perf_counter() - started
    return report
