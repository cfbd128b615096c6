"""`rag index` does only the work that changed, says what it did, and readers follow new generations."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from helpers import on_both_stores
from postgres_server import postgres_server, postgres_url  # noqa: F401 - fixtures
from typer.testing import CliRunner

from rag import IndexBusyError, Rag, Settings, build_index, plan_index
from rag.index.opening import open_index, open_writer
from rag.serve.cli import app
from rag.serve.service import ChatService

settings = on_both_stores()  # the tests that build an index run on the local store and on PostgreSQL

CANAL = "The Zorblax canal is 512 kilometres long and opened in 1911."


def _cli_args(settings: Settings) -> list[str]:
    """The options that point `rag index` at this test's index (folder or database)."""
    args = ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]
    if settings.database_url is not None:
        args += ["--store", settings.store, "--database-url", settings.database_url.get_secret_value()]
    return args


def _ids(settings: Settings) -> dict[str, set[int]]:
    store = open_index(settings)
    try:
        ids = set(store.all_chunk_vectors()[0])
        rows = store.chunks(sorted(ids))
        by_doc: dict[str, set[int]] = {}
        for cid, chunk in rows.items():
            by_doc.setdefault(chunk.doc_id, set()).add(cid)
        assert set(rows) == ids  # every vector has its chunk record
        return by_doc
    finally:
        store.close()


def _sources(settings: Settings, question: str) -> list[str]:
    rag = Rag.open(settings)
    try:
        return [p.chunk.doc_id for p in rag.retrieve(question, 3).passages]
    finally:
        rag.close()


def test_adding_a_file_embeds_only_that_file(built: Settings) -> None:
    before = _ids(built)
    (built.corpus_dir / "canal.txt").write_text(CANAL, encoding="utf-8")
    report = build_index(built)
    assert report.added == ["canal.txt"] and not report.updated and not report.removed
    assert sorted(report.unchanged) == sorted(before)
    assert report.embedded == 2  # one chunk and its one sentence (titled by its first line: no title vector)
    after = _ids(built)
    assert {d: after[d] for d in before} == before
    assert _sources(built, "How long is the Zorblax canal?")[0] == "canal.txt"


def test_carried_vectors_equal_a_full_rebuild(built: Settings) -> None:
    (built.corpus_dir / "canal.txt").write_text(CANAL, encoding="utf-8")
    build_index(built)
    incremental = open_index(built)
    build_index(built, full=True)
    full = open_index(built)
    try:
        ids, vectors = full.all_chunk_vectors()
        carried_ids, carried = incremental.all_chunk_vectors()
        assert sorted(ids) == sorted(carried_ids)
        order = {cid: row for row, cid in enumerate(carried_ids)}
        assert np.allclose(vectors, carried[[order[cid] for cid in ids]])
        assert list(full.keyword_top(["zorblax"], 3)) == list(incremental.keyword_top(["zorblax"], 3))
    finally:
        incremental.close()
        full.close()


def test_a_changed_file_is_reembedded_and_a_deleted_one_disappears(built: Settings) -> None:
    (built.corpus_dir / "canal.txt").write_text(CANAL, encoding="utf-8")
    build_index(built)
    (built.corpus_dir / "canal.txt").write_text(CANAL.replace("512", "777"), encoding="utf-8")
    report = build_index(built)
    assert report.updated == ["canal.txt"] and not report.added
    rag = Rag.open(built.model_copy(update={"abstain_threshold": 0.0}))
    assert "777" in rag.ask("How long is the Zorblax canal?").answer
    rag.close()
    (built.corpus_dir / "canal.txt").unlink()
    report = build_index(built)
    assert report.removed == ["canal.txt"] and report.embedded == 0
    assert "canal.txt" not in _ids(built)
    assert "canal.txt" not in _sources(built, "How long is the Zorblax canal?")


def test_dry_run_changes_nothing_and_lists_the_plan(built: Settings) -> None:
    (built.corpus_dir / "canal.txt").write_text(CANAL, encoding="utf-8")
    (built.corpus_dir / "portvale.md").unlink()
    snapshot = sorted((p.name, p.stat().st_mtime_ns) for p in built.index_dir.rglob("*"))
    published = open_index(built)
    result = CliRunner().invoke(app, ["index", "--dry-run", *_cli_args(built)], env={"RAG_EMBEDDER": "hashing"})
    assert result.exit_code == 0, result.output
    assert "would do 1 added, 0 updated, 1 removed, 1 unchanged, 0 skipped" in result.output
    assert "+ added canal.txt" in result.output and "- removed portvale.md" in result.output
    assert sorted((p.name, p.stat().st_mtime_ns) for p in built.index_dir.rglob("*")) == snapshot
    assert published.is_published()  # nothing was published either (the database case)
    published.close()


def test_changed_chunking_settings_force_a_full_rebuild_and_say_so(built: Settings) -> None:
    other = built.model_copy(update={"chunk_size": 400})
    plan = plan_index(other)
    assert plan.full and "chunk_size=1000 (now 400)" in plan.reason
    report = build_index(other)
    assert report.full and sorted(report.added) == ["portvale.md", "zorglub-2025-01-15.txt"]
    Rag.open(other).close()


