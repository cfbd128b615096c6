"""The index in PostgreSQL with pgvector: a second implementation of :mod:`rag.index.protocol`.

:class:`PostgresReader` (an ``IndexReader``) and :class:`PostgresWriter` (an ``IndexWriter``)
take the database URL explicitly; :func:`migrate` creates or upgrades the schema (the writer
runs it under its lock). Only this package imports psycopg, psycopg_pool and pgvector (the
``postgres`` extra: ``pip install 'rag[postgres]'``); all SQL lives in :mod:`rag.index.postgres.sql`.
Messages name the database with :func:`describe`, never with the password.
"""

from __future__ import annotations

from rag.index.postgres.connection import describe, migrate
from rag.index.postgres.reader import PostgresReader
from rag.index.postgres.writer import PostgresWriter

__all__ = ["PostgresReader", "PostgresWriter", "describe", "migrate"]
