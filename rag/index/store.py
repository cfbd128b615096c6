"""The local index, read side: one published generation of FAISS, bm25s and SQLite files.

:class:`IndexStore` is the first implementation of :class:`rag.index.protocol.IndexReader`, the
only interface retrieval, answering, the service and the benchmark use. A reader resolves
``CURRENT`` once and only ever sees one complete generation (:mod:`rag.index.generations`); the
write side is :mod:`rag.index.writer`. The manifest's settings fingerprint and file checksums are
checked on opening, so an index built with other settings, or damaged since, is refused with a
message saying how to rebuild.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.errors import IndexCorruptError
from rag.index.generations import (
    check_compatible,
    current_generation,
    published_name,
    read_manifest,
    verify_files,
)
from rag.index.lexical import LexicalIndex
from rag.index.protocol import ManifestViews
from rag.index.records import Manifest
from rag.index.vectors import Vectors, VectorTable, faiss_threads, read_vectors, rebuild_hint
from rag.ingest.chunking import title_id
from rag.settings import Settings
from rag.types import BlockSpan, Chunk, Document, StoredChunk

__all__ = ["IndexStore", "StoredChunk", "Vectors"]

log = logging.getLogger(__name__)


def _structure(column: str | None) -> tuple[BlockSpan, ...]:
    return tuple(BlockSpan(kind, start, end, level) for kind, start, end, level in json.loads(column or "[]"))


def _sentences(column: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """A chunk's sentence spans and sentence ids, from the JSON ``[[start, end, id], ...]`` column."""
    triples = json.loads(column)
    return tuple((a, b) for a, b, _ in triples), tuple(i for _, _, i in triples)


