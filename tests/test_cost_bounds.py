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
    assert chosen and len(calls) == len(chosen)
