"""Feed → events and threads: order articles by content, represent them, block candidates, score pairs,
link events, link events into threads, name.

An event (one Story) is one incident, meeting, decision or announcement and its direct follow-ups; a thread
is the events of one developing saga. Events are linked over P(same event) with hard rules (veto.py: event
days far apart, provinces with nothing in common, dates beyond the window); threads over P(same event or
same thread) between events, with the place rule only. Both probabilities come from models fitted on pairs
labelled by reading (pairs.py).

Everything order-dependent (the index build, tie-breaks) runs on articles sorted by a content key, so the
partition is the same whatever order the feed came in. Cost grows with n log n: per-article work, an ANN
index, a fixed set of scores for a bounded number of pairs per article (pairs.py), and an average linkage
over that sparse graph of same-story probabilities.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import scipy.sparse as sp

from .candidates import NEIGHBOURS, candidate_pairs
from .engines import run_featurize
from .feed import Article
from .linkage import average_linkage, identical_rows
from .pairs import event_probabilities, pair_features, thread_probabilities
from .represent import KEYWORDS, WIDE, content_key, first_rows, tfidf
from .roundups import is_roundup
from .signals import EventSignals
from .veto import GroupVeto, thread_rule

# Least mean P(same event) within an event and P(same thread) between the events of a thread, chosen on the
# choose split of the labelled VietNews pairs, the choose feeds of the ordinary-feed pairs and AbMuSu train
# among 3,000 VietNews distractors (python -m tomtat.stories.train; benchmarks/cluster_quality.py reports the
# held-back pairs and AbMuSu validation). 0.4 over 0.5 on that data: choose pairs P 0.613 / R 0.754 against
# 0.632 / 0.700 (F1 0.676 vs 0.664), AbMuSu train B-cubed 0.913 vs 0.904; the ordinary choose feeds would gain
# precision at 0.5 (0.246 -> 0.275), not enough to pay for the recall.
DEFAULT_THRESHOLD = 0.4
THREAD_THRESHOLD = 0.5
CANDIDATE_COSINE = 0.08   # keyword cosine below which a neighbour is not worth scoring
NEGLIGIBLE = 0.01         # pair probabilities below this are left out of the graph (they count as 0)
COPIES_COSINE = 0.5       # groups whose mean keyword cosine over all pairs reaches this merge anyway (linkage.py)


@dataclass
class Story:
    """A group of articles on one story, in reading order (dated first, oldest first), and its headline."""

    articles: list[Article]
    headline: str = ""
    titles: list[str] = field(default_factory=list)   # each article's headline, parallel to `articles`
    centrality: list[float] = field(default_factory=list)
    thread: int = 0              # the thread's number (thread-00012), shared by the events of one saga
    thread_headline: str = ""

    @property
    def size(self) -> int:
        return len(self.articles)

    @property
    def dates(self) -> list[dt.date]:
        return sorted(a.date for a in self.articles if a.date)


def source_key(source: str) -> tuple:
    """Natural order of sources: feed.jsonl:9 before feed.jsonl:10."""
    parts = re.split(r"(\d+)", source)
    return tuple(int(p) if k % 2 else p for k, p in enumerate(parts))


def _article_order(a: Article) -> tuple:
    return (a.date is None, a.date or dt.date.min, source_key(a.source))


def _story_order(s: Story) -> tuple:
    dates = s.dates
    return (-s.size, not dates, dates[0] if dates else dt.date.min, source_key(s.articles[0].source))


@dataclass
class Represented:
    """The feed in content order, its TF-IDF rows and each article's headline.

    x: keywords (headline, sapo, body and names; the neighbour search); wide: the wider body vector;
    headlines, names: those term sets alone (pairs.py). text_of: each article's first article with the same
    terms and headline (itself when none): the same text posted again.
    """

    articles: list[Article]
    x: sp.csr_matrix
    titles: list[str]
    wide: sp.csr_matrix
    headlines: sp.csr_matrix
    names: sp.csr_matrix
    signals: list[EventSignals]
    text_of: np.ndarray | None = None


def represent_feed(articles: list[Article], *, workers: int = 1, engine: str = "local", scheduler: str | None = None,
                   progress: Callable[[int], object] = lambda n: None) -> Represented:
    """Sort by content (so nothing downstream depends on input order), then the per-article work."""
    order = sorted(range(len(articles)), key=lambda i: (content_key(articles[i]), source_key(articles[i].source)))
    ordered = [articles[i] for i in order]
    parts = run_featurize(ordered, workers=workers, engine=engine, scheduler=scheduler, done=progress)
    counts = sp.vstack([p.counts for p in parts]).tocsr()
    names = sp.vstack([p.name_counts for p in parts]).tocsr()
    titles = sp.vstack([p.title_counts for p in parts]).tocsr()
    for m in (counts, names, titles):
        m.sum_duplicates()
    text_of = first_rows(counts, titles)
    repeats = np.flatnonzero(text_of != np.arange(len(text_of)))   # counted once in the document frequencies
    x = tfidf(counts + names, top=KEYWORDS, copy=False, repeats=repeats)   # at most two feed-sized matrices at a time
    wide = tfidf(counts, top=WIDE, copy=False, repeats=repeats)
    del counts
    headlines = tfidf(titles, copy=False, repeats=repeats)
    names = tfidf(names, copy=False, repeats=repeats)
    for article, dateline in zip(ordered, (d for p in parts for d in p.datelines)):
        if article.date is None and dateline is not None:   # undated article with a dateline ("… | 13/01/2022 07:53")
            article.date, article.date_precision, article.date_basis = dateline, "day", "dateline"
    return Represented(ordered, x, [t for p in parts for t in p.titles], wide, headlines, names,
                       [g for p in parts for g in p.signals], text_of)


def scored_pairs(feed: Represented, *, window: float | None = None, neighbours: int = NEIGHBOURS,
                 threads: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, pair features, identical_rows) of the candidate pairs: near neighbours by keyword cosine.

    Copies (identical keyword rows naming the same days in lead and headline; with a window, also the same
    date) ask the index once, as one point, and are scored once: the pairs are between the first of each set
    of copies only.
    """
    dates = [a.date for a in feed.articles]
    occasions = [(s.lead_days, s.title_days) for s in feed.signals]   # copies of one text name the same days
    same = identical_rows(feed.x, list(zip(dates, occasions)) if window is not None else occasions,
                          text_of=feed.text_of)
    heads = np.flatnonzero(same == np.arange(len(same)))
    rows, cols, sims = candidate_pairs(feed.x[heads], CANDIDATE_COSINE, dates=[dates[h] for h in heads],
                                       window=window, k=neighbours, threads=threads)
    keep = sims >= CANDIDATE_COSINE
    rows, cols, sims = rows[keep], cols[keep], sims[keep]
    features = pair_features(feed.wide[heads], feed.headlines[heads], feed.names[heads],
                             [feed.signals[h] for h in heads.tolist()], rows, cols)
    return heads[rows], heads[cols], features, same


