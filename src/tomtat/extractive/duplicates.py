"""Near-duplicate sentences across articles: the same wire paragraph republished with small edits.

MinHash signatures over syllable trigram shingles go into an LSH index (datasketch), so candidate
pairs come from hash buckets rather than an all-pairs loop; each candidate is then verified on the
exact shingle sets. Cost grows linearly with the number of sentences (plus the true duplicates).
"""
from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..model import Sentence

NUM_PERM = 64
# Banding for a Jaccard threshold of 0.3, fixed here: datasketch would otherwise re-derive it by
# numerical integration for every cluster, which cost more than the hashing itself.
_LSH_BANDS = (21, 3)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1)
_PERMUTATIONS, _SCHEME = _TEMPLATE.permutations, _TEMPLATE.scheme  # built once, not per sentence


def shingles(sentence: Sentence, n: int = 3) -> set[str]:
    toks = sentence.syllables
    if len(toks) < n:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def _signature(items: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=_PERMUTATIONS, scheme=_SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(items)])
    return m


def resemblance(a: set[str], b: set[str]) -> float:
    """Overlap of shingle sets relative to the smaller one: high when one sentence copies the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def duplicate_groups(sentences: list[Sentence], threshold: float = 0.6) -> np.ndarray:
    """Group id per sentence; sentences saying the same thing (in different articles or not) share it."""
    group = np.arange(len(sentences), dtype=np.int64)
    sets = [shingles(s) for s in sentences]
    # Only group representatives enter the index, so a story republished a thousand times costs one
    # comparison per copy, not one per earlier copy; a copy joins its representative's group directly.
    lsh = MinHashLSH(num_perm=NUM_PERM, params=_LSH_BANDS)
    for i, items in enumerate(sets):
        if len(items) < 2:
            continue
        sig = _signature(items)
        match = next((j for j in sorted(lsh.query(sig)) if resemblance(items, sets[j]) >= threshold), None)
        if match is None:
            lsh.insert(i, sig)
        else:
            group[i] = match
    return group
