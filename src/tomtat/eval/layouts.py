"""The three ways an article reaches tomtat, made from one AbMuSu row (issue 12).

- `fields`: title, sapo (`anchor_text`) and body (`raw_text`) apart, as AbMuSu gives them;
- `body`: the body alone, no title, no sapo (a file that holds only the article's text);
- `onetext`: one text, headline line, then the sapo paragraph, then the body (a scraped `.txt` file).

Training and the quality benchmark present every cluster in each layout, so one scorer is chosen
that works whether the title and sapo came as fields or had to be found in the text.
"""
from __future__ import annotations

LAYOUTS = ("fields", "body", "onetext")


def _article(doc: dict, layout: str) -> dict:
    if layout == "fields":
        return dict(doc)
    title = doc.get("title") if isinstance(doc.get("title"), str) else ""
    sapo = doc.get("anchor_text") if isinstance(doc.get("anchor_text"), str) else ""
    body = doc.get("raw_text")
    out = {k: v for k, v in doc.items() if k not in ("title", "anchor_text", "raw_text")}
    if layout == "body" or not isinstance(body, str):
        out["raw_text"] = body
    elif layout == "onetext":
        out["raw_text"] = title + "\n" + sapo + "\n" + body
    else:
        raise ValueError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    return out


def as_layout(row: dict, layout: str) -> dict:
    """A copy of an AbMuSu row whose articles are presented in `layout`."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    singles = row.get("single_documents")
    if not isinstance(singles, list):
        return dict(row)
    return {**row, "single_documents": [_article(d, layout) if isinstance(d, dict) else d for d in singles]}
