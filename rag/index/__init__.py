"""Indexing: encoders, the local store (FAISS vectors, BM25 keywords, SQLite records) in published generations, and incremental builds."""