def link(n: int, rows: np.ndarray, cols: np.ndarray, features: np.ndarray, threshold: float,
         same: np.ndarray | None = None, x: sp.csr_matrix | None = None, veto: GroupVeto | None = None) -> np.ndarray:
    """Event label per article: average linkage over the pairs' same-event probabilities (and, with the
    keyword rows `x`, the mean cosine of near copies), never across a veto."""
    p = event_probabilities(features)
    keep = p >= NEGLIGIBLE
    return average_linkage(n, rows[keep], cols[keep], p[keep], threshold, same=same, x=x, cosine=COPIES_COSINE,
                           veto=veto)


def link_threads(events: np.ndarray, rows: np.ndarray, cols: np.ndarray, features: np.ndarray,
                 signals: list[EventSignals], threshold: float = THREAD_THRESHOLD,
                 same: np.ndarray | None = None) -> np.ndarray:
    """Thread label per article: average linkage of whole events over P(same thread) of their article pairs.

    Each event starts as one group (as copies do); the score between two events is the sum of their pairs'
    probabilities, spread over all their article pairs, so the linkage's mean counts unseen pairs as 0.
    A pair's P(same thread) is at least its P(same event) (pairs.thread_probabilities). `same`: the
    `identical_rows` labels when copies were scored once (scored_pairs): a pair of first copies then stands
    for every pair of their copies, as in the event linkage (without it, a story posted twice would weigh a
    quarter of its links to the other events of its thread).
    """
    p = thread_probabilities(features)
    if same is not None:
        copies = np.bincount(same, minlength=len(events)).astype(np.float64)
        p = p * copies[rows] * copies[cols]
    a, b = events[rows], events[cols]
    keep = (a != b) & (p >= NEGLIGIBLE)
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    size = np.bincount(events, minlength=len(events)).astype(np.float64)
    n = len(events)
    if len(lo):
        key = lo * n + hi
        uniq, inverse = np.unique(key, return_inverse=True)
        sums = np.bincount(inverse, weights=p[keep])
        lo, hi = uniq // n, uniq % n
        scores = sums / (size[lo] * size[hi])
    else:
        scores = np.zeros(0)
    veto = GroupVeto(signals, None, None, rule=thread_rule)
    return average_linkage(n, lo, hi, scores, threshold, same=events, veto=veto)


