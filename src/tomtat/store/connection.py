"""Opening a store: a SQLite file (WAL mode, created when absent) or a PostgreSQL URL, through one SQLAlchemy engine.

Every failure becomes a StoreError whose one-line message names the store: a locked, read-only or corrupt file,
a directory, a missing folder, an unknown schema version, a server that cannot be reached. Writes run in
`store.write()`: one transaction that holds the store's write lock from its first statement (SQLite
BEGIN IMMEDIATE; a PostgreSQL transaction-scoped advisory lock), so two ingests never interleave and a
reader never waits (WAL / MVCC).
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from .migrations import SCHEMA_VERSION, SchemaError, check_version, migrate, read_version

LOCK_TIMEOUT = 30.0         # seconds a writer waits for another writer before giving up
ADVISORY_LOCK = 0x746F6D74  # "tomt": PostgreSQL advisory lock key of the store's writers


class StoreError(Exception):
    """A store that cannot be used; the message is one line naming it."""


def is_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))


def shown(db: str) -> str:
    """The store's name in messages: a path as given, a URL without its password."""
    if not is_url(db):
        return db
    parts = urlsplit(db)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return db


def _reason(err: BaseException) -> str:
    """What went wrong, in words: the driver's message without SQLAlchemy's SQL and background links."""
    orig = getattr(err, "orig", None) or err
    message = " ".join(str(orig).split())
    lower = message.lower()
    if "database is locked" in lower or "database table is locked" in lower:
        return "the store is locked by another process (still busy after waiting); try again later"
    if "readonly database" in lower or "read-only" in lower:
        return "the store is read-only (no permission to write it or its folder)"
    if "file is not a database" in lower or "malformed" in lower or "not a database" in lower:
        return "not a SQLite database, or a corrupt one"
    if "unable to open database file" in lower:
        return "cannot open the file (its folder is missing or not writable)"
    return message or type(orig).__name__


class Store:
    """An open store: `read()` and `write()` give connections inside a transaction."""

    def __init__(self, db: str, engine: Engine, kind: str):
        self.db, self.name, self.engine, self.kind = db, shown(db), engine, kind
        self.version = 0

    def error(self, err: BaseException) -> StoreError:
        return StoreError(f"{self.name}: {_reason(err)}")

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Database errors raised inside become one-line StoreErrors naming the store."""
        try:
            yield
        except SchemaError as err:
            raise StoreError(f"{self.name}: {err}") from None
        except (SQLAlchemyError, sqlite3.Error, OSError) as err:
            raise self.error(err) from None

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.guard(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction holding the write lock; committed when the block ends, rolled back on any error."""
        with self.guard(), self.engine.connect() as conn:
            conn.execution_options(tomtat_write=True)
            with conn.begin():
                if self.kind == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
                yield conn

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_engine(path: str, timeout: float) -> Engine:
    engine = create_engine(f"sqlite:///{os.path.abspath(path)}", connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None    # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")   # with WAL: durable across a killed process
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("tomtat_write") else "BEGIN")

    return engine


def _postgres_engine(db: str, timeout: float) -> Engine:
    try:
        url = make_url(db)
    except ArgumentError as err:
        raise StoreError(f"{shown(db)}: not a database URL ({err})") from None
    url = url.set(drivername="postgresql+psycopg")
    try:
        return create_engine(url, connect_args={"connect_timeout": max(1, int(timeout))}, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError):
        raise StoreError(f"{shown(db)}: PostgreSQL stores need psycopg 3 (pip install 'tomtat[postgresql]')") from None


def open_store(db: str, *, create: bool = True, timeout: float = LOCK_TIMEOUT) -> Store:
    """Open (and, with `create`, make) the store `db`, bringing an older schema up to date.

    Raises StoreError (one line naming the store) when it cannot be used."""
    if is_url(db):
        store = Store(db, _postgres_engine(db, timeout), "postgresql")
    else:
        if os.path.isdir(db):
            raise StoreError(f"{db}: is a folder, not a store file")
        if not os.path.exists(db):
            if not create:
                raise StoreError(f"{db}: no such store (make one with tomtat ingest SOURCE... --store {db})")
            folder = os.path.dirname(os.path.abspath(db))
            if not os.path.isdir(folder):
                raise StoreError(f"{db}: cannot create the store: no folder {folder}")
        store = Store(db, _sqlite_engine(db, timeout), "sqlite")
    try:
        with store.read() as conn:
            version = read_version(conn)
        with store.guard():
            check_version(version)
        if version != SCHEMA_VERSION:
            with store.write() as conn:   # migrate() checks again under the write lock: another process may have
                migrate(conn)             # done it meanwhile
        store.version = SCHEMA_VERSION
    except StoreError:
        store.close()
        raise
    return store
