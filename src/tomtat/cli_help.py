"""Help that reads like an ordinary command line: `--max-words INTEGER`, `--explain`, `PATH...`.

Typer prints Python annotations after every flag (`<bool>`, `<str>`, `<list[str]>`); the group below
replaces them, for every command registered on the app, with click's usual words.
"""
from __future__ import annotations

from typer.core import TyperArgument, TyperGroup

_WORDS = {"int": "INTEGER", "int range": "INTEGER", "float": "FLOAT", "float range": "FLOAT", "str": "TEXT",
          "path": "PATH", "file": "FILE"}


def plain_type(param, ctx) -> str | None:
    """What follows a parameter in help: nothing for a flag or an argument, else a word or [a|b|c]."""
    if isinstance(param, TyperArgument) or param.is_flag or param.count:
        return None
    if param.metavar is not None:
        return param.metavar
    label = type(param).display_type(param, ctx).strip("<>")
    if label == "str" and param.name == "output":
        return "FILE"
    word = _WORDS.get(label) or (f"[{label}]" if "|" in label else label.upper())
    return word + ("..." if param.nargs != 1 else "")


def make_plain(params) -> None:
    for param in params:
        if isinstance(param, TyperArgument):
            if param.metavar is None:
                param.metavar = param.name.upper() + ("..." if param.nargs != 1 else "")
            # click's usage line: `PATH...` when required, `[PATH]` when not (typer writes `{PATH}...`)
            param.get_usage_pieces = lambda ctx, p=param: [p.metavar if p.required else f"[{p.metavar}]"]
        param.display_type_rich = lambda ctx, p=param: plain_type(p, ctx)


class PlainHelpGroup(TyperGroup):
    """The app's group: each command's parameters (help option included) get plain help labels."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        make_plain(params)
        return params

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        if command is not None and not getattr(command, "_plain_help", False):
            make_plain(command.get_params(ctx))
            command._plain_help = True
        return command
