"""Which index implementation to open: the one place that chooses a store from the settings.

Everything above :mod:`rag.index` reads an index through :class:`rag.index.protocol.IndexReader`
and changes one through :class:`rag.index.protocol.IndexWriter` only; today the local FAISS +
bm25s + SQLite store is the one implementation.
"""

from __future__ import annotations

from rag.index.protocol import IndexReader, IndexWriter
from rag.index.store import IndexStore
from rag.index.writer import LocalWriter
from rag.settings import Settings


def open_index(settings: Settings) -> IndexReader:
    """The published index the settings point to; raises the usual missing/mismatch/damaged errors."""
    return IndexStore.open(settings)


def open_writer(settings: Settings, progress: bool = False) -> IndexWriter:
    """The write side of the index the settings point to (nothing is locked or read yet)."""
    return LocalWriter(settings, progress=progress)
