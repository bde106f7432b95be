"""tomtat — tóm tắt: one faithful, sourced summary from many Vietnamese news articles on one story.

    >>> import tomtat
    >>> summary = tomtat.summarize([text1, text2], max_words=120)
    >>> summary.text, summary.sentences[0].start, summary.to_json()
"""
from .model import Cluster, Document, Sentence
from .summary import Summary

__version__ = "0.1.0"
__all__ = ["summarize", "Document", "Sentence", "Cluster", "Summary", "__version__"]


def summarize(documents, max_words: int = 200, **options) -> Summary:
    """Summarize a cluster of articles (strings or Documents); see tomtat.pipeline.summarize."""
    from .pipeline import summarize as _summarize

    return _summarize(documents, max_words=max_words, **options)
