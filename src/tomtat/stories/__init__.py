"""From a raw feed to stories: read articles, represent each once, block candidates, group by average linkage.

feed.py reads articles (files, folders, article JSONL, AbMuSu rows); represent.py turns each into terms and
a hashed vector; engines.py runs that per-article work inline, in processes or on Dask; candidates.py finds
near neighbours with an ANN index (never an all-pairs matrix); linkage.py groups them; cluster.py ties it
together; digest.py summarizes each story through the one `summarize` pipeline.
"""
