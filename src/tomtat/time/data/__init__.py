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
def role_blocks() -> tuple[tuple[str, frozenset[str] | None, str, str], ...]:
    """(role, kinds or None for any, side, regex) for each block of roles.txt, in file order; side is "before"
    (tried on BEFORE⟨EXPRESSION⟩), "far" (on the sentence before it, not cut at commas) or "" (the whole)."""
    blocks: list[list] = []
    for line in files(__package__).joinpath("roles.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("= "):
            role, kinds, *side = line[2:].split()
            if side not in ([], ["before"], ["far"]):
                raise ValueError(f"roles.txt: unknown side {side!r} in {line!r}")
            blocks.append([role, None if kinds == "*" else frozenset(kinds.split(",")), side[0] if side else "", []])
        else:
            blocks[-1][3].append(line)
    return tuple((role, kinds, before, "\n".join(body)) for role, kinds, before, body in blocks)
