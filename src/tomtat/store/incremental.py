"""Cluster new articles together with stored ones, keeping the stored events and threads whole; the work is
in proportion to the new articles.

The same models and linkage as `tomtat cluster` (stories/cluster.py): candidate pairs, their probabilities,
events by average linkage under the hard rules, events linked into threads. The differences:

- Nothing stored is processed again: stored articles come with their kept representation (features.py), and
  only the new articles are represented (cleaned, tokenised, signals read).
- Candidates: each new article's NEIGHBOURS nearest by keyword cosine (exact, sparse) among the window's
  stored articles and the other new ones, of which at most STORED_NEIGHBOURS stored (its nearest); and a new
  article is also a candidate of a stored one when it would enter that article's own list of NEIGHBOURS (its
  kept `neighbours` cosines), as the union of both neighbour lists makes the candidates of a batch run, at
  most BACK_NEIGHBOURS such stored articles per new article (the nearest). So a new article is scored against
  at most STORED_NEIGHBOURS + BACK_NEIGHBOURS stored ones however large the store grows (a batch run gives
  each article its NEIGHBOURS: a store that keeps growing would find ever more of them worth scoring, most
  with a negligible probability). Only pairs with at least one new article are scored: the stored-stored
  pairs were decided when the later of the two came in.
- A pair's features are the pair's own (pairs.py), so a stored pair scored today gets what a batch run gives it
  (but for the term statistics, which grow day by day).
- The linkage sees the new articles and the stored events holding a candidate, whole (the window's members
  of each, at most PER_EVENT). A stored event starts as one group, and the events of one stored thread as
  one thread group. The other events of those threads (mates) hold no candidate, so no scored pair reaches
  them and they can join nothing: they enter only the thread linkage, as rows of their thread's group that
  carry their signals (the thread veto) and their weight in its mean, and are never read in detail. Groups
  only ever merge, so a stored event is never split: a new article joins one, opens one, or bridges two
  (which then merge: events.py keeps the older id). The events left out keep their ids and articles.

A pair score stands for one article pair. The linkage reads a score between two groups as the mean over
their pairs (its running total is score × |A| × |B|), so each pair's score is divided by the sizes of the
groups it joins; and a group's keyword vector (the linkage's copy test) is its members' mean.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from ..stories.candidates import NEIGHBOURS, exact_cosines
from ..stories.cluster import (
    CANDIDATE_COSINE,
    COPIES_COSINE,
    DEFAULT_THRESHOLD,
    NEGLIGIBLE,
    THREAD_THRESHOLD,
    Story,
    build_stories,
    link_threads,
    source_key,
)
from ..stories.feed import Article
from ..stories.linkage import average_linkage
from ..stories.pairs import event_probabilities, pair_features
from ..stories.signals import EventSignals
from ..stories.veto import GroupVeto
from .features import Block, TermStats, Vectors, decode_signals, decode_vector, from_blobs, stack, vectors

STORED_NEIGHBOURS = 6   # stored candidates per new article among its nearest
BACK_NEIGHBOURS = 2     # stored articles that take a new one into their own list, per new article
KEPT_NEIGHBOURS = NEIGHBOURS   # cosines kept per article: the NEIGHBOURS-th is what a new one must beat (candidates)


def _heads(n: int, joins: list[np.ndarray]) -> np.ndarray:
    """Union-find over `joins` (arrays of labels: equal labels are one group); each article's group head is the
    group's smallest index, as average_linkage expects of `same`."""
    parent = np.arange(n, dtype=np.int64)

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    for labels in joins:
        first: dict[int, int] = {}
        for i, g in enumerate(labels.tolist()):
            if g < 0:
                continue
            j = first.setdefault(g, i)
            if j != i:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return np.array([find(i) for i in range(n)], dtype=np.int64)


