"""Which index implementation to open: the one place that chooses a store from the settings.

Everything above :mod:`rag.index` reads an index through :class:`rag.index.protocol.IndexReader`
and changes one through :class:`rag.index.protocol.IndexWriter` only. ``RAG_STORE=local`` (the
default): FAISS + bm25s + SQLite files in ``RAG_INDEX_DIR``; ``RAG_STORE=postgres``: PostgreSQL
with pgvector at ``RAG_DATABASE_URL`` (:mod:`rag.index.postgres`, the ``postgres`` extra), read
from ``RAG_DATABASE_READ_URL`` (a read replica) when it is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.errors import SettingsError
from rag.index.protocol import IndexReader, IndexWriter
from rag.index.store import IndexStore
from rag.index.writer import LocalWriter
from rag.settings import Settings

if TYPE_CHECKING:
    from types import ModuleType

    from rag.index.postgres import PostgresReader, PostgresWriter


def open_index(settings: Settings) -> IndexReader:
    """The published index the settings point to; raises the usual missing/mismatch/damaged errors."""
    if settings.store == "postgres":
        read_url = settings.database_read_url
        url = _url(settings) if read_url is None else read_url.get_secret_value()
        reader: PostgresReader = _postgres().PostgresReader.open(url, settings)
        return reader
    return IndexStore.open(settings)


def open_writer(settings: Settings, progress: bool = False) -> IndexWriter:
    """The write side of the index the settings point to (nothing is locked or read yet)."""
    if settings.store == "postgres":
        writer: PostgresWriter = _postgres().PostgresWriter(_url(settings), settings)
        return writer
    return LocalWriter(settings, progress=progress)


def index_location(settings: Settings) -> str:
    """Where the index lives, for messages: "index/" or "database rag on app@db:5432" (no password)."""
    if settings.store == "postgres" and settings.database_url is not None:
        return str(_postgres().describe(settings.database_url.get_secret_value()))
    return f"{settings.index_dir}/"


def _url(settings: Settings) -> str:
    if settings.database_url is None:
        raise SettingsError("RAG_STORE=postgres needs a database: set RAG_DATABASE_URL or --database-url "
                            "postgresql://user:password@host/dbname")
    return settings.database_url.get_secret_value()


def _postgres() -> ModuleType:
    try:
        from rag.index import postgres
    except ImportError as exc:  # psycopg, psycopg_pool or pgvector missing
        raise SettingsError(f"RAG_STORE=postgres needs the postgres extra ({exc.name} is not installed): "
                            "pip install 'rag[postgres]'") from None
    return postgres