def group(feed: Represented, threshold: float = DEFAULT_THRESHOLD, *, window: float | None = None,
          neighbours: int = NEIGHBOURS, threads: int = 1, thread_threshold: float = THREAD_THRESHOLD) -> list[Story]:
    """Candidate pairs, their probabilities, events by average linkage under the hard rules, threads of
    events, then named and ordered stories (events) carrying their thread."""
    rows, cols, features, same = scored_pairs(feed, window=window, neighbours=neighbours, threads=threads)
    veto = GroupVeto(feed.signals, [a.date for a in feed.articles], window)
    events = link(feed.x.shape[0], rows, cols, features, threshold, same=same, x=feed.x, veto=veto)
    strands = link_threads(events, rows, cols, features, feed.signals, thread_threshold, same=same)
    return build_stories(feed.articles, feed.titles, feed.x, events, strands)


def cluster_articles(articles: list[Article], threshold: float = DEFAULT_THRESHOLD, *, window: float | None = None,
                     workers: int = 1, engine: str = "local", scheduler: str | None = None,
                     neighbours: int = NEIGHBOURS, progress: Callable[[int], object] = lambda n: None) -> list[Story]:
    """Every article in exactly one Story (event), each with its thread; stories largest first, then
    earliest date, then first source."""
    from .options import check_cluster_options
    check_cluster_options(articles, threshold, window=window, workers=workers, engine=engine, neighbours=neighbours)
    feed = represent_feed(articles, workers=workers, engine=engine, scheduler=scheduler, progress=progress)
    return group(feed, threshold, window=window, neighbours=neighbours, threads=workers)


def pick_headline(titles: list[str], centrality: list[float]) -> str:
    """The title nearest the group's centre, leaving out roundups ("Tin an ninh hình sự 24h qua: …")
    unless every title is one."""
    best = max(range(len(titles)), key=lambda k: (bool(titles[k]) and not is_roundup(titles[k]), bool(titles[k]),
                                                   round(centrality[k], 9), -k))
    return titles[best]


