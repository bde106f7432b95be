"""Workers die with their parent: a batch whose parent is SIGKILLed must not leave processes running on.

A killed parent runs no clean-up, so the worker watches for it itself: on Linux the kernel sends
SIGKILL when the parent exits (prctl PR_SET_PDEATHSIG); elsewhere, and as a second line on Linux, a
daemon thread notices the parent pid change (the orphan is re-parented) within a second.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def kill_me_with_parent() -> bool:
    """Ask Linux for SIGKILL when the parent exits; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent: int, every: float = 0.5) -> threading.Thread:
    """A daemon thread that ends this process as soon as `parent` is no longer its parent."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)  # nothing to flush: results went to the parent, and the parent is gone

    thread = threading.Thread(target=watch, name="tomtat-parent-watch", daemon=True)
    thread.start()
    return thread


def exit_with_parent(parent: int | None = None) -> None:
    """Call first thing in a worker; `parent` is the pid the parent passed down (default: current parent).

    Checked again after the prctl call: a parent that died before it would otherwise never be noticed.
    """
    parent = os.getppid() if parent is None else parent
    kill_me_with_parent()
    if os.getppid() != parent:
        os._exit(1)
    watch_parent(parent)
