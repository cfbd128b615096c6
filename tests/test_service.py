"""The service layer without any UI (issue 15, item 2): documents listed, added and removed, follow-ups,
the hot swap; and `rag documents list` / `rag documents remove` through the installed `rag` command,
which make the same service calls as the web chat's Documents panel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rag import Settings, build_index
from rag.errors import UnknownDocumentError
from rag.serve.service import ChatService, DocumentInfo

CANAL = "The Zorblax canal is 512 kilometres long and opened in 1911."


def test_the_service_imports_no_ui_framework() -> None:
    code = "import sys, rag.serve.service, rag.serve.cli; sys.exit(int(any(m.split('.')[0] == 'gradio' for m in sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0


@pytest.fixture
def service(built: Settings) -> ChatService:
    service = ChatService(built.model_copy(update={"abstain_threshold": 0.0}))
    service.open()
    return service


def test_documents_are_typed_records(service: ChatService) -> None:
    documents = {d.doc_id: d for d in service.documents()}
    assert set(documents) == {"zorglub-2025-01-15.txt", "portvale.md"}
    zorglub = documents["zorglub-2025-01-15.txt"]
    assert zorglub == DocumentInfo("zorglub-2025-01-15.txt", "Les puces de Zorglub", "2025-01-15", "fr", zorglub.chunks)
    assert zorglub.chunks >= 1 and documents["portvale.md"].lang == "en"
    assert zorglub.to_dict() == {"doc_id": "zorglub-2025-01-15.txt", "title": "Les puces de Zorglub",
                                 "date": "2025-01-15", "lang": "fr", "chunks": zorglub.chunks}
    assert service.counts() == (2, sum(d.chunks for d in documents.values()))


def test_add_then_remove_reindexes_and_answers_from_the_new_index(service: ChatService, tmp_path: Path) -> None:
    upload = tmp_path / "canal.txt"
    upload.write_text(CANAL, encoding="utf-8")
    [name] = service.add([str(upload)])
    assert (service.settings.corpus_dir / name).is_file() and name in {d.doc_id for d in service.documents()}
    assert service.ask("How long is the Zorblax canal?").citations[0].source == name
    report = service.remove(name)
    assert report.removed == [name] and report.documents == 2
    assert not (service.settings.corpus_dir / name).exists()
    assert name not in {d.doc_id for d in service.documents()}


def test_removing_an_unknown_document_changes_nothing(service: ChatService) -> None:
    before = sorted(p.name for p in service.settings.corpus_dir.iterdir())
    with pytest.raises(UnknownDocumentError, match="no document named 'nope.txt'"):
        service.remove("nope.txt")
    assert sorted(p.name for p in service.settings.corpus_dir.iterdir()) == before


def test_a_follow_up_is_read_against_earlier_questions(service: ChatService) -> None:
    answer = service.ask("How many jobs did it create?", ["What did the Portvale harbour terminal cost?"])
    assert answer.citations and answer.citations[0].source == "portvale.md" and "800" in answer.answer


def test_an_index_published_by_another_process_is_swapped_in(service: ChatService) -> None:
    (service.settings.corpus_dir / "canal.txt").write_text(CANAL, encoding="utf-8")
    build_index(service.settings)  # what `rag index` in a terminal does
    assert "canal.txt" in {d.doc_id for d in service.documents()}
    assert service.ask("How long is the Zorblax canal?").citations[0].source == "canal.txt"


def test_open_builds_a_missing_index_first(settings: Settings) -> None:
    said: list[str] = []
    service = ChatService(settings)
    service.open(notify=said.append)
    assert said and said[0].startswith("No index in") and len(service.documents()) == 2


# --- the installed `rag` command ---------------------------------------------------------------


RAG = shutil.which("rag", path=str(Path(sys.executable).parent))


def _rag(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The console script pip installed next to this Python, with the hashing embedder, in ``cwd``
    (``tmp_path``: the fixtures' corpus/ and index/ are the defaults there)."""
    assert RAG, f"no `rag` console script next to {sys.executable}: run `make install`"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {"RAG_EMBEDDER": "hashing"}
    return subprocess.run([RAG, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_rag_documents_list_json(built: Settings, tmp_path: Path) -> None:
    proc = _rag(["documents", "list", "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert isinstance(rows, list) and {r["doc_id"] for r in rows} == {"zorglub-2025-01-15.txt", "portvale.md"}
    assert all(set(r) == {"doc_id", "title", "date", "lang", "chunks"} for r in rows)
    service = ChatService(built)
    service.open()
    assert rows == [d.to_dict() for d in service.documents()]  # the web panel's rows, as JSON


def test_rag_documents_list_prints_a_table(built: Settings, tmp_path: Path) -> None:
    proc = _rag(["documents", "list"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    header, *rows, total = proc.stdout.splitlines()
    assert header.split() == ["file", "title", "date", "language", "chunks"]
    assert any(r.startswith("zorglub-2025-01-15.txt") and "Les puces de Zorglub" in r and "2025-01-15" in r for r in rows)
    assert total.startswith("2 document(s),")


def test_rag_documents_remove(built: Settings, tmp_path: Path) -> None:
    proc = _rag(["documents", "remove", "portvale.md"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Removed portvale.md from corpus/") and "now 1 document(s)" in proc.stdout
    assert not (built.corpus_dir / "portvale.md").exists()
    listed = json.loads(_rag(["documents", "list", "--json"], tmp_path).stdout)
    assert [r["doc_id"] for r in listed] == ["zorglub-2025-01-15.txt"]


def test_rag_documents_remove_unknown_name_is_one_line_and_exit_1(built: Settings, tmp_path: Path) -> None:
    proc = _rag(["documents", "remove", "nope.txt"], tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == ["Error: no document named 'nope.txt' in the index; `rag documents list` shows the names"]
    assert sorted(p.name for p in built.corpus_dir.iterdir()) == ["portvale.md", "zorglub-2025-01-15.txt"]


def test_bare_rag_documents_is_a_usage_error(tmp_path: Path) -> None:
    proc = _rag(["documents"], tmp_path)
    assert proc.returncode == 2 and "list" in proc.stdout and "remove" in proc.stdout
    assert proc.stderr.strip() == "Error: Missing command."
