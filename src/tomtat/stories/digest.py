"""Digest: every story of at least `min_size` articles, summarized by the one `summarize` pipeline.

The story's articles become Documents with what the feed said of them (title, sapo, date and its basis),
so the summary's sentences carry their provenance and dates exactly as `tomtat summarize` gives them.
With `workers` > 1 the stories are summarized in that many spawned processes (batch's local workers:
they die with their parent and leave Ctrl-C to it); the digest is the same, byte for byte.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import multiprocessing
import os
from dataclasses import dataclass
from typing import Callable, Iterator

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


def summarize_story(number: int, documents: list[Document], max_words: int) -> Summary:
    return summarize(documents, max_words=max_words, cluster_id=f"story-{number:05d}")


def _summaries(chosen: list[tuple[int, Story]], max_words: int, workers: int) -> Iterator[Summary]:
    """The summaries in story order, computed here or by `workers` processes."""
    if workers <= 1 or len(chosen) <= 1:
        for number, story in chosen:
            yield summarize_story(number, story_documents(story), max_words)
        return
    from ..batch.rows import init_local_worker

    with cf.ProcessPoolExecutor(max_workers=min(workers, len(chosen)), initializer=init_local_worker,
                                initargs=(os.getpid(),), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(summarize_story, number, story_documents(story), max_words) for number, story in chosen]
        try:
            for future in futures:
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def build_digest(stories: list[Story], *, min_size: int = 2, top: int | None = None, max_words: int = 200,
                 workers: int = 1, done: Callable[[int], object] = lambda n: None) -> list[StoryDigest]:
    """Summaries of the stories of at least `min_size` articles (the first `top` of them), largest first."""
    from .options import check_digest_options
    check_digest_options(stories, min_size=min_size, top=top, max_words=max_words, workers=workers)
    chosen = [(k, s) for k, s in enumerate(stories, 1) if s.size >= min_size]
    if top is not None:
        chosen = chosen[:top]
    out = []
    for (number, story), summary in zip(chosen, _summaries(chosen, max_words, workers)):
        out.append(StoryDigest(number, story, summary))
        done(1)
    return out
