"""What retrieval, answering, the service and the benchmark need of an index: :class:`IndexReader`;
what ``rag index`` needs to change one: :class:`IndexWriter`.

One published index, read only. Ids are the chunk, sentence and word ids of
:mod:`rag.ingest.chunking` and :func:`rag.index.wordvectors.word_id`; vectors are unit numpy
rows, so every score is a cosine (dense) or a BM25 score over our own tokens (keyword). Nothing
here names a file, a folder, FAISS, bm25s or SQL: the local store (:class:`rag.index.store.IndexStore`)
is one implementation, a database server can be another.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np

from rag.index.records import Counts, DocumentRecord, EmbedderInfo, Manifest
from rag.types import Chunk, Document, Skipped, StoredChunk


@dataclass(frozen=True)
class Vectors:
    """Embeddings to store: ``ids`` int64 of shape (n,), ``matrix`` float32 unit rows of shape (n, d)."""

    ids: np.ndarray
    matrix: np.ndarray

    @classmethod
    def empty(cls, dimension: int) -> Vectors:
        return cls(np.zeros(0, np.int64), np.zeros((0, dimension), np.float32))

    def __add__(self, other: Vectors) -> Vectors:
        return Vectors(np.concatenate([self.ids, other.ids]), np.concatenate([self.matrix, other.matrix]))


@dataclass(frozen=True)
class IndexBatch:
    """Documents with their chunks and vectors, as :meth:`IndexWriter.apply` adds them.

    Sentence vectors are keyed by sentence id (and title id, :func:`rag.ingest.chunking.title_id`),
    word vectors by :func:`rag.index.wordvectors.word_id`; a word the index already holds
    (:meth:`IndexWriter.known_words`) may be left out.
    """

    docs: list[Document]
    chunks: list[Chunk]
    chunk_vectors: Vectors
    sentence_vectors: Vectors
    word_vectors: Vectors

    @classmethod
    def empty(cls, dimension: int) -> IndexBatch:
        nothing = Vectors.empty(dimension)
        return cls([], [], nothing, nothing, nothing)

    def __add__(self, other: IndexBatch) -> IndexBatch:
        return IndexBatch(self.docs + other.docs, self.chunks + other.chunks, self.chunk_vectors + other.chunk_vectors,
                          self.sentence_vectors + other.sentence_vectors, self.word_vectors + other.word_vectors)


@dataclass(frozen=True)
class Publication:
    """A version :meth:`IndexWriter.publish` made current: its name ("gen-000004") and size."""

    name: str
    counts: Counts


class ManifestViews:
    """What a reader answers from its published version's manifest alone (both stores share it)."""

    manifest: Manifest

    @property
    def counts(self) -> Counts:
        return self.manifest.counts

    @property
    def vector_index(self) -> str:
        return self.manifest.vector_index

    @property
    def documents(self) -> list[DocumentRecord]:
        return list(self.manifest.documents)

    @cached_property
    def languages(self) -> list[str]:
        """Languages of the indexed documents, so a question can be stemmed the way they were.

        Cached: every question needs it, and a manifest lists every document (6 ms at 100k).
        """
        return sorted({d.lang for d in self.manifest.documents})


class IndexReader(Protocol):
    """A published index, read side. Thread-safe: one instance serves concurrent questions."""

    @property
    def name(self) -> str:
        """Which published version this is, for logs ("gen-000003")."""
        ...

    @property
    def counts(self) -> Counts: ...

    @property
    def vector_index(self) -> str:
        """How dense search is done: 'exact' or 'hnsw' (approximate)."""
        ...

    @property
    def documents(self) -> list[DocumentRecord]: ...

    @property
    def languages(self) -> list[str]:
        """Languages of the indexed documents, sorted."""
        ...

    def is_published(self) -> bool:
        """Whether this is still the published version (else reopen to see the new one)."""
        ...

    def dense_top(self, query: np.ndarray, n: int) -> dict[int, float]:
        """The ``n`` chunks nearest to the query vector: chunk id -> cosine, best first."""
        ...

    def dense_scores(self, chunk_ids: list[int], query: np.ndarray) -> dict[int, float]:
        """Exact cosine of the query with each of ``chunk_ids`` (in their order)."""
        ...

    def keyword_top(self, terms: list[str], n: int) -> dict[int, float]:
        """The ``n`` best chunks by BM25 over the terms, positive scores only, best first."""
        ...

    def keyword_scores(self, terms: list[str], chunk_ids: list[int]) -> dict[int, float]:
        """BM25 score of each of ``chunk_ids`` (in their order, zeros included)."""
        ...

    def idf(self, terms: list[str]) -> dict[str, float]:
        """BM25 inverse document frequency of the terms the index knows."""
        ...

    def known_terms(self, terms: Iterable[str]) -> frozenset[str]:
        """The terms the keyword vocabulary holds (the others can match nothing)."""
        ...

    def sentence_similarity(self, sentence_ids: list[int], query: np.ndarray) -> dict[int, float]:
        """Exact cosine of the query with each stored sentence (or title) vector."""
        ...

    def sentence_pairs(self, left: list[int], right: list[int]) -> list[float]:
        """Cosine of each sentence of ``left`` with the one of ``right`` at the same position."""
        ...

    def word_vectors(self, word_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which word ids are stored (a boolean mask) and their vectors in order, shape (found, d)."""
        ...

    def chunks(self, chunk_ids: list[int]) -> dict[int, StoredChunk]: ...

    def all_chunk_vectors(self) -> tuple[list[int], np.ndarray]:
        """Every chunk id and its vector (the benchmark's baseline builds its own index from them)."""
        ...

    def surface_forms(self, folded: list[str]) -> dict[str, str]:
        """Folded word -> its most frequent spelling in the index."""
        ...

    def document_text(self, doc_id: str) -> str | None:
        """The cleaned text that citation offsets point into."""
        ...

    def close(self) -> None: ...


class IndexWriter(Protocol):
    """The write side of one index: stage changes to the published version, then publish them at once.

    Readers see the old version or the new one, never a mix; a writer that dies before
    :meth:`publish` leaves the published version as it was. One writer at a time: :meth:`locked`
    raises :class:`rag.errors.IndexBusyError` at once when another one holds the index.
    """

    def published(self) -> tuple[Manifest | None, str]:
        """The published version's manifest if it can be reused, else None and why everything
        must be rebuilt ("no index yet", the settings that differ, the damage found)."""
        ...

    def locked(self) -> AbstractContextManager[None]:
        """Hold the writer lock for the block (and clean up what an interrupted writer left)."""
        ...

    def known_words(self) -> frozenset[int]:
        """Word ids whose vectors the published version holds (no need to embed them again)."""
        ...

    def apply(self, added: IndexBatch, removed: Collection[str]) -> None:
        """Stage a change: drop the documents ``removed`` (doc ids) and add ``added`` (replacing
        any published document of the same id). Every other published document is kept as is."""
        ...

    def publish(self, embedder: EmbedderInfo, skipped: list[Skipped]) -> Publication:
        """Make the staged version current in one step; ``skipped`` is recorded for the next plan."""
        ...
