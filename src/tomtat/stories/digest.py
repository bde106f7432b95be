"""Digest: the feed's threads of events, each summarized by the one `summarize` pipeline.

A thread of two or more events becomes a timeline: its events oldest first (undated ones after, in story
order), each told in one to three sentences (a summary of at most EVENT_WORDS syllables and EVENT_SENTENCES
sentences, whole sentences only). A thread of one event gets its summary as before (`max_words`). A thread
with fewer than `min_size` articles in all is not summarized: its events go to the "other news" list
(headline, outlet, date, link). `top` counts threads, in cluster's numbering (most articles first).

The story's articles become Documents with what the feed said of them (title, sapo, date and its basis),
so the summary's sentences carry their provenance and dates exactly as `tomtat summarize` gives them.
With `workers` > 1 the events are summarized in that many spawned processes (batch's local workers:
they die with their parent and leave Ctrl-C to it); the digest is the same, byte for byte.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import multiprocessing
import os
from dataclasses import dataclass
from typing import Callable, Iterator
from urllib.parse import urlsplit

from ..model import Document
from ..pipeline import build_cluster, summarize
from ..summary import Summary
from .cluster import Story, iso_date, pick_headline, threads_of
from .feed import Article
from .roundups import is_roundup

EVENT_WORDS = 60       # budget of one event of a timeline, in syllables (never more than --max-words)
EVENT_SENTENCES = 3    # and at most this many sentences


def outlet_of(article: Article) -> str:
    """The feed's outlet (`source` field) when given, else the link's host without "www.", else ""."""
    if article.outlet:
        return article.outlet
    try:
        host = (urlsplit(article.url).hostname or "") if article.url else ""
    except ValueError:   # a malformed address ("http://[::1")
        host = ""
    return host[4:] if host.startswith("www.") else host


def headline_of(story: Story) -> str:
    """The story's headline, unless it is empty or a roundup title ("Tin an ninh hình sự 24h qua: …") while one
    of its articles has a real title: then the most central of those (cluster.pick_headline)."""
    if story.headline and not is_roundup(story.headline):
        return story.headline
    titles = [a.title or t for a, t in zip(story.articles, story.titles or [""] * story.size)]
    if not any(titles):
        return story.headline
    return pick_headline(titles, story.centrality if len(story.centrality) == len(titles) else [0.0] * len(titles))


def _distinct(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@dataclass
class StoryDigest:
    """One summarized event: its number (as in `tomtat cluster`: story-NNNNN), the story and its summary."""

    number: int
    story: Story
    summary: Summary

    @property
    def id(self) -> str:
        return f"story-{self.number:05d}"

    @property
    def headline(self) -> str:
        return headline_of(self.story)

    @property
    def dates(self) -> list[dt.date]:
        """Article dates after the pipeline (a dateline found while summarizing counts too)."""
        return sorted(d.date for d in self.summary.cluster.documents if d.date)

    def urls(self) -> list[str]:
        return [a.url for a in self.story.articles]

    def outlets(self) -> list[str]:
        return [outlet_of(a) for a in self.story.articles]


@dataclass
class Source:
    """One entry of a thread's source list: document `doc` of event `event` (its [n] is its place + 1)."""

    event: StoryDigest
    doc: int

    @property
    def document(self) -> Document:
        return self.event.summary.cluster.documents[self.doc]

    @property
    def article(self) -> Article:
        return self.event.story.articles[self.doc]


@dataclass
class ThreadDigest:
    """One thread of the digest: its number (thread-NNNNN), headline and summarized events.

    `events` are in timeline order for a thread of several events. The sources of all its events form one
    list, event after event, so a sentence's [n] means the same in every rendering: `offset(k) + doc + 1`
    for a sentence of events[k].
    """

    number: int
    headline: str
    events: list[StoryDigest]

    @property
    def id(self) -> str:
        return f"thread-{self.number:05d}"

    @property
    def timeline(self) -> bool:
        return len(self.events) > 1

    @property
    def size(self) -> int:
        return sum(e.story.size for e in self.events)

    @property
    def dates(self) -> list[dt.date]:
        return sorted(d for e in self.events for d in e.dates)

    def offset(self, k: int) -> int:
        return sum(len(e.summary.cluster.documents) for e in self.events[:k])

    @property
    def sources(self) -> list[Source]:
        return [Source(e, i) for e in self.events for i in range(len(e.summary.cluster.documents))]

    def outlets(self) -> list[str]:
        return _distinct(o for e in self.events for o in e.outlets())


@dataclass
class OtherNews:
    """An event left out of the summaries (its thread has fewer than --min-size articles): its headline and
    the article that carries it (outlet, date, link); `story.articles` are all of them."""

    number: int
    story: Story

    @property
    def id(self) -> str:
        return f"story-{self.number:05d}"

    @property
    def article(self) -> Article:
        """The article whose title is the headline, else the first one."""
        headline = headline_of(self.story)
        titles = self.story.titles or [""] * self.story.size
        for article, title in zip(self.story.articles, titles):
            if (article.title or title) == headline:
                return article
        return self.story.articles[0]

    @property
    def headline(self) -> str:
        return headline_of(self.story) or self.article.title or self.article.source


@dataclass
class Digest:
    """What the renderings show: the summarized threads in number order and the other news."""

    threads: list[ThreadDigest]
    other: list[OtherNews]
    n_articles: int
    n_events: int
    n_threads: int

    @property
    def n_summarized(self) -> int:
        return len(self.threads)


