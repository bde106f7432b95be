"""The Dask worker plugin, apart so that importing the Dask engine does not import Dask (an extra)."""
from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin

from .rows import warm_up


class WarmUp(WorkerPlugin):
    """Loads the segmenter and models when a worker joins, not inside its first task."""

    name = "tomtat-warm-up"

    def setup(self, worker) -> None:
        warm_up()
