"""Average-linkage agglomeration over a sparse graph of pair scores (same-story probabilities).

Two groups merge only while their mean pair score stays at or above the threshold, so one shared
paragraph (one high pair, or a few) cannot pull two stories together the way single linkage (connected
components) would: the other pairs, low or absent, pull the mean down. The sum of the pair scores
between two neighbouring groups is carried along and added up when groups merge (cost ~ edges x log).

A pair that is not in the graph (the neighbour search did not return it) counts as 0 — but only as many
pairs as the search could have returned: each article is shown about REACH of its neighbours, so between
groups A and B the mean is taken over min(|A| |B|, REACH (|A| + |B|)) pairs. Up to REACH articles a side
that is every pair; beyond, a story of hundreds of articles still holds together through its articles'
nearest neighbours, while one bridging pair between two big groups still weighs next to nothing.

Pair scores only see the pairs the neighbour search returned, so a story much larger than that (hundreds
of reposts of one wire text) would stay in pieces. With `x` (L2-normalised rows) and `cosine`, two groups
also merge when the mean cosine over *all* their article pairs, exact and cheap as dot(sum_A, sum_B) /
(|A| |B|), reaches `cosine`: a bar set high, for copies and near copies, not for stories told differently.

Identical rows (the same wire text posted many times, or pages whose only words are the same few)
are one weighted group from the start: they would merge first anyway, and absorbing thousands of copies
one at a time, each time rescoring every neighbour, costs time quadratic in their number. A pair score
between two such groups stands for all pairs of their copies.

With a `veto` (veto.py), two groups whose articles conflict (event days or provinces) or whose dates would
span more than the window never merge, whatever their scores; the pair is dropped when it comes up.

scipy/sklearn agglomeration needs a full distance matrix, or (with a connectivity graph) averages the
connected pairs only, which is exactly the chaining this step exists to avoid; hence this small loop.
Ties break on the smaller article index, and articles are indexed in content order, so the result does
not depend on input order.
"""
from __future__ import annotations

import heapq

import numpy as np
import scipy.sparse as sp

from .veto import GroupVeto

REACH = 10   # neighbours the search shows each article (k = 20 asked, about half of them kept as candidates)


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


def _mean(total: float, n_a: int, n_b: int) -> float:
    """The mean pair score between groups of n_a and n_b articles whose pair scores sum to `total`."""
    return total / min(n_a * n_b, REACH * (n_a + n_b))


def _dot(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(k, 0.0) for k, v in a.items())


def average_linkage(n: int, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, threshold: float,
                    same: np.ndarray | None = None, x: sp.csr_matrix | None = None,
                    cosine: float | None = None, veto: GroupVeto | None = None) -> np.ndarray:
    """Group label (the smallest member index) per article of `n`.

    (rows[k], cols[k], scores[k]): the graph, over distinct rows; same: `identical_rows`, when copies were
    left out of the graph (each copy joins its first row's group); x, cosine: see the module docstring.
    """
    sums: dict[int, dict] = {}

    def vector(c: int) -> dict:
        if c not in sums:
            lo, hi = x.indptr[c], x.indptr[c + 1]
            m = size.get(c, 1)   # a group of identical rows starts as their sum
            sums[c] = dict(zip(x.indices[lo:hi].tolist(), (x.data[lo:hi].astype(np.float64) * m).tolist()))
        return sums[c]

    def score(a: int, b: int, total: float) -> float:
        n_a, n_b = size.get(a, 1), size.get(b, 1)
        mean = _mean(total, n_a, n_b)
        if cosine is None or x is None or mean >= threshold:
            return mean
        return max(mean, threshold * _dot(vector(a), vector(b)) / (n_a * n_b) / cosine)

    label = np.arange(n, dtype=np.int64)
    size: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    if same is not None:
        for i, head in enumerate(same.tolist()):
            if head != i:
                members.setdefault(head, [head]).append(i)
                size[head] = size.get(head, 1) + 1
        if veto is not None:
            veto.absorb_copies(same.tolist())
    between: dict[int, dict[int, float]] = {}
    for i, j, s in zip(rows.tolist(), cols.tolist(), scores.tolist()):
        a, b = (i, j) if i < j else (j, i)
        if a == b or s <= 0.0:
            continue
        total = between.setdefault(a, {}).get(b, 0.0) + s * size.get(a, 1) * size.get(b, 1)
        between[a][b] = total
        between.setdefault(b, {})[a] = total
    heap = []
    for a, near in between.items():
        for b, total in near.items():
            if a < b:
                s = score(a, b, total)
                if s >= threshold:
                    heap.append((-s, a, b, 0, 0))
    heapq.heapify(heap)
    version: dict[int, int] = {}
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if version.get(a, 0) != va or version.get(b, 0) != vb or a not in between or b not in between:
            continue
        if veto is not None and veto.blocks(a, b):
            between[a].pop(b, None)
            between[b].pop(a, None)
            continue
        # b joins a (a < b): the group keeps its smallest index as its name.
        if veto is not None:
            veto.merge(a, b)
        near_a, near_b = between.pop(a), between.pop(b)
        near_a.pop(b, None)
        near_b.pop(a, None)
        if len(near_a) < len(near_b):
            near_a, near_b = near_b, near_a
        for c, total in near_b.items():
            near_a[c] = near_a.get(c, 0.0) + total
        if x is not None and cosine is not None:
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
        between[a] = near_a
        for c in sorted(near_a):
            around = between[c]
            around.pop(b, None)
            around[a] = near_a[c]
            s = score(a, c, near_a[c])
            if s >= threshold:
                lo, hi = (a, c) if a < c else (c, a)
                heapq.heappush(heap, (-s, lo, hi, version.get(lo, 0), version.get(hi, 0)))
    for head, group in members.items():
        label[group] = head
    return label
