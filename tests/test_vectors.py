"""Vector storage: exact vs HNSW by corpus size, id lookups, and repeated texts embedded once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag import Settings, build_index
from rag.answer.pipeline import Rag
from rag.errors import IndexCorruptError
from rag.index.embeddings import HashingEmbeddings
from rag.index.indexer import embed_texts
from rag.index.vectors import (
    Vectors,
    VectorTable,
    index_kind,
    read_vectors,
    write_vectors,
)


def _random(n: int, d: int = 32, seed: int = 0) -> Vectors:
    rng = np.random.default_rng(seed)
    matrix = rng.standard_normal((n, d)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    ids = rng.choice(2**40, size=n, replace=False).astype(np.int64)  # sparse ids, like chunk ids
    return Vectors(ids, matrix)


@pytest.mark.parametrize("exact_max", [10_000, 100])
def test_table_lookups_equal_the_stored_vectors_for_exact_and_hnsw(tmp_path: Path, exact_max: int) -> None:
    vectors = _random(500)
    write_vectors(tmp_path / "v.faiss", vectors, 32, exact_max=exact_max)
    index = read_vectors(tmp_path / "v.faiss", ef_search=64)
    assert index_kind(index) == ("exact" if exact_max >= 500 else "hnsw")
    table = VectorTable(index)
    picked = vectors.ids[[3, 499, 0, 250]]
    query = vectors.matrix[7]
    expected = vectors.matrix[[3, 499, 0, 250]] @ query
    assert np.allclose(list(table.similarity(picked.tolist(), query).values()), expected, atol=1e-6)
    assert np.array_equal(table.export(picked).matrix, vectors.matrix[[3, 499, 0, 250]])


def test_an_unknown_id_is_reported_as_a_damaged_index(tmp_path: Path) -> None:
    vectors = _random(20)
    write_vectors(tmp_path / "v.faiss", vectors, 32, exact_max=100)
    table = VectorTable(read_vectors(tmp_path / "v.faiss", ef_search=64))
    with pytest.raises(IndexCorruptError, match="lack id 12345"):
        table.similarity([int(vectors.ids[0]), 12345], vectors.matrix[0])


def test_hnsw_finds_the_exact_neighbours_on_a_small_index(tmp_path: Path) -> None:
    vectors = _random(2000, d=64, seed=1)
    write_vectors(tmp_path / "exact.faiss", vectors, 64, exact_max=10_000)
    write_vectors(tmp_path / "hnsw.faiss", vectors, 64, exact_max=0)
    exact, hnsw = (read_vectors(tmp_path / name, ef_search=256) for name in ("exact.faiss", "hnsw.faiss"))
    queries = vectors.matrix[:50] + 0.05
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact.search(queries, 10)[1], hnsw.search(queries, 10)[1])])
    assert recall >= 0.95


def test_a_large_corpus_is_indexed_and_updated_as_hnsw_and_answers_like_exact(settings: Settings) -> None:
    build_index(settings)
    exact_answer = _top_passages(settings)
    ann = settings.model_copy(update={"exact_search_max_chunks": 0, "index_dir": settings.index_dir.parent / "ann"})
    build_index(ann)
    assert _top_passages(ann) == exact_answer
    (ann.corpus_dir / "extra.txt").write_text("Le port de Portvale accueille aussi des ferries.", encoding="utf-8")
    update = build_index(ann)
    assert update.added == ["extra.txt"] and not update.full  # unchanged vectors carried out of the HNSW index
    rag = Rag.open(ann)
    try:
        assert rag.store.vector_index == "hnsw"
        assert "extra.txt" in [p.chunk.doc_id for p in rag.retrieve("ferries Portvale").passages]
    finally:
        rag.close()


def _top_passages(settings: Settings) -> list[str]:
    rag = Rag.open(settings)
    try:
        return [p.chunk.doc_id for p in rag.retrieve("Combien de puces dans un serveur Krypton ?").passages]
    finally:
        rag.close()


class _Counting(HashingEmbeddings):
    def __init__(self) -> None:
        super().__init__(dimension=16)
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().encode(texts)


def test_a_repeated_text_goes_through_the_model_once_and_every_row_gets_its_vector() -> None:
    embedder = _Counting()
    texts = ["Lire aussi", "a b c", "Lire aussi", "d e", "a b c", "Lire aussi"]
    vectors = embed_texts(embedder, texts, batch_size=2, progress=False, desc="test")
    assert sorted(embedder.seen) == ["Lire aussi", "a b c", "d e"]
    assert np.array_equal(vectors, HashingEmbeddings(dimension=16).encode(texts))
