"""Acceptance: hybrid retrieval beats the best single retriever within and across languages.

Same settings for both datasets (300 seeded questions each, paragraph-level, as `rag eval`).
"""

from __future__ import annotations

import pytest

from rag import Settings, make_embedder
from rag.benchmark.evaluation import evaluate_squad
from rag.index.embeddings import RagEmbeddings

from .conftest import shared


@pytest.fixture(scope="module")
def embedder() -> RagEmbeddings:
    return make_embedder(Settings())


def test_piaf_french_questions_on_french_paragraphs(embedder: RagEmbeddings) -> None:
    path = shared("datasets/piaf/piaf-v1.1.json")
    report = evaluate_squad(Settings(), path, path, limit=300, seed=0, embedder=embedder)
    print("PIAF", report)
    assert report["hit@5"] >= 0.88


def test_xquad_english_questions_on_spanish_paragraphs(embedder: RagEmbeddings) -> None:
    report = evaluate_squad(
        Settings(), shared("datasets/xquad/xquad.es.json"), shared("datasets/xquad/xquad.en.json"), limit=300, seed=0, embedder=embedder
    )
    print("XQuAD en->es", report)
    assert report["hit@5"] >= 0.96


def test_keywords_do_not_hurt_cross_lingual_retrieval(embedder: RagEmbeddings) -> None:
    es, en = shared("datasets/xquad/xquad.es.json"), shared("datasets/xquad/xquad.en.json")
    hybrid = evaluate_squad(Settings(), es, en, limit=300, seed=0, embedder=embedder)
    dense_only = evaluate_squad(Settings(bm25_weight=0), es, en, limit=300, seed=0, embedder=embedder)
    print("en->es hybrid", hybrid["hit@5"], "dense only", dense_only["hit@5"])
    assert hybrid["hit@5"] >= dense_only["hit@5"]
    assert hybrid["hit@1"] >= dense_only["hit@1"]