def _group_means(x: sp.csr_matrix, heads: np.ndarray) -> sp.csr_matrix:
    """x with each group head's row replaced by the mean of its group's rows (other rows unchanged)."""
    n = x.shape[0]
    size = np.bincount(heads, minlength=n).astype(np.float64)
    grouped = heads != np.arange(n)
    if not grouped.any():
        return x
    lead = np.zeros(n, dtype=bool)
    lead[heads[grouped]] = True
    rows = np.where(lead[heads], heads, np.arange(n))
    weights = np.where(lead[heads], 1.0 / size[heads], 1.0)
    mix = sp.csr_matrix((weights, (rows, np.arange(n))), shape=(n, n))
    return (mix @ x).tocsr()


@dataclass
class Stored:
    """A stored article of the window as the clustering needs it (kept representation, no text). The search
    reads only id, event, thread, key, keywords and neighbours; the rest is loaded (`load`) for the articles
    the linkage sees (article, headline, signals) and for the candidates (counts)."""

    id: int
    event_id: int
    thread_id: int
    key: str
    keywords: tuple[np.ndarray, np.ndarray]
    neighbours: np.ndarray        # kept cosines of its candidate pairs, largest first
    article: Article | None = None
    headline: str = ""
    signals: str = ""             # JSON, decoded only for the articles the linkage sees
    counts: bytes | None = None


@dataclass
class Outcome:
    """Stories over the articles the linkage saw; per article (id(article)), its keyword vector and
    neighbour cosines to keep, for the new ones and the stored candidates."""

    stories: list[Story]
    keywords: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    neighbours: dict[int, np.ndarray] = field(default_factory=dict)
    candidates: int = 0     # stored articles scored against a new one
    seen: int = 0           # articles the linkage saw
    mates: int = 0          # stored articles of the same threads, seen by the thread linkage as weight only
    pairs: int = 0          # pairs scored


