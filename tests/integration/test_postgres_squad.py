"""Retrieval on the PostgreSQL store with the default encoder: XQuAD English questions on the
Spanish paragraphs, and PIAF's French questions on its paragraphs, asked as `rag eval --passages`
asks them (300 sampled questions), give the local store's hit@5 (issue 16, acceptance 2, at the library level: `rag eval --passages` itself indexes into a
temporary local store)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from postgres_server import postgres_server, postgres_url  # noqa: F401 - fixtures
from test_postgres_store import _info

from rag import Rag, Settings
from rag.benchmark.evaluation import load_squad
from rag.index.embeddings import make_embedder
from rag.index.indexer import _embed, index_documents
from rag.index.opening import open_index
from rag.index.postgres import PostgresReader, PostgresWriter
from rag.types import Document

from .conftest import shared


def _ranks(rag: Rag, sample: list[tuple[str, str, int]]) -> list[int | None]:
    ranks: list[int | None] = []
    for _, question, para in sample:
        found = [int(p.chunk.doc_id[1:6]) for p in rag.retrieve(question, k=5).passages]
        paragraphs = list(dict.fromkeys(found))
        ranks.append(paragraphs.index(para) if para in paragraphs else None)
    return ranks


@pytest.mark.parametrize(("passages", "questions_file", "lang"), [
    ("datasets/xquad/xquad.es.json", "datasets/xquad/xquad.en.json", "es"),
    ("datasets/piaf/piaf-v1.1.json", "datasets/piaf/piaf-v1.1.json", "fr"),
], ids=["xquad-en-es", "piaf"])
def test_squad_hit_at_5_matches_the_local_store(tmp_path: Path, postgres_url: str, passages: str,  # noqa: F811
                                                questions_file: str, lang: str) -> None:
    contexts, passage_questions = load_squad(shared(passages))
    by_id = {qid: para for qid, _, para in passage_questions}
    _, questions = load_squad(shared(questions_file))
    sample = random.Random(0).sample([(qid, q, by_id[qid]) for qid, q, _ in questions if qid in by_id], 300)
    docs = [Document(f"p{i:05d}.txt", f"paragraph {i}", None, lang, text, str(i)) for i, text in enumerate(contexts)]
    settings = Settings.load(corpus_dir=tmp_path, index_dir=tmp_path / "index")
    embedder = make_embedder(settings)
    index_documents(settings, docs, embedder=embedder)
    writer = PostgresWriter(postgres_url, settings)
    with writer.locked():
        writer.apply(_embed(settings, docs, embedder, False), removed=[])
        writer.publish(_info(settings), skipped=[])
    local = Rag(settings, open_index(settings), embedder)
    postgres = Rag(settings, PostgresReader.open(postgres_url, settings), embedder)
    try:
        local_ranks, postgres_ranks = _ranks(local, sample), _ranks(postgres, sample)
    finally:
        local.store.close()
        postgres.store.close()
    hit5 = [sum(r is not None and r < 5 for r in ranks) / len(ranks) for ranks in (local_ranks, postgres_ranks)]
    print(f"{passages} hit@5: local {hit5[0]:.3f}, postgres {hit5[1]:.3f}; "
          f"{sum(a == b for a, b in zip(local_ranks, postgres_ranks))}/300 ranks identical")
    assert abs(hit5[0] - hit5[1]) <= 0.01
