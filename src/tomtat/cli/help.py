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


def usage_message(err) -> str:
    """One plain line for a usage error of typer (vendored click, pydantic coercion): the option, what was
    wrong with the value, and for a misspelt choice the nearest one ("did you mean 'json'?").

    typer 0.29 phrases a bad value as "Invalid value for '--format': Value error, 'jsn' is not one of ..." or
    "Input should be a valid integer, unable to parse string as an integer": neither names the value given.
    """
    import difflib
    import re

    message = err.format_message() if hasattr(err, "format_message") else str(err)
    param = getattr(err, "param", None)
    if param is None or not type(err).__name__ == "BadParameter":
        message = " ".join(message.split())
        options = re.fullmatch(r"(No such option: \S+) \(Possible options: (.*)\)", message)
        return f"{options.group(1)}; did you mean {' or '.join(options.group(2).split(', '))}?" if options else message
    opts = [o for o in getattr(param, "opts", []) or [] if o.startswith("--")] or list(getattr(param, "opts", []) or [])
    name = max(opts, key=len) if opts else (param.metavar or param.name or "value")
    cause = err.__cause__
    problems = cause.errors() if hasattr(cause, "errors") else []
    problem = problems[0] if problems else {}
    kind, given = problem.get("type"), problem.get("input")
    default = getattr(param, "default", None)
    example = f" (e.g. {name} {default})" if isinstance(default, (int, float)) and not isinstance(default, bool) else ""
    if kind == "int_parsing":
        return f"{name}: {given!r} is not a whole number{example}"
    if kind == "float_parsing":
        return f"{name}: {given!r} is not a number{example}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter((problem.get("ctx") or {}).values()), None)
        words = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
                 "less_than": "less than"}[kind]
        return f"{name}: must be {words} {bound} (got {given})"
    text = str((problem.get("ctx") or {}).get("error") or problem.get("msg") or getattr(err, "message", message))
    text = text.removeprefix("Value error, ")
    choice = re.fullmatch(r"'(.*)' is not one of (.*?)\.?", text)
    if choice:
        value, choices = choice.group(1), re.findall(r"'([^']*)'", choice.group(2))
        near = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.5)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        return f"{name}: {value!r} is not one of {', '.join(choices)}{hint}"
    return f"{name}: {' '.join(text.split())}"
