"""Digest: every story of at least `min_size` articles, summarized by the one `summarize` pipeline.

The story's articles become Documents with what the feed said of them (title, sapo, date and its basis),
so the summary's sentences carry their provenance and dates exactly as `tomtat summarize` gives them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ..model import Document
from ..pipeline import summarize
from ..summary import Summary
from .cluster import Story


@dataclass
class StoryDigest:
    """One story of the digest: its number (as in `tomtat cluster`), the story and its summary."""

    number: int
    story: Story
    summary: Summary

    @property
    def dates(self) -> list[dt.date]:
        """Article dates after the pipeline (a dateline found while summarizing counts too)."""
        return sorted(d.date for d in self.summary.cluster.documents if d.date)

    def urls(self) -> list[str]:
        return [a.url for a in self.story.articles]


def story_documents(story: Story) -> list[Document]:
    return [Document(text=a.text, source=a.source, title=a.title or title, sapo=a.sapo, date=a.date,
                     date_precision=a.date_precision, date_basis=a.date_basis,
                     date_how="the feed's date field" if a.date_basis == "metadata" else "")
            for a, title in zip(story.articles, story.titles)]


def build_digest(stories: list[Story], *, min_size: int = 2, top: int | None = None, max_words: int = 200,
                 done: Callable[[int], object] = lambda n: None) -> list[StoryDigest]:
    """Summaries of the stories of at least `min_size` articles (the first `top` of them), largest first."""
    chosen = [(k, s) for k, s in enumerate(stories, 1) if s.size >= min_size]
    if top is not None:
        chosen = chosen[:top]
    out = []
    for number, story in chosen:
        out.append(StoryDigest(number, story, summarize(story_documents(story), max_words=max_words,
                                                        cluster_id=f"story-{number:05d}")))
        done(1)
    return out
