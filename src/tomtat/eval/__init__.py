"""Self-evaluation: Vietnamese ROUGE, baselines and the extractive oracle."""
