"""Average-linkage agglomeration over a sparse candidate graph.

Two groups merge only while the mean cosine over *all* their article pairs stays at or above the
threshold. With L2-normalised vectors that mean is exact and cheap: dot(sum_A, sum_B) / (|A| |B|), so no
pair is ever guessed or left out, and one shared paragraph (one high pair, or a few) cannot pull two
stories together the way single linkage (connected components) would. The candidate graph only says
which groups are worth scoring: a mean at or above the threshold needs at least one pair at or above it,
so only candidate edges at or above the threshold are kept.

scipy/sklearn agglomeration needs a full distance matrix, or (with a connectivity graph) averages the
connected pairs only, which is exactly the chaining this step exists to avoid; hence this small loop.
Ties break on the smaller article index, and articles are indexed in content order, so the result does
not depend on input order.

Identical rows (the same wire text posted many times, or pages whose only words are the same few)
join before anything else, as one weighted group: they would merge first anyway (cosine 1), and
absorbing thousands of copies one at a time, each time rescoring every neighbour, costs time quadratic in
their number (2,000 copies of one short page took 17 s to cluster, 20,000 now take 1 s).
"""
from __future__ import annotations

import heapq

import numpy as np
import scipy.sparse as sp


def _dot(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(k, 0.0) for k, v in a.items())


def identical_rows(x: sp.csr_matrix, tags: list | None = None) -> np.ndarray:
    """For each row, the index of the first row with exactly the same terms and weights (and the same tag:
    with a time window, copies on different dates stay apart)."""
    first: dict[tuple, int] = {}
    out = np.empty(x.shape[0], dtype=np.int64)
    indptr, indices, data = x.indptr, x.indices, x.data
    for i in range(x.shape[0]):
        lo, hi = indptr[i], indptr[i + 1]
        key = (indices[lo:hi].tobytes(), data[lo:hi].tobytes(), tags[i] if tags is not None else None)
        out[i] = first.setdefault(key, i)
    return out


def average_linkage(x: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray,
                    threshold: float, same: np.ndarray | None = None) -> np.ndarray:
    """Group label (the smallest member index) per article.

    x: L2-normalised rows; (rows[k], cols[k], sims[k]): candidate pairs with their cosine; same: the
    `identical_rows` of x, when the caller has them.
    """
    n = x.shape[0]
    label = np.arange(n, dtype=np.int64)
    keep = sims >= threshold
    rows, cols, sims = rows[keep], cols[keep], sims[keep]
    same = identical_rows(x) if same is None else same
    rows, cols = same[rows], same[cols]     # an edge to a copy is an edge to its group
    neighbours: dict[int, set[int]] = {}
    heap = []
    for i, j, s in zip(rows.tolist(), cols.tolist(), sims.tolist()):
        a, b = (i, j) if i < j else (j, i)
        if a == b:
            continue
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
        heap.append((-s, a, b, 0, 0))
    heapq.heapify(heap)
    version: dict[int, int] = {}
    size: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    sums: dict[int, dict] = {}
    indptr, indices, data = x.indptr, x.indices, x.data

    def vector(c: int) -> dict:
        if c not in sums:
            lo, hi = indptr[c], indptr[c + 1]
            m = size.get(c, 1)   # a group of identical rows starts as their sum
            sums[c] = dict(zip(indices[lo:hi].tolist(), (data[lo:hi].astype(np.float64) * m).tolist()))
        return sums[c]

    for i, head in enumerate(same.tolist()):
        if head != i:
            members.setdefault(head, [head]).append(i)
            size[head] = size.get(head, 1) + 1

    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if -neg < threshold:
            break
        if version.get(a, 0) != va or version.get(b, 0) != vb or a not in neighbours or b not in neighbours:
            continue
        # b joins a (a < b): the group keeps its smallest index as its name.
        sa, sb = vector(a), vector(b)
        if len(sa) < len(sb):
            sa, sb = sb, sa
        for k, v in sb.items():
            sa[k] = sa.get(k, 0.0) + v
        sums[a] = sa
        sums.pop(b, None)
        size[a] = size.get(a, 1) + size.pop(b, 1)
        members.setdefault(a, [a]).extend(members.pop(b, [b]))
        version[a] = version.get(a, 0) + 1
        version.pop(b, None)
        around = (neighbours.pop(a) | neighbours.pop(b)) - {a, b}
        neighbours[a] = around
        n_a = size[a]
        for c in sorted(around):
            near = neighbours[c]
            near.discard(b)
            near.add(a)
            score = _dot(sa, vector(c)) / (n_a * size.get(c, 1))
            if score >= threshold:
                lo, hi = (a, c) if a < c else (c, a)
                heapq.heappush(heap, (-score, lo, hi, version.get(lo, 0), version.get(hi, 0)))
    for head, group in members.items():
        label[group] = head
    return label
