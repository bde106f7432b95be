"""Command line: thin shells over `tomtat.summarize`, with the exit codes of ../shared/CONTRACT.md.

0 success; 1 a batch finished with failed clusters; 2 unusable input or arguments (one line on stderr
naming the file, never a traceback).
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from typing import List, Optional

import typer

from . import __version__
from .batch import Engine
from .cli_help import PlainHelpGroup, usage_message

app = typer.Typer(cls=PlainHelpGroup, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="tomtat: one summary of many Vietnamese news articles on a story, every sentence traced to its "
                       "article. Help and messages are in English; summaries and digests in Vietnamese.")


class Format(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    timeline = "timeline"


class Order(str, Enum):
    time = "time"
    source = "source"


def one_line(message: str) -> str:
    """Whitespace collapsed, and lone surrogates (from an id or a file name) made printable."""
    return " ".join(message.split()).encode("utf-8", "replace").decode("utf-8")


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, then exit."""
    typer.echo(f"tomtat: error: {one_line(message)}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"tomtat: warning: {one_line(message)}", err=True)


def stdout_gone(err: OSError) -> None:
    """A closed pipe (`| head -c0`) or a full device (`> /dev/full`): say so, exit 2, no traceback.

    stdout is pointed at /dev/null first, so the interpreter's own flush at exit finds nothing to
    complain about (no "Exception ignored ... BrokenPipeError").
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    fail(f"cannot write to stdout ({err.strerror or err})")


def write_output(content: str, output: Optional[str]) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(content)
        except OSError as err:
            fail(f"{output}: cannot write ({err.strerror or err})")
    else:
        try:
            sys.stdout.write(content)
            sys.stdout.flush()
        except OSError as err:
            stdout_gone(err)


def refuse_overwriting_input(output: str, sources: list[str]) -> None:
    """-o naming an input (directly, inside a given folder, or through another path or a symlink)
    would replace an article with its summary: refuse before anything is written."""
    try:
        target = os.stat(output)
    except OSError:
        return  # nothing there yet, so it is no input
    for source in sources:
        try:
            same = os.path.samestat(target, os.stat(source))
        except OSError:
            continue
        if same:
            fail(f"{output}: is an input file ({source}); choose another output")
        if os.path.isdir(source) and read_from_folder(output, source):
            fail(f"{output}: is an input file (inside {source}); choose another output")


def read_from_folder(path: str, folder: str) -> bool:
    """Whether reading `folder` reads the existing file `path` (an article file somewhere under it). Needed
    besides the sources: a source whose name is not valid UTF-8 is shown with U+FFFD, so it names no file."""
    from .io.readers import ARTICLE_SUFFIXES

    name = os.path.basename(path)
    if not name.lower().endswith(ARTICLE_SUFFIXES) or name.startswith("."):
        return False
    where, top = os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.realpath(folder)
    return os.path.commonpath([where, top]) == top


def nothing_fits(result, max_words: int) -> str:
    """Why the summary is empty: a budget below every sentence, or nothing left after cleaning."""
    lengths = [len(s.text.split()) for s in result.cluster.sentences]
    if lengths and max_words < min(lengths):
        return (f"--max-words {max_words} is smaller than any sentence (the shortest has {min(lengths)} "
                "syllables): the summary is empty")
    return ("no sentence left to summarize: cleaning dropped everything as boilerplate, or the text is "
            "too short (see --explain)")


def check_max_words(value: int) -> int:
    if value < 1:
        raise typer.BadParameter("must be a positive number of syllables")
    return value


def check_size(value: str) -> int:
    from .io.files import parse_size

    try:
        return parse_size(value)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None


@app.command()
def summarize(
    paths: List[str] = typer.Argument(..., metavar="PATH...",
                                      help="Folder(s), file(s) (.txt/.html; .jsonl: one article per line, or one "
                                           "AbMuSu row), or - for stdin (articles separated by ---)."),
    max_words: int = typer.Option(200, "--max-words", callback=check_max_words,
                                  help="Length budget in syllables (whitespace tokens), a hard bound."),
    fmt: Format = typer.Option(Format.text, "--format", help="Output format."),
    output: Optional[str] = typer.Option(None, "-o", "--output", metavar="FILE", help="Write to FILE instead of stdout."),
    explain: bool = typer.Option(False, "--explain", help="Also show what cleaning dropped and the scores."),
    summarizer: str = typer.Option("default", "--summarizer", help="Sentence scorer: default, learned, centroid, lead."),
    order: Order = typer.Option(Order.time, "--order",
                                help="time: dated sentences in date order, then the rest; source: by document and position."),
    max_file_size: str = typer.Option("50MB", "--max-file-size", metavar="SIZE", callback=check_size,
                                      help="Skip (with a warning) any input file larger than this, e.g. 50MB, 500KB."),
) -> None:
    """Summarize one cluster of articles."""
    from .cli_jsonl import is_jsonl, read_summarize_inputs
    from .io.readers import ReadError, read_paths, read_stdin, read_stream
    from .pipeline import InputError
    from .pipeline import summarize as run

    cluster_id = None
    try:
        if paths == ["-"]:
            docs = read_stdin(read_stream(sys.stdin.buffer, "stdin", max_file_size), warn)
        else:
            if "-" in paths:
                fail("'-' (stdin) cannot be combined with other paths")
            if any(is_jsonl(p) for p in paths):   # articles as `cluster` reads them, or one row as `batch` does
                docs, cluster_id = read_summarize_inputs(paths, warn, max_bytes=max_file_size)
            else:
                docs = read_paths(paths, warn, max_bytes=max_file_size)
            if output:
                refuse_overwriting_input(output, [*paths, *(d.source for d in docs)])
        result = run(docs, max_words=max_words, summarizer=summarizer, order=order.value, cluster_id=cluster_id)
    except (ReadError, InputError, ValueError) as err:
        fail(str(err))
    except MemoryError:
        fail("not enough memory to summarize this input (try fewer or smaller files, or a lower --max-file-size)")
    if not result.sentences:
        warn(nothing_fits(result, max_words))
    write_output(result.render(fmt.value, explain=explain), output)


@app.command()
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
    from .batch.output import BatchError
    from .batch.run import run_batch
    from .io.readers import ReadError

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


def version_callback(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                      help="Show the version and exit.")) -> None:
    """tomtat: Vietnamese multi-document news summarization with provenance."""


from .eval.command import evaluate  # noqa: E402  (light: scoring loads inside the command)

app.command()(evaluate)


from .server.command import serve  # noqa: E402  (light: FastAPI loads inside the command)

app.command()(serve)


from .cli_store import digest  # noqa: E402  (stories.command's digest PATH..., or digest --store DB)
from .stories.command import cluster  # noqa: E402  (light: clustering loads inside the command)

app.command()(cluster)
app.command()(digest)


from .cli_store import ingest, stats  # noqa: E402  (light: the store loads inside the commands)

app.command()(ingest)
app.command()(stats)


def entry() -> None:
    """Console-script entry: usage errors and stray exceptions become one line on stderr, never a traceback."""
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as err:   # typer's (vendored click) usage errors: bad flag, missing argument
        ctx = getattr(err, "ctx", None)
        where = f"{ctx.command_path}: " if ctx is not None else ""
        typer.echo(f"tomtat: error: {where}{one_line(usage_message(err))}", err=True)
        sys.exit(getattr(err, "exit_code", 2))
    except BrokenPipeError as err:  # stdout closed under a command that printed through typer.echo
        try:
            stdout_gone(err)
        except typer.Exit as done:
            sys.exit(done.exit_code)
    except MemoryError:   # never an "internal error": the input is too big for this machine
        typer.echo("tomtat: error: not enough memory for this input", err=True)
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("tomtat: interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # a bug must still not spill a traceback over a user's terminal
        typer.echo(f"tomtat: error: internal error: {type(err).__name__}: {err}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
