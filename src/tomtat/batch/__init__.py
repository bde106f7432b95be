"""Batch runs over AbMuSu JSONL: one output line per input line, in order, whatever the engine."""
