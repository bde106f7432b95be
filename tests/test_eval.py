"""Vietnamese ROUGE pinned on hand-computed examples, the baselines' budget filling, and `tomtat evaluate`."""
import json
import subprocess
import sys
import unicodedata

import pytest
from rouge_score import rouge_scorer

from tomtat.eval.baselines import fill_budget, first_article_lead, lead, sumy_ranking
from tomtat.eval.oracle import oracle_select
from tomtat.eval.rouge import Aggregate, VietnameseRouge
from tomtat.eval.systems import EvalCluster, System, evaluate_systems, oracle_run, ranked
from tomtat.eval.tokenize import syllable_tokens
from tomtat.model import Cluster, Document, Sentence
from tomtat.text.normalize import match_key, syllables


def approx(x):
    return pytest.approx(x, abs=1e-9)


def prf(score):
    return score.p, score.r, score.f


@pytest.fixture(scope="module")
def rouge():
    return VietnameseRouge("syllable")


def test_syllable_tokens_keep_diacritics_and_split_underscores_and_punctuation():
    text = "Thủ_tướng phát biểu: “Kinh tế 2024 tăng 6,5%”."
    assert syllable_tokens(text) == ["thủ", "tướng", "phát", "biểu", "kinh", "tế", "2024", "tăng", "6", "5"]


def test_rouge_1_2_l_on_a_short_pair(rouge):
    # ref  = người dân hà nội đi bầu cử (7)   pred = người dân đi bầu (4)
    # R1: overlap 4 → P 4/4, R 4/7, F 2·1·(4/7)/(11/7) = 8/11
    # R2: pred bigrams {người dân, dân đi, đi bầu} (3), ref 6, overlap {người dân, đi bầu} = 2
    #     → P 2/3, R 2/6, F 2·(2/3)(1/3)/1 = 4/9
    # RL: LCS "người dân đi bầu" = 4 → as R1
    s = rouge.score("Người dân Hà Nội đi bầu cử", "Người dân đi bầu")
    assert prf(s["rouge1"]) == (approx(1), approx(4 / 7), approx(8 / 11))
    assert prf(s["rouge2"]) == (approx(2 / 3), approx(1 / 3), approx(4 / 9))
    assert prf(s["rougeL"]) == (approx(1), approx(4 / 7), approx(8 / 11))


def test_rouge_l_sees_order_rouge_1_does_not(rouge):
    # ref = người dân đi bầu cử (5)   pred = bầu cử người dân (4)
    # R1: overlap 4 → P 1, R 4/5, F 8/9
    # R2: pred {bầu cử, cử người, người dân}, ref {người dân, dân đi, đi bầu, bầu cử}: overlap 2
    #     → P 2/3, R 2/4, F (2/3)/(7/6) = 4/7
    # RL: LCS = 2 ("người dân" or "bầu cử") → P 2/4, R 2/5, F 0.4/0.9 = 4/9
    s = rouge.score("người dân đi bầu cử", "bầu cử người dân")
    assert prf(s["rouge1"]) == (approx(1), approx(4 / 5), approx(8 / 9))
    assert prf(s["rouge2"]) == (approx(2 / 3), approx(1 / 2), approx(4 / 7))
    assert prf(s["rougeL"]) == (approx(1 / 2), approx(2 / 5), approx(4 / 9))


def test_several_references_take_the_best_f1_per_metric(rouge):
    # pred = bầu cử người dân. Against A = "người dân đi bầu cử": R1 F 8/9, R2 F 4/7, RL F 4/9 (above).
    # Against B = "bầu cử người" (3): R1 overlap 3 → P 3/4, R 1, F 6/7; R2 overlap 2 of 3 / 2 → P 2/3, R 1,
    # F 4/5; RL LCS 3 → F 6/7. Best: R1 from A (8/9 > 6/7), R2 and RL from B.
    s = rouge.score(["người dân đi bầu cử", "bầu cử người"], "bầu cử người dân")
    assert prf(s["rouge1"]) == (approx(1), approx(4 / 5), approx(8 / 9))
    assert prf(s["rouge2"]) == (approx(2 / 3), approx(1), approx(4 / 5))
    assert prf(s["rougeL"]) == (approx(3 / 4), approx(1), approx(6 / 7))


def test_nfd_and_underscored_input_score_like_nfc(rouge):
    ref = "Thủ tướng phát biểu tại hội nghị về kinh tế"
    nfd = unicodedata.normalize("NFD", ref)
    assert nfd != ref and syllable_tokens(nfd) == syllable_tokens(ref)
    for pred in (nfd, "Thủ_tướng phát_biểu tại hội_nghị về kinh_tế"):
        s = rouge.score(ref, pred)
        assert all(s[m].f == approx(1) for m in ("rouge1", "rouge2", "rougeL"))


