"""Systems side by side on the same processed clusters: tomtat's summarizers, baselines, the oracle.

`evaluate_systems` is the reusable core of benchmarks/quality.py (and of cross-validation in training):
each cluster is built once by the caller and every system reads the same sentences, so scores and
timings compare choosing alone.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from ..model import Cluster, Sentence
from .baselines import BASELINES, Ranking, fill_budget, shuffled
from .oracle import oracle_select
from .rouge import METRICS, Aggregate, Score, VietnameseRouge

RANDOM_SEEDS = (0, 1, 2, 3, 4)


@dataclass
class EvalCluster:
    """A processed cluster with its gold summaries (the first one drives the oracle)."""

    cluster: Cluster
    references: list[str]
    category: str = ""


# A system maps (cluster, references, budget) to one or more summaries; several (random seeds) are averaged.
Run = Callable[[Cluster, list[str], int], list[str]]


@dataclass
class System:
    name: str
    run: Run
    kind: str = "baseline"   # tomtat | baseline | oracle


@dataclass
class Result:
    name: str
    kind: str
    scores: Aggregate = field(default_factory=Aggregate)
    by_category: dict[str, Aggregate] = field(default_factory=dict)
    lengths: list[float] = field(default_factory=list)
    seconds: float = 0.0
    note: str = ""

    def as_dict(self) -> dict:
        n = self.scores.n
        return {"name": self.name, "kind": self.kind, **self.scores.mean(),
                "r2_by_category": {c: a.mean()["rouge2"]["f"] for c, a in sorted(self.by_category.items())},
                "n_by_category": {c: a.n for c, a in sorted(self.by_category.items())},
                "mean_length": sum(self.lengths) / n if n else 0.0,
                "ms_per_cluster": 1000 * self.seconds / n if n else 0.0,
                **({"note": self.note} if self.note else {})}


def text_of(cluster: Cluster, indices: list[int]) -> str:
    """Chosen sentences in reading order (document, position), as tomtat orders its own."""
    sentences: list[Sentence] = cluster.sentences
    return " ".join(sentences[i].text for i in sorted(indices, key=lambda i: (sentences[i].doc, sentences[i].index)))


def ranked(ranking: Ranking) -> Run:
    def run(cluster: Cluster, references: list[str], budget: int) -> list[str]:
        lengths = [s.length for s in cluster.sentences]
        return [text_of(cluster, fill_budget(ranking(cluster), lengths, budget))]
    return run


def random_run(cluster: Cluster, references: list[str], budget: int) -> list[str]:
    return [ranked(shuffled(seed))(cluster, references, budget)[0] for seed in RANDOM_SEEDS]


def oracle_run(cluster: Cluster, references: list[str], budget: int) -> list[str]:
    sentences = cluster.sentences
    chosen = oracle_select([s.text for s in sentences], [s.length for s in sentences], references[0], budget)
    return [text_of(cluster, chosen)]


def tomtat_run(name: str) -> Run:
    def run(cluster: Cluster, references: list[str], budget: int) -> list[str]:
        from ..pipeline import summarize_cluster

        return [summarize_cluster(cluster, budget, summarizer=name).text]
    return run


def load_clusters(path: str) -> list[EvalCluster]:
    """Build every cluster of a gold JSONL file once, with its references and category."""
    from ..io.readers import documents_from_row
    from ..pipeline import build_cluster
    from .evaluate import read_rows, references

    return [EvalCluster(build_cluster(documents_from_row(row.data, f"{path}:{row.line}"), row.id),
                        references(row, path), str(row.data.get("category") or ""))
            for row in read_rows(path)]


def default_systems() -> list[System]:
    """Every tomtat summarizer the registry offers, the baselines, random and the oracle."""
    from ..extractive.scorers import names

    systems = [System(f"tomtat:{n}", tomtat_run(n), "tomtat") for n in names()]
    systems += [System(n, ranked(r)) for n, r in BASELINES.items()]
    systems.append(System("random", random_run))
    systems.append(System("oracle", oracle_run, "oracle"))
    return systems


def mean_score(rouge: VietnameseRouge, references: list[str], summaries: list[str]) -> dict[str, Score]:
    """Per metric, the mean over several summaries (random seeds) of each one's best-reference score."""
    runs = [rouge.score(references, s) for s in summaries]
    return {m: Score(*(sum(getattr(r[m], k) for r in runs) / len(runs) for k in "prf")) for m in METRICS}


def evaluate_systems(clusters: list[EvalCluster], systems: list[System], budget: int = 200,
                     level: str = "syllable") -> list[Result]:
    """Score every system on every cluster; a system that raises is skipped with a note, not fatal."""
    rouge = VietnameseRouge(level)
    results = []
    for system in systems:
        result = Result(system.name, system.kind)
        try:
            for item in clusters:
                start = time.perf_counter()
                summaries = system.run(item.cluster, item.references, budget)
                result.seconds += time.perf_counter() - start
                scores = mean_score(rouge, item.references, summaries)
                result.scores.add(scores)
                result.by_category.setdefault(item.category or "?", Aggregate()).add(scores)
                result.lengths.append(sum(len(s.split()) for s in summaries) / len(summaries))
        except Exception as err:  # e.g. the learned scorer before a model is trained
            results.append(Result(system.name, system.kind, note=f"skipped: {type(err).__name__}: {err}"))
            continue
        results.append(result)
    return results
