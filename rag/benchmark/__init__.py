"""`rag bench`: speed, memory and retrieval quality at growing corpus sizes, against stock LangChain.

``corpus`` builds the corpora and questions (PIAF, XQuAD), ``baseline`` the LangChain pipeline,
``measure`` runs one size in its own process, ``run`` drives the sizes and the cold start, and
``report`` writes docs/benchmarks.md, its JSON and its plot.
"""
