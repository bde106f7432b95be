"""Command line: thin shells over `tomtat.summarize`, with the exit codes of ../shared/CONTRACT.md.

0 success; 1 a batch finished with failed clusters; 2 unusable input or arguments (one line on stderr
naming the file, never a traceback).

One module per command (summarize, batch, evaluate, serve, cluster, digest, ingest, stats), console.py for
the output and error lines they share, help.py for plain help labels. The CLI is the outer layer: it imports
the library, and nothing in the library imports it. Heavy imports wait until a command runs.
"""
from __future__ import annotations

import sys

import typer

from .. import __version__
from . import batch, cluster, digest, evaluate, ingest, serve, stats, summarize
from .console import one_line, stdout_gone
from .help import PlainHelpGroup, usage_message

__all__ = ["app", "entry"]

app = typer.Typer(cls=PlainHelpGroup, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="tomtat: one summary of many Vietnamese news articles on a story, every sentence traced to its "
                       "article. Help and messages are in English; summaries and digests in Vietnamese.")


def version_callback(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                      help="Show the version and exit.")) -> None:
    """tomtat: Vietnamese multi-document news summarization with provenance."""


# In this order in `tomtat --help`.
for command in (summarize.summarize, batch.batch, evaluate.evaluate, serve.serve, cluster.cluster, digest.digest,
                ingest.ingest, stats.stats):
    app.command()(command)
del command


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