def test_rouge_score_default_tokenizer_scores_vietnamese_wrong_ours_right(rouge):
    # "đi học" (go to school) vs "đá hộc" (rubble): no syllable in common, so every score is 0.
    # The default tokenizer keeps only [a-z0-9]: "đi học" → i h c, "đá hộc" → h c: R1 P 1, R 2/3, F 0.8.
    default = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=False).score("đi học", "đá hộc")["rouge1"]
    assert default.fmeasure == approx(0.8)
    assert rouge.score("đi học", "đá hộc")["rouge1"].f == 0.0


def test_aggregate_is_the_mean_over_clusters(rouge):
    total = Aggregate()
    total.add(rouge.score("mưa to", "mưa to"))        # F 1
    total.add(rouge.score("mưa to", "nắng nóng"))     # F 0
    assert total.mean()["n"] == 2 and total.mean()["rouge1"]["f"] == approx(0.5)


def test_oracle_stops_when_rouge2_stops_improving():
    # After sentence 0 every reference bigram but "nội hôm", "hôm nay" is matched; adding "Hà Nội"
    # repeats "hà nội" (clipped), lowering precision: the oracle stops at [0]. Budget 4 excludes 0.
    sents = ["Mưa lớn ở Hà Nội", "Giá vàng tăng", "Hà Nội"]
    lengths = [len(s.split()) for s in sents]
    assert oracle_select(sents, lengths, "mưa lớn ở Hà Nội hôm nay", 20) == [0]
    assert oracle_select(sents, lengths, "mưa lớn ở Hà Nội hôm nay", 4) == [2]


def test_fill_budget_skips_what_does_not_fit_and_goes_on():
    assert fill_budget([2, 0, 1], [5, 3, 4], 8) == [2, 1]
    assert fill_budget([0, 1], [0, 3], 8) == [1]


def make_cluster(*docs: list[str]) -> Cluster:
    out = []
    for d, texts in enumerate(docs):
        sents = [Sentence(doc=d, index=i, start=0, end=0, text=t, key=match_key(t), syllables=syllables(match_key(t)))
                 for i, t in enumerate(texts)]
        out.append(Document(text=" ".join(texts), sentences=sents))
    return Cluster(out)


CLUSTER = make_cluster(
    ["Bão số ba đổ bộ vào Quảng Ninh chiều nay.", "Hàng nghìn người đã được sơ tán.", "Gió giật cấp mười."],
    ["Quảng Ninh sơ tán dân trước bão số ba.", "Nhiều cây xanh bị đổ."])


def test_lead_is_round_robin_and_first_article_lead_stays_in_article_zero():
    assert lead(CLUSTER) == [0, 3, 1, 4, 2]
    assert first_article_lead(CLUSTER) == [0, 1, 2]


def test_sumy_ranks_every_sentence_from_our_tokens():
    pytest.importorskip("sumy", reason="sumy comes with the bench extra: pip install '.[bench]'")
    for name in ("lexrank", "textrank", "lsa", "luhn"):
        assert sorted(sumy_ranking(name)(CLUSTER)) == list(range(5)), name


def test_evaluate_systems_scores_and_skips_a_failing_system():
    gold = "Bão số ba đổ bộ vào Quảng Ninh chiều nay. Quảng Ninh sơ tán dân trước bão số ba."

    def broken(cluster, refs, budget):
        raise RuntimeError("no model")

    results = evaluate_systems([EvalCluster(CLUSTER, [gold], "Xã hội")],
                               [System("lead", ranked(lead)), System("oracle", oracle_run, "oracle"),
                                System("broken", broken)], budget=20)
    lead_r, oracle_r, broken_r = (r.as_dict() for r in results)
    assert oracle_r["rouge2"]["f"] == approx(1.0) and oracle_r["mean_length"] == 19
    assert lead_r["mean_length"] <= 20 and lead_r["r2_by_category"].keys() == {"Xã hội"}
    assert broken_r["note"].startswith("skipped: RuntimeError")


def run_cli(*args):
    """In process (fast); the result carries returncode/stdout/stderr like a CompletedProcess."""
    from typer.testing import CliRunner

    from tomtat.cli import app

    r = CliRunner().invoke(app, ["evaluate", *map(str, args)])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return subprocess.CompletedProcess(args, r.exit_code, r.stdout, r.stderr)


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


@pytest.fixture
def gold(tmp_path):
    return write_jsonl(tmp_path / "gold.jsonl", [
        {"id": "a", "summary": "người dân đi bầu cử"},
        {"id": "b", "summaries": ["mưa to ở Hà Nội", "Hà Nội mưa lớn"]},
    ])


