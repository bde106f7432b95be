"""Summary JSON exactly as ../shared/CONTRACT.md fixes it (extra fields only added, never renamed)."""
from __future__ import annotations

import json

from ..summary import Summary


def explanation(summary: Summary) -> dict:
    """What cleaning dropped and why, and each chosen sentence's score."""
    return {
        "dropped": [{"doc": i, "start": d.start, "end": d.end, "reason": d.reason, "text": d.text}
                    for i, doc in enumerate(summary.cluster.documents) for d in doc.dropped],
        "scores": [{"doc": s.doc, "sentence": s.index, "score": round(summary.scores.get((s.doc, s.index), 0.0), 6)}
                   for s in summary.sentences],
    }


def summary_dict(summary: Summary, explain: bool = False) -> dict:
    docs = summary.cluster.documents
    out: dict = {}
    if summary.id is not None:
        out["id"] = summary.id
    out["summary"] = summary.text
    out["sentences"] = [{"text": s.text, "doc": s.doc, "source": docs[s.doc].source, "sentence": s.index,
                         "start": s.start, "end": s.end} for s in summary.sentences]
    out["documents"] = [{"doc": i, "source": d.source, "title": d.title,
                         **({"date": d.date.isoformat()} if d.date else {})} for i, d in enumerate(docs)]
    if explain:
        out["explain"] = explanation(summary)
    return out


def render_json(summary: Summary, explain: bool = False) -> str:
    return json.dumps(summary_dict(summary, explain), ensure_ascii=False) + "\n"
