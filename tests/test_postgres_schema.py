"""The PostgreSQL store's schema is versioned and migrated explicitly; readers keep answering
while a writer publishes."""

from __future__ import annotations

import threading

import psycopg
import pytest
from postgres_server import PostgresServer, postgres_server, postgres_url  # noqa: F401 - fixtures
from test_postgres_store import _local_doc_ids, _publish, local  # noqa: F401 - fixture

from rag import Rag, Settings
from rag.errors import IndexCorruptError, IndexDatabaseError, IndexMissingError
from rag.index.postgres import PostgresReader, migrate
from rag.index.postgres.sql import SCHEMA_VERSION


def _versions(url: str) -> list[int]:
    with psycopg.connect(url) as con:
        return [v for (v,) in con.execute("SELECT version FROM schema_version ORDER BY version")]


def test_migrate_creates_the_schema_once_and_refuses_a_newer_one(local: Settings, postgres_url: str) -> None:  # noqa: F811
    assert migrate(postgres_url) == SCHEMA_VERSION
    assert migrate(postgres_url) == SCHEMA_VERSION  # idempotent
    assert _versions(postgres_url) == list(range(1, SCHEMA_VERSION + 1))
    with pytest.raises(IndexMissingError, match="no index in database .* yet"):  # a schema, no generation
        PostgresReader.open(postgres_url, local)
    with psycopg.connect(postgres_url) as con:
        con.execute("INSERT INTO schema_version (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(IndexCorruptError, match="newer than this rag's"):
        migrate(postgres_url)
    with pytest.raises(IndexCorruptError, match=f"is version {SCHEMA_VERSION + 1}"):
        PostgresReader.open(postgres_url, local)


def test_readers_keep_answering_while_a_writer_publishes(local: Settings, postgres_url: str) -> None:  # noqa: F811
    ids = _local_doc_ids(local)
    _publish(local, postgres_url, ids)
    settings = Settings.load(corpus_dir=local.corpus_dir, index_dir=local.index_dir, embedder="hashing",
                             store="postgres", database_url=postgres_url)
    stop, errors, seen = threading.Event(), [], set()

    def ask() -> None:
        rag = Rag.open(settings)
        try:
            while not stop.is_set():
                rag = rag.refreshed()  # reopens on the newly published generation
                answer = rag.ask("Combien de puces dans un serveur Krypton ?")
                assert answer.passages and {p.chunk.doc_id for p in answer.passages} <= set(ids)
                seen.add(rag.store.name)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            rag.store.close()

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for doc_id in ids[:4]:
            _publish(local, postgres_url, [doc_id])
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    assert len(seen) >= 2  # the readers moved to newer generations as they were published


def test_a_lost_database_is_a_one_line_error(local: Settings, postgres_url: str,  # noqa: F811
                                             postgres_server: PostgresServer) -> None:  # noqa: F811
    _publish(local, postgres_url, _local_doc_ids(local)[:2])
    reader = PostgresReader.open(postgres_url, local)
    name = postgres_url.split("?")[0].rsplit("/", 1)[-1]
    with psycopg.connect(postgres_server.url(), autocommit=True) as con:  # the test's own database
        con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    with pytest.raises(IndexDatabaseError, match=f"the index database {name} on .* cannot be reached"):
        reader.chunks([1])
    reader.close()
