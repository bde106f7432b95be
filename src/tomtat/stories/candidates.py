"""Candidate pairs by blocking: a sketch of the TF-IDF vectors in an HNSW index (hnswlib).

Each article asks the index for its k nearest neighbours (cost ~ n log n), never for all n; the pairs
whose projected cosine comes near the threshold are then scored exactly on the sparse TF-IDF rows, and a
time window drops pairs whose known dates lie too far apart. A story larger than k still holds together:
its articles reach each other through the neighbour graph, and the linkage scores whole groups exactly.
The index is built in content order with one thread and a fixed seed, so the graph is reproducible.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import scipy.sparse as sp

DIMENSIONS = 1024
NEIGHBOURS = 20
MARGIN = 0.1       # sketched cosines are noisy (about ±1/sqrt(DIMENSIONS)); look this far below the threshold
_EXACT_CHUNK = 20_000


def project(x: sp.csr_matrix, dimensions: int = DIMENSIONS) -> np.ndarray:
    """Unit-length dense vectors whose dot products approximate the rows' cosines.

    A count sketch (each term adds its weight, with a random sign, to one of `dimensions` buckets): cost
    O(nnz), one number per term of memory, and for sparse rows it keeps far more of the true neighbours
    than a sparse Gaussian-like projection (on AbMuSu + VietNews, 99 % of pairs at cosine >= 0.2 found with
    1,024 buckets against 87 % for a 256-dimension random projection).
    """
    rng = np.random.RandomState(0)
    m = x.shape[1]
    sketch = sp.csr_matrix((rng.choice(np.array([-1.0, 1.0], dtype=np.float32), m),
                            (np.arange(m), rng.randint(0, dimensions, m))), shape=(m, dimensions))
    y = np.asarray((x @ sketch).todense(), dtype=np.float32)
    norms = np.linalg.norm(y, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return y / norms


def neighbour_pairs(y: np.ndarray, k: int = NEIGHBOURS, threads: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, approximate cosine) for each article i and each of its k nearest neighbours j ≠ i."""
    import hnswlib

    n, d = y.shape
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    index = hnswlib.Index(space="ip", dim=d)
    index.init_index(max_elements=n, ef_construction=100, M=16, random_seed=7)
    index.add_items(y, np.arange(n), num_threads=1)   # one thread: the same graph every run
    kk = min(k + 1, n)
    index.set_ef(max(2 * kk, 64))
    labels, distances = index.knn_query(y, k=kk, num_threads=max(1, threads))
    rows = np.repeat(np.arange(n, dtype=np.int64), kk)
    cols = labels.astype(np.int64).ravel()
    sims = 1.0 - distances.ravel()
    keep = rows != cols
    return rows[keep], cols[keep], sims[keep]


def exact_cosines(x: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of each pair (rows are L2-normalised), a bounded chunk of pairs at a time."""
    out = np.empty(len(rows), dtype=np.float64)
    for lo in range(0, len(rows), _EXACT_CHUNK):
        hi = lo + _EXACT_CHUNK
        out[lo:hi] = np.asarray(x[rows[lo:hi]].multiply(x[cols[lo:hi]]).sum(axis=1)).ravel()
    return out


def within_window(dates: list[dt.date | None], rows: np.ndarray, cols: np.ndarray, days: float) -> np.ndarray:
    """True for pairs whose dates are unknown (either side) or at most `days` apart."""
    ordinal = np.array([d.toordinal() if d else -1 for d in dates], dtype=np.int64)
    a, b = ordinal[rows], ordinal[cols]
    return (a < 0) | (b < 0) | (np.abs(a - b) <= days)


def candidate_pairs(x: sp.csr_matrix, threshold: float, *, dates: list[dt.date | None] | None = None,
                    window: float | None = None, k: int = NEIGHBOURS, threads: int = 1):
    """(rows, cols, exact cosines) of the candidate pairs (i < j, each once) worth considering."""
    rows, cols, approx = neighbour_pairs(project(x), k=k, threads=threads)
    keep = approx >= threshold - MARGIN
    rows, cols = rows[keep], cols[keep]
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    pairs = np.unique(lo * x.shape[0] + hi)
    rows, cols = pairs // x.shape[0], pairs % x.shape[0]
    if window is not None and dates is not None:
        keep = within_window(dates, rows, cols, window)
        rows, cols = rows[keep], cols[keep]
    return rows, cols, exact_cosines(x, rows, cols)
