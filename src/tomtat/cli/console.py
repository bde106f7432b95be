"""Console output shared by every command: one-line errors and warnings on stderr, output to a file or stdout.

Exit codes are those of ../shared/CONTRACT.md: an error here is one line on stderr naming the file, exit 2
(never a traceback).
"""
from __future__ import annotations

import os
import sys
from typing import Optional

import typer


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
    from ..io.readers import ARTICLE_SUFFIXES

    name = os.path.basename(path)
    if not name.lower().endswith(ARTICLE_SUFFIXES) or name.startswith("."):
        return False
    where, top = os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.realpath(folder)
    return os.path.commonpath([where, top]) == top
