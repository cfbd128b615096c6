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
    "rag.answer": ["Answer", "Citation", "extractive_answer"],
    "rag.chunking": ["Chunk", "chunk_document"],
    "rag.documents": ["Document", "Skipped", "load_corpus", "parse_document"],
    "rag.embeddings": ["HashingEmbeddings", "RagEmbeddings", "SentenceTransformerEmbeddings", "UseEmbeddings", "make_embedder"],
    "rag.errors": [
        "CorpusError", "DocumentError", "EmbedderError", "IndexBusyError", "IndexCorruptError",
        "IndexMismatchError", "IndexMissingError", "RagError", "SettingsError",
    ],
    "rag.indexer": ["IndexPlan", "IndexReport", "build_index", "index_documents", "plan_index"],
    "rag.langchain": ["RagRetriever"],
    "rag.pipeline": ["Rag"],
    "rag.retrieval": ["HybridRetriever", "Passage", "Retrieval"],
    "rag.settings": ["Settings"],
    "rag.store": ["IndexStore"],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = [
    "Answer", "Chunk", "Citation", "CorpusError", "Document", "DocumentError", "EmbedderError",
    "HashingEmbeddings", "HybridRetriever", "IndexBusyError", "IndexCorruptError", "IndexMismatchError",
    "IndexMissingError", "IndexPlan", "IndexReport", "IndexStore", "Passage", "Rag", "RagEmbeddings", "RagError",
    "RagRetriever", "Retrieval", "SentenceTransformerEmbeddings", "Settings", "SettingsError", "Skipped",
    "UseEmbeddings", "build_index", "chunk_document", "extractive_answer", "index_documents", "load_corpus",
    "make_embedder", "parse_document", "plan_index",
]

if TYPE_CHECKING:
    from rag.answer import Answer, Citation, extractive_answer
    from rag.chunking import Chunk, chunk_document
    from rag.documents import Document, Skipped, load_corpus, parse_document
    from rag.embeddings import HashingEmbeddings, RagEmbeddings, SentenceTransformerEmbeddings, UseEmbeddings, make_embedder
    from rag.errors import (
        CorpusError, DocumentError, EmbedderError, IndexBusyError, IndexCorruptError,
        IndexMismatchError, IndexMissingError, RagError, SettingsError,
    )
    from rag.indexer import IndexPlan, IndexReport, build_index, index_documents, plan_index
    from rag.langchain import RagRetriever
    from rag.pipeline import Rag
    from rag.retrieval import HybridRetriever, Passage, Retrieval
    from rag.settings import Settings
    from rag.store import IndexStore


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'rag' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
