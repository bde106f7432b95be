"""Feeds and pages for `tomtat ingest`: RSS/Atom parsing (parse.py), polite fetching (fetch.py), sources.py."""
