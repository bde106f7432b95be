"""`tomtat serve`: the HTTP API and web page under uvicorn.

FastAPI and uvicorn are imported inside the command so `tomtat --help` stays fast.
"""
from __future__ import annotations

from typing import Optional

import typer

from ..server import Limits

DEFAULTS = Limits()

SERVER_MODULES = ("fastapi", "fastapi_offline", "uvicorn", "multipart")   # multipart: python-multipart (uploads)


def need_server_extra() -> None:
    """The server's libraries are an extra (`pip install "tomtat[server]"`): without them, one line and exit 2."""
    import importlib.util

    missing = [m for m in SERVER_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        typer.echo(f"tomtat: error: tomtat serve needs the server extra ({', '.join(missing)} not installed): "
                   'pip install "tomtat[server]"', err=True)
        raise typer.Exit(2)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    max_body_mb: float = typer.Option(DEFAULTS.max_body_mb, "--max-body-mb", envvar="TOMTAT_MAX_BODY_MB",
                                      min=0.001, help="Largest request body in MB (413 beyond)."),
    max_documents: int = typer.Option(DEFAULTS.max_documents, "--max-documents", envvar="TOMTAT_MAX_DOCUMENTS",
                                      min=1, help="Most articles per request (422 beyond)."),
    max_articles: int = typer.Option(DEFAULTS.max_articles, "--max-articles", envvar="TOMTAT_MAX_ARTICLES",
                                     min=1, help="Most articles per digest request (422 beyond)."),
    timeout: float = typer.Option(DEFAULTS.timeout, "--timeout", envvar="TOMTAT_TIMEOUT", min=0.001,
                                  help="Seconds allowed per summary (503 beyond)."),
    workers: int = typer.Option(DEFAULTS.workers, "--workers", envvar="TOMTAT_WORKERS", min=1,
                                help="Worker processes: summaries computed at once (each loads the models once; "
                                     "one past its time limit is killed and replaced)."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level (warning = quiet)."),
    store: Optional[str] = typer.Option(None, "--store", metavar="DB",
                                        help="A story store (tomtat ingest): also serve its digests (/digest), thread "
                                             "pages (/threads/ID) and search (/search), and their JSON under /v1/."),
    lock_timeout: float = typer.Option(30.0, "--lock-timeout", min=0, metavar="SECONDS",
                                       help="With --store: how long to wait for a writer when the store's schema must "
                                            "be brought up to date at start-up."),
) -> None:
    """Serve the HTTP API (POST /v1/summarize, POST /v1/digest, GET /healthz, /docs) and the web page at /;
    with --store, the store's digests, threads and search too."""
    import logging
    import os

    need_server_extra()
    import uvicorn

    from ..server.app import create_app

    cpus = os.cpu_count() or 1
    if workers > 2 * cpus:
        typer.echo(f"warning: --workers {workers} is far above the {cpus} CPUs here; each worker holds "
                   "its own copy of the models, and summaries will only queue for the CPUs", err=True)

    # The server's own lines (a worker replaced, a client gone) beside uvicorn's, in its style.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logger = logging.getLogger("tomtat")
    logger.addHandler(handler)
    level = logging.getLevelName(log_level.upper())
    logger.setLevel(level if isinstance(level, int) else logging.DEBUG)  # uvicorn's "trace" is below debug
    logger.propagate = False
    limits = Limits(max_body_mb=max_body_mb, max_documents=max_documents, max_articles=max_articles,
                    timeout=timeout, workers=workers)
    app = create_app(limits) if store is None else store_app(limits, store, lock_timeout)
    uvicorn.run(app, host=host, port=port, log_level=log_level.lower())


def store_app(limits: Limits, store: str, lock_timeout: float):
    """The app serving `store` too; a missing, locked, corrupt or too new store is one line and exit 2, before
    anything listens. The store's schema is brought up to date here (the pages read it read-only)."""
    from ..server.app import create_app
    from ..store import StoreError, open_store

    try:
        open_store(store, create=False, timeout=lock_timeout).close()
        return create_app(limits, store=store)
    except StoreError as err:
        typer.echo(f"tomtat: error: {err}", err=True)
        raise typer.Exit(2) from None
