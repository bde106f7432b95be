"""Summary JSON exactly as ../shared/CONTRACT.md fixes it (extra fields only added, never renamed)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..model import Document, SentenceDate

if TYPE_CHECKING:   # the renderers read a Summary; only tomtat.summary imports them
    from ..summary import Summary


def date_dict(d: SentenceDate | None) -> dict | None:
    """sentences[].date as the contract fixes it, plus role (what the expression is: event, statement or
    deadline) and part/period/calendar/lunar/lunar_leap when they apply."""
    if d is None:
        return None
    out = {"value": d.value, "precision": d.precision, "basis": d.basis, "start": d.start, "end": d.end}
    for key in ("role", "part", "period", "calendar", "lunar"):
        if getattr(d, key) is not None:
            out[key] = getattr(d, key)
    if d.lunar_leap:
        out["lunar_leap"] = True
    return out


def document_date_value(doc: Document) -> str | None:
    if doc.date is None:
        return None
    iso = doc.date.isoformat()
    return iso[:4] if doc.date_precision == "year" else iso[:7] if doc.date_precision == "month" else iso


def explanation(summary: Summary) -> dict:
    """What cleaning dropped and why, the structure found (headline, sapo, byline, dateline; start/end
    null when given as a field or page metadata), and each chosen sentence's score."""
    return {
        "structure": [{"doc": i, "kind": p.kind, "text": p.text, "basis": p.basis, "start": p.start, "end": p.end}
                      for i, doc in enumerate(summary.cluster.documents) for p in doc.parts],
        "dropped": [{"doc": i, "start": d.start, "end": d.end, "reason": d.reason, "text": d.text}
                    for i, doc in enumerate(summary.cluster.documents) for d in doc.dropped],
        "scores": [{"doc": s.doc, "sentence": s.index, "score": round(summary.scores.get((s.doc, s.index), 0.0), 6)}
                   for s in summary.sentences],
        "dates": {
            "documents": [{"doc": i, "date": document_date_value(d), "basis": d.date_basis,
                           "how": d.date_how or ("given" if d.date else "no date in metadata or dateline")}
                          for i, d in enumerate(summary.cluster.documents)],
            "sentences": [{"doc": s.doc, "sentence": s.index, "text": s.date.text if s.date else "",
                           "role": s.date.role if s.date else None,
                           "how": s.date.how if s.date else "no date expression and no article date"}
                          for s in summary.sentences],
        },
    }


PROVENANCE = ("id", "url", "outlet", "author", "origin")


def provenance(doc: Document) -> dict:
    """What the input said of where the article comes from (documents[i].id/url/outlet/author/origin), only
    the fields that were given."""
    return {key: getattr(doc, key) for key in PROVENANCE if getattr(doc, key) not in (None, "")}


def summary_dict(summary: Summary, explain: bool = False) -> dict:
    docs = summary.cluster.documents
    out: dict = {}
    if summary.id is not None:
        out["id"] = summary.id
    out["summary"] = summary.text
    out["sentences"] = [{"text": s.text, "doc": s.doc, "source": docs[s.doc].source, "sentence": s.index,
                         "start": s.start, "end": s.end, "date": date_dict(s.date)} for s in summary.sentences]
    out["documents"] = [{"doc": i, "source": d.source, "title": d.title, "date": document_date_value(d),
                         "date_basis": d.date_basis if d.date else None, **provenance(d)} for i, d in enumerate(docs)]
    if explain:
        out["explain"] = explanation(summary)
    return out


def render_json(summary: Summary, explain: bool = False) -> str:
    return json.dumps(summary_dict(summary, explain), ensure_ascii=False) + "\n"
