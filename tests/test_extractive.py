"""Scoring, near-duplicates and selection on small clusters of our own."""
import filecmp

import numpy as np
import pytest

import tomtat
from tomtat.extractive.duplicates import duplicate_groups
from tomtat.extractive.features import build_context
from tomtat.extractive.readable import is_dependent
from tomtat.extractive.scorers import get_scorer, names
from tomtat.extractive.scorers.learned import available
from tomtat.pipeline import build_cluster
from tomtat.text.normalize import match_key

WIRE = "Tổng mức đầu tư của dự án cầu Sông Xanh là 4.200 tỷ đồng, do ngân sách thành phố bố trí trong ba năm."
DOCS = [
    f"Thành phố Vĩnh An khởi công cầu Sông Xanh sáng 2/4, nối hai quận ven sông.\n{WIRE}\n"
    "Cầu dài 1,2 km, rộng 6 làn xe, dự kiến hoàn thành cuối năm 2027.",
    f"Sáng 2/4, cầu Sông Xanh được khởi công tại thành phố Vĩnh An.\n"
    f"{WIRE.replace('trong ba năm', 'trong 3 năm tới')}\nNgười dân hai bên sông mong cầu sớm thông xe.",
    f"{WIRE}\nÔng cho biết công trình sẽ giảm ùn tắc cho cầu cũ.\nTheo chủ đầu tư, nhà thầu đã huy động 300 công nhân.",
]


def test_republished_wire_sentence_forms_one_group():
    cluster = build_cluster(DOCS)
    wire = [i for i, s in enumerate(cluster.sentences) if "4.200 tỷ đồng" in s.text]
    groups = duplicate_groups(cluster.sentences)
    assert len(wire) == 3 and len({int(groups[i]) for i in wire}) == 1
    others = [int(groups[i]) for i in range(len(cluster.sentences)) if i not in wire]
    assert len(set(others)) == len(others)


def test_support_feature_counts_other_articles():
    ctx = build_context(build_cluster(DOCS))
    support = ctx.column("support")
    for i, s in enumerate(ctx.cluster.sentences):
        assert (support[i] > 0) == ("4.200 tỷ đồng" in s.text)


def test_dependent_sentences_are_flagged():
    for text in ["Ông cho biết công trình sẽ giảm ùn tắc.", "Tuy nhiên, giá vé chưa được công bố.",
                 "Nga đã bác bỏ những cáo buộc trên.", "Điều này khiến nhiều người lo ngại.",
                 "Một là thiết lập lại kênh liên lạc giữa hai bên."]:
        assert is_dependent(text, match_key(text)), text
    for text in ["Ông Trần Văn Long cho biết công trình sẽ giảm ùn tắc.", "Cầu dài 1,2 km, rộng 6 làn xe.",
                 "Tàu chạy trên cao qua quận Sông Xanh."]:
        assert not is_dependent(text, match_key(text)), text


def test_dependent_sentence_is_not_lifted_out_of_context():
    summary = tomtat.summarize(DOCS, max_words=60)
    assert not any(s.text.startswith("Ông cho biết") for s in summary.sentences)


def test_every_scorer_respects_budget_and_is_deterministic():
    cluster = build_cluster(DOCS)
    for name in names():
        a = tomtat.pipeline.summarize_cluster(cluster, 40, name)
        b = tomtat.pipeline.summarize_cluster(cluster, 40, name)
        assert 0 < len(a.text.split()) <= 40
        assert a.text == b.text


def test_default_blends_the_learned_model_with_the_centroid_scorer():
    assert available()
    ctx = build_context(build_cluster(DOCS))
    default, learned, centroid = (get_scorer(n)(ctx) for n in ("default", "learned", "centroid"))
    z = [(x - x.mean()) / x.std() for x in (learned, centroid)]
    from tomtat.extractive.scorers.hybrid import CENTROID_WEIGHT

    assert np.allclose(default, z[0] + CENTROID_WEIGHT * z[1])
    assert not np.allclose(default, learned) and not np.allclose(default, centroid)


def test_unknown_scorer_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown summarizer"):
        get_scorer("nope")


def test_training_rebuilds_the_committed_model_byte_for_byte(tmp_path):
    from conftest import DATA

    from tomtat.extractive import train

    if not (DATA / "abmusu" / "train.jsonl").is_file():
        pytest.skip("AbMuSu data not present")
    out = tmp_path / "learned.json"
    train.main(["--data", str(DATA), "--out", str(out)])
    assert filecmp.cmp(out, train.DEFAULT_OUT, shallow=False)
