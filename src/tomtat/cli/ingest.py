"""`tomtat ingest`: new articles into a story store, where they join its recent events and threads.

Heavy imports wait until the command runs; a store problem is one line naming the store, exit 2 (store.py).
"""
from __future__ import annotations

import json
import sys
from typing import List

import typer

from .console import fail, warn
from .store import open_or_fail


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
    batch_size: int = typer.Option(5000, "--batch-size", min=1,   # store.ingest.BATCH_SIZE (not imported: start-up)
                                   help="New articles per transaction."),
    lock_timeout: float = typer.Option(30.0, "--lock-timeout", min=0, metavar="SECONDS",
                                       help="How long to wait for another process writing the store."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar, no summary line on stderr."),
) -> None:
    """Add new articles to a story store: they join its recent events and threads, or open new ones."""
    from tqdm import tqdm

    from ..feeds.fetch import PoliteClient
    from ..feeds.sources import gather
    from ..io.files import ReadError, parse_size
    from ..store import StoreError
    from ..store.ingest import ingest as run

    try:
        page_cap = parse_size(max_page_size)
    except ValueError as err:
        fail(f"--max-page-size: {err}")
    db = open_or_fail(store, create=True, timeout=lock_timeout)
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
