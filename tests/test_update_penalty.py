"""Update summaries: among sentences that add about as much, the one that repeats an earlier summary least wins
(store/update.py KNOWN_PENALTY). Sentences written for this test."""
import pytest

from tomtat.model import Document
from tomtat.store import update

EARLIER = ["Lũ quét tràn qua bản trong đêm."]
# 12 bigrams, 4 of them told before ("lũ quét tràn qua bản"), 8 new
REPEATS = "Lũ quét tràn qua bản Mường Lát làm sập mười hai ngôi nhà."
# 6 distinct new bigrams, none told before
FRESH = "Cứu hộ cứu nạn cứu hộ cứu nạn cứu hộ cứu nạn suốt đêm."


def chosen(monkeypatch, penalty: float) -> str:
    import tomtat.extractive.scorers as scorers

    monkeypatch.setattr(scorers, "get_scorer", lambda name: (lambda context: [0.0, 0.0]))   # no salience tie-break
    monkeypatch.setattr(update, "KNOWN_PENALTY", penalty)
    summary = update.update_summary("t", [Document(text=REPEATS), Document(text=FRESH)], EARLIER, max_words=40,
                                    max_sentences=1)
    return summary.sentences[0].text


def test_the_sentence_that_repeats_less_wins(monkeypatch):
    assert chosen(monkeypatch, update.KNOWN_PENALTY) == FRESH


def test_without_the_penalty_the_repeating_sentence_would_win(monkeypatch):
    # the check above can fail: weighing known bigrams at KNOWN_WEIGHT alone still prefers REPEATS
    assert chosen(monkeypatch, 0.0) == REPEATS


@pytest.mark.parametrize("text", [REPEATS, FRESH])
def test_each_sentence_alone_is_a_candidate(monkeypatch, text):
    import tomtat.extractive.scorers as scorers

    monkeypatch.setattr(scorers, "get_scorer", lambda name: (lambda context: [0.0]))
    summary = update.update_summary("t", [Document(text=text)], EARLIER, max_words=40)
    assert [s.text for s in summary.sentences] == [text]