def test_cli_reports_what_it_did(built: Settings) -> None:
    (built.corpus_dir / "canal.txt").write_text(CANAL, encoding="utf-8")
    (built.corpus_dir / "notes.docx").write_bytes(b"PK\x03\x04")
    args = ["index", *_cli_args(built)]
    result = CliRunner().invoke(app, args, env={"RAG_EMBEDDER": "hashing"})
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated, 0 removed, 2 unchanged, 1 skipped" in result.output
    assert "+ added canal.txt" in result.output
    assert "! skipped notes.docx: unsupported file type .docx" in result.output
    again = CliRunner().invoke(app, args, env={"RAG_EMBEDDER": "hashing"})
    assert "Index is up to date" in again.output


def test_a_second_writer_is_told_the_index_is_being_updated(built: Settings) -> None:
    with open_writer(built).locked():  # another `rag index` is publishing
        with pytest.raises(IndexBusyError, match="is being updated"):
            build_index(built)
        result = CliRunner().invoke(app, ["index", *_cli_args(built)], env={"RAG_EMBEDDER": "hashing"})
    assert result.exit_code == 1


def test_the_web_app_picks_up_an_index_published_by_another_process(built: Settings) -> None:
    service = ChatService(built.model_copy(update={"abstain_threshold": 0.0}))
    service.start()
    assert "canal.txt" not in {d.doc_id for d in service.documents()}
    (built.corpus_dir / "canal.txt").write_text(CANAL, encoding="utf-8")
    build_index(built)  # what `rag index` in a terminal does
    answer = service.ask("How long is the Zorblax canal?")
    assert answer.citations and answer.citations[0].source == "canal.txt"
    assert "canal.txt" in {d.doc_id for d in service.documents()}


def test_queries_during_updates_always_see_one_complete_index(built: Settings) -> None:
    """Readers on other threads never fail and never get a chunk the index they opened does not hold."""
    rag = Rag.open(built.model_copy(update={"abstain_threshold": 0.0}))
    errors: list[BaseException] = []
    stop = threading.Event()
    asked = [0]

    def reader() -> None:
        local = rag
        while not stop.is_set():
            try:
                local = local.refreshed()
                documents = {d.doc_id for d in local.store.documents}
                answer = local.ask("How long is the Zorblax canal?")
                assert all(p.chunk.doc_id in documents for p in answer.passages)
                asked[0] += 1
            except BaseException as exc:  # noqa: BLE001 - collected and re-raised below
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for n in range(8):
            path = built.corpus_dir / f"canal-{n % 3}.txt"
            if path.exists() and n % 2:
                path.unlink()
            else:
                path.write_text(CANAL.replace("512", str(500 + n)), encoding="utf-8")
            build_index(built)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors[0]
    assert asked[0] > 0


def test_an_unchanged_bad_file_is_not_parsed_again(built: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    (built.corpus_dir / "scan.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    first = build_index(built)
    assert [s.doc_id for s in first.skipped] == ["scan.pdf"]
    import rag.index.indexer

    def fail(*args: object) -> None:
        raise AssertionError("an unchanged skipped file was parsed again")

    monkeypatch.setattr(rag.index.indexer, "read_document", fail)
    again = build_index(built)
    assert not again.published and [s.doc_id for s in again.skipped] == ["scan.pdf"]
    assert again.skipped[0].reason == first.skipped[0].reason


def test_index_json_report(built: Settings, tmp_path: Path) -> None:
    import json

    (built.corpus_dir / "canal.txt").write_text(CANAL, encoding="utf-8")
    result = CliRunner().invoke(app, ["index", "--json", *_cli_args(built)], env={"RAG_EMBEDDER": "hashing"})
    body = json.loads(result.output)
    assert body["added"] == ["canal.txt"] and body["published"] and body["documents"] == 3


def test_copies_are_found_on_cleaned_text_and_the_original_is_kept(settings: Settings) -> None:
    corpus = settings.corpus_dir
    text = "---\ntitle: Le marché couvert\n---\nLa rénovation du marché couvert a coûté 3,1 millions d'euros.\n"
    (corpus / "marche (copie).txt").write_bytes(text.replace("\n", "\r\n").replace("euros.", "euros.  ").encode())
    first = build_index(settings)
    assert "marche (copie).txt" in first.added  # alone, a copy is a document like any other
    (corpus / "marche.txt").write_text(text, encoding="utf-8")
    (corpus / "marche - Copy.txt").write_bytes((corpus / "marche (copie).txt").read_bytes())  # a byte copy of a copy
    second = build_index(settings)
    assert second.added == ["marche.txt"] and "marche (copie).txt" in second.removed
    for name in ("marche (copie).txt", "marche - Copy.txt"):  # each names the document actually kept
        copy = next(s for s in second.skipped if s.doc_id == name)
        assert copy.reason.startswith("copy of marche.txt") and copy.duplicate_of == "marche.txt"
    (corpus / "marche - Copy.txt").unlink()
    build_index(settings)
    assert not build_index(settings).published  # nothing changed: the copy stays skipped without a rebuild
    (corpus / "marche.txt").unlink()
    third = build_index(settings)
    assert "marche (copie).txt" in third.added and not third.skipped  # the original gone, the copy comes back