def story_documents(story: Story) -> list[Document]:
    return [Document(text=a.text, source=a.source, title=a.title or title, sapo=a.sapo, date=a.date,
                     date_precision=a.date_precision, date_basis=a.date_basis,
                     date_how="the feed's date field" if a.date_basis == "metadata" else "", captions=a.captions)
            for a, title in zip(story.articles, story.titles)]


def summarize_story(number: int, documents: list[Document], max_words: int,
                    max_sentences: int | None = None, fallback_words: int | None = None) -> Summary:
    """The story's summary; with `max_sentences`, the first that many sentences the selection chooses within
    `max_words` (the same choice order as `summarize`, cut short), or when no sentence fits that budget the
    best one within `fallback_words`. Sentences are never cut."""
    cluster_id = f"story-{number:05d}"
    if max_sentences is None:
        return summarize(documents, max_words=max_words, cluster_id=cluster_id)
    from ..extractive.features import build_context
    from ..extractive.scorers import get_scorer
    from ..extractive.select import in_reading_order, select

    cluster = build_cluster(documents, cluster_id)
    sentences = cluster.sentences
    if not sentences:
        return Summary(cluster=cluster, sentences=[], max_words=max_words)
    ctx = build_context(cluster)
    scores = get_scorer("default")(ctx)
    budget = max_words
    picked = select(ctx, scores, budget)[:max_sentences]
    if not picked and fallback_words and fallback_words > max_words:
        budget = fallback_words
        picked = select(ctx, scores, budget)[:1]
    return Summary(cluster=cluster, sentences=in_reading_order(cluster, ctx, [sentences[i] for i in picked]),
                   max_words=budget, scores={(s.doc, s.index): float(v) for s, v in zip(sentences, scores)})


Task = tuple  # (number, story, max_words, max_sentences or None, fallback_words or None)


def _summaries(tasks: list[Task], workers: int) -> Iterator[Summary]:
    """The summaries in task order, computed here or by `workers` processes."""
    if workers <= 1 or len(tasks) <= 1:
        for number, story, words, cap, fallback in tasks:
            yield summarize_story(number, story_documents(story), words, cap, fallback)
        return
    from ..batch.rows import init_local_worker

    with cf.ProcessPoolExecutor(max_workers=min(workers, len(tasks)), initializer=init_local_worker,
                                initargs=(os.getpid(),), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(summarize_story, number, story_documents(story), words, cap, fallback)
                   for number, story, words, cap, fallback in tasks]
        try:
            for future in futures:
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def thread_headline(events: list[Story]) -> str:
    """The thread's headline (that of its largest event), unless it is a roundup title and one of its events
    has a real one. `events` in story order."""
    candidates = [events[0].thread_headline, *(headline_of(s) for s in events)]
    return next((h for h in candidates if h and not is_roundup(h)), next((h for h in candidates if h), ""))


def plan(stories: list[Story], *, min_size: int = 2, top: int | None = None) -> tuple[list[list[Story]], list[Story]]:
    """(the threads to summarize, in number order, at most `top`; the events of the threads with fewer than
    `min_size` articles, for the other news), each event in story order."""
    chosen, other = [], []
    for events in threads_of(stories):
        (chosen if sum(s.size for s in events) >= min_size else other).append(events)
    return (chosen if top is None else chosen[:top]), [s for events in other for s in events]


def _timeline(events: list[StoryDigest]) -> list[StoryDigest]:
    """Oldest first by the event's first date; events without a known date after, in story order."""
    return sorted(events, key=lambda e: (not e.dates, e.dates[0] if e.dates else dt.date.min, e.number))


def build_digest(stories: list[Story], *, min_size: int = 2, top: int | None = None, max_words: int = 200,
                 workers: int = 1, done: Callable[[int], object] = lambda n: None) -> Digest:
    """The digest of clustered stories (events, each with its thread, in cluster's order): the threads of at
    least `min_size` articles (the first `top` of them) summarized, the events of the others as other news."""
    from .options import check_digest_options
    check_digest_options(stories, min_size=min_size, top=top, max_words=max_words, workers=workers)
    number = {id(s): k for k, s in enumerate(stories, 1)}
    chosen, other = plan(stories, min_size=min_size, top=top)
    event_words = min(EVENT_WORDS, max_words)
    tasks: list[Task] = []
    for events in chosen:
        for s in events:
            tasks.append((number[id(s)], s, max_words, None, None) if len(events) == 1
                         else (number[id(s)], s, event_words, EVENT_SENTENCES, max_words))
    summaries = _summaries(tasks, workers)
    threads = []
    try:
        for events in chosen:
            items = []
            for s in events:
                items.append(StoryDigest(number[id(s)], s, next(summaries)))
                done(1)
            threads.append(ThreadDigest(events[0].thread, thread_headline(events),
                                        _timeline(items) if len(items) > 1 else items))
    finally:
        summaries.close()   # the worker processes end here, not when the generator is collected
    return Digest(threads=threads, other=[OtherNews(number[id(s)], s) for s in other],
                  n_articles=sum(s.size for s in stories), n_events=len(stories),
                  n_threads=len({s.thread for s in stories}))


def news_date(article: Article) -> str | None:
    """The article's date, ISO 8601 to the precision known, or None."""
    return iso_date(article) if article.date else None
