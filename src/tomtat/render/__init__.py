"""Renderings of a Summary: text for terminals, JSON for tools (the contract), HTML for readers."""
