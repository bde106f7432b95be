"""Feed → stories: order articles by content, represent them, block candidates, link, and name each story.

Everything order-dependent (the index build, tie-breaks) runs on articles sorted by a content key, so the
partition is the same whatever order the feed came in. Cost grows with n log n: per-article work, an ANN
index, exact scores for a bounded number of pairs per article, and a linkage over that sparse graph.
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
from .represent import KEYWORDS, content_key, tfidf

# Mean cosine within a story: chosen on AbMuSu train pooled with 3,000 VietNews distractors (B-cubed F1),
# checked on validation; see benchmarks/cluster_quality.py and its results.
DEFAULT_THRESHOLD = 0.2


@dataclass
class Story:
    """A group of articles on one story, in reading order (dated first, oldest first), and its headline."""

    articles: list[Article]
    headline: str = ""
    titles: list[str] = field(default_factory=list)   # each article's headline, parallel to `articles`
    centrality: list[float] = field(default_factory=list)

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
    """The feed in content order, its TF-IDF rows and each article's headline."""

    articles: list[Article]
    x: sp.csr_matrix
    titles: list[str]


def represent_feed(articles: list[Article], *, workers: int = 1, engine: str = "local", scheduler: str | None = None,
                   progress: Callable[[int], object] = lambda n: None) -> Represented:
    """Sort by content (so nothing downstream depends on input order), then the per-article work."""
    order = sorted(range(len(articles)), key=lambda i: (content_key(articles[i]), source_key(articles[i].source)))
    ordered = [articles[i] for i in order]
    parts = run_featurize(ordered, workers=workers, engine=engine, scheduler=scheduler, done=progress)
    x = tfidf(sp.vstack([p.counts for p in parts]).tocsr(), top=KEYWORDS)
    for article, dateline in zip(ordered, (d for p in parts for d in p.datelines)):
        if article.date is None and dateline is not None:   # undated article with a dateline ("… | 13/01/2022 07:53")
            article.date, article.date_precision, article.date_basis = dateline, "day", "dateline"
    return Represented(ordered, x, [t for p in parts for t in p.titles])


def group(feed: Represented, threshold: float = DEFAULT_THRESHOLD, *, window: float | None = None,
          neighbours: int = NEIGHBOURS, threads: int = 1) -> list[Story]:
    """Candidate pairs, then average linkage, then named and ordered stories."""
    dates = [a.date for a in feed.articles]
    same = identical_rows(feed.x, dates if window is not None else None)
    heads = np.flatnonzero(same == np.arange(len(same)))   # copies ask the index once, as one point
    rows, cols, sims = candidate_pairs(feed.x[heads], threshold, dates=[dates[h] for h in heads], window=window,
                                       k=neighbours, threads=threads)
    labels = average_linkage(feed.x, heads[rows], heads[cols], sims, threshold, same=same)
    return build_stories(feed.articles, feed.titles, feed.x, labels)


def cluster_articles(articles: list[Article], threshold: float = DEFAULT_THRESHOLD, *, window: float | None = None,
                     workers: int = 1, engine: str = "local", scheduler: str | None = None,
                     neighbours: int = NEIGHBOURS, progress: Callable[[int], object] = lambda n: None) -> list[Story]:
    """Every article in exactly one Story; stories largest first, then earliest date, then first source."""
    feed = represent_feed(articles, workers=workers, engine=engine, scheduler=scheduler, progress=progress)
    return group(feed, threshold, window=window, neighbours=neighbours, threads=workers)


def build_stories(ordered: list[Article], titles: list[str], x: sp.csr_matrix, labels: np.ndarray) -> list[Story]:
    """Stories from group labels; the headline is the title of the article closest to the story's centroid."""
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(labels.tolist()):
        groups.setdefault(g, []).append(i)
    stories = []
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
        best = max(range(story.size), key=lambda k: (bool(story.titles[k]), round(story.centrality[k], 9), -k))
        story.headline = story.titles[best]
        stories.append(story)
    stories.sort(key=_story_order)
    return stories


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
        docs.append(d)
    return {"id": f"story-{number:05d}", "headline": story.headline, "single_documents": docs, "size": story.size}
