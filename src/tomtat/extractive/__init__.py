"""Extractive summarization: scoring, selecting and ordering sentences: features → scorer → budgeted selection → order."""
