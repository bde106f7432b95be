"""Lead: the first sentences of each article in turn (round robin), the strong news baseline."""
from __future__ import annotations

import numpy as np

from ..features import Context


def score(ctx: Context) -> np.ndarray:
    sentences = ctx.cluster.sentences
    n_docs = len(ctx.cluster.documents)
    # Rank by (position, document): sentence 0 of every article, then sentence 1 of every article, ...
    return np.array([-(s.index * n_docs + s.doc) for s in sentences], dtype=float)