def _top(cols: np.ndarray, sims: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """The k best of cols by sim (ties by rank), those at CANDIDATE_COSINE or more, nearest first."""
    ok = sims >= CANDIDATE_COSINE
    cols, sims = cols[ok], sims[ok]
    return cols[np.lexsort((rank[cols], -sims))[:k]]


def candidates(new_x: sp.csr_matrix, stored: list[Stored], new_keys: list[str], k: int = NEIGHBOURS,
               stored_k: int | None = None, back_k: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) candidate pairs over indices [stored..., new...] with at least one new article, a < b, each once.

    A new article's k nearest among all (exact keyword cosine, at least CANDIDATE_COSINE), of which at most
    `stored_k` stored (the nearest); and stored articles take a new one whose cosine would enter their kept
    list of k (as the union of both neighbour lists), at most `back_k` of them for each new article (the
    nearest). With both bounds, the stored articles a new article is scored against are at most
    stored_k + back_k, however large the store.
    """
    m, n_new = len(stored), new_x.shape[0]
    if n_new == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = [s.key for s in stored] + list(new_keys)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)] = np.arange(len(keys))
    kth = np.array([s.neighbours[k - 1] if len(s.neighbours) >= k else -1.0 for s in stored], dtype=np.float64)
    w = stack([s.keywords for s in stored], new_x.shape[1])
    both = sp.vstack([w, new_x]).tocsr()
    sims = (new_x @ both.T).tocsr()
    pairs: set[tuple[int, int]] = set()
    for i in range(n_new):
        me = m + i
        lo, hi = sims.indptr[i], sims.indptr[i + 1]
        cols = sims.indices[lo:hi].astype(np.int64)
        vals = sims.data[lo:hi].astype(np.float64)
        other = cols != me
        cols, vals = cols[other], vals[other]
        top = _top(cols, vals, rank, k)
        if stored_k is not None:
            old = top[top < m]
            top = np.concatenate([top[top >= m], old[:stored_k]])   # _top gives them nearest first
        back = (cols < m) & (vals >= CANDIDATE_COSINE)
        if m:
            back &= vals > kth[np.minimum(cols, m - 1)]
        back &= ~np.isin(cols, top)
        chosen = set(top.tolist())
        chosen.update(_top(cols[back], vals[back], rank, back_k if back_k is not None else len(cols)).tolist())
        for j in chosen:
            pairs.add((min(j, me), max(j, me)))
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arr = np.array(sorted(pairs), dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def cluster_new(new: Block, new_vectors: Vectors, stored: list[Stored], stats: TermStats,
                load, threshold: float = DEFAULT_THRESHOLD, thread_threshold: float = THREAD_THRESHOLD,
                window: float | None = None, clock=lambda name: None) -> Outcome:
    """Events (Stories, each with its thread number) over the new articles and the stored events they may
    join (see the module docstring). `load(items, what)` fills in, for stored items, "details" (article,
    headline, signals), "counts" (kept term counts) or "signals" only; `clock(name)` is told when each stage
    ends (ingest.py sums their CPU seconds)."""
    m, n_new = len(stored), len(new.articles)
    a, b = candidates(new_vectors.x, stored, new.keys, NEIGHBOURS, STORED_NEIGHBOURS, BACK_NEIGHBOURS)
    clock("cpu_candidates")
    cand = sorted({int(i) for i in np.concatenate([a, b]) if i < m})
    # The stored events the linkage sees: those of the candidates (whole: the window's members of each). The
    # other events of their threads (mates) take part only in the thread linkage, where no pair reaches them:
    # as rows of their thread's group that carry only their signals (the thread veto) and weight (the mean).
    events_seen = {stored[i].event_id for i in cand}
    threads_seen = {stored[i].thread_id for i in cand}
    members = [i for i in range(m) if stored[i].event_id in events_seen]
    mates = [i for i in range(m) if stored[i].thread_id in threads_seen and stored[i].event_id not in events_seen]
    load([stored[i] for i in members], "details")
    load([stored[i] for i in cand], "counts")
    load([stored[i] for i in mates], "signals")
    clock("cpu_load")
    # Content order over what the linkage sees (as represent_feed orders a feed).
    seen = [("s", i) for i in members] + [("n", i) for i in range(n_new)]

    def key_of(item):
        kind, i = item
        return (stored[i].key, source_key(stored[i].article.source)) if kind == "s" else \
            (new.keys[i], source_key(new.articles[i].source))

    seen.sort(key=key_of)
    n = len(seen)
    pos = {item: p for p, item in enumerate(seen)}
    # Vectors: new ones as made; stored candidates again from their kept counts with today's term counts (a
    # term first seen in one article counts once another has it); the other stored ones as kept.
    cand_block = from_blobs([stored[i].article for i in cand], [stored[i].counts for i in cand],
                            [stored[i].headline for i in cand], [EventSignals()] * len(cand),
                            [stored[i].key for i in cand])
    cand_vectors = vectors(cand_block, stats)
    cand_at = {i: r for r, i in enumerate(cand)}
    width = new_vectors.x.shape[1]
    # Each seen row's place in [new rows, candidate rows, other stored rows] (one sparse gather per matrix).
    plain = [i for kind, i in seen if kind == "s" and i not in cand_at]
    plain_at = {i: r for r, i in enumerate(plain)}
    source = np.array([i if kind == "n" else n_new + cand_at[i] if i in cand_at else n_new + len(cand) + plain_at[i]
                       for kind, i in seen], dtype=np.int64)
    nothing = sp.csr_matrix((len(plain), width), dtype=np.float32)

    def rows_of(matrix_new, matrix_cand, matrix_plain):
        return sp.vstack([matrix_new, matrix_cand, matrix_plain], format="csr")[source]

    x = rows_of(new_vectors.x, cand_vectors.x, stack([stored[i].keywords for i in plain], width))
    wide = rows_of(new_vectors.wide, cand_vectors.wide, nothing)
    heads_m = rows_of(new_vectors.headlines, cand_vectors.headlines, nothing)
    names_m = rows_of(new_vectors.names, cand_vectors.names, nothing)
    signals = [new.signals[i] if kind == "n" else decode_signals(stored[i].signals) for kind, i in seen]
    articles = [new.articles[i] if kind == "n" else stored[i].article for kind, i in seen]
    titles = [new.titles[i] if kind == "n" else stored[i].headline for kind, i in seen]

    clock("cpu_vectors")

    def at(i: int) -> int:
        return pos[("s", i)] if i < m else pos[("n", i - m)]

    rows = np.array([at(int(i)) for i in a], dtype=np.int64)
    cols = np.array([at(int(j)) for j in b], dtype=np.int64)
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    sims = exact_cosines(x, lo, hi) if len(lo) else np.zeros(0)
    keep = sims >= CANDIDATE_COSINE
    rows, cols, sims = lo[keep], hi[keep], sims[keep]
    order = np.lexsort((cols, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    features = pair_features(wide, heads_m, names_m, signals, rows, cols)
    clock("cpu_features")

    events_in = np.array([stored[i].event_id if kind == "s" else -1 for kind, i in seen], dtype=np.int64)
    threads_in = np.array([stored[i].thread_id if kind == "s" else -1 for kind, i in seen], dtype=np.int64)
    heads = _heads(n, [events_in])
    size = np.bincount(heads, minlength=n).astype(np.float64)
    p = event_probabilities(features)
    keep = p >= NEGLIGIBLE
    r, c, s = rows[keep], cols[keep], p[keep]
    gr, gc = heads[r], heads[c]
    inside = gr != gc
    scores = s[inside] / (size[gr[inside]] * size[gc[inside]])
    veto = GroupVeto(signals, [art.date for art in articles], window)
    events = average_linkage(n, gr[inside], gc[inside], scores, threshold, same=heads,
                             x=_group_means(x, heads), cosine=COPIES_COSINE, veto=veto)
    clock("cpu_events")
    # Thread groups: each event, joined with the events that share a stored thread with it; the mates, rows
    # after the seen ones, in their thread's group.
    thread_groups = _heads(n, [events, threads_in])
    group_of_thread: dict[int, int] = {}
    for p_, (kind, i) in enumerate(seen):
        if kind == "s":
            group_of_thread.setdefault(stored[i].thread_id, int(thread_groups[p_]))
    extra = np.array([group_of_thread[stored[i].thread_id] for i in mates], dtype=np.int64)
    strands = link_threads(np.concatenate([thread_groups, extra]), rows, cols, features,
                           signals + [decode_signals(stored[i].signals) for i in mates], thread_threshold)[:n]
    # Stories only for the threads that hold a new article: the others are stored events as they were (no pair
    # without a new article was scored, so nothing else can have merged), and record() would write nothing.
    fresh = {int(strands[p_]) for p_, (kind, _) in enumerate(seen) if kind == "n"}
    keep_at = np.array([p_ for p_ in range(n) if int(strands[p_]) in fresh], dtype=np.int64)
    stories = build_stories([articles[p_] for p_ in keep_at.tolist()], [titles[p_] for p_ in keep_at.tolist()],
                            x[keep_at], events[keep_at], strands[keep_at])
    clock("cpu_threads")
    out = Outcome(stories, candidates=len(cand), seen=n, mates=len(mates), pairs=len(rows))
    # What to keep: keyword vectors of the new articles and of the stored candidates (today's), and every
    # scored article's neighbour cosines (its earlier ones and today's, largest first).
    today: dict[int, list[float]] = {}
    for r_, c_, s_ in zip(rows.tolist(), cols.tolist(), sims.tolist()):
        today.setdefault(r_, []).append(s_)
        today.setdefault(c_, []).append(s_)
    for p_, (kind, i) in enumerate(seen):
        if kind == "s" and i not in cand_at:
            continue
        art = articles[p_]
        out.keywords[id(art)] = _row(x, p_)
        earlier = stored[i].neighbours if kind == "s" else np.zeros(0)
        merged = np.sort(np.concatenate([earlier, np.array(today.get(p_, []), dtype=np.float64)]))[::-1]
        out.neighbours[id(art)] = merged[:KEPT_NEIGHBOURS]
    return out


def _row(m: sp.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = m.indptr[i], m.indptr[i + 1]
    return m.indices[lo:hi].copy(), m.data[lo:hi].copy()


def stored_from_row(w, counts: bytes | None = None) -> Stored:
    """A Stored from an articles.WindowRow with a current kept row."""
    return Stored(w.id, w.event_id, w.thread_id, w.content_key, decode_vector(w.keywords),
                  np.frombuffer(w.neighbours, dtype="<f4").astype(np.float64), counts=counts)
