"""Cluster new articles together with stored ones, keeping the stored events and threads whole.

The same models and linkage as `tomtat cluster` (stories/cluster.py): represent the articles, score candidate
pairs, link events by average linkage under the hard rules, link events into threads. The one difference is
where the linkage starts: `cluster` starts from single articles (and groups of copies); here the stored
articles of one event start as one group, and the events of one stored thread as one thread group. Groups
only ever merge, so a stored event is never split: a new article joins one, opens one, or bridges two
(which then merge: events.py keeps the older id).

A pair score stands for one article pair. The linkage reads a score between two groups as the mean over
their pairs (its running total is score × |A| × |B|), so each pair's score is divided by the sizes of the
groups it joins; and a group's keyword vector (the linkage's copy test) is its members' mean.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..stories.cluster import (
    COPIES_COSINE,
    DEFAULT_THRESHOLD,
    NEGLIGIBLE,
    THREAD_THRESHOLD,
    Story,
    build_stories,
    link_threads,
    represent_feed,
    scored_pairs,
)
from ..stories.feed import Article
from ..stories.linkage import average_linkage
from ..stories.pairs import probabilities
from ..stories.veto import GroupVeto


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


def cluster_with_stored(articles: list[Article], stored_event: list[int], stored_thread: list[int],
                        threshold: float = DEFAULT_THRESHOLD, thread_threshold: float = THREAD_THRESHOLD,
                        window: float | None = None) -> list[Story]:
    """Events (Stories, each with its thread number) over `articles`; stored_event[i] / stored_thread[i] are
    article i's stored event and thread ids, or -1 for a new article. Stored events and threads stay whole."""
    feed = represent_feed(articles)
    position = {id(a): k for k, a in enumerate(articles)}
    order = np.array([position[id(a)] for a in feed.articles], dtype=np.int64)
    events_in = np.asarray(stored_event, dtype=np.int64)[order]
    threads_in = np.asarray(stored_thread, dtype=np.int64)[order]
    n = len(order)

    rows, cols, features, same = scored_pairs(feed, window=window)
    heads = _heads(n, [same, events_in])
    copies = np.bincount(same, minlength=n).astype(np.float64)
    size = np.bincount(heads, minlength=n).astype(np.float64)
    p = probabilities(features)
    keep = p >= NEGLIGIBLE
    r, c, s = rows[keep], cols[keep], p[keep]
    gr, gc = heads[r], heads[c]
    inside = gr != gc
    scores = s[inside] * copies[r[inside]] * copies[c[inside]] / (size[gr[inside]] * size[gc[inside]])
    veto = GroupVeto(feed.signals, [a.date for a in feed.articles], window)
    events = average_linkage(n, gr[inside], gc[inside], scores, threshold, same=heads,
                             x=_group_means(feed.x, heads), cosine=COPIES_COSINE, veto=veto)
    # Thread groups: each event, joined with the events that share a stored thread with it.
    thread_groups = _heads(n, [events, threads_in])
    strands = link_threads(thread_groups, rows, cols, features, feed.signals, thread_threshold)
    return build_stories(feed.articles, feed.titles, feed.x, events, strands)
