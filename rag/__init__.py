"""rag: offline, multilingual question answering over your own articles, with checkable citations.

The public API; every stage is its own module (documents -> chunking -> embeddings -> store ->
retrieval -> answer) and all of them take one :class:`Settings` explicitly.
"""

from rag.answer import Answer, Citation, extractive_answer
from rag.chunking import Chunk, chunk_document
from rag.documents import Document, Skipped, load_corpus, parse_document
from rag.embeddings import HashingEmbeddings, RagEmbeddings, SentenceTransformerEmbeddings, UseEmbeddings, make_embedder
from rag.errors import (
    CorpusError,
    DocumentError,
    EmbedderError,
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    RagError,
    SettingsError,
)
from rag.indexer import IndexReport, build_index, index_documents
from rag.langchain import RagRetriever
from rag.pipeline import Rag
from rag.retrieval import HybridRetriever, Passage, Retrieval
from rag.settings import Settings
from rag.store import IndexStore

__all__ = [
    "Answer", "Chunk", "Citation", "CorpusError", "Document", "DocumentError", "EmbedderError",
    "HashingEmbeddings", "HybridRetriever", "IndexBusyError", "IndexCorruptError", "IndexMismatchError",
    "IndexMissingError", "IndexReport", "IndexStore", "Passage", "Rag", "RagEmbeddings", "RagError",
    "RagRetriever", "Retrieval", "SentenceTransformerEmbeddings", "Settings", "SettingsError", "Skipped", "UseEmbeddings",
    "build_index", "chunk_document", "extractive_answer", "index_documents", "load_corpus", "make_embedder",
    "parse_document",
]
