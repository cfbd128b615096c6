"""rag: offline, multilingual question answering over your own articles, with checkable citations.

The public API; every stage is its own module (documents -> chunking -> embeddings -> store ->
retrieval -> answer) and all of them take one :class:`Settings` explicitly.

Names are imported on first use (PEP 562), so ``rag index`` and ``rag ask`` do not pay for
LangChain or the web stack at start-up, and importing :mod:`rag` does no work.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "rag.types": [
        "Answer", "Chunk", "Citation", "Claim", "Document", "Passage", "Skipped", "StoredChunk",
    ],
    "rag.answer.extractive": [
        "extractive_answer",
    ],
    "rag.ingest.chunking": [
        "chunk_document",
    ],
    "rag.ingest.corpus": [
        "load_corpus",
    ],
    "rag.ingest.documents": [
        "parse_document",
    ],
    "rag.index.embeddings": [
        "HashingEmbeddings", "RagEmbeddings", "SentenceTransformerEmbeddings", "UseEmbeddings",
        "make_embedder",
    ],
    "rag.errors": [
        "CorpusError", "DocumentError", "EmbedderError", "IndexBusyError", "IndexCorruptError",
        "IndexDatabaseError", "IndexMismatchError", "IndexMissingError", "RagError", "SettingsError",
    ],
    "rag.index.indexer": [
        "IndexPlan", "IndexReport", "build_index", "index_documents", "plan_index",
    ],
    "rag.index.protocol": [
        "IndexReader", "IndexWriter",
    ],
    "rag.index.opening": [
        "open_index", "open_writer",
    ],
    "rag.answer.langchain": [
        "RagRetriever",
    ],
    "rag.answer.pipeline": [
        "Rag",
    ],
    "rag.answer.retrieval": [
        "HybridRetriever", "Retrieval",
    ],
    "rag.settings": [
        "Settings",
    ],
    "rag.index.store": [
        "IndexStore",
    ],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = [
    "Answer", "Chunk", "Citation", "Claim", "CorpusError", "Document", "DocumentError", "EmbedderError",
    "HashingEmbeddings", "HybridRetriever", "IndexBusyError", "IndexCorruptError", "IndexMismatchError",
    "IndexDatabaseError", "IndexMissingError", "IndexPlan", "IndexReader", "IndexReport", "IndexStore", "IndexWriter",
    "Passage",
    "Rag", "RagEmbeddings", "RagError", "RagRetriever", "Retrieval", "SentenceTransformerEmbeddings",
    "Settings", "SettingsError", "Skipped", "StoredChunk", "UseEmbeddings", "build_index", "chunk_document",
    "extractive_answer", "index_documents", "load_corpus", "make_embedder", "open_index", "open_writer",
    "parse_document", "plan_index",
]

if TYPE_CHECKING:
    from rag.answer.extractive import (
        extractive_answer,
    )
    from rag.answer.langchain import (
        RagRetriever,
    )
    from rag.answer.pipeline import (
        Rag,
    )
    from rag.answer.retrieval import (
        HybridRetriever,
        Retrieval,
    )
    from rag.errors import (
        CorpusError,
        DocumentError,
        EmbedderError,
        IndexBusyError,
        IndexCorruptError,
        IndexDatabaseError,
        IndexMismatchError,
        IndexMissingError,
        RagError,
        SettingsError,
    )
    from rag.index.embeddings import (
        HashingEmbeddings,
        RagEmbeddings,
        SentenceTransformerEmbeddings,
        UseEmbeddings,
        make_embedder,
    )
    from rag.index.indexer import (
        IndexPlan,
        IndexReport,
        build_index,
        index_documents,
        plan_index,
    )
    from rag.index.opening import (
        open_index,
        open_writer,
    )
    from rag.index.protocol import (
        IndexReader,
        IndexWriter,
    )
    from rag.index.store import (
        IndexStore,
    )
    from rag.ingest.chunking import (
        chunk_document,
    )
    from rag.ingest.corpus import (
        load_corpus,
    )
    from rag.ingest.documents import (
        parse_document,
    )
    from rag.settings import (
        Settings,
    )
    from rag.types import (
        Answer,
        Chunk,
        Citation,
        Claim,
        Document,
        Passage,
        Skipped,
        StoredChunk,
    )


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'rag' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
