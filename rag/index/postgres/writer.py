"""The PostgreSQL store, write side: :class:`PostgresWriter`, an :class:`rag.index.protocol.IndexWriter`.

``apply`` stages a new generation next to the published one, in tables of its own that no reader
sees: the rows of the documents that stay are copied in SQL (their vectors too: nothing is
embedded again), then the batch's rows are added. ``publish`` counts its terms, builds its HNSW
index (past ``exact_search_max_chunks`` chunks, as the local store does) and writes its manifest,
then attaches its tables as partitions and points ``current_generation`` at it in one
transaction: a reader sees the old generation or the new one, never a mix, and never waits for
the writer (tested: three threads asking questions while generations are published, no error,
no deadlock). The previous generation is kept for readers still on it; older ones are dropped
once they have been retired for ``grace_seconds``. One writer at a time: a session-level advisory
lock (released by the server if the writer dies); a staged generation a dead writer left is
dropped by the next one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import psycopg
from psycopg.sql import Composed
from psycopg.types.json import Jsonb

from rag.errors import IndexBusyError, IndexCorruptError, IndexMismatchError, IndexMissingError
from rag.index.postgres import rows, sql
from rag.index.postgres.connection import WRITER_LOCK, connect, describe, migrate, schema_version
from rag.index.postgres.reader import read_current, refusal
from rag.index.protocol import IndexBatch, Publication
from rag.index.records import Counts, DocumentRecord, EmbedderInfo, Manifest, SkippedRecord
from rag.normalise import surface_vocabulary
from rag.settings import INDEX_FORMAT_VERSION, Settings
from rag.types import Skipped

log = logging.getLogger(__name__)


class PostgresWriter:
    """Changes to the index in the database ``url``, published as one new generation."""

    def __init__(self, url: str, settings: Settings, grace_seconds: float = 600.0,
                 build_memory: str = "512MB") -> None:
        """``grace_seconds``: how long a retired generation older than the previous one stays for its
        readers; ``build_memory``: PostgreSQL's maintenance_work_mem while the HNSW index is built."""
        self._url = url
        self._build_memory = build_memory
        self._settings = settings
        self._grace = grace_seconds
        self._held: psycopg.Connection | None = None  # the connection holding the writer lock
        self._staged: int | None = None  # the generation being staged
        self._base: int | None = None  # the published generation it started from

    def published(self) -> tuple[Manifest | None, str]:
        try:
            with self._connection() as con:
                if schema_version(con) == 0:
                    return None, "no index yet"
                _, _, manifest = read_current(con, self._url)
        except IndexMissingError:
            return None, "no index yet"
        except IndexMismatchError as exc:
            return None, exc.differences
        except IndexCorruptError as exc:
            return None, f"the published index is unusable ({exc})"
        differences = refusal(manifest, self._settings)
        return (None, differences) if differences else (manifest, "")

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the writer lock (an advisory lock of this session); migrate the schema and drop what an
        interrupted writer staged."""
        migrate(self._url)
        con = connect(self._url, autocommit=True)
        try:
            row = con.execute(sql.TRY_LOCK, (WRITER_LOCK,)).fetchone()
            if not row or not row[0]:
                raise IndexBusyError(f"the index in {describe(self._url)} is being updated by another process; "
                                     "try again when it finishes")
            self._held = con
            for (generation,) in con.execute(sql.STAGING).fetchall():
                self._drop(con, generation)
            yield
        finally:
            self._held = None
            con.close()  # ends the session: the server releases its advisory lock

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        if self._held is not None:
            yield self._held
            return
        with connect(self._url, autocommit=True) as con:  # transactions are explicit: con.transaction()
            yield con

    def _reusable(self, con: psycopg.Connection) -> int | None:
        """The published generation if its rows can be carried into the next one (same settings)."""
        if self.published()[0] is None:
            return None
        row = con.execute(sql.CURRENT_ID).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def known_words(self) -> frozenset[int]:
        with self._connection() as con:
            base = self._reusable(con)
            if base is None:
                return frozenset()
            return frozenset(int(i) for (i,) in con.execute(sql.PUBLISHED_WORDS, (base,)).fetchall())

    def apply(self, added: IndexBatch, removed: Collection[str]) -> None:
        dropped = sorted(set(removed) | {d.doc_id for d in added.docs})
        with self._connection() as con, con.transaction():
            if self._staged is None:
                self._stage(con, dropped)
            else:
                for statement in sql.UNSTAGE:
                    con.execute(sql.staged(statement, self._staged), {"dropped": dropped})
            assert self._staged is not None
            self._insert(con, self._staged, added)

    def _stage(self, con: psycopg.Connection, dropped: list[str]) -> None:
        """A new staging generation holding the published documents but ``dropped`` (copied in SQL)."""
        base = self._reusable(con)
        found = con.execute(sql.NEXT_GENERATION).fetchone()
        generation = int(found[0]) if found else 1
        con.execute(sql.NEW_GENERATION, (generation, f"gen-{generation:06d}", base))
        for table in sql.PARTITIONED:
            con.execute(sql.table_statement(sql.CREATE_STAGED, table, generation))
        if base is not None:
            for statement in sql.CARRY.values():
                con.execute(sql.staged(statement, generation), {"new": generation, "base": base, "dropped": dropped})
        self._staged, self._base = generation, base

    def _insert(self, con: psycopg.Connection, generation: int, batch: IndexBatch) -> None:
        chunk_rows, posting_rows = rows.chunk_rows(generation, batch)
        with con.cursor() as cur:
            _copy(cur, sql.staged(sql.COPY_DOCUMENTS, generation), sql.DOCUMENT_TYPES,
                  rows.document_rows(generation, batch))
            _copy(cur, sql.staged(sql.COPY_CHUNKS, generation), sql.CHUNK_TYPES, chunk_rows)
            _copy(cur, sql.staged(sql.COPY_POSTINGS, generation), sql.POSTING_TYPES, posting_rows)
            _copy(cur, sql.staged(sql.COPY_SENTENCES, generation), sql.SENTENCE_TYPES,
                  rows.sentence_rows(generation, batch))
            cur.executemany(sql.staged(sql.INSERT_WORD, generation), rows.word_rows(generation, batch))

    def publish(self, embedder: EmbedderInfo, skipped: list[Skipped]) -> Publication:
        with self._connection() as con:
            with con.transaction():
                if self._staged is None:
                    self._stage(con, [])
                generation, base = self._staged, self._base
                assert generation is not None
                manifest = self._finish(con, generation, base, embedder, skipped)
            with con.transaction():  # the switch: one transaction
                for table in sql.PARTITIONED:
                    con.execute(sql.table_statement(sql.ATTACH, table, generation))
                if base is not None:
                    con.execute(sql.RETIRE, (base,))
                con.execute(sql.PUBLISH, (Jsonb(manifest.model_dump(mode="json")), generation))
                con.execute(sql.POINT_AT, (generation,))
            self._staged = self._base = None
            self._collect(con, previous=base)
        log.info("published gen-%06d in %s", generation, describe(self._url))
        return Publication(f"gen-{generation:06d}", manifest.counts)

    def _finish(self, con: psycopg.Connection, generation: int, base: int | None, embedder: EmbedderInfo,
                skipped: list[Skipped]) -> Manifest:
        """Complete a staged generation: the carried words, term counts, statistics, HNSW index, manifest."""
        params = {"new": generation, "base": base}
        if base is not None:
            con.execute(sql.staged(sql.CARRY_WORDS, generation), params)
        for statement in (sql.PRUNE_WORDS, sql.COUNT_TERMS, sql.CHUNK_STATS):
            con.execute(sql.staged(statement, generation), params)
        n_chunks = _one(con, sql.GENERATION_STATS, (generation,))
        # as in the local store: exact search up to exact_search_max_chunks, an HNSW graph beyond
        # (building it is most of a publish: 6 s for 18,000 256-d vectors on 2 cores)
        vector_index = "exact" if n_chunks <= self._settings.exact_search_max_chunks else "hnsw"
        if vector_index == "hnsw":
            con.execute(sql.INDEX_BUILD_MEMORY, (self._build_memory,))
            con.execute(sql.create_vector_index(generation, embedder.dimension))
        texts = (text for (text,) in con.execute(sql.staged(sql.STAGED_TEXTS, generation)).fetchall())
        with con.cursor() as cur:
            cur.executemany(sql.staged(sql.INSERT_SURFACE, generation),
                            [(generation, k, v) for k, v in surface_vocabulary(texts).items()])
        con.execute(sql.staged(sql.ANALYZE_STAGED, generation))
        return self._manifest(con, generation, embedder, skipped, vector_index)

    def _manifest(self, con: psycopg.Connection, generation: int, embedder: EmbedderInfo,
                  skipped: list[Skipped], vector_index: str) -> Manifest:
        documents = [DocumentRecord(doc_id=d, title=t, date=dt, lang=lg, content_hash=h, titled=ti, chunks=n,
                                    text_hash=th)
                     for d, t, dt, lg, h, ti, n, th in con.execute(sql.staged(sql.STAGED_DOCUMENTS, generation))]
        n_sentences = _one(con, sql.staged(sql.COUNT_SENTENCES, generation), ())
        n_chunks = sum(d.chunks for d in documents)
        return Manifest(
            format=INDEX_FORMAT_VERSION,
            created_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            fingerprint=self._settings.fingerprint(),
            settings=self._settings.fingerprint_fields(),
            embedder=embedder,
            counts=Counts(documents=len(documents), chunks=n_chunks, sentences=n_sentences),
            documents=documents,
            skipped=[SkippedRecord(**asdict(s)) for s in skipped],
            files={},
            versions=_versions(con),
            vector_index=vector_index,
        )

    def _collect(self, con: psycopg.Connection, previous: int | None) -> None:
        """Drop generations retired before the previous one, once retired for the grace period.

        Each table is detached concurrently (outside a transaction: readers are not blocked), then
        dropped; a collection cut short is finished by the next one.
        """
        old = con.execute(sql.COLLECTABLE, {"previous": previous if previous is not None else -1,
                                            "grace": self._grace}).fetchall()
        for (generation,) in old:
            for table in sql.PARTITIONED:
                row = con.execute(sql.ATTACHED, (f"{table}_g{generation}",)).fetchone()
                if row is not None:
                    detach = sql.DETACH_FINALIZE if row[0] else sql.DETACH
                    con.execute(sql.table_statement(detach, table, generation))
            self._drop(con, generation)

    @staticmethod
    def _drop(con: psycopg.Connection, generation: int) -> None:
        """Drop a generation's standalone (staged or detached) tables and its row."""
        with con.transaction():
            for table in sql.PARTITIONED:
                con.execute(sql.table_statement(sql.DROP, table, generation))
            con.execute(sql.DELETE_GENERATION, (generation,))


def _copy(cur: psycopg.Cursor[Any], statement: Composed, types: list[str], data: Any) -> None:
    with cur.copy(statement) as copy:
        copy.set_types(types)
        for row in data:
            copy.write_row(row)


def _one(con: psycopg.Connection, query: Any, params: tuple[Any, ...]) -> int:
    row = con.execute(query, params).fetchone()
    return int(row[0]) if row else 0


def _versions(con: psycopg.Connection) -> dict[str, str]:
    found = {}
    for pkg in ("rag", "psycopg", "pgvector"):
        try:
            found[pkg] = version(pkg)
        except PackageNotFoundError:
            found[pkg] = "not installed"
    row = con.execute(sql.SERVER_VERSIONS).fetchone()
    if row:
        found["postgresql"], found["pgvector extension"] = str(row[0]), str(row[1])
    return found
