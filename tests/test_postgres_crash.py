"""A writer killed at any moment (SIGKILL) leaves the PostgreSQL store on a complete generation,
and the next writer finishes the work.

A child process updates the index in a loop (each round adds back what the published version
lacks and removes another document, then publishes); it is killed at random moments. After every kill a reader opens the
current generation and checks that it is whole: its manifest, its chunks, vectors and keyword
rows agree. The writer lock (a session advisory lock) dies with the child's connection.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest
from postgres_server import postgres_server, postgres_url  # noqa: F401 - fixtures
from test_postgres_store import _local_doc_ids, _publish, local  # noqa: F401 - fixture

from rag import Settings
from rag.index.postgres import PostgresReader, PostgresWriter

pytestmark = pytest.mark.slow

CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from rag import Settings
    from rag.index.postgres import PostgresWriter
    from test_postgres_store import _batch, _info

    settings = Settings.load(corpus_dir={corpus!r}, index_dir={index!r}, embedder="hashing")
    ids = {ids!r}
    writer = PostgresWriter({url!r}, settings, grace_seconds=0)
    for k in range({rounds}):
        with writer.locked():
            manifest, _ = writer.published()
            drop = ids[k % len(ids)]
            missing = [i for i in ids if i not in {{d.doc_id for d in manifest.documents}} and i != drop]
            writer.apply(_batch(settings, missing, writer.known_words()), removed=[drop])
            writer.publish(_info(settings), skipped=[])
        print("published", flush=True)
""")


def _child(settings: Settings, url: str, ids: list[str], rounds: int) -> list[str]:
    script = CHILD.format(tests=str(Path(__file__).parent), corpus=str(settings.corpus_dir),
                          index=str(settings.index_dir), ids=ids, url=url, rounds=rounds)
    return [sys.executable, "-c", script]


def assert_whole(url: str, settings: Settings, ids: list[str]) -> int:
    """The current generation is complete and consistent; returns its number of documents."""
    reader = PostgresReader.open(url, settings)
    try:
        chunk_ids, matrix = reader.all_chunk_vectors()
        assert reader.counts.chunks == len(chunk_ids) == matrix.shape[0]
        listed = {d.doc_id for d in reader.documents}
        assert listed <= set(ids) and len(listed) >= len(ids) - 1
        assert {c.doc_id for c in reader.chunks(chunk_ids).values()} == listed
        assert all(reader.document_text(d) for d in listed)
        assert sum(d.chunks for d in reader.documents) == len(chunk_ids)
        with psycopg.connect(url) as con:
            row = con.execute("SELECT count(DISTINCT chunk_id) FROM postings WHERE generation = "
                              "(SELECT generation FROM current_generation)").fetchone()
        assert row is not None and 0 < row[0] <= len(chunk_ids)
        return len(listed)
    finally:
        reader.close()


def test_sigkilled_writers_leave_a_whole_generation_and_the_next_one_finishes(
        local: Settings, postgres_url: str) -> None:  # noqa: F811
    ids = _local_doc_ids(local)
    _publish(local, postgres_url, ids)
    random.seed(16)
    published = 0
    for _ in range(10):
        child = subprocess.Popen(_child(local, postgres_url, ids, rounds=1000), stdout=subprocess.PIPE, text=True)
        time.sleep(random.uniform(1.5, 4.0))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        published += out.count("published")
        assert_whole(postgres_url, local, ids)
    print(f"{published} generations published by the 10 killed writers")
    assert published > 0  # the kills did not all land before the first publish
    done = subprocess.run(_child(local, postgres_url, ids, rounds=2), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("published") == 2
    assert assert_whole(postgres_url, local, ids) == len(ids) - 1
    with PostgresWriter(postgres_url, local).locked(), psycopg.connect(postgres_url) as con:
        assert con.execute("SELECT count(*) FROM generations WHERE state = 'staging'").fetchone() == (0,)
