"""`tomtat stats`: the counts of a story store."""
from __future__ import annotations

import json

import typer

from .console import fail
from .store import open_or_fail


def stats(
    store: str = typer.Option(..., "--store", metavar="DB", help="SQLite file or postgresql:// URL."),
) -> None:
    """Counts of a story store: articles, events, threads, digests, schema version."""
    from ..store import StoreError
    from ..store.stats import store_stats

    db = open_or_fail(store, create=False)
    try:
        counts = store_stats(db)
    except StoreError as err:
        fail(str(err))
    finally:
        db.close()
    typer.echo(json.dumps(counts))
