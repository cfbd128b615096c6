"""Answers do not depend on the store: the same questions through :class:`rag.Rag` on the local
store and on the PostgreSQL store give the same passages, answers and citations.

The store is handed to ``Rag`` directly (``RAG_STORE=postgres`` is not wired yet). The fast test
uses the hashing embedder on the test corpus; the integration test the default encoder on the
bundled corpus with every question of ``../shared/eval/qa_dev.jsonl``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from postgres_server import postgres_server, postgres_url, require_client  # noqa: F401 - fixtures
from test_postgres_store import QUESTIONS, _local_doc_ids, _publish, local  # noqa: F401 - fixture

from rag import Rag, Settings, build_index
from rag.index.embeddings import RagEmbeddings, make_embedder
from rag.index.opening import open_index
from rag.types import Answer

require_client()
from rag.index.postgres import PostgresReader  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QA_DEV = ROOT.parent / "shared" / "eval" / "qa_dev.jsonl"


def _seen(answer: Answer) -> tuple[object, ...]:
    """What a user is shown: the answer, its citations and the passages (source, offsets, score).

    Passages of equal score may come in either order from either store, so ties are compared as
    a set; passages of score 0 (the hashing embedder gives unrelated chunks a cosine of 0, and any
    of them may fill the list) only by number.
    """
    scores = [round(p.score, 5) for p in answer.passages]
    ranked = [(p.chunk.doc_id, p.chunk.start, p.chunk.end, s) for p, s in zip(answer.passages, scores) if s > 0]
    return (answer.answer, answer.abstained, answer.band, len(answer.passages),
            [(c.n, c.source, c.start, c.end, c.sentence) for c in answer.citations],
            [r for r in ranked if scores.count(r[3]) == 1], sorted(r for r in ranked if scores.count(r[3]) > 1))


def _compare(settings: Settings, url: str, embedder: RagEmbeddings, questions: list[str]) -> None:
    local_rag = Rag(settings, open_index(settings), embedder)
    postgres_rag = Rag(settings, PostgresReader.open(url, settings), embedder)
    try:
        for question in questions:
            left, right = local_rag.ask(question), postgres_rag.ask(question)
            assert _seen(left) == _seen(right), question
    finally:
        local_rag.store.close()
        postgres_rag.store.close()


def test_the_same_answers_on_both_stores(local: Settings, postgres_url: str) -> None:  # noqa: F811
    _publish(local, postgres_url, _local_doc_ids(local))
    _compare(local, postgres_url, make_embedder(local), [q for q, _ in QUESTIONS])


@pytest.mark.integration
def test_the_same_answers_on_the_bundled_corpus_with_the_default_encoder(tmp_path: Path,
                                                                         postgres_url: str) -> None:  # noqa: F811
    if not QA_DEV.exists():
        pytest.skip(f"shared data not present: {QA_DEV}")
    settings = Settings.load(corpus_dir=ROOT / "corpus", index_dir=tmp_path / "index")
    embedder = make_embedder(settings)
    build_index(settings, embedder=embedder)
    _publish(settings, postgres_url, _local_doc_ids(settings))
    questions = [json.loads(line)["question"] for line in QA_DEV.read_text(encoding="utf-8").splitlines() if line]
    _compare(settings, postgres_url, embedder, questions)
