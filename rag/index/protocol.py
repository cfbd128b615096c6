"""What retrieval, answering, the service and the benchmark need of an index: :class:`IndexReader`.

One published index, read only. Ids are the chunk, sentence and word ids of
:mod:`rag.ingest.chunking` and :func:`rag.index.wordvectors.word_id`; vectors are unit numpy
rows, so every score is a cosine (dense) or a BM25 score over our own tokens (keyword). Nothing
here names a file, a folder, FAISS, bm25s or SQL: the local store (:class:`rag.index.store.IndexStore`)
is one implementation, a database server can be another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rag.index.records import Counts, DocumentRecord


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back for answering, with what a citation needs of its document."""

    chunk_id: int
    doc_id: str
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]
    sentence_ids: tuple[int, ...]
    title: str
    date: str | None
    lang: str
    section: str = ""  # the heading path the chunk lies under ("" when the document has no headings)
    titled: bool = True  # the title is the document's own (not its first line): the topic its sentences share

    @property
    def topic(self) -> str:
        """The document's own title ("" when it is titled by its first line); see :attr:`Document.topic`."""
        return self.title if self.titled else ""


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