def build_stories(ordered: list[Article], titles: list[str], x: sp.csr_matrix, labels: np.ndarray,
                  strands: np.ndarray | None = None) -> list[Story]:
    """Stories from event labels; the headline is the title of the article closest to the story's centroid.
    With thread labels, each story gets its thread's number (threads numbered like stories: most articles
    first, then earliest date, then first source) and headline (that of its largest event)."""
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(labels.tolist()):
        groups.setdefault(g, []).append(i)
    stories = []
    thread_of: dict[int, int] = {}
    for members in groups.values():
        if len(members) == 1:
            centrality = [1.0]
        else:
            rows = x[members]
            centroid = np.asarray(rows.sum(axis=0)).ravel()
            centrality = (rows @ centroid).tolist()
        entries = sorted(zip(members, centrality), key=lambda m: _article_order(ordered[m[0]]))
        story = Story(articles=[ordered[i] for i, _ in entries], titles=[titles[i] for i, _ in entries],
                      centrality=[float(c) for _, c in entries])
        story.headline = pick_headline(story.titles, story.centrality)
        if strands is not None:
            thread_of[id(story)] = int(strands[members[0]])
        stories.append(story)
    stories.sort(key=_story_order)
    by_thread: dict[int, list[Story]] = {}
    for story in stories:
        by_thread.setdefault(thread_of.get(id(story), id(story)), []).append(story)
    threads = sorted(by_thread.values(), key=_thread_order)
    for number, events in enumerate(threads, 1):
        for story in events:
            story.thread = number
            story.thread_headline = events[0].headline   # the largest event (stories are in story order)
    return stories


def _thread_order(events: list[Story]) -> tuple:
    dates = sorted(d for s in events for d in s.dates)
    first = min((source_key(s.articles[0].source) for s in events))
    return (-sum(s.size for s in events), not dates, dates[0] if dates else dt.date.min, first)


def threads_of(stories: list[Story]) -> list[list[Story]]:
    """The events of each thread, threads in number order, events in story order."""
    out: dict[int, list[Story]] = {}
    for story in stories:
        out.setdefault(story.thread, []).append(story)
    return [out[k] for k in sorted(out)]


def iso_date(article: Article) -> str:
    """The article's date, ISO 8601 to the precision known ("2022-01-13", "2022-01", "2022")."""
    iso = article.date.isoformat()
    return iso[:4] if article.date_precision == "year" else iso[:7] if article.date_precision == "month" else iso


def story_row(story: Story, number: int) -> dict:
    """AbMuSu-shaped row (`tomtat batch` takes it as is): single_documents with title, raw_text, source."""
    docs = []
    for article, title in zip(story.articles, story.titles):
        d: dict = {"title": article.title or title}
        if article.sapo:
            d["anchor_text"] = article.sapo
        d["raw_text"] = article.text
        d["source"] = article.source
        if article.date:
            d["date"] = iso_date(article)
            d["date_basis"] = article.date_basis
        if article.url:
            d["url"] = article.url
        if article.id is not None:
            d["id"] = article.id
        if article.outlet:
            d["outlet"] = article.outlet
        if article.captions:   # read back by `batch` and `digest` (io.readers.given_captions)
            d["captions"] = list(article.captions)
        docs.append(d)
    return {"id": f"story-{number:05d}", "headline": story.headline, "single_documents": docs, "size": story.size,
            "thread": thread_id(story.thread), "thread_headline": story.thread_headline}


def thread_id(number: int) -> str:
    return f"thread-{number:05d}"


def thread_row(events: list[Story]) -> dict:
    """One line for a whole thread (`--level thread`): the articles of all its events in reading order."""
    articles = [(a, t) for s in events for a, t in zip(s.articles, s.titles)]
    articles.sort(key=lambda at: _article_order(at[0]))
    merged = Story(articles=[a for a, _ in articles], titles=[t for _, t in articles], headline=events[0].thread_headline,
                   thread=events[0].thread, thread_headline=events[0].thread_headline)
    row = story_row(merged, 0)
    row["id"] = thread_id(merged.thread)
    row["events"] = len(events)
    return row
