"""Start-up of a local `cluster` worker process, kept in a module of its own that imports almost nothing.

The executor unpickles a worker's initializer before anything else, importing the initializer's module:
were it engines.py, the worker would spend seconds importing numpy, scipy and the models before it could
ask to die with its parent, and a parent SIGKILLed in those seconds would leave it running. From here the
worker sets that up at once; the heavy imports come with its first task.
"""
from __future__ import annotations

import signal

from ..batch.orphans import exit_with_parent


def init_worker(parent: int | None = None) -> None:
    """Die with the parent `parent` (even a SIGKILLed one, see batch/orphans.py), leave Ctrl-C to it."""
    exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
