"""Where the per-article work runs: inline, in local worker processes, or on a Dask cluster.

The work is `featurize` over chunks of articles; results come back in chunk order whatever finishes
first, so every engine yields the same matrix. Dask reuses batch's LocalCluster/scheduler handling.
"""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from typing import Callable, Iterator

from ..batch.dask_engine import dask_client
from ..batch.output import BatchError
from .feed import Article
from .represent import Features, featurize
from .worker_start import init_worker


def chunk_size(n: int, workers: int) -> int:
    """About four chunks per worker, each between 64 and 2,000 articles."""
    return max(64, min(2000, -(-n // (4 * max(1, workers)))))


def _ordered(futures: list, done: Callable[[int], object]) -> Iterator[Features]:
    for future, n in futures:
        result = future.result()
        done(n)
        yield result


def run_featurize(articles: list[Article], *, workers: int = 1, engine: str = "local", scheduler: str | None = None,
                  done: Callable[[int], object] = lambda n: None) -> list[Features]:
    """`featurize` over chunks of `articles`, in order; `done(k)` after each chunk of k articles."""
    size = chunk_size(len(articles), workers)
    chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
    if engine == "dask":
        return _on_dask(chunks, workers, scheduler, done)
    if scheduler:
        raise BatchError("--scheduler needs --engine dask")
    if workers == 1 or len(chunks) == 1:
        out = []
        for chunk in chunks:
            out.append(featurize(chunk))
            done(len(chunk))
        return out
    with cf.ProcessPoolExecutor(max_workers=workers, initializer=init_worker, initargs=(os.getpid(),),
                                mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(_ordered([(pool.submit(featurize, c), len(c)) for c in chunks], done))


def _on_dask(chunks: list[list[Article]], workers: int, scheduler: str | None, done) -> list[Features]:
    with dask_client(workers, scheduler) as client:
        futures = [(client.submit(featurize, c, pure=False), len(c)) for c in chunks]
        return list(_ordered(futures, done))
