"""`tomtat summarize`: one cluster of articles (folders, files, JSONL, or stdin) to one summary."""
from __future__ import annotations

import sys
from enum import Enum
from typing import List, Optional

import typer

from .console import fail, refuse_overwriting_input, warn, write_output


class Format(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    timeline = "timeline"


class Order(str, Enum):
    time = "time"
    source = "source"


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
    from ..io.files import parse_size

    try:
        return parse_size(value)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None


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
    from ..io.readers import ReadError, read_paths, read_stdin, read_stream
    from ..pipeline import InputError
    from ..pipeline import summarize as run
    from .jsonl import is_jsonl, read_summarize_inputs

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
