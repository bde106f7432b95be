"""Imported once by the server's forkserver (see `pool.py`): loads and warms the models there, so every
worker forked from it starts warm and shares their memory."""
from .work import warm_up

try:
    warm_up()
except Exception:  # noqa: BLE001 — each worker then warms itself, and reports any real failure
    pass
