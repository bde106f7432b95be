"""Strict JSON lines: whatever odd values a row carried, every line of OUT parses with any JSON reader.

Python's json accepts and writes NaN/Infinity (not JSON) and keeps lone surrogates ("\\ud800"), which
UTF-8 cannot encode; a batch must neither write the first nor crash on the second.
"""
from __future__ import annotations

import json
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


class UnwritableId(ValueError):
    """A row's id that no JSON line can carry back."""


def dumps(obj) -> str:
    """One line of JSON text: NaN/Infinity raise ValueError; lone surrogates become U+FFFD."""
    return _SURROGATE.sub("\ufffd", json.dumps(obj, ensure_ascii=False, allow_nan=False))


def written_id(value):
    """The id as OUT carries it: lone surrogates become U+FFFD, so a resumed run compares like with like.

    Raises UnwritableId for a value with NaN or Infinity in it (`NaN`, `1e999999`), or nested past the
    JSON encoder's depth limit.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise UnwritableId("id is not a finite number (NaN or Infinity), which JSON cannot hold") from None
    except RecursionError:
        raise UnwritableId("id is nested too deeply") from None
    return json.loads(_SURROGATE.sub("\ufffd", text)) if _SURROGATE.search(text) else value
