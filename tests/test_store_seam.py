"""The store seam: callers read an index through IndexReader only; the manifest is a typed record."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest

from rag import IndexStore, Settings
from rag.errors import IndexCorruptError, IndexMismatchError
from rag.index.opening import open_index
from rag.index.plan import plan_index
from rag.index.protocol import IndexReader
from rag.index.records import Manifest
from rag.settings import INDEX_FORMAT_VERSION

ROOT = Path(__file__).resolve().parents[1] / "rag"
#: the local store's implementation: the only modules that may import its engines
LOCAL_STORE = {"index/store.py", "index/writer.py", "index/vectors.py", "index/lexical.py", "index/search_study.py"}


def _generation(settings: Settings) -> Path:
    return settings.index_dir / (settings.index_dir / "CURRENT").read_text().strip()


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_the_local_store_imports_faiss_bm25s_or_sqlite3() -> None:
    engines = ("faiss", "bm25s", "sqlite3")
    leaks = [f"{p.relative_to(ROOT)} imports {m}" for p in sorted(ROOT.rglob("*.py"))
             if p.relative_to(ROOT).as_posix() not in LOCAL_STORE
             for m in _imports(p) if m.split(".")[0] in engines]
    assert not leaks, "\n".join(leaks)


def test_answering_serving_and_benchmarks_do_not_import_the_local_store() -> None:
    """They type against rag.index.protocol and open an index with rag.index.opening.open_index."""
    leaks = [f"{p.relative_to(ROOT)} imports {m}" for package in ("answer", "serve", "benchmark")
             for p in sorted((ROOT / package).rglob("*.py"))
             for m in _imports(p) if m in {"rag.index.store", "rag.index.writer", "rag.index.vectors",
                                            "rag.index.lexical", "rag.index.generations"}]
    assert not leaks, "\n".join(leaks)


def test_the_local_store_is_an_index_reader(built: Settings) -> None:
    reader: IndexReader = open_index(built)  # mypy checks the structural match
    try:
        assert isinstance(reader, IndexStore)
        ids, matrix = reader.all_chunk_vectors()
        assert len(ids) == reader.counts.chunks == matrix.shape[0]
        query = matrix[0]
        top = reader.dense_top(query, 3)
        assert next(iter(top)) == ids[0] and list(top.values()) == sorted(top.values(), reverse=True)
        assert reader.dense_scores([ids[0]], query)[ids[0]] == pytest.approx(1.0, abs=1e-5)
        terms = ["zorblax", "canal", "port"]
        hits = reader.keyword_top(terms, 5)
        assert hits == {cid: score for cid, score in reader.keyword_scores(terms, list(hits)).items()}
        assert reader.keyword_scores(["no-such-term-anywhere"], ids) == {}
        mask, found = reader.word_vectors(np.array([-1], dtype=np.int64))
        assert not mask.any() and found.shape[0] == 0
        assert {d.lang for d in reader.documents} == set(reader.languages)
    finally:
        reader.close()


def test_manifest_reads_back_as_written(built: Settings) -> None:
    path = _generation(built) / "manifest.json"
    manifest = Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    assert json.loads(manifest.model_dump_json()) == json.loads(path.read_text(encoding="utf-8"))


def _edit_manifest(settings: Settings, change: dict) -> None:
    path = _generation(settings) / "manifest.json"
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")) | change), encoding="utf-8")


def test_a_manifest_of_the_wrong_shape_is_a_damaged_index(built: Settings) -> None:
    _edit_manifest(built, {"counts": {"documents": "many"}})
    with pytest.raises(IndexCorruptError, match="rag index"):
        IndexStore.open(built)
    assert "unusable" in plan_index(built).reason


def test_a_manifest_of_another_format_asks_for_a_rebuild(built: Settings) -> None:
    _edit_manifest(built, {"format": INDEX_FORMAT_VERSION - 1, "counts": None})
    with pytest.raises(IndexMismatchError, match=rf"format={INDEX_FORMAT_VERSION - 1} .*rag index"):
        IndexStore.open(built)
    assert plan_index(built).reason == f"format={INDEX_FORMAT_VERSION - 1} (now {INDEX_FORMAT_VERSION})"


def test_the_plan_names_the_settings_that_differ(built: Settings) -> None:
    plan = plan_index(built.model_copy(update={"chunk_size": 300}))
    assert plan.full and plan.reason == "chunk_size=1000 (now 300)"
