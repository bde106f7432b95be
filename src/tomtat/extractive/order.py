"""Order chosen sentences for reading: by document date when every source is dated, else by
document and position (articles are given oldest-first by most sources, and name order is stable)."""
from __future__ import annotations

from ..model import Cluster, Sentence


def order(cluster: Cluster, chosen: list[Sentence]) -> list[Sentence]:
    docs = cluster.documents
    dated = all(docs[s.doc].date is not None for s in chosen)
    if dated:
        return sorted(chosen, key=lambda s: (docs[s.doc].date, s.doc, s.index))
    return sorted(chosen, key=lambda s: (s.doc, s.index))
