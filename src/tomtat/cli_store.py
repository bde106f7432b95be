"""The story-store commands (`tomtat ingest`, `tomtat stats`, `tomtat digest --store`), registered in cli.py.

Heavy imports wait until a command runs. Every store problem (locked, read-only, corrupt, unknown schema
version, unreachable server) is one line on stderr naming the store, exit 2.
"""
from __future__ import annotations

import datetime as dt
import inspect
import json
import sys
from typing import List, Optional

import typer


def _open(db: str, create: bool, timeout: float = 30.0):
    from .cli import fail
    from .store import StoreError, open_store

    try:
        return open_store(db, create=create, timeout=timeout)
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
    lock_timeout: float = typer.Option(30.0, "--lock-timeout", min=0, metavar="SECONDS",
                                       help="How long to wait for another process writing the store."),
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
    db = _open(store, create=True, timeout=lock_timeout)
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


def _store_digest(store: str, day: Optional[str], since: Optional[str], fmt: str, output: Optional[str],
                  max_words: int) -> None:
    from .cli import fail, write_output
    from .store import StoreError
    from .store.digests import make_digest

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
    db = _open(store, create=False)
    try:
        content = make_digest(db, day=day, since=since, max_words=max_words, fmt=fmt)
    except StoreError as err:
        fail(str(err))
    finally:
        db.close()
    write_output(content, output)


def _digest_command():
    """`tomtat digest`: the feed digest of stories/command.py (PATH...), or with --store DB the store's digest of a
    day. Built from that command's own signature, so its options stay as they are (and follow its changes);
    PATH becomes optional and --store, --day, --since are added."""
    from .stories.command import digest as feed_digest

    signature = inspect.signature(feed_digest, eval_str=True)
    added = {
        "store": (Optional[str], typer.Option(None, "--store", metavar="DB",
                                              help="Digest of a story store (see tomtat ingest) instead of PATH...")),
        "day": (Optional[str], typer.Option(None, "--day", metavar="YYYY-MM-DD",
                                            help="With --store: the digest of this day (default: the newest day stored).")),
        "since": (Optional[str], typer.Option(None, "--since", metavar="YYYY-MM-DD",
                                              help="With --store: everything from this day to the newest.")),
    }
    params = []
    for param in signature.parameters.values():
        if param.name == "paths":
            info = param.default
            param = param.replace(annotation=Optional[List[str]],
                                  default=typer.Argument(None, help=info.help, metavar="PATH..."))
        params.append(param)
    params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default)
               for name, (kind, default) in added.items()]

    def digest(**kwargs):
        from .cli import fail

        store, day, since = (kwargs.pop(name) for name in added)
        if store is None:
            if day is not None or since is not None:
                fail("--day and --since go with --store DB")
            if not kwargs.get("paths"):
                fail("give PATH... (folders, article files, JSONL) or --store DB")
            return feed_digest(**kwargs)
        if kwargs.get("paths"):
            fail("--store DB digests the store: give no PATH (add articles with tomtat ingest PATH... --store DB)")
        fmt = kwargs["fmt"]
        return _store_digest(store, day, since, getattr(fmt, "value", fmt), kwargs.get("output"), kwargs["max_words"])

    digest.__signature__ = signature.replace(parameters=params)
    digest.__annotations__ = {p.name: p.annotation for p in params}
    digest.__doc__ = inspect.cleandoc(feed_digest.__doc__ or "") + (
        "\n\nWith --store DB: the day's digest of a story store by thread, threads already shown in an earlier "
        "digest told as updates (only what is new), saved in the store.")
    return digest


digest = _digest_command()
