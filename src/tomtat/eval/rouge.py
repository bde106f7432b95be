"""ROUGE-1/2/L with Google's rouge-score and our Vietnamese tokenizers; corpus figure = mean over clusters.

With several references, each metric takes the reference with the best F1 (as the contract says).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rouge_score import rouge_scorer

from .tokenize import tokenizer_for

METRICS = ("rouge1", "rouge2", "rougeL")


@dataclass
class Score:
    p: float = 0.0
    r: float = 0.0
    f: float = 0.0

    def as_dict(self) -> dict:
        return {"p": self.p, "r": self.r, "f": self.f}


@dataclass
class Aggregate:
    n: int = 0
    totals: dict[str, list[float]] = field(default_factory=lambda: {m: [0.0, 0.0, 0.0] for m in METRICS})

    def add(self, scores: dict[str, Score]) -> None:
        self.n += 1
        for m in METRICS:
            t = self.totals[m]
            t[0] += scores[m].p
            t[1] += scores[m].r
            t[2] += scores[m].f

    def mean(self) -> dict:
        out: dict = {"n": self.n}
        for m in METRICS:
            p, r, f = (x / self.n if self.n else 0.0 for x in self.totals[m])
            out[m] = {"p": p, "r": r, "f": f}
        return out


class VietnameseRouge:
    """Score one prediction against one or more references."""

    def __init__(self, level: str = "syllable"):
        self.scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=False, tokenizer=tokenizer_for(level))

    def score(self, references: list[str] | str, prediction: str) -> dict[str, Score]:
        refs = [references] if isinstance(references, str) else list(references)
        if not refs:
            raise ValueError("no reference summary")
        best = {m: Score() for m in METRICS}
        for ref in refs:
            result = self.scorer.score(ref, prediction)
            for m in METRICS:
                s = result[m]
                if s.fmeasure > best[m].f or (s.fmeasure == best[m].f and best[m].f == 0.0 and s.recall > best[m].r):
                    best[m] = Score(s.precision, s.recall, s.fmeasure)
        return best