class IndexStore(ManifestViews):
    """A read-only view of one published generation: vectors, BM25 and chunk records
    (an :class:`rag.index.protocol.IndexReader`)."""

    def __init__(self, gen: Path, manifest: Manifest, settings: Settings) -> None:
        self.path = gen
        self.manifest = manifest
        try:
            self._vectors = read_vectors(gen / "vectors.faiss", settings.hnsw_ef_search)
            self._chunk_table = VectorTable(self._vectors)
            self._sentence_table = VectorTable(read_vectors(gen / "sentences.faiss", settings.hnsw_ef_search))
            self._word_table = VectorTable(read_vectors(gen / "words.faiss", settings.hnsw_ef_search))
            self._lexical = LexicalIndex.load(gen / "bm25")
        except (RuntimeError, ValueError, OSError) as exc:
            raise IndexCorruptError(f"index in {gen} cannot be loaded ({exc}); {rebuild_hint(gen.parent)}") from None
        self._db = sqlite3.connect(f"file:{gen / 'chunks.sqlite'}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        # one question asks for its top keyword hits, then for the scores of its dense hits: score once
        self._keyword_vector = lru_cache(maxsize=8)(self._all_keyword_scores)

    @classmethod
    def open(cls, settings: Settings) -> IndexStore:
        """Open the published generation; if an update replaced it while we read, open the new one."""
        for attempt in range(3):
            gen = current_generation(settings.index_dir)
            try:
                manifest = read_manifest(gen)
                check_compatible(manifest, settings, settings.index_dir)
                verify_files(gen, manifest)
                return cls(gen, manifest, settings)
            except IndexCorruptError:
                if attempt == 2 or current_generation(settings.index_dir) == gen:
                    raise
        raise AssertionError("unreachable")

    def is_published(self) -> bool:
        """Whether this is still the generation CURRENT points to (cheap: one small read)."""
        return published_name(self.path.parent) in ("", self.path.name)

    def export(self, doc_ids: set[str]) -> tuple[list[Document], list[Chunk], Vectors, Vectors]:
        """Documents, chunks and vectors (of chunks, of sentences and titles) of ``doc_ids``, to
        carry them into the next generation unchanged."""
        marks = ",".join("?" * len(doc_ids))
        with self._lock:
            doc_rows = self._db.execute(
                "SELECT doc_id, title, date, lang, text, content_hash, structure, titled FROM documents "
                f"WHERE doc_id IN ({marks})",
                sorted(doc_ids),
            ).fetchall()
            chunk_rows = self._db.execute(
                f"SELECT chunk_id, doc_id, start, end, text, sentences, section FROM chunks WHERE doc_id IN ({marks}) "
                "ORDER BY doc_id, start",
                sorted(doc_ids),
            ).fetchall()
        docs = [
            Document(doc_id=doc_id, title=title, date=date, lang=lang, text=text, content_hash=content_hash,
                     structure=_structure(structure), titled=bool(titled))
            for doc_id, title, date, lang, text, content_hash, structure, titled in doc_rows
        ]
        chunks = []
        for cid, doc_id, start, end, text, sentences, section in chunk_rows:
            chunks.append(Chunk(cid, doc_id, start, end, text, *_sentences(sentences), section=section or ""))
        titles = {title_id(d.doc_id, d.topic) for d in docs if d.topic}
        sentence_ids = np.array(sorted({i for c in chunks for i in c.sentence_ids} | titles), dtype=np.int64)
        chunk_ids = np.array([c.chunk_id for c in chunks], dtype=np.int64)
        return docs, chunks, self._chunk_table.export(chunk_ids), self._sentence_table.export(sentence_ids)

    def word_ids(self) -> np.ndarray:
        """Ids of every stored word vector (:func:`rag.index.wordvectors.word_id`)."""
        return self._word_table.ids()

    @property
    def name(self) -> str:
        return self.path.name

    def dense_top(self, query: np.ndarray, n: int) -> dict[int, float]:
        n = min(n, max(self._vectors.ntotal, 1))
        with faiss_threads(1):  # one question gains nothing from threads (see faiss_threads)
            scores, ids = self._vectors.search(np.asarray(query, np.float32).reshape(1, -1), n)
        return {int(i): float(s) for i, s in zip(ids[0], scores[0]) if i >= 0}

    def dense_scores(self, chunk_ids: list[int], query: np.ndarray) -> dict[int, float]:
        return self._chunk_table.similarity(chunk_ids, query)

    def _all_keyword_scores(self, terms: tuple[str, ...]) -> np.ndarray | None:
        return self._lexical.scores(list(terms))

    def keyword_top(self, terms: list[str], n: int) -> dict[int, float]:
        ids, scores = self._lexical.top(self._keyword_vector(tuple(terms)), n)
        return {int(i): float(s) for i, s in zip(ids, scores)}

    def keyword_scores(self, terms: list[str], chunk_ids: list[int]) -> dict[int, float]:
        scores = self._keyword_vector(tuple(terms))
        if scores is None or not chunk_ids:
            return {}
        return {cid: float(v) for cid, v in zip(chunk_ids, self._lexical.scores_of(scores, chunk_ids))}

    def idf(self, terms: list[str]) -> dict[str, float]:
        return self._lexical.idf(terms)

    def known_terms(self, terms: Iterable[str]) -> frozenset[str]:
        return self._lexical.known(terms)

    def sentence_similarity(self, sentence_ids: list[int], query: np.ndarray) -> dict[int, float]:
        return self._sentence_table.similarity(sentence_ids, query)

    def sentence_pairs(self, left: list[int], right: list[int]) -> list[float]:
        return [float(v) for v in self._sentence_table.pairwise(left, right)]

    def word_vectors(self, word_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._word_table.find(word_ids)

    def all_chunk_vectors(self) -> tuple[list[int], np.ndarray]:
        ids = [int(i) for i in self._chunk_table.ids()]
        return ids, self._chunk_table.export(np.asarray(ids, dtype=np.int64)).matrix

    def chunks(self, chunk_ids: list[int]) -> dict[int, StoredChunk]:
        """Chunk records by id (one query, whatever the number of ids)."""
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        sql = (
            "SELECT c.chunk_id, c.doc_id, c.start, c.end, c.text, c.sentences, d.title, d.date, d.lang, c.section, "
            "d.titled "
            f"FROM chunks c JOIN documents d ON d.doc_id = c.doc_id WHERE c.chunk_id IN ({marks})"
        )
        with self._lock:
            try:
                rows = self._db.execute(sql, [int(i) for i in chunk_ids]).fetchall()
            except sqlite3.DatabaseError as exc:  # a table of another layout, or a damaged file
                raise IndexCorruptError(f"index in {self.path} cannot be read ({exc}); {rebuild_hint(self.path.parent)}") from None
        found = {}
        for cid, doc_id, start, end, text, sentences, title, date, lang, section, titled in rows:
            found[cid] = StoredChunk(cid, doc_id, start, end, text, *_sentences(sentences), title, date, lang,
                                     section or "", bool(titled))
        return found

    def surface_forms(self, folded: list[str]) -> dict[str, str]:
        """Folded word -> its most frequent spelling in the index ("aurelien" -> "Aurélien").

        Lets a question typed without accents or in capitals be written the way the articles
        write it before the encoder sees it (:func:`rag.normalise.normalise_question`).
        """
        if not folded:
            return {}
        marks = ",".join("?" * len(folded))
        with self._lock:
            rows = self._db.execute(f"SELECT folded, surface FROM surface_forms WHERE folded IN ({marks})", folded)
            return dict(rows.fetchall())

    def document_text(self, doc_id: str) -> str | None:
        """The cleaned text that citation offsets point into."""
        with self._lock:
            row = self._db.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self._lock:
            self._db.close()
