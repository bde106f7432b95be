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
    """Summarize a cluster of articles: a list of strings or Documents; see tomtat.pipeline.summarize.

    A bare string raises TypeError (one article is `[text]`); input the CLI refuses raises the same
    `tomtat.pipeline.InputError` (a ValueError): no documents, or only whitespace. Lone surrogates in
    the text are read as U+FFFD; offsets still index the text as given.
    """
    from .pipeline import summarize as _summarize

    return _summarize(documents, max_words=max_words, **options)
