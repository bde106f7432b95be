"""Batch runs over AbMuSu JSONL: one output line per input line, in order, whatever the engine.

Only the engine names live here (for the `--engine` option of batch, cluster and digest), so the CLI can
offer them without importing an engine.
"""
from enum import Enum


class Engine(str, Enum):
    """Where per-item work runs: local processes, or a Dask cluster."""

    local = "local"
    dask = "dask"
