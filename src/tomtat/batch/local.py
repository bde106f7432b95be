"""Run a batch on this machine, writing each line as soon as it and all before it are done."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from ..io.readers import iter_jsonl
from .rows import process_row


@dataclass
class BatchReport:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0


def run_batch(in_path: str, out_path: str, max_words: int = 200, quiet: bool = False) -> BatchReport:
    from tqdm import tqdm

    report = BatchReport()
    started = time.perf_counter()
    show = not quiet and sys.stderr.isatty()
    with open(out_path, "w", encoding="utf-8") as out, \
            tqdm(desc="tóm tắt", unit="cụm", disable=not show, file=sys.stderr) as bar:
        for row in iter_jsonl(in_path):
            line, ok = process_row(row, in_path, max_words)
            out.write(line + "\n")
            out.flush()
            report.done += 1
            report.failed += 0 if ok else 1
            bar.update(1)
    report.seconds = time.perf_counter() - started
    return report
