"""OUT.jsonl: resuming from what an earlier run left, and writing results strictly in input order.

Shared by every engine, so ordering, flushing and resume behave the same whatever runs the rows.
"""
from __future__ import annotations

import json
import os
from typing import BinaryIO, Iterator

from ..io.readers import Row
from .jsonline import written_id


class BatchError(Exception):
    """A batch that cannot run (OUT unusable, resume mismatch, scheduler unreachable): exit 2."""


def mismatch(record, row: Row, in_name: str) -> str | None:
    """Why an output line cannot be the result of this input row (None when it can).

    Sources name `IN:LINE#DOC` as IN was given, so a different spelling of IN would not give the
    bytes of an uninterrupted run either.
    """
    if not isinstance(record, dict):
        return "not a JSON object"
    if record.get("id") != row.id:
        return f"id {record.get('id')!r}, input has {row.id!r}"
    if "error" in record:
        return None if record.get("line") == row.line else f"error record for line {record.get('line')}"
    docs = record.get("documents")
    if not isinstance(docs, list) or not docs or not isinstance(docs[0], dict):
        return "neither a summary nor an error record"
    source, expected = docs[0].get("source"), written_id(f"{in_name}:{row.line}#0")  # as dumps wrote it
    return None if source == expected else f"summary of {source!r}, expected {expected!r}"


def resume_point(out_path: str, in_name: str, rows: Iterator[Row]) -> tuple[int, int]:
    """Check the complete lines already in OUT against the input, consuming as many rows.

    Returns (kept lines, error records among them), after cutting a partial last line off OUT.
    Resuming is by position in input order (so the final file equals an uninterrupted run's); ids and
    line numbers must agree, or we stop, leaving OUT untouched, rather than append to another run's file.
    """
    if not os.path.exists(out_path):
        return 0, 0
    kept = failed = size = 0
    try:
        with open(out_path, "r+b") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break  # the partial line a crash mid-write leaves
                kept += 1
                row = next(rows, None)
                if row is None:
                    raise BatchError(f"{out_path}: has more lines than the input has clusters; "
                                     "not an output of this input, cannot --resume")
                try:
                    record = json.loads(raw)
                except ValueError:
                    record = None
                problem = "not JSON" if record is None else mismatch(record, row, in_name)
                if problem:
                    raise BatchError(f"{out_path}: line {kept} does not match input line {row.line} "
                                     f"({problem}); cannot --resume")
                failed += "error" in record
                size += len(raw)
            fh.truncate(size)
    except OSError as err:
        raise BatchError(f"{out_path}: cannot resume ({err.strerror or err})") from None
    return kept, failed


def open_output(out_path: str, append: bool) -> BinaryIO:
    """Unbuffered: every line goes to the OS in one write, no half-line waits in a buffer."""
    try:
        return open(out_path, "ab" if append else "wb", buffering=0)
    except OSError as err:
        raise BatchError(f"{out_path}: cannot write ({err.strerror or err})") from None


class OrderedWriter:
    """Takes chunk results in any order; writes each line once it and every earlier one are done."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._next = 0
        self._waiting: dict[int, list[tuple[str, bool]]] = {}
        self.written = 0
        self.failed = 0

    @property
    def next_index(self) -> int:
        """Index of the first chunk not written yet."""
        return self._next

    def put(self, index: int, results: list[tuple[str, bool]]) -> int:
        """Accept chunk `index`; returns how many lines went to OUT now."""
        self._waiting[index] = results
        before = self.written
        while self._next in self._waiting:
            for text, ok in self._waiting.pop(self._next):
                self._write((text + "\n").encode("utf-8"))
                self.written += 1
                self.failed += not ok
            self._next += 1
        return self.written - before

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[self._fh.write(view):]
