"""Connections to the index database: its name for messages (never the password), pools with the
pgvector adapter, and the explicit, versioned schema migration."""

from __future__ import annotations

import re

import psycopg
from pgvector.psycopg import register_vector
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from rag.errors import IndexCorruptError, IndexDatabaseError, IndexMissingError, SettingsError
from rag.index.postgres import sql

#: advisory lock key of the index writer ("rag index", as a number)
WRITER_LOCK = 0x7261672D696E6478


def describe(url: str) -> str:
    """The database a URL names, for messages and logs: user, host, port and database, no password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "database (unparsable URL)"
    host = str(parts.get("host") or "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"database {parts.get('dbname') or '?'} on {user}{host}{port}"


def _password(url: str) -> str | None:
    """The password written in a URL, found even when the URL does not parse."""
    try:
        found = conninfo_to_dict(url).get("password")
    except psycopg.ProgrammingError:
        match = re.search(r"://[^:/@\s]*:([^@]*)@", url)
        found = match.group(1) if match else None
    return str(found) if found else None


def invalid_url(exc: Exception, url: str) -> SettingsError:
    """A URL the driver refuses ("unexpected spaces found in ..."), as a settings error without its password."""
    return SettingsError(f"invalid database URL '***': not a PostgreSQL URL the driver accepts "
                         f"({reason(exc, url)}); percent-encode special characters in it (a space is %20) "
                         "(check RAG_DATABASE_URL, RAG_DATABASE_READ_URL or --database-url)")


def connect(url: str, vectors: bool = True, autocommit: bool = False) -> psycopg.Connection:
    """One connection; with ``vectors``, numpy arrays are sent and read as pgvector vectors."""
    try:
        con = psycopg.connect(url, autocommit=autocommit)
    except psycopg.ProgrammingError as exc:
        raise invalid_url(exc, url) from None
    except psycopg.OperationalError as exc:
        raise IndexDatabaseError(f"cannot connect to the index {describe(url)} ({reason(exc, url)})") from None
    if vectors and _has_vector_type(con):  # a database without the schema yet has no vector type
        register_vector(con)
    return con


def _has_vector_type(con: psycopg.Connection) -> bool:
    row = con.execute(sql.VECTOR_TYPE_EXISTS).fetchone()
    if not con.autocommit:
        con.rollback()
    return bool(row and row[0])


def reason(exc: Exception, url: str) -> str:
    """An error's first line, with the URL's password blanked if the driver quoted it."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    password = _password(url)
    return text.replace(password, "***") if password else text


def _configure(con: psycopg.Connection) -> None:
    register_vector(con)
    con.commit()  # a pooled connection must come back idle


def pool(url: str, size: int = 4) -> ConnectionPool:
    """A pool of connections with the pgvector adapter, open once the first one connected."""
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise invalid_url(exc, url) from None
    pool = ConnectionPool(url, min_size=1, max_size=size, configure=_configure, open=False, name="rag-index")
    try:
        pool.open(wait=True, timeout=30)
    except Exception as exc:  # noqa: BLE001 - psycopg_pool raises PoolTimeout with the cause logged
        pool.close()
        raise IndexDatabaseError(f"cannot connect to the index {describe(url)} ({reason(exc, url)})") from None
    return pool


def schema_version(con: psycopg.Connection) -> int:
    """The database's schema version; 0 when it holds no index schema yet."""
    row = con.execute(sql.SCHEMA_EXISTS).fetchone()
    if not row or not row[0]:
        return 0
    found = con.execute(sql.SCHEMA_VERSION_NOW).fetchone()
    return int(found[0]) if found else 0


def check_schema(con: psycopg.Connection, url: str) -> None:
    """Refuse a database without the index schema, or with one of another version."""
    version = schema_version(con)
    if version == 0:
        raise IndexMissingError(f"no index in {describe(url)} yet; build it with `rag index`")
    if version != sql.SCHEMA_VERSION:
        raise IndexCorruptError(f"the index schema in {describe(url)} is version {version}, this rag reads "
                                f"version {sql.SCHEMA_VERSION}; migrate it with `rag index`")


def migrate(url: str) -> int:
    """Create or upgrade the index schema (the vector extension, the tables) to :data:`sql.SCHEMA_VERSION`.

    Explicit and idempotent: each migration runs once, in one transaction with its version row,
    under a transaction-level advisory lock so two processes never migrate at once. Returns the
    version reached. A database of a newer version is refused.
    """
    with connect(url, vectors=False) as con:
        try:
            return _migrate(con, url)
        except psycopg.errors.ReadOnlySqlTransaction:
            raise IndexDatabaseError(f"{describe(url)} is read-only (a standby?); RAG_DATABASE_URL must be the primary, "
                                     "which `rag index` writes to (readers may use RAG_DATABASE_READ_URL)") from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise IndexDatabaseError(f"cannot create the index tables in {describe(url)} ({reason(exc, url)}): "
                                     "the user needs the right to create tables in it") from None


def _migrate(con: psycopg.Connection, url: str) -> int:
    with con.transaction():
        con.execute(sql.MIGRATION_LOCK, (WRITER_LOCK + 1,))
        try:
            con.execute(sql.VECTOR_EXTENSION)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise IndexDatabaseError(f"cannot create the vector extension in {describe(url)} ({reason(exc, url)}): "
                                     "an administrator must run `CREATE EXTENSION vector;` in it once") from None
        con.execute(sql.BASE)
        version = schema_version(con)
        if version > sql.SCHEMA_VERSION:
            raise IndexCorruptError(f"the index schema in {describe(url)} is version {version}, newer than "
                                    f"this rag's {sql.SCHEMA_VERSION}; upgrade rag")
        for target in range(version + 1, sql.SCHEMA_VERSION + 1):
            con.execute(sql.MIGRATIONS[target])
            con.execute(sql.RECORD_VERSION, (target,))
    return sql.SCHEMA_VERSION
