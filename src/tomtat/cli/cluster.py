"""`tomtat cluster`: a feed grouped into events and threads; the reading and grouping `tomtat digest` shares.

Heavy imports wait until the command runs."""
from __future__ import annotations

import json
import sys
from enum import Enum
from typing import List, Optional

import typer

from ..batch import Engine
from .console import fail, refuse_overwriting_input, warn, write_output


class Level(str, Enum):
    event = "event"
    thread = "thread"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 story', '3 stories': the summary line reads as English."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def check_threshold(value: Optional[float]) -> Optional[float]:
    if value is not None and not 0.0 < value <= 1.0:
        raise typer.BadParameter("must be a probability in (0, 1]")
    return value


def read_and_cluster(paths: list[str], output: Optional[str], threshold: Optional[float], window: Optional[float],
                     workers: int, engine: Engine, scheduler: Optional[str], quiet: bool):
    """Read the feed and cluster it; unusable input ends the command with exit 2 and one line."""
    from tqdm import tqdm

    from ..batch.output import BatchError
    from ..io.readers import ReadError
    from ..stories.cluster import DEFAULT_THRESHOLD, cluster_articles
    from ..stories.feed import read_feed

    try:
        articles = read_feed(paths, warn)
        if output:
            refuse_overwriting_input(output, [*paths, *(a.source for a in articles)])
        show = not quiet and sys.stderr.isatty()
        # Two steps on stderr (a terminal only): the per-article work, counted, then the grouping into events and
        # threads, one step shown from its start (it would otherwise sit silent behind a bar at 100%).
        bars = [tqdm(total=len(articles), desc="preparing", unit="article", disable=not show, file=sys.stderr)]

        def done(n: int) -> None:
            bars[-1].update(n)
            if len(bars) == 1 and bars[0].n >= len(articles):
                bars[0].close()
                bars.append(tqdm(total=1, desc="grouping into events and threads", unit="step", disable=not show,
                                 file=sys.stderr, bar_format="{desc}: {elapsed}"))
        try:
            return cluster_articles(articles, DEFAULT_THRESHOLD if threshold is None else threshold, window=window,
                                    workers=workers, engine=engine.value, scheduler=scheduler, progress=done)
        finally:
            for bar in bars:
                bar.close()
    except (ReadError, BatchError, ValueError) as err:
        fail(str(err))


def cluster(
    paths: List[str] = typer.Argument(..., help="Folders, article files, or JSONL (articles or AbMuSu rows)."),
    output: str = typer.Option(..., "-o", "--output", help="STORIES.jsonl: one event per line, largest first."),
    level: Level = typer.Option(Level.event, "--level",
                                help="What a line holds: one event, or one thread (the articles of all its events)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", callback=check_threshold,
                                              help="Least mean same-story probability within a story (default: tuned)."),
    min_size: int = typer.Option(1, "--min-size", min=1, help="Leave out stories with fewer articles."),
    window: Optional[float] = typer.Option(None, "--window", min=0,
                                           help="Days: articles with known dates further apart never share a story."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for the per-article work."),
    engine: Engine = typer.Option(Engine.local, "--engine"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar, no summary line."),
) -> None:
    """Group the articles of a feed into events and threads (AbMuSu-shaped rows that `tomtat batch` takes)."""
    from ..stories.cluster import story_row, thread_row, threads_of

    stories = read_and_cluster(paths, output, threshold, window, workers, engine, scheduler, quiet)
    threads = threads_of(stories)
    if level == Level.thread:
        rows = [thread_row(events) for events in threads if sum(s.size for s in events) >= min_size]
    else:
        rows = [story_row(s, k) for k, s in enumerate(stories, 1) if s.size >= min_size]
    write_output("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), output)
    if not quiet:
        n = sum(s.size for s in stories)
        unit = "line" if level == Level.thread else "event"
        typer.echo(f"tomtat: {count(n, 'article')}, {count(len(stories), 'event')}, {count(len(threads), 'thread')}"
                   + (f", {count(len(rows), unit)} with at least {min_size} articles" if min_size > 1 else ""), err=True)

