"""`tomtat batch`: every cluster (line) of an AbMuSu JSONL file, one output line each, on local processes or Dask."""
from __future__ import annotations

import os
from typing import Optional

import typer

from ..batch import Engine
from .console import fail, warn
from .summarize import check_max_words


def batch(
    in_path: str = typer.Argument(..., metavar="IN.jsonl", help="AbMuSu JSONL, one cluster per line."),
    output: str = typer.Option(..., "-o", "--output", metavar="OUT.jsonl", help="One JSON line per input line."),
    max_words: int = typer.Option(200, "--max-words", callback=check_max_words),
    workers: int = typer.Option(1, "--workers", min=1, help="Local worker processes."),
    engine: Engine = typer.Option(Engine.local, "--engine"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT."),
    resume: bool = typer.Option(False, "--resume", help="Keep complete lines already in OUT, do the rest."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar, no summary line."),
) -> None:
    """Summarize every cluster of a JSONL file."""
    from ..batch.output import BatchError
    from ..batch.run import run_batch
    from ..io.readers import ReadError

    if os.path.isdir(in_path):
        fail(f"{in_path}: is a folder; batch reads a JSONL file, one cluster per line (for the articles of a folder: "
             f"tomtat summarize {in_path})")
    if not os.path.isfile(in_path):
        fail(f"{in_path}: no such file" if not os.path.exists(in_path) else f"{in_path}: not a regular file; batch "
             "reads a JSONL file, one cluster per line")
    cpus = available_cpus()
    if workers > 2 * cpus and not scheduler:
        warn(f"--workers {workers} is far above the {cpus} CPUs here: every worker is a process with its own "
             "copy of the models, so the extra ones add memory, not speed")
    try:
        report = run_batch(in_path, output, max_words=max_words, workers=workers, engine=engine.value,
                           scheduler=scheduler, resume=resume, quiet=quiet)
    except (ReadError, BatchError) as err:
        fail(str(err))
    except OSError as err:
        fail(f"{output}: {err.strerror or err}")
    if not quiet:
        typer.echo(f"tomtat: {report.line()}", err=True)
    raise typer.Exit(1 if report.failed else 0)


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
