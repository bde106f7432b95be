"""`tomtat evaluate`: read GOLD (and PRED) JSONL, align rows, score, average over clusters.

Every problem with the input files becomes an `EvalError` whose message names the file and line, so
the command can print one line and exit 2 (../shared/CONTRACT.md, Evaluate).
"""
from __future__ import annotations

import json
from typing import Iterator

from ..io.readers import ReadError, Row, documents_from_row, iter_jsonl
from .rouge import Aggregate, VietnameseRouge


class EvalError(ValueError):
    """Unusable evaluation input; the message names the file (and line)."""


def read_rows(path: str) -> list[Row]:
    try:
        rows = list(iter_jsonl(path))
    except ReadError as err:
        raise EvalError(str(err)) from None
    for row in rows:
        if row.error:
            raise EvalError(f"{path}:{row.line}: {row.error}")
    if not rows:
        raise EvalError(f"{path}: no rows")
    return rows


def references(row: Row, path: str) -> list[str]:
    """The row's gold summaries: `summary` first, then `summaries`; at least one non-empty string."""
    many = row.data.get("summaries")
    found = [row.data.get("summary")] + (many if isinstance(many, list) else [many])
    refs = [r for r in found if isinstance(r, str) and r.strip()]
    if not refs:
        raise EvalError(f"{path}:{row.line}: no reference summary ('summary' or 'summaries')")
    return list(dict.fromkeys(refs))


def prediction(row: Row, path: str) -> str:
    text = row.data.get("summary")
    if not isinstance(text, str):
        raise EvalError(f"{path}:{row.line}: no 'summary' string")
    return text


def _id_key(row: Row) -> str:
    return json.dumps(row.id, sort_keys=True, ensure_ascii=False)


def align(gold: list[Row], pred: list[Row], gold_path: str, pred_path: str) -> list[tuple[Row, Row]]:
    """Pairs (gold, pred) in GOLD order: by `id` when every row of both files has one, else by line."""
    if len(gold) != len(pred):
        raise EvalError(f"{pred_path}: {len(pred)} rows, but {gold_path} has {len(gold)}")
    if not all(r.id is not None for r in gold + pred):
        return list(zip(gold, pred))
    by_id: dict[str, Row] = {}
    for row in pred:
        if by_id.setdefault(_id_key(row), row) is not row:
            raise EvalError(f"{pred_path}:{row.line}: id {_id_key(row)} appears twice")
    pairs = []
    for row in gold:
        match = by_id.get(_id_key(row))
        if match is None:
            raise EvalError(f"{pred_path}: no row with id {_id_key(row)} (from {gold_path}:{row.line})")
        pairs.append((row, match))
    return pairs


def summarize_rows(rows: list[Row], path: str, max_words: int, summarizer: str) -> Iterator[str]:
    """tomtat's own summaries of GOLD clusters, for evaluation without --pred."""
    from ..pipeline import InputError, build_cluster, summarize_cluster

    for row in rows:
        try:
            cluster = build_cluster(documents_from_row(row.data, f"{path}:{row.line}"), row.id)
            yield summarize_cluster(cluster, max_words, summarizer=summarizer).text
        except (ReadError, InputError) as err:
            raise EvalError(f"{path}:{row.line}: {err}") from None
        except Exception as err:  # a row the pipeline chokes on is still named, not an "internal error"
            raise EvalError(f"{path}:{row.line}: cannot summarize ({type(err).__name__}: {err})") from None


def evaluate_files(gold_path: str, pred_path: str | None = None, *, max_words: int = 200,
                   level: str = "syllable", summarizer: str = "default") -> dict:
    """Corpus ROUGE as the contract's JSON: {"n", "rouge1": {"p","r","f"}, "rouge2", "rougeL"}."""
    gold = read_rows(gold_path)
    refs = [references(row, gold_path) for row in gold]
    if pred_path is None:
        preds = list(summarize_rows(gold, gold_path, max_words, summarizer))
    else:
        pairs = align(gold, read_rows(pred_path), gold_path, pred_path)   # pairs keep GOLD's order
        preds = [prediction(p, pred_path) for _, p in pairs]
    rouge, total = VietnameseRouge(level), Aggregate()
    for ref, text in zip(refs, preds):
        total.add(rouge.score(ref, text))
    return total.mean()
