"""Order chosen sentences for reading, in a way that never misleads (issue 17.4).

"time" (the default): sentences whose date has a known year in date order (a stable sort, so equal
dates keep source order; a month or year sorts with its first day), then the others in source order.
When most of the chosen sentences have no known year, one dated sentence pulled to the front would
only mislead: the sentences then keep source order, and the renderings say so (`ordering`).
"source": by document, then by position.
"""
from __future__ import annotations

from ..model import Cluster, Sentence

TIME, SOURCE, SOURCE_UNDATED = "time", "source", "source: most without a year"


def _dated(s: Sentence) -> bool:
    return s.date is not None and s.date.sort_key is not None


def ordering(chosen: list[Sentence], mode: str = "time") -> str:
    """How `order` orders these sentences: TIME, SOURCE (asked for) or SOURCE_UNDATED (time was asked for, but
    most of them have no known year)."""
    if mode == SOURCE:
        return SOURCE
    return TIME if 2 * sum(map(_dated, chosen)) >= len(chosen) else SOURCE_UNDATED


def order(cluster: Cluster, chosen: list[Sentence], mode: str = "time") -> list[Sentence]:
    by_source = sorted(chosen, key=lambda s: (s.doc, s.index))
    if ordering(chosen, mode) != TIME:
        return by_source
    dated = [s for s in by_source if _dated(s)]
    undated = [s for s in by_source if not _dated(s)]
    return sorted(dated, key=lambda s: s.date.sort_key) + undated
