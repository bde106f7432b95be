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

Near copies (the same text with a byline, a caption or a word changed) need the same, and more. Once a
text has more copies than the search returns for each article (2 REACH), every copy's neighbour list is full
of copies of its own variant (those that share its edited headline, say): the graph falls apart into variant
families, dense inside and without a pair between them, and the linkage, which only compares groups the
graph joins, never compares them (issue 16: 10,000 near copies of one text came out as 32 events; 1,000
copies in 32 headline variants, 31 events). So articles *saturated* with copies (at least 2 REACH pairs at
cosine >= `cosine`) are grouped first by the copies rule alone (`copy_families`): along their pairs, most
alike first, two groups join when their leads name the same days (veto.one_occasion: a daily bulletin shares
most of its words with the next day's, yet is no copy of it), the mean cosine over all their article pairs
reaches `cosine` and the veto allows; then the groups formed are searched as points (their centroids, in an
index of their own) for groups that are copies of each other, until a round joins none. Families of more
than 2 REACH articles (those the search cannot show whole) are kept, and the linkage starts from them as from
identical rows, which also spares it absorbing thousands of copies one at a time; smaller ones are left to
the linkage, which sees all their pairs. A feed where no text has more than 2 REACH near copies comes out as
before (100,000 VietNews articles: 138 saturated groups, no family kept).

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

from .candidates import candidate_pairs, exact_cosines
from .veto import GroupVeto

REACH = 10   # neighbours the search shows each article (k = 20 asked, about half of them kept as candidates)
SATURATED = 2 * REACH   # an article with this many neighbours at the copies' cosine may have more, unseen


def identical_rows(x: sp.csr_matrix, tags: list | None = None, text_of: np.ndarray | None = None) -> np.ndarray:
    """For each row, the index of the first row with exactly the same terms and weights (and the same tag:
    with a time window, copies on different dates stay apart). An empty row is nobody's copy: it only says
    that the article shares no term with any other text (each of its terms occurs in it alone), so two such
    articles, however unrelated, would otherwise be one "copy" — unless `text_of` (the first article with the
    same text, represent.first_rows) says they are one text posted twice."""
    first: dict[tuple, int] = {}
    out = np.empty(x.shape[0], dtype=np.int64)
    indptr, indices, data = x.indptr, x.indices, x.data
    for i in range(x.shape[0]):
        lo, hi = indptr[i], indptr[i + 1]
        if lo == hi:
            if text_of is None:
                out[i] = i
                continue
            key = ("text", int(text_of[i]), tags[i] if tags is not None else None)
            out[i] = first.setdefault(key, i)
            continue
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


class _Families:
    """Union-find over groups named by their smallest article index, with each group's summed keyword row
    (a dict) and size, joined only under the copies rule and the veto."""

    def __init__(self, n: int, size: np.ndarray, x: sp.csr_matrix, cosine: float, veto: GroupVeto | None):
        self.parent = np.arange(n, dtype=np.int64)
        self.size, self.x, self.cosine, self.veto = size, x, cosine, veto
        self.sums: dict[int, dict] = {}
        self.tried: dict[tuple[int, int], tuple[float, float] | None] = {}   # None: refused for good
        self.joins: list[tuple[int, int]] = []

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = int(parent[root])
        while parent[i] != root:
            parent[i], i = root, int(parent[i])
        return root

    def vector(self, c: int) -> dict:
        if c not in self.sums:
            lo, hi = self.x.indptr[c], self.x.indptr[c + 1]
            m = float(self.size[c])
            self.sums[c] = dict(zip(self.x.indices[lo:hi].tolist(), (self.x.data[lo:hi].astype(np.float64) * m).tolist()))
        return self.sums[c]

    def join(self, a: int, b: int) -> bool:
        """Join the groups of a and b when their mean cosine reaches the bar and the veto allows."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return False
        if a > b:
            a, b = b, a
        n_a, n_b = float(self.size[a]), float(self.size[b])
        key = (a, b)
        if key in self.tried and (self.tried[key] is None or self.tried[key] == (n_a, n_b)):
            return False   # refused for good (groups only grow), or refused at these very sizes
        if self.veto is not None and not self.veto.one_occasion(a, b):
            self.tried[key] = None
            return False
        if _dot(self.vector(a), self.vector(b)) / (n_a * n_b) < self.cosine:
            self.tried[key] = (n_a, n_b)
            return False
        if self.veto is not None and self.veto.blocks(a, b):
            self.tried[key] = None
            return False
        if self.veto is not None:
            self.veto.merge(a, b)
        self.joins.append((a, b))
        sa, sb = self.vector(a), self.vector(b)
        if len(sa) < len(sb):
            sa, sb = sb, sa
        for k, v in sb.items():
            sa[k] = sa.get(k, 0.0) + v
        self.sums[a] = sa
        self.sums.pop(b, None)
        self.size[a] += self.size[b]
        self.size[b] = 0
        self.parent[b] = a
        return True


def copy_families(n: int, rows: np.ndarray, cols: np.ndarray, size: np.ndarray, x: sp.csr_matrix, cosine: float,
                  veto: GroupVeto | None = None) -> tuple[np.ndarray, dict[int, dict]] | None:
    """Families of near copies too many for the neighbour search to show whole (module docstring), or None
    when there are none.

    rows, cols: the graph's pairs, over group heads (rows of `x`; a head's row times its group's `size` is the
    group's summed keyword row, so dot(x[a], x[b]) is the groups' mean cosine). Families are formed among the
    saturated groups; those of at most SATURATED articles are left to the linkage, which sees all their pairs
    (so a feed with a few copies of a text comes out as before). Returns each head's family head (the
    smallest index of its family; itself when in none) and the summed keyword rows of the families; the veto
    is told of their joins.
    """
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    pairs = np.unique(lo[lo != hi] * n + hi[lo != hi])
    lo, hi = pairs // n, pairs % n
    sims = exact_cosines(x, lo, hi)
    near = sims >= cosine
    lo, hi, sims = lo[near], hi[near], sims[near]
    degree = np.bincount(np.concatenate([lo, hi]), minlength=n)
    saturated = degree >= SATURATED
    if not saturated.any():
        return None
    both = saturated[lo] & saturated[hi]
    lo, hi, sims = lo[both], hi[both], sims[both]
    families = _Families(n, size.copy(), x, cosine, None if veto is None else veto.scratch())
    for k in np.lexsort((hi, lo, -sims)).tolist():   # most alike first, ties on the smaller indexes
        families.join(int(lo[k]), int(hi[k]))
    while True:   # groups that are copies of each other yet share no pair: search them as points
        heads = sorted({families.find(int(i)) for i in np.flatnonzero(saturated).tolist()})
        if len(heads) < 2:
            break
        centroids = _rows([families.vector(h) for h in heads], x.shape[1])
        a, b, sims = candidate_pairs(centroids, cosine)
        keep = sims >= cosine   # a mean cosine never exceeds the cosine of the centroids
        a, b, sims = a[keep], b[keep], sims[keep]
        joined = 0
        for k in np.lexsort((b, a, -sims)).tolist():
            joined += families.join(heads[int(a[k])], heads[int(b[k])])
        if not joined:
            break
    root = np.array([families.find(i) for i in range(n)], dtype=np.int64)
    kept = np.zeros(n, dtype=bool)
    kept[[root[a] for a, _ in families.joins]] = True
    kept &= families.size > SATURATED
    head = np.where(kept[root], root, np.arange(n))
    if (head == np.arange(n)).all():
        return None
    if veto is not None:
        for a, b in families.joins:   # the same joins, in the same order, on the veto itself
            if kept[root[a]]:
                veto.merge(a, b)
    return head, {h: families.sums[h] for h in np.flatnonzero(kept & (root == np.arange(n))).tolist()}


def _rows(vectors: list[dict], width: int) -> sp.csr_matrix:
    """L2-normalised sparse rows from {column: value} dicts."""
    indptr = np.cumsum([0] + [len(v) for v in vectors])
    indices = np.fromiter((k for v in vectors for k in v), dtype=np.int64, count=int(indptr[-1]))
    data = np.fromiter((w for v in vectors for w in v.values()), dtype=np.float64, count=int(indptr[-1]))
    m = sp.csr_matrix((data, indices, indptr), shape=(len(vectors), width))
    m.sort_indices()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


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
    start = same if same is not None else np.arange(n, dtype=np.int64)
    if same is not None and veto is not None:
        veto.absorb_copies(same.tolist())
    found = None
    if x is not None and cosine is not None and len(rows):
        found = copy_families(n, rows, cols, np.bincount(start, minlength=n), x, cosine, veto)
    if found is not None:   # near copies: each family one group from the start
        family, sums = found
        start = family[start]
    multiple = np.flatnonzero(start != np.arange(n))
    for i, head in zip(multiple.tolist(), start[multiple].tolist()):
        members.setdefault(head, [head]).append(i)
        size[head] = size.get(head, 1) + 1
    between: dict[int, dict[int, float]] = {}
    if found is None:
        heads = None
    else:   # a pair of two articles of one family is inside a group; the others count for their own copies
        heads = family
        copies = np.bincount(same if same is not None else np.arange(n), minlength=n).tolist()
    for i, j, s in zip(rows.tolist(), cols.tolist(), scores.tolist()):
        if heads is None:
            a, b = (i, j) if i < j else (j, i)
            weight = size.get(a, 1) * size.get(b, 1)
        else:
            a, b = int(heads[i]), int(heads[j])
            a, b = (a, b) if a < b else (b, a)
            weight = copies[i] * copies[j]
        if a == b or s <= 0.0:
            continue
        total = between.setdefault(a, {}).get(b, 0.0) + s * weight
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
