"""The PostgreSQL store, read side: :class:`PostgresReader`, an :class:`rag.index.protocol.IndexReader`.

A reader resolves the current generation once, on opening, and every query names that
generation, so it answers from one complete version however many times the index is published
meanwhile (the writer keeps the previous generation, and older ones for a grace period);
:meth:`PostgresReader.is_published` says when to reopen. Queries go through a connection pool,
so one reader serves concurrent questions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import psycopg
from psycopg_pool import PoolTimeout
from pydantic import ValidationError

from rag.errors import IndexCorruptError, IndexDatabaseError, IndexMismatchError, IndexMissingError
from rag.index.generations import check_compatible
from rag.index.postgres import sql
from rag.index.postgres.connection import check_schema, connect, describe, pool, reason
from rag.index.protocol import ManifestViews
from rag.index.records import Manifest
from rag.settings import INDEX_FORMAT_VERSION, Settings
from rag.types import StoredChunk

REBUILD_HINT = "rebuild it with `rag index`"
#: bm25s's defaults, which the local store uses (method "lucene")
K1, B = 1.5, 0.75
#: pgvector's upper bound of hnsw.ef_search
MAX_EF_SEARCH = 1000


def refusal(manifest: Manifest, settings: Settings) -> str:
    """Why an index of this manifest cannot be used with the settings ("" when it can)."""
    if manifest.format != INDEX_FORMAT_VERSION:
        return f"format={manifest.format!r} (now {INDEX_FORMAT_VERSION!r})"
    try:
        check_compatible(manifest, settings, settings.index_dir)
    except IndexMismatchError as exc:
        return exc.differences
    return ""


def read_current(con: psycopg.Connection, url: str) -> tuple[int, str, Manifest]:
    """The published generation: its id, name and manifest."""
    check_schema(con, url)
    row = con.execute(sql.CURRENT).fetchone()
    if not row or row[0] is None:
        raise IndexMissingError(f"no index in {describe(url)} yet; build it with `rag index`")
    generation, name, raw = row
    try:
        return int(generation), str(name), Manifest.model_validate(raw)
    except ValidationError:
        found = raw.get("format") if isinstance(raw, dict) else None
        if isinstance(found, int) and found != INDEX_FORMAT_VERSION:
            differences = f"format={found!r} (now {INDEX_FORMAT_VERSION!r})"
            raise IndexMismatchError(f"index in {describe(url)} was built with other settings: {differences}; "
                                     f"{REBUILD_HINT}", differences=differences) from None
        raise IndexCorruptError(f"index manifest of {name} in {describe(url)} is unreadable; {REBUILD_HINT}") from None


def _sentences(triples: Any) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    triples = json.loads(triples) if isinstance(triples, str) else triples
    return tuple((a, b) for a, b, _ in triples), tuple(i for _, _, i in triples)


def _matrix(vectors: list[Any], dimension: int) -> np.ndarray:
    """pgvector ``Vector`` values as float32 rows, shape (n, dimension)."""
    if not vectors:
        return np.zeros((0, dimension), np.float32)
    return np.stack([v.to_numpy() for v in vectors]).astype(np.float32).reshape(len(vectors), dimension)


class PostgresReader(ManifestViews):
    """One published generation of an index in PostgreSQL (an :class:`rag.index.protocol.IndexReader`)."""

    def __init__(self, url: str, settings: Settings, generation: int, name: str, manifest: Manifest) -> None:
        self._url = url
        self._settings = settings
        self._generation = generation
        self._name = name
        self.manifest = manifest
        self._pool = pool(url)
        with self._connection() as con:
            row = con.execute(sql.GENERATION_STATS, (generation,)).fetchone()
        self._n_chunks, self._avg_length = (int(row[0]), float(row[1])) if row else (0, 1.0)

    @classmethod
    def open(cls, url: str, settings: Settings) -> PostgresReader:
        """Open the published generation; refuses an index built with other settings, like the local store."""
        with connect(url, vectors=False) as con:
            generation, name, manifest = read_current(con, url)
        differences = refusal(manifest, settings)
        if differences:
            raise IndexMismatchError(f"index in {describe(url)} was built with other settings: {differences}; "
                                     f"{REBUILD_HINT}", differences=differences)
        return cls(url, settings, generation, name, manifest)

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        """A pooled connection; a lost or unreachable server is a one-line IndexDatabaseError."""
        try:
            with self._pool.connection() as con:
                yield con
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise IndexDatabaseError(f"the index {describe(self._url)} cannot be reached "
                                    f"({reason(exc, self._url)})") from None

    def _rows(self, query: Any, params: Any, binary: bool = False) -> list[tuple[Any, ...]]:
        """``binary``: results in PostgreSQL's binary format (vectors arrive as numpy arrays instead of
        text parsed in Python: measured ~6x faster for the few thousand vectors one question reads)."""
        with self._connection() as con:
            return con.execute(query, params, binary=binary).fetchall()

    def is_published(self) -> bool:
        """Whether this is still the current generation (one small query)."""
        row = self._rows(sql.CURRENT_ID, ())
        return bool(row) and row[0][0] == self._generation

    @property
    def name(self) -> str:
        return self._name

    def dense_top(self, query: np.ndarray, n: int) -> dict[int, float]:
        vector = np.asarray(query, np.float32).reshape(-1)
        limit = min(n, max(self._n_chunks, 1))
        params = {"query": vector, "generation": self._generation, "limit": limit}
        with self._connection() as con, con.transaction():
            if self.vector_index == "exact":
                con.execute(sql.EXACT_SEARCH)
                rows = con.execute(sql.DENSE_EXACT, params).fetchall()
            else:  # pgvector returns at most ef_search rows
                con.execute(sql.EF_SEARCH, (str(min(max(self._settings.hnsw_ef_search, limit), MAX_EF_SEARCH)),))
                rows = con.execute(sql.dense_top(len(vector)), params).fetchall()
        return {int(i): float(s) for i, s in rows}

    def _similarity(self, table: str, ids: list[int], query: np.ndarray) -> dict[int, float]:
        if not ids:
            return {}
        vector = np.asarray(query, np.float32).reshape(-1)
        found = dict(self._rows(sql.SIMILARITY[table], {"query": vector, "generation": self._generation,
                                                         "ids": [int(i) for i in ids]}))
        missing = [i for i in ids if i not in found]
        if missing:
            raise IndexCorruptError(f"index vectors lack id {missing[0]}; {REBUILD_HINT}")
        return {i: float(found[i]) for i in ids}

    def dense_scores(self, chunk_ids: list[int], query: np.ndarray) -> dict[int, float]:
        return self._similarity("chunks", chunk_ids, query)

    def _keyword(self, terms: list[str], only: list[int] | None, limit: int | None) -> list[tuple[Any, ...]]:
        params = {"n": self._n_chunks, "avg": self._avg_length, "k1": K1, "b": B, "generation": self._generation,
                  "terms": list(dict.fromkeys(terms)), "only": only, "limit": limit}
        return self._rows(sql.KEYWORD, params)

    def keyword_top(self, terms: list[str], n: int) -> dict[int, float]:
        if not terms or n <= 0:
            return {}
        return {int(i): float(s) for i, s in self._keyword(terms, None, n) if s > 0}

    def keyword_scores(self, terms: list[str], chunk_ids: list[int]) -> dict[int, float]:
        if not chunk_ids or not self.known_terms(terms):
            return {}
        found = {int(i): float(s) for i, s in self._keyword(terms, [int(i) for i in chunk_ids], None)}
        return {cid: found.get(cid, 0.0) for cid in chunk_ids}

    def idf(self, terms: list[str]) -> dict[str, float]:
        n = self._n_chunks
        frequencies = dict(self._rows(sql.TERM_FREQUENCIES, (self._generation, list(terms))))
        return {t: float(np.log(1 + (n - frequencies[t] + 0.5) / (frequencies[t] + 0.5)))
                for t in terms if t in frequencies}

    def known_terms(self, terms: Iterable[str]) -> frozenset[str]:
        wanted = list(dict.fromkeys(terms))
        if not wanted:
            return frozenset()
        return frozenset(t for t, _ in self._rows(sql.TERM_FREQUENCIES, (self._generation, wanted)))

    def sentence_similarity(self, sentence_ids: list[int], query: np.ndarray) -> dict[int, float]:
        return self._similarity("sentences", sentence_ids, query)

    def sentence_pairs(self, left: list[int], right: list[int]) -> list[float]:
        if not left:
            return []
        wanted = sorted({int(i) for i in left} | {int(i) for i in right})
        vectors = dict(self._rows(sql.SENTENCE_VECTORS, (self._generation, wanted), binary=True))
        missing = [i for i in wanted if i not in vectors]
        if missing:
            raise IndexCorruptError(f"index vectors lack id {missing[0]}; {REBUILD_HINT}")
        dimension = self.manifest.embedder.dimension
        a, b = _matrix([vectors[i] for i in left], dimension), _matrix([vectors[i] for i in right], dimension)
        return [float(v) for v in np.einsum("ij,ij->i", a, b)]

    def word_vectors(self, word_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ids = np.asarray(word_ids, dtype=np.int64)
        stored = dict(self._rows(sql.WORD_VECTORS, (self._generation, sorted({int(i) for i in ids})), binary=True))
        mask = np.array([int(i) in stored for i in ids], dtype=bool)
        return mask, _matrix([stored[int(i)] for i in ids[mask]], self.manifest.embedder.dimension)

    def all_chunk_vectors(self) -> tuple[list[int], np.ndarray]:
        rows = self._rows(sql.ALL_CHUNK_VECTORS, (self._generation,), binary=True)
        return [int(i) for i, _ in rows], _matrix([v for _, v in rows], self.manifest.embedder.dimension)

    def chunks(self, chunk_ids: list[int]) -> dict[int, StoredChunk]:
        if not chunk_ids:
            return {}
        found = {}
        for cid, doc_id, start, end, text, sentences, title, date, lang, section, titled in self._rows(
                sql.CHUNKS, (self._generation, [int(i) for i in chunk_ids])):
            found[int(cid)] = StoredChunk(int(cid), doc_id, start, end, text, *_sentences(sentences), title, date, lang,
                                          section or "", bool(titled))
        return found

    def surface_forms(self, folded: list[str]) -> dict[str, str]:
        if not folded:
            return {}
        return dict(self._rows(sql.SURFACE_FORMS, (self._generation, list(folded))))

    def document_text(self, doc_id: str) -> str | None:
        rows = self._rows(sql.DOCUMENT_TEXT, (self._generation, doc_id))
        return rows[0][0] if rows else None

    def close(self) -> None:
        self._pool.close()
