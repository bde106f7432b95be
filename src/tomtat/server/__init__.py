"""tomtat.server: the HTTP API and offline web page behind `tomtat serve`.

Only the limits live here, so the CLI can show their defaults without importing FastAPI;
the app itself is in `tomtat.server.app`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-request limits (../shared/CONTRACT.md, "HTTP API"); `tomtat serve` flags and env set them."""

    max_body_mb: float = 10.0     # request body; beyond it → 413
    max_documents: int = 200      # articles per request; beyond it → 422
    max_articles: int = 2000      # articles per digest request (a feed, not a cluster); beyond it → 422
    timeout: float = 60.0         # seconds per summary; beyond it → 503
    workers: int = 2              # worker processes: summaries computed at once, off the event loop
    worker_max_rss_mb: float = 1024.0  # a worker grown past this after a job is replaced (memory back)


__all__ = ["Limits"]
