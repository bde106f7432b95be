"""Checks of the library calls' arguments: a bad value is a ValueError with one plain sentence, raised before
any work (the CLI turns it into one line and exit 2), never a numpy or executor error from deep inside.

`cluster_articles` and `build_digest` call these first thing.
"""
from __future__ import annotations

import math
from numbers import Integral, Real

ENGINES = ("local", "dask")


def _number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _count(value, name: str, least: int = 1) -> None:
    if not isinstance(value, Integral) or isinstance(value, bool) or value < least:
        raise ValueError(f"{name} must be a whole number of at least {least}, not {value!r}")


def check_cluster_options(articles, threshold, *, window=None, workers=1, engine="local", neighbours=1) -> None:
    """The arguments of `cluster_articles`; raises ValueError naming the first bad one."""
    from .feed import Article

    if not isinstance(articles, (list, tuple)) or not articles:
        raise ValueError("no articles to cluster: give a non-empty list of Article")
    for k, article in enumerate(articles):
        if not isinstance(article, Article) or not isinstance(article.text, str) or not isinstance(article.source, str):
            raise ValueError(f"articles[{k}] is not an Article with a text and a source string ({type(article).__name__})")
    if not _number(threshold) or not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be a probability in (0, 1], not {threshold!r}")
    if window is not None and (not _number(window) or math.isnan(window) or window < 0):
        raise ValueError(f"window must be a number of days of at least 0 (or None), not {window!r}")
    _count(workers, "workers")
    _count(neighbours, "neighbours")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")


def check_digest_options(stories, *, min_size=2, top=None, max_words=200, workers=1) -> None:
    """The arguments of `build_digest`; raises ValueError naming the first bad one."""
    if not isinstance(stories, (list, tuple)):
        raise ValueError(f"stories must be a list of Story, not {type(stories).__name__}")
    _count(min_size, "min_size")
    if top is not None:
        _count(top, "top")
    _count(max_words, "max_words")
    _count(workers, "workers")
