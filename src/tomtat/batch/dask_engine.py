"""Dask distributed engine: chunks of rows become tasks on a scheduler (or on a LocalCluster).

Only the rows in the bounded window are ever shipped, so memory stays flat for any input size.
Workers need tomtat installed (same version); they never read IN or OUT themselves.
Dask is an extra (`pip install "tomtat[dask]"`): it is imported only when `--engine dask` runs, and its absence
is then one line naming the extra.
"""
from __future__ import annotations

import logging
import os
import signal
from contextlib import contextmanager

from .output import BatchError
from .rows import process_chunk


def connect_timeout() -> str:
    """How long to try reaching a scheduler before giving up (exit 2): 10 s, or $TOMTAT_DASK_CONNECT_TIMEOUT."""
    return os.environ.get("TOMTAT_DASK_CONNECT_TIMEOUT", "10s")


NO_DASK = 'Dask is not installed; --engine dask needs the dask extra: pip install "tomtat[dask]"'


def need_dask() -> None:
    """One BatchError line (exit 2) when the dask extra is missing, before anything is started."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("dask") is None:
        raise BatchError(NO_DASK)


def warm_up_plugin():
    """A worker plugin that loads the segmenter and models when a worker joins, not inside its first task."""
    from .dask_plugin import WarmUp

    return WarmUp()


@contextmanager
def sigint_ignored():
    """Ignore Ctrl-C meanwhile; processes started meanwhile keep ignoring it."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def check_address(address: str) -> None:
    """Reject a malformed address before a Client is built (a half-built Client hangs on exit)."""
    from distributed.comm import get_address_host_port

    try:
        get_address_host_port(address)
    except Exception as err:
        raise BatchError(f"--scheduler {address}: not a scheduler address tcp://HOST:PORT ({err})") from None


# Worker processes log at CRITICAL only: when a LocalCluster shuts down, a worker's heartbeat can race the
# scheduler's close and log a multi-line ERROR traceback that is the engine's bookkeeping, not a result.
# Task failures still reach us through their futures.
WORKER_LOG_LEVEL = logging.CRITICAL


@contextmanager
def dask_client(workers: int, scheduler: str | None = None, plugin=None):
    """A distributed.Client to `scheduler`, or to a private LocalCluster of `workers` single-thread processes.

    Errors while connecting become one BatchError line; the client and cluster are closed on the way out
    whatever happened, and closing never hides the run's own outcome.
    """
    need_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        check_address(scheduler)
    cluster = client = None
    try:
        try:
            if scheduler:
                client = Client(scheduler, timeout=connect_timeout(), set_as_default=False)
            else:
                with sigint_ignored():  # worker processes inherit it: Ctrl-C is ours to handle
                    # dashboard_address=None still binds 0.0.0.0:8787 (and warns when that port is taken):
                    # a random loopback port keeps the scheduler's HTTP server private and conflict-free.
                    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address="127.0.0.1:0", silence_logs=WORKER_LOG_LEVEL)
                client = Client(cluster, set_as_default=False)
            if plugin is not None:
                client.register_plugin(plugin)
        except BatchError:
            raise
        except Exception as err:
            where = f"Dask scheduler {scheduler}" if scheduler else "a Dask LocalCluster"
            raise BatchError(f"cannot use {where}: {type(err).__name__}: {err}") from None
        yield client
    finally:
        for thing in (client, cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # closing must not hide the run's own outcome
                    pass


class DaskEngine:
    """Runs batch chunks on `dask_client(workers, scheduler)`."""

    def __init__(self, workers: int, in_name: str, max_words: int, scheduler: str | None = None) -> None:
        self._args = (in_name, max_words)
        need_dask()
        self._session = dask_client(workers, scheduler, warm_up_plugin())
        self._client = None
        self.workers = workers

    def __enter__(self) -> "DaskEngine":
        self._client = self._session.__enter__()
        self.workers = max(1, sum(self._client.nthreads().values()))
        return self

    def __exit__(self, *exc) -> None:
        self._session.__exit__(*exc)

    def submit(self, rows):
        return self._client.submit(process_chunk, rows, *self._args, pure=False)
