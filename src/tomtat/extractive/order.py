"""Order chosen sentences for reading.

"time" (the default): sentences whose date has a known year in date order (a stable sort, so equal
dates keep source order; a month or year sorts with its first day), then the others in source order.
"source": by document, then by position.
"""
from __future__ import annotations

from ..model import Cluster, Sentence


def order(cluster: Cluster, chosen: list[Sentence], mode: str = "time") -> list[Sentence]:
    by_source = sorted(chosen, key=lambda s: (s.doc, s.index))
    if mode == "source":
        return by_source
    dated = [s for s in by_source if s.date is not None and s.date.sort_key is not None]
    undated = [s for s in by_source if s.date is None or s.date.sort_key is None]
    return sorted(dated, key=lambda s: s.date.sort_key) + undated
