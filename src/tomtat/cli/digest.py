"""`tomtat digest`: a feed (PATH...) clustered into threads and each summarized into one page or file, or with
--store DB the digest of a story store's day. Heavy imports wait until the command runs."""
from __future__ import annotations

import datetime as dt
import inspect
import sys
from enum import Enum
from typing import List, Optional

import typer

from ..batch import Engine
from .cluster import check_threshold, count, read_and_cluster
from .console import fail, write_output
from .store import open_or_fail


class DigestFormat(str, Enum):
    html = "html"
    text = "text"
    json = "json"


def digest(
    paths: Optional[List[str]] = typer.Argument(None, metavar="PATH...",
                                                help="Folders, article files, or JSONL (articles or AbMuSu rows)."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Write to FILE instead of stdout."),
    fmt: DigestFormat = typer.Option(DigestFormat.html, "--format", help="One HTML page, text, or JSON lines."),
    max_words: int = typer.Option(200, "--max-words", min=1,
                                  help="Budget of each story's summary, in syllables (an event of a timeline "
                                       "gets at most 60 of them and 3 sentences)."),
    top: Optional[int] = typer.Option(None, "--top", min=1, help="Only the K largest threads (stories)."),
    min_size: int = typer.Option(2, "--min-size", min=1,
                                 help="Summarize threads of at least N articles; the rest are listed as other news."),
    threshold: Optional[float] = typer.Option(None, "--threshold", callback=check_threshold,
                                              help="Least mean same-story probability within a story (default: tuned)."),
    window: Optional[float] = typer.Option(None, "--window", min=0,
                                           help="Days: articles with known dates further apart never share a story."),
    workers: int = typer.Option(1, "--workers", min=1,
                                help="Processes for the per-article work and, with the local engine, the summaries."),
    engine: Engine = typer.Option(Engine.local, "--engine"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar, no summary line."),
    store: Optional[str] = typer.Option(None, "--store", metavar="DB",
                                        help="Digest of a story store (see tomtat ingest) instead of PATH..."),
    day: Optional[str] = typer.Option(None, "--day", metavar="YYYY-MM-DD",
                                      help="With --store: the digest of this day (default: the newest day stored)."),
    since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM-DD",
                                        help="With --store: everything from this day to the newest."),
) -> None:
    """Cluster a feed into events and threads and summarize each thread (largest first) into one page or file:
    a thread of several events as a dated timeline, one event as one summary, small ones as other news."""
    if store is None:
        if day is not None or since is not None:
            fail("--day and --since go with --store DB")
        if not paths:
            fail("give PATH... (folders, article files, JSONL) or --store DB")
        return feed_digest(paths, output, fmt, max_words, top, min_size, threshold, window, workers, engine,
                           scheduler, quiet)
    if paths:
        fail("--store DB digests the store: give no PATH (add articles with tomtat ingest PATH... --store DB)")
    return store_digest(store, day, since, fmt.value, output, max_words)


digest.__doc__ = inspect.cleandoc(digest.__doc__) + (
    "\n\nWith --store DB: the day's digest of a story store by thread, threads already shown in an earlier "
    "digest told as updates (only what is new), saved in the store.")


def feed_digest(paths: list[str], output: Optional[str], fmt: DigestFormat, max_words: int, top: Optional[int],
                min_size: int, threshold: Optional[float], window: Optional[float], workers: int, engine: Engine,
                scheduler: Optional[str], quiet: bool) -> None:
    """The digest of a feed: read, cluster, summarize each thread (a timeline of its events) or list it."""
    from tqdm import tqdm

    from ..stories.digest import build_digest, plan
    from ..stories.render import RENDERERS

    stories = read_and_cluster(paths, output, threshold, window, workers, engine, scheduler, quiet)
    show = not quiet and sys.stderr.isatty()
    wanted = sum(len(events) for events in plan(stories, min_size=min_size, top=top)[0])
    with tqdm(total=wanted, desc="summarizing", unit="event", disable=not show, file=sys.stderr) as bar:
        result = build_digest(stories, min_size=min_size, top=top, max_words=max_words,
                              workers=workers if engine == Engine.local else 1, done=bar.update)
    write_output(RENDERERS[fmt.value](result), output)
    if not quiet:
        typer.echo(f"tomtat: {count(result.n_articles, 'article')}, {count(len(stories), 'story', 'stories')}, "
                   f"{result.n_summarized} summarized" + (f", {len(result.other)} as other news" if result.other else "")
                   + f"; {count(result.n_threads, 'thread')}", err=True)


def store_digest(store: str, day: Optional[str], since: Optional[str], fmt: str, output: Optional[str],
                 max_words: int) -> None:
    """The digest of a story store's day (or days since), saved in the store."""
    from ..store import StoreError
    from ..store.digests import make_digest

    for flag, value in (("--day", day), ("--since", since)):
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                fail(f"{flag} {value!r}: not a date YYYY-MM-DD")
            if len(value) != 10:
                fail(f"{flag} {value!r}: not a date YYYY-MM-DD")
    if day is not None and since is not None:
        fail("give --day or --since, not both")
    db = open_or_fail(store, create=False)
    try:
        content = make_digest(db, day=day, since=since, max_words=max_words, fmt=fmt)
    except StoreError as err:
        fail(str(err))
    finally:
        db.close()
    write_output(content, output)
