"""The story-store commands (`tomtat ingest`, `tomtat stats`, `tomtat digest --store`), registered in cli.py.

Heavy imports wait until a command runs. Every store problem (locked, read-only, corrupt, unknown schema
version, unreachable server) is one line on stderr naming the store, exit 2.
"""
from __future__ import annotations

import json
import sys
from typing import List

import typer


def _open(db: str, create: bool):
    from .cli import fail
    from .store import StoreError, open_store

    try:
        return open_store(db, create=create)
    except StoreError as err:
        fail(str(err))


def ingest(
    sources: List[str] = typer.Argument(..., metavar="SOURCE...",
                                        help="Folders, article files, JSONL, RSS/Atom feeds (files or URLs), article URLs."),
    store: str = typer.Option(..., "--store", metavar="DB", help="SQLite file (created when absent) or postgresql:// URL."),
    window: float = typer.Option(30.0, "--window", min=0, metavar="DAYS",
                                 help="New articles may join events whose last article is at most this many days older."),
    delay: float = typer.Option(1.0, "--delay", min=0, metavar="SECONDS",
                                help="Least time between two requests to one host (robots.txt Crawl-delay when longer)."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, metavar="SECONDS", help="Connect/read timeout of a request."),
    max_page_size: str = typer.Option("10MB", "--max-page-size", metavar="SIZE", help="Larger pages are skipped."),
    batch_size: int = typer.Option(1000, "--batch-size", min=1, help="New articles per transaction."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar, no summary line on stderr."),
) -> None:
    """Add new articles to a story store: they join its recent events and threads, or open new ones."""
    from tqdm import tqdm

    from .cli import fail, warn
    from .feeds.fetch import PoliteClient
    from .feeds.sources import gather
    from .io.files import ReadError, parse_size
    from .store import StoreError
    from .store.ingest import ingest as run

    try:
        page_cap = parse_size(max_page_size)
    except ValueError as err:
        fail(f"--max-page-size: {err}")
    db = _open(store, create=True)
    try:
        client = PoliteClient(delay=delay, timeout=timeout, max_bytes=page_cap)
        found = gather(sources, warn, client)
        show = not quiet and sys.stderr.isatty()
        with tqdm(total=len(found.articles), desc="lưu bài", unit="bài", disable=not show, file=sys.stderr) as bar:
            report = run(db, found.articles, skipped=found.skipped, window=window, batch_size=batch_size,
                         progress=bar.update)
    except (ReadError, StoreError) as err:
        fail(str(err))
    finally:
        db.close()
    if not quiet:
        typer.echo(f"tomtat: {report.read} read, {report.added} added, {report.duplicates} already stored, "
                   f"{report.skipped} skipped; the store holds {report.events} events in {report.threads} threads",
                   err=True)
    typer.echo(json.dumps(report.as_dict()))


def stats(
    store: str = typer.Option(..., "--store", metavar="DB", help="SQLite file or postgresql:// URL."),
) -> None:
    """Counts of a story store: articles, events, threads, digests, schema version."""
    from .cli import fail
    from .store import StoreError
    from .store.stats import store_stats

    db = _open(store, create=False)
    try:
        counts = store_stats(db)
    except StoreError as err:
        fail(str(err))
    finally:
        db.close()
    typer.echo(json.dumps(counts))
