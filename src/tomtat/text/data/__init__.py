"""Vietnamese language data, kept apart from the algorithms that use it."""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """Lines of a data file (comments and blanks skipped), as a set."""
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))
