"""Dates: find Vietnamese date expressions, resolve them against the article's date, date articles.

expressions.py finds what is written, roles.py says what each expression is (an event's date, a
statement's, a deadline, a birth year, a law's year, ...), resolve.py says which date it names, docdate.py
finds the article's own date, stage.py is the pipeline stage (and reads an undated article against its
story's dated ones), words.py writes dates for readers.
"""
from .docdate import page_date, parse_iso_date
from .expressions import Expression, find_expressions
from .resolve import Resolved, resolve
from .stage import date_sentences, document_date, infer_story_dates

__all__ = ["Expression", "Resolved", "find_expressions", "resolve", "page_date", "parse_iso_date",
           "date_sentences", "document_date", "infer_story_dates"]
