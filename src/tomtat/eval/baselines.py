"""Baselines a user would otherwise pick, run on tomtat's own processed sentences.

Every baseline is a *ranking* of a cluster's sentences; `fill_budget` (the one place a budget is filled
from a ranking) then takes sentences in rank order, skipping any that no longer fit. Sharing the
sentences with tomtat keeps the comparison about choosing, not about cleaning or splitting.

Sumy is fed our sentences and our Vietnamese tokens through its document model, so it never runs its
English tokenizer or asks NLTK for data; no stemmer (identity); no stop words by default (sumy's
own default). `STOP_WORDS` is a short list of frequent Vietnamese function syllables, written for this
comparison, for the "+stop" variants: without it TextRank (whose edge weight counts shared tokens)
drifts to the longest sentences, which share "của", "và", "là" with everything.
"""
from __future__ import annotations

import random
from typing import Callable, Iterable, Sequence

from ..model import Cluster, Sentence

Ranking = Callable[[Cluster], list[int]]

STOP_WORDS = frozenset("""
và của là có được cho các những một trong với đã này không để người từ khi đến theo về như cũng tại
thì sẽ đó ra vào nhiều lại hay nên năm bị do đang rất mà còn nhưng nếu vì nơi đây việc
""".split())


def fill_budget(ranking: Iterable[int], lengths: Sequence[int], budget: int) -> list[int]:
    """Indices taken in rank order while they fit; a sentence that does not fit is skipped, not a stop."""
    chosen, used = [], 0
    for i in ranking:
        if 0 < lengths[i] <= budget - used:
            chosen.append(i)
            used += lengths[i]
    return chosen


def lead(cluster: Cluster) -> list[int]:
    """Sentence 0 of every article, then sentence 1 of every article, ... (round robin)."""
    sentences = cluster.sentences
    return sorted(range(len(sentences)), key=lambda i: (sentences[i].index, sentences[i].doc))


def first_article_lead(cluster: Cluster) -> list[int]:
    """The first article from its start; nothing from the others."""
    return [i for i, s in enumerate(cluster.sentences) if s.doc == 0]


def shuffled(seed: int) -> Ranking:
    def rank(cluster: Cluster) -> list[int]:
        order = list(range(len(cluster.sentences)))
        random.Random(seed).shuffle(order)
        return order
    return rank


class _Tokens:
    """The tokenizer sumy's Sentence asks for words: our precomputed tokens, looked up by text."""

    def __init__(self, tokens: dict[str, list[str]]):
        self.tokens = tokens

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(self.tokens[text])


def sumy_document(sentences: list[Sentence], unit: str = "syllables"):
    """A sumy ObjectDocumentModel built from our sentences (one paragraph per article)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokens = _Tokens({})
    paragraphs: dict[int, list] = {}
    for s in sentences:
        tokens.tokens.setdefault(s.text, getattr(s, unit))
        paragraphs.setdefault(s.doc, []).append(SumySentence(s.text, tokens))
    return ObjectDocumentModel([Paragraph(p) for p in paragraphs.values()])


def sumy_ranking(name: str, unit: str = "syllables", stop_words: frozenset = frozenset()) -> Ranking:
    """Rank with a sumy summarizer: its rating order (ties keep document order)."""
    def rank(cluster: Cluster) -> list[int]:
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.luhn import LuhnSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer

        classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer,
                   "lsa": LsaSummarizer, "luhn": LuhnSummarizer}
        sentences = cluster.sentences
        if not sentences:
            return []
        ranked: list[int] = []

        def capture(infos):  # sumy passes the rating-sorted SentenceInfos to a callable count
            ranked.extend(info.order for info in infos)
            return infos

        summarizer = classes[name]()
        summarizer.stop_words = stop_words
        summarizer(sumy_document(sentences, unit), capture)
        return ranked
    return rank


BASELINES: dict[str, Ranking] = {
    "lead": lead,
    "lead-first-article": first_article_lead,
    "lexrank": sumy_ranking("lexrank"),
    "textrank": sumy_ranking("textrank"),
    "lsa": sumy_ranking("lsa"),
    "luhn": sumy_ranking("luhn"),
}
