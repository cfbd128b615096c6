"""Which index implementation to open: the one place that chooses a store from the settings.

Everything above :mod:`rag.index` reads an index through :class:`rag.index.protocol.IndexReader`
only; today the local FAISS + bm25s + SQLite store is the one implementation.
"""

from __future__ import annotations

from rag.index.protocol import IndexReader
from rag.index.store import IndexStore
from rag.settings import Settings


def open_index(settings: Settings) -> IndexReader:
    """The published index the settings point to; raises the usual missing/mismatch/damaged errors."""
    return IndexStore.open(settings)
