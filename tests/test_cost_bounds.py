"""Work per sentence is bounded, whatever the input: big clusters of distinct articles, many copies of
one article. These tests check structure (how much is compared, how often the selector loops); the
time and memory they bound are measured in benchmarks/speed.py and benchmarks/batch_scale.py."""
import numpy as np

from tomtat.extractive import features, select
from tomtat.extractive.features import build_context
from tomtat.pipeline import build_cluster

PLACES = ["Hòa Bình", "Sơn La", "Lai Châu", "Điện Biên", "Lào Cai", "Yên Bái", "Hà Giang", "Tuyên Quang",
          "Cao Bằng", "Bắc Kạn", "Thái Nguyên", "Lạng Sơn", "Quảng Ninh", "Bắc Giang", "Phú Thọ", "Vĩnh Phúc"]
THINGS = ["cầu", "trường học", "bệnh viện", "chợ", "nhà văn hóa", "đường", "trạm y tế"]


def _distinct_articles(n: int) -> list[tuple[str, str]]:
    """n articles (title, body) on different local stories; titles share only common words."""
    out = []
    for k in range(n):
        place, thing = PLACES[k % len(PLACES)], THINGS[k % len(THINGS)]
        title = f"{place} khởi công {thing} số {k + 101} cho người dân"
        body = (f"Sáng nay, tỉnh {place} đã khởi công xây dựng {thing} số {k + 101} tại xã {k + 7}.\n"
                f"Công trình có tổng vốn đầu tư {k + 3} tỷ đồng và sẽ hoàn thành trong năm tới.\n"
                f"Người dân trong vùng mong {thing} sớm được đưa vào sử dụng.")
        out.append((title, body))
    return out


def _cluster(n: int):
    from tomtat.model import Document

    return build_cluster([Document(text=body, title=title) for title, body in _distinct_articles(n)])


def test_each_sentence_is_compared_with_a_bounded_number_of_titles():
    n = features.EXACT_BEST_DOCS + 36
    ctx = build_context(_cluster(n))
    titles = ctx.rep.transform_keys([d.title_key for d in ctx.cluster.documents])
    rows, cols = features.best_text_candidates(ctx.rep.matrix, titles)
    per_row = np.bincount(rows, minlength=ctx.rep.matrix.shape[0])
    assert per_row.max() <= features.TOP_CANDIDATES
    assert len(rows) <= features.TOP_CANDIDATES * ctx.rep.matrix.shape[0]
    # Every title shares "khởi công", "cho", "người dân"... with every sentence: an all-titles product
    # would have one nonzero per (sentence, title).
    dense = (ctx.rep.matrix @ titles.T).toarray()
    assert (dense > 0).sum(axis=1).min() >= n // 2


def test_best_title_through_candidates_matches_the_exact_best():
    n = features.EXACT_BEST_DOCS + 36
    ctx = build_context(_cluster(n))
    docs = ctx.cluster.documents
    titles = ctx.rep.transform_keys([d.title_key for d in docs])
    exact = (ctx.rep.matrix @ titles.T).toarray()
    own_doc = np.array([s.doc for s in ctx.cluster.sentences])
    assert np.allclose(ctx.column("title_own"), exact[np.arange(len(own_doc)), own_doc])
    best, approx = exact.max(axis=1), ctx.column("title_any")
    # Never above the exact best, never below the own title; and where a title really is close (it
    # shares a number or a place with the sentence), the candidates find it.
    assert np.all(approx <= best + 1e-12) and np.all(approx >= ctx.column("title_own") - 1e-12)
    close = best > 0.1
    assert close.sum() >= len(best) // 2 and np.allclose(approx[close], best[close])


def test_selection_loops_once_per_chosen_sentence(monkeypatch):
    """Copies of a chosen sentence are dropped at once, not rejected one by one in later rounds."""
    title, body = _distinct_articles(1)[0]
    cluster = build_cluster([body] * 40 + [b for _, b in _distinct_articles(5)[1:]])
    ctx = build_context(cluster)
    scores = np.asarray(ctx.column("centroid"))
    calls = []
    real_argmax = np.argmax

    def counting_argmax(*args, **kwargs):
        calls.append(1)
        return real_argmax(*args, **kwargs)

    monkeypatch.setattr(select.np, "argmax", counting_argmax)
    chosen = select.select(ctx, scores, 200)
    # Each round asks argmax twice (the best sentence alone, the best leaning pair) and takes one or two
    # sentences; at most one last round finds nothing. 40 copies of a chosen sentence add no round.
    rounds = len(calls) // 2
    assert chosen and len(calls) % 2 == 0 and rounds <= len(chosen) + 1


# ---------------------------------------------------------------- long runs without sentence punctuation

WORDS = ("người dân xã miền núi vẫn chờ con đường mới được làm xong trước mùa mưa năm nay vì "
         "nhiều gia đình phải đi vòng qua núi để đưa con tới trường và mang nông sản ra chợ huyện").split()


