"""Order chosen sentences for reading, in a way that never misleads (issue 17.4).

"time" (the default): sentences whose date has a known year in date order (a stable sort, so equal
dates keep source order; a month or year sorts with its first day), then the others in source order, as
the contract (../shared/CONTRACT.md, "Dates and time order") fixes it. A sentence with an unknown year is
never placed between dated ones, and the renderings say how many come last for want of a year
(time/words.order_note). Issue 17 asked for source order when most sentences have no known year; the
contract wins where the two differ, so that stays a note, not another order.
"source": by document, then by position.
"""
from __future__ import annotations

from ..model import Cluster, Sentence

TIME, SOURCE = "time", "source"


def _dated(s: Sentence) -> bool:
    return s.date is not None and s.date.sort_key is not None


def ordering(chosen: list[Sentence], mode: str = "time") -> str:
    """How `order` orders these sentences: TIME or SOURCE, as asked."""
    return SOURCE if mode == SOURCE else TIME


def order(cluster: Cluster, chosen: list[Sentence], mode: str = "time") -> list[Sentence]:
    by_source = sorted(chosen, key=lambda s: (s.doc, s.index))
    if ordering(chosen, mode) != TIME:
        return by_source
    dated = [s for s in by_source if _dated(s)]
    undated = [s for s in by_source if not _dated(s)]
    return sorted(dated, key=lambda s: s.date.sort_key) + undated
