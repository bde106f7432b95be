"""Vietnamese date words (words.json) and the date grammar (patterns.txt), kept apart from the code."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=None)
def words() -> dict:
    return json.loads(files(__package__).joinpath("words.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def pattern_blocks() -> tuple[tuple[str, str, str], ...]:
    """(kind, name, regex template) for each block of patterns.txt, in file order."""
    blocks: list[list] = []
    for line in files(__package__).joinpath("patterns.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("= "):
            kind, name = line[2:].split()
            blocks.append([kind, name, []])
        else:
            blocks[-1][2].append(line)
    return tuple((kind, name, "\n".join(body)) for kind, name, body in blocks)


@lru_cache(maxsize=None)
def role_blocks() -> tuple[tuple[str, frozenset[str] | None, bool, str], ...]:
    """(role, kinds or None for any, before only?, regex) for each block of roles.txt, in file order."""
    blocks: list[list] = []
    for line in files(__package__).joinpath("roles.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("= "):
            role, kinds, *side = line[2:].split()
            blocks.append([role, None if kinds == "*" else frozenset(kinds.split(",")), side == ["before"], []])
        else:
            blocks[-1][3].append(line)
    return tuple((role, kinds, before, "\n".join(body)) for role, kinds, before, body in blocks)