def _run_without_punctuation(n_chars: int, seed: int = 3) -> str:
    import random

    rng = random.Random(seed)
    out, size = [], 0
    while size < n_chars:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)


class CountingStr(str):
    """A str that adds up how many characters were copied out of it by slicing."""

    copied = 0

    def __getitem__(self, key):
        out = str.__getitem__(self, key)
        if isinstance(key, slice):
            CountingStr.copied += len(out)
        return out


def test_no_span_handed_to_the_word_segmenter_exceeds_the_cap(monkeypatch):
    import tomtat
    from tomtat.text import segment

    seen = []
    real = segment._pyvi_tokenize()
    monkeypatch.setattr(segment, "_pyvi_tokenize", lambda: lambda key: seen.append(len(key)) or real(key))
    segment._segment_cached.cache_clear()
    text = _run_without_punctuation(30_000)
    summary = tomtat.summarize([text + "\nCầu mới dài 1,2 km và rộng 6 làn xe, sẽ thông xe vào cuối năm tới."])
    segment._segment_cached.cache_clear()
    assert seen and max(seen) <= segment.MAX_SENTENCE_CHARS
    assert sum(seen) >= 29_000                     # all of it was read, in pieces
    # The pieces are not prose: the summary holds the one real sentence only.
    assert [s.text for s in summary.sentences] == ["Cầu mới dài 1,2 km và rộng 6 làn xe, sẽ thông xe vào cuối năm tới."]


def test_over_long_spans_are_cut_at_a_comma_or_space_into_near_equal_pieces():
    from tomtat.text.segment import MAX_SENTENCE_CHARS, split_spans

    text = _run_without_punctuation(10_000).replace("núi ", "núi, ")
    spans = split_spans(text, 0, len(text))
    lengths = [b - a for a, b in spans]
    assert max(lengths) <= MAX_SENTENCE_CHARS and min(lengths) > MAX_SENTENCE_CHARS // 2 - 100
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")
    for _a, b in spans[:-1]:
        assert text[b - 1] == "," or text[b] == " "    # never inside a word


def test_sentence_splitting_reads_a_long_line_once():
    """Abbreviations do not make each period re-read the sentence so far."""
    from tomtat.text.segment import split_spans

    unit = "Ông Nam ở TP. Vinh và ThS. Lan nói xã đã làm xong rồi đi tiếp "
    text = CountingStr(unit * 400)
    CountingStr.copied = 0
    split_spans(text, 0, len(text))
    assert CountingStr.copied <= 4 * len(text)


def test_cleaning_reads_a_line_with_many_captions_once():
    from tomtat.text.clean import clean

    unit = "Người dân đón xe - Ảnh: AFP Đoàn xe chạy qua cầu mới (Ảnh minh họa "
    text = CountingStr(unit * 400 + "cuối.")
    CountingStr.copied = 0
    clean(text)
    assert CountingStr.copied <= 6 * len(text)


def test_offset_table_of_a_decomposed_text_is_compact():
    import sys
    import unicodedata

    from tomtat.text.normalize import nfc_with_offsets

    text = unicodedata.normalize("NFD", _run_without_punctuation(20_000))
    norm, back = nfc_with_offsets(text)
    assert norm == unicodedata.normalize("NFC", text) and len(back) == len(norm) + 1
    assert back[-1] == len(text) and isinstance(back[5], int)
    assert sys.getsizeof(back) <= 5 * len(back)      # not a Python int (28 bytes) + pointer (8) per character


def test_block_minhash_signatures_equal_datasketch():
    """Duplicate detection hashes blocks of sentences at once; the values must be datasketch's own."""
    from tomtat.extractive.duplicates import _signature, shingles, signatures

    sentences = _cluster(12).sentences
    sets = [shingles(s) for s in sentences]
    assert np.array_equal(signatures(sets), np.array([_signature(s).hashvalues for s in sets]))


def test_self_similar_text_checks_each_sentence_against_a_bounded_number_of_others(monkeypatch):
    """Unpunctuated text over a ten-word vocabulary: every piece shares LSH buckets with every other, yet
    none is a copy. Each piece must be verified against at most a few candidates, not all earlier ones."""
    import random

    from tomtat.extractive import duplicates
    from tomtat.model import Document

    rng = random.Random(3)
    words = ["nhà", "cửa", "lũ", "quét", "núi", "sông", "người", "dân", "xã", "huyện"]
    text = " ".join(rng.choice(words) for _ in range(60_000))
    cluster = build_cluster([Document(text=text)])
    sentences = [s for d in cluster.documents for s in d.sentences]
    checks = []
    real = duplicates.resemblance
    monkeypatch.setattr(duplicates, "resemblance", lambda a, b: checks.append(1) or real(a, b))
    groups = duplicates.duplicate_groups(sentences)
    assert len(sentences) > 100
    assert len(checks) <= duplicates._VERIFIED * len(sentences)   # was about len(sentences)² / 2
    assert len(set(groups.tolist())) > len(sentences) // 2        # random pieces are not copies of each other
