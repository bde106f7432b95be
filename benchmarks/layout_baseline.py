"""Per-cluster layout scores of an older tree (before issue 12), for `quality.py --baseline`.

    git archive <commit> src | tar -x -C OLD && cp src/tomtat/eval/layouts.py OLD/src/tomtat/eval/
    PYTHONPATH=OLD/src python benchmarks/layout_baseline.py benchmarks/results/quality_before_issue12.json <commit>

Validation: the old pipeline and model on each layout (this benchmark's layout_scores). Train CV as the
old training script did it: fitted on the fields layout only, same folds (seed 0), scored in each layout.
"""
import json
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import quality  # noqa: E402  (its layout_scores runs on whatever tomtat is on PYTHONPATH)

from tomtat.eval.layouts import LAYOUTS, as_layout  # noqa: E402
from tomtat.eval.rouge import VietnameseRouge  # noqa: E402
from tomtat.extractive import train as T  # noqa: E402
from tomtat.extractive.features import build_context  # noqa: E402
from tomtat.extractive.scorers.hybrid import combine  # noqa: E402
from tomtat.extractive.scorers.learned import score_with  # noqa: E402
from tomtat.extractive.select import select  # noqa: E402
from tomtat.io.readers import documents_from_row, iter_jsonl  # noqa: E402
from tomtat.pipeline import build_cluster  # noqa: E402

data = quality.data_dir(None) / "abmusu"
out = {"validation": quality.layout_scores(data / "validation.jsonl", 200)}
# Train CV as the old training script did it (fit on the fields layout only, same folds), scored per layout.
rows = [r for r in iter_jsonl(str(data / "train.jsonl")) if not r.error and isinstance(r.data.get("summary"), str)]
fields = T.load_examples(str(data / "train.jsonl"))
order = np.random.default_rng(T.SEED).permutation(len(fields))
folds = np.array_split(order, T.FOLDS)
rouge = VietnameseRouge()
cv = {}
for layout in LAYOUTS:
    scores = [0.0] * len(rows)
    for k, test in enumerate(folds):
        model = T.fit([fields[i] for j, f in enumerate(folds) if j != k for i in f])
        for i in test:
            row = rows[i]
            ctx = build_context(build_cluster(documents_from_row(as_layout(row.data, layout), "x")))
            s = ctx.cluster.sentences
            chosen = sorted(select(ctx, combine(score_with(model, ctx.features), ctx), 200),
                            key=lambda j: (s[j].doc, s[j].index))
            scores[i] = rouge.score(row.data["summary"], " ".join(s[j].text for j in chosen))["rouge2"].f
    cv[layout] = {"tomtat": scores}
out["train CV"] = cv
pathlib.Path(sys.argv[1]).write_text(json.dumps({"command": "PYTHONPATH=OLD/src python benchmarks/layout_baseline.py",
                                                "tree": sys.argv[2] if len(sys.argv) > 2 else "?", "layouts": out}) + "\n", encoding="utf-8")
for d, v in out.items():
    print(d, {name: round(float(np.mean(x["tomtat"])), 4) for name, x in v.items()})
