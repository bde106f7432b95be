"""Renderings of a Summary: text for terminals, JSON for tools (the contract), HTML for readers.

The renderers read a Summary's fields (cluster, sentences, scores, order) and never import tomtat.summary at run
time: tomtat.summary imports them, so the arrow runs one way.
"""
