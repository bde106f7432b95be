"""Versioned schema: `meta.schema` holds the version, MIGRATIONS[k] takes a store from version k to k + 1.

A store made by an older tomtat is brought up to date when it is opened, inside one transaction (a crash
mid-way leaves it at its old version). A store of a version newer than this tomtat knows is refused: its
tables may mean things this code would get wrong. New migrations are appended, never edited: each must create
exactly what its version added, so an old store and a new one end up alike.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import Connection, inspect, select

from .schema import V1_TABLES, V2_TABLES, V4_TABLES, V5_TABLES, meta


class SchemaError(Exception):
    """The store's schema cannot be used (too new, or not a tomtat store); the message has no store name."""


def _v1(conn: Connection) -> None:
    """Articles, events and threads with their membership history, merges, ingest batches."""
    for table in V1_TABLES:
        if table is not meta:
            table.create(conn)


def _v2(conn: Connection) -> None:
    """Digests as published, and one row per digest entry (what each thread's readers were told)."""
    for table in V2_TABLES:
        table.create(conn)


def _v3(conn: Connection) -> None:
    """Search over headlines and text: SQLite FTS5 (kept by triggers) or a PostgreSQL GIN index (fulltext.py)."""
    from .fulltext import create

    create(conn)


def _v4(conn: Connection) -> None:
    """Each article's representation and the store's term counts (features.py). Left empty here: the articles
    an ingest needs are represented then, once (a store of any size opens at once)."""
    for table in V4_TABLES:
        table.create(conn, checkfirst=True)   # a store taken back to an older version by hand may have them


def _v5(conn: Connection) -> None:
    """Photo captions given with articles (a JSONL `caption` field). Stores made before have none to keep."""
    for table in V5_TABLES:
        table.create(conn, checkfirst=True)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4, _v5]
SCHEMA_VERSION = len(MIGRATIONS)


def read_version(conn: Connection) -> int | None:
    """The store's schema version; 0 for an empty database; None when it has tables but no tomtat `meta`."""
    names = set(inspect(conn).get_table_names())
    if "meta" not in names:
        return 0 if not names else None
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema")).scalar()
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise SchemaError(f"schema version {value!r} is not a number") from None


def check_version(version: int | None) -> None:
    if version is None:
        raise SchemaError("not a tomtat store (the database has other tables and no tomtat schema version)")
    if version > SCHEMA_VERSION:
        raise SchemaError(f"schema version {version} is newer than this tomtat knows (up to {SCHEMA_VERSION}); "
                          "upgrade tomtat to use this store")


def migrate(conn: Connection, upto: int = SCHEMA_VERSION) -> int:
    """Bring the store to version `upto` (inside the caller's transaction); returns the version it had."""
    version = read_version(conn)
    check_version(version)
    assert version is not None
    if version == 0:
        meta.create(conn)
        conn.execute(meta.insert().values(key="schema", value="0"))
    for k in range(version, upto):
        MIGRATIONS[k](conn)
        conn.execute(meta.update().where(meta.c.key == "schema").values(value=str(k + 1)))
    return version
