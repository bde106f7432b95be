"""Which groups may never merge, whatever their pair scores: the linkage's hard rules.

A group may not take in another when any article of one conflicts with any article of the other
(signals.conflicts: event days far apart, provinces with nothing in common, two editions of one yearly event),
nor when the known dates of their articles would then lie further apart than the window. Both rules are about
whole groups, not only about the pair that was compared: an undated near-copy can no longer carry a 2001
article into a 2024 story.

Conflicts are checked between distinct signatures (signals.EventSignals.signature), so a group of a
thousand copies of one wire text has one signature; a group of many differently-told articles is checked
against at most MAX_CHECKS signature pairs, beyond which its signatures are pooled (the union of their
provinces and days: a looser test, and still a sound one, since two pools conflict only when some article
of one conflicts with some article of the other).

`one_occasion` is the stricter test the linkage's copies pass asks before it joins groups of near copies
(linkage.copy_families): copies of one report name the same days in their leads, while a daily bulletin ("Giá
vàng hôm nay 14/12", "… 15/12") shares its template, and so most of its words, with the next day's.
"""
from __future__ import annotations

import copy
import datetime as dt
from typing import Callable, Sequence

from .editions import edition_conflict
from .places import Places
from .signals import EventSignals, conflicts, day_gap, place_conflict

MAX_CHECKS = 4096


def thread_rule(a: EventSignals, b: EventSignals) -> bool:
    """Events of one saga may lie months apart, but not in provinces with nothing in common, nor in two editions
    of one yearly event that neither links to the other (an article of a saga that crosses the year names both)."""
    return place_conflict(a, b) or edition_conflict(a.editions, b.editions)


class GroupVeto:
    def __init__(self, signals: Sequence[EventSignals] | None, dates: Sequence[dt.date | None] | None,
                 window: float | None, rule: Callable[[EventSignals, EventSignals], bool] = conflicts):
        self.rule = rule
        self._distinct: list[EventSignals] = []
        self._conflict_cache: dict[tuple[int, int], bool] = {}
        self.sigs: dict[int, set[int]] = {}
        self.span: dict[int, tuple[int, int]] = {}
        self._lead: dict[int, frozenset] = {}   # each group's distinct lead-day sets, once asked for
        self.window = window
        self.use_signals = signals is not None
        if signals is not None:
            index: dict[tuple, int] = {}
            for i, s in enumerate(signals):
                key = s.signature()
                if key not in index:
                    index[key] = len(self._distinct)
                    self._distinct.append(s)
                self.sigs[i] = {index[key]}
        if window is not None and dates is not None:
            for i, d in enumerate(dates):
                if d is not None:
                    self.span[i] = (d.toordinal(), d.toordinal())

    def _sig_conflict(self, x: int, y: int) -> bool:
        key = (x, y) if x < y else (y, x)
        found = self._conflict_cache.get(key)
        if found is None:
            found = self._conflict_cache[key] = self.rule(self._distinct[x], self._distinct[y])
        return found

    def _pooled(self, ids: set[int]) -> EventSignals:
        days = frozenset().union(*(self._distinct[i].days for i in ids))
        provinces = frozenset().union(*(self._distinct[i].places.provinces for i in ids))
        editions = frozenset().union(*(self._distinct[i].editions for i in ids))
        return EventSignals(days, Places(provinces), editions=editions)

    def blocks(self, a: int, b: int) -> bool:
        """True when groups a and b (named by their head article) may never merge."""
        if self.window is not None and a in self.span and b in self.span:
            lo = min(self.span[a][0], self.span[b][0])
            hi = max(self.span[a][1], self.span[b][1])
            if hi - lo > self.window:
                return True
        if not self.use_signals:
            return False
        sa, sb = self.sigs[a], self.sigs[b]
        if len(sa) * len(sb) <= MAX_CHECKS:
            return any(self._sig_conflict(x, y) for x in sa for y in sb)
        return self.rule(self._pooled(sa), self._pooled(sb))

    def leads(self, a: int) -> frozenset:
        """The distinct lead-day sets of group a's articles (those that name a day)."""
        if a not in self._lead:
            self._lead[a] = frozenset(d for d in (self._distinct[i].lead_days for i in self.sigs[a]) if d)
        return self._lead[a]

    def one_occasion(self, a: int, b: int) -> bool:
        """True when every article of group a whose lead names a day shares one of them with every such article
        of group b (on the calendar when a year is unknown); without signals, True. Once False, False for good:
        groups only grow."""
        if not self.use_signals:
            return True
        return all(any(day_gap(x, y) == 0 for x in da for y in db) for da in self.leads(a) for db in self.leads(b))

    def merge(self, a: int, b: int) -> None:
        """Group b joins group a."""
        if self.use_signals:
            if a in self._lead and b in self._lead:
                self._lead[a] = self._lead[a] | self._lead.pop(b)
            else:
                self._lead.pop(a, None)
                self._lead.pop(b, None)
            self.sigs[a] |= self.sigs.pop(b)
        if b in self.span:
            lo, hi = self.span.pop(b)
            if a in self.span:
                lo, hi = min(lo, self.span[a][0]), max(hi, self.span[a][1])
            self.span[a] = (lo, hi)

    def scratch(self) -> GroupVeto:
        """A copy to try merges on, leaving this one as it is."""
        other = copy.copy(self)
        other.sigs = {k: set(v) for k, v in self.sigs.items()}
        other.span = dict(self.span)
        other._lead = dict(self._lead)
        return other

    def absorb_copies(self, same: Sequence[int]) -> None:
        """Copies (rows equal to an earlier head) start inside their head's group."""
        for i, head in enumerate(same):
            if head != i:
                self.merge(head, i)
