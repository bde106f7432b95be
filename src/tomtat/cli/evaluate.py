"""`tomtat evaluate`: Vietnamese ROUGE of summaries against gold; scoring loads only when it runs."""
from __future__ import annotations

import json
from enum import Enum
from typing import Optional

import typer

from .console import fail, write_output


class Level(str, Enum):
    syllable = "syllable"
    word = "word"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


def render_table(result: dict, level: str) -> str:
    lines = [f"ROUGE, {level} level, mean over {result['n']} clusters", "",
             f"{'metric':<8} {'P':>7} {'R':>7} {'F1':>7}"]
    for metric, label in (("rouge1", "ROUGE-1"), ("rouge2", "ROUGE-2"), ("rougeL", "ROUGE-L")):
        s = result[metric]
        lines.append(f"{label:<8} {s['p']:>7.4f} {s['r']:>7.4f} {s['f']:>7.4f}")
    return "\n".join(lines) + "\n"


def evaluate(
    gold: str = typer.Argument(..., metavar="GOLD.jsonl", help="Rows with `summary` and/or `summaries`."),
    pred: Optional[str] = typer.Option(None, "--pred", metavar="PRED.jsonl",
                                       help="Rows with `summary`; without it tomtat summarizes GOLD itself."),
    max_words: int = typer.Option(200, "--max-words", min=1,
                                  help="Budget in syllables when tomtat summarizes GOLD (no --pred)."),
    level: Level = typer.Option(Level.syllable, "--level", help="ROUGE tokens: syllables or word segments."),
    fmt: EvalFormat = typer.Option(EvalFormat.table, "--format", help="Output format."),
    summarizer: str = typer.Option("default", "--summarizer", help="Scorer used without --pred."),
) -> None:
    """Score summaries against gold with Vietnamese ROUGE-1/2/L (P, R, F1)."""
    from ..eval.evaluate import EvalError, evaluate_files

    try:
        result = evaluate_files(gold, pred, max_words=max_words, level=level.value, summarizer=summarizer)
    except (EvalError, ValueError, RuntimeError) as err:
        fail(str(err))
    write_output(json.dumps(result) + "\n" if fmt is EvalFormat.json else render_table(result, level.value), None)