def test_cli_aligns_by_id_and_prints_the_contract_json(gold, tmp_path):
    # a: R1 F 8/9 (above); b: exact match with the second reference → 1. Mean R1 F = (8/9 + 1) / 2.
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "b", "summary": "Hà Nội mưa lớn"},
                                                 {"id": "a", "summary": "bầu cử người dân"}])
    p = run_cli(gold, "--pred", pred, "--format", "json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert set(out) == {"n", "rouge1", "rouge2", "rougeL"} and out["n"] == 2
    assert all(set(out[m]) == {"p", "r", "f"} and all(isinstance(v, float) for v in out[m].values())
               for m in ("rouge1", "rouge2", "rougeL"))
    assert out["rouge1"]["f"] == approx((8 / 9 + 1) / 2)
    assert out["rougeL"]["f"] == approx((4 / 9 + 1) / 2)


def test_cli_aligns_by_line_without_ids_and_prints_a_table(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", [{"summary": "người dân đi bầu cử"}, {"summary": "mưa to"}])
    pred = write_jsonl(tmp_path / "p.jsonl", [{"summary": "bầu cử người dân"}, {"id": "x", "summary": "mưa to"}])
    p = run_cli(gold, "--pred", pred)
    assert p.returncode == 0, p.stderr
    assert "ROUGE-2" in p.stdout and f"{(4 / 7 + 1) / 2:.4f}" in p.stdout


@pytest.mark.parametrize("pred_rows, message", [
    ([{"id": "a", "summary": "x"}], "1 rows, but"),                                   # count mismatch
    ([{"id": "a", "summary": "x"}, {"id": "c", "summary": "y"}], "no row with id"),  # missing id
    (['{"id": "a", "summary": "x"}', '{"id": "b", "summ'], "pred.jsonl:2"),        # bad JSON line
    ([{"id": "a", "summary": "x"}, {"id": "b"}], "pred.jsonl:2"),                    # no summary
])
def test_cli_misaligned_or_broken_pred_exits_2_with_one_line(gold, tmp_path, pred_rows, message):
    p = run_cli(gold, "--pred", write_jsonl(tmp_path / "pred.jsonl", pred_rows))
    assert p.returncode == 2 and p.stdout == ""
    assert message in p.stderr and "pred.jsonl" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


def test_cli_gold_row_without_reference_or_missing_file_exits_2(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", [{"summary": "mưa to"}, {"category": "x"}])
    pred = write_jsonl(tmp_path / "p.jsonl", [{"summary": "a"}, {"summary": "b"}])
    p = run_cli(gold, "--pred", pred)
    assert p.returncode == 2 and "g.jsonl:2" in p.stderr
    # As a real process, through the console entry point: one line, no traceback.
    p = subprocess.run([sys.executable, "-m", "tomtat", "evaluate", str(tmp_path / "missing.jsonl"), "--pred",
                        str(pred)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and p.stdout == "" and "missing.jsonl" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


DEEP = '{"id": "b", "summary": "mưa", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
BIG = '{"id": "b", "summary": "mưa", "x": ' + "9" * 5000 + "}"


@pytest.mark.parametrize("bad, message", [(DEEP, "nested too deeply"), (BIG, "number too long")])
@pytest.mark.parametrize("where", ["gold", "pred"])
def test_cli_hostile_json_line_names_file_and_line(tmp_path, bad, message, where):
    # Rows that used to escape as a RecursionError / ValueError without file or line.
    rows = {"gold": [{"id": "a", "summary": "người dân đi bầu cử"}, bad],
            "pred": [{"id": "a", "summary": "bầu cử"}, bad]}
    if where == "pred":
        rows["gold"][1] = {"id": "b", "summary": "mưa"}
    gold = write_jsonl(tmp_path / "gold.jsonl", rows["gold"])
    pred = write_jsonl(tmp_path / "pred.jsonl", rows["pred"])
    p = run_cli(gold, "--pred", pred)
    assert p.returncode == 2 and p.stdout == ""
    assert f"{where}.jsonl:2" in p.stderr and message in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


def test_cli_lone_surrogate_in_gold_text_is_summarized_not_an_internal_error(tmp_path):
    text = "Đêm qua, m\\ud800ưa lớn kéo dài hơn ba giờ khiến nhiều tuyến đường ở Cần Thơ ngập sâu."
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "s\\ud800", "summary": "mưa lớn ở Cần Thơ", "single_documents": [{"raw_text": "'
                    + text + '"}]}\n', encoding="utf-8")
    p = run_cli(gold, "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["rouge1"]["r"] > 0.5
