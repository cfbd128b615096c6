from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag import IndexStore, Rag, Settings, build_index
from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError


def _generation(settings: Settings) -> Path:
    return settings.index_dir / (settings.index_dir / "CURRENT").read_text().strip()


def test_missing_index_says_how_to_build_it(settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="rag index"):
        IndexStore.open(settings)


def test_index_has_manifest_with_fingerprint_hashes_and_versions(built: Settings) -> None:
    manifest = json.loads((_generation(built) / "manifest.json").read_text())
    assert manifest["fingerprint"] == built.fingerprint()
    assert manifest["settings"]["chunk_size"] == built.chunk_size
    assert {"vectors.faiss", "sentences.faiss", "chunks.sqlite"} <= set(manifest["files"])
    assert all(len(d["content_hash"]) == 64 for d in manifest["documents"])
    assert "faiss-cpu" in manifest["versions"]
    assert not any(p.suffix in {".pkl", ".pickle"} for p in _generation(built).rglob("*"))


def test_other_chunk_settings_are_refused_with_a_rebuild_hint(built: Settings) -> None:
    other = built.model_copy(update={"chunk_size": 300})
    with pytest.raises(IndexMismatchError, match=r"chunk_size=1000 \(now 300\).*rag index"):
        IndexStore.open(other)


def test_other_embedder_is_refused(built: Settings) -> None:
    with pytest.raises(IndexMismatchError, match="embedder"):
        IndexStore.open(built.model_copy(update={"embedder": "use"}))


def test_retrieval_only_settings_do_not_invalidate_the_index(built: Settings) -> None:
    IndexStore.open(built.model_copy(update={"top_k": 3, "bm25_weight": 0.5})).close()


@pytest.mark.parametrize("name", ["vectors.faiss", "chunks.sqlite", "manifest.json"])
def test_a_damaged_file_is_detected(built: Settings, name: str) -> None:
    path = _generation(built) / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match="rag index"):
        IndexStore.open(built)


def test_a_deleted_file_is_detected(built: Settings) -> None:
    (_generation(built) / "vectors.faiss").unlink()
    with pytest.raises(IndexCorruptError, match="missing"):
        IndexStore.open(built)


def test_an_up_to_date_index_is_left_alone(built: Settings) -> None:
    first = _generation(built)
    report = build_index(built)
    assert not report.published and report.unchanged and report.embedded == 0
    assert _generation(built) == first


def test_rebuild_publishes_a_new_generation_and_cleans_up(built: Settings) -> None:
    first = _generation(built)
    (built.index_dir / ".tmp-killed").mkdir()  # what a build killed mid-write leaves
    build_index(built, full=True)
    second = _generation(built)
    build_index(built, full=True)
    third = _generation(built)
    assert len({first, second, third}) == 3
    assert not first.exists()  # only the current and the previous generation are kept
    assert second.exists() and third.exists()
    assert not list(built.index_dir.glob(".tmp-*"))
    Rag.open(built).close()
