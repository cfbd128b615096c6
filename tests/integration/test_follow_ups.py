"""Conversations through the library with the real encoder: ../shared/cases/09-follow-ups and the bundled corpus.

A follow-up is read against the questions before it (``Rag.ask(..., history=...)``); the values
asserted are the articles' own: the Marlowe bridge, designed by Inès Valadier, opens on 21 June
2026 and is 118 metres long; the Cesson pool opens on 2 September 2026, with a 50-metre basin,
and its article gives no price.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag import Answer, Rag, Settings, build_index

from .conftest import shared

BRIDGE = "pont-marlowe-2026-01-15.txt"
POOL = "piscine-cesson-2026-02-03.txt"


@pytest.fixture(scope="module")
def bridge_and_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rag]:
    settings = Settings(corpus_dir=shared("cases/09-follow-ups/corpus"),
                        index_dir=tmp_path_factory.mktemp("follow-ups") / "index")
    build_index(settings)
    rag = Rag.open(settings)
    yield rag
    rag.close()


def converse(rag: Rag, questions: list[str]) -> list[Answer]:
    """Each question asked with the ones before it as history, as the web chat and `rag ask --conversation` do."""
    return [rag.ask(q, history=questions[:i]) for i, q in enumerate(questions)]


def test_a_follow_up_and_a_follow_up_to_it_are_answered_about_the_bridge(bridge_and_pool: Rag) -> None:
    designer, opening, length = converse(bridge_and_pool, [
        "Qui a conçu le pont Marlowe ?", "Quand ouvrira-t-il ?", "Combien mesure-t-elle ?"])
    assert "Inès Valadier" in designer.answer
    assert opening.question == "Quand ouvrira-t-il ?"  # as typed, not as read
    assert not opening.abstained and "21 juin 2026" in opening.answer, opening.answer
    assert opening.citations[0].source == BRIDGE and "2 septembre" not in opening.answer
    assert not length.abstained and "118 mètres" in length.answer and length.citations[0].source == BRIDGE, length.answer


def test_a_new_topic_is_not_glued_to_the_old_one(bridge_and_pool: Rag) -> None:
    before = ["Qui a conçu le pont Marlowe ?", "Quand ouvrira-t-il ?"]
    cost = bridge_and_pool.ask("Combien coûte la piscine de Cesson ?", history=before)
    assert cost.passages[0].chunk.doc_id == POOL
    assert "14 millions" not in cost.answer and all(c.source == POOL for c in cost.citations), cost.answer
    opening, basin = converse(bridge_and_pool, [*before, "Quand ouvrira la piscine de Cesson ?",
                                                "Combien de mètres mesure son bassin ?"])[2:]
    assert "2 septembre 2026" in opening.answer and opening.citations[0].source == POOL, opening.answer
    assert "50 mètres" in basin.answer and basin.citations[0].source == POOL, basin.answer  # the pool is now the topic


def test_the_trainium_follow_up_retrieves_when_it_went_on_sale(real_rag: Rag) -> None:
    answer = real_rag.ask("And when did it go on sale?", history=["When was Trainium 3 launched?"])
    assert answer.question == "And when did it go on sale?"
    texts = " ".join(p.chunk.text for p in answer.passages[:3])  # asked alone, it is 5th and the answer abstains
    assert "commercialisée depuis décembre" in texts and not answer.abstained, answer.answer


def test_the_trainium_follow_up_answers_december(real_rag: Rag) -> None:
    """"Trainium 2 (2024), … puis Trainium 3" dates Trainium 2: December is quoted first, and its span leads."""
    answer = real_rag.ask("And when did it go on sale?", history=["When was Trainium 3 launched?"])
    assert not answer.abstained and answer.citations, answer.answer
    assert "décembre" in answer.citations[0].sentence, answer.answer
    assert answer.short_answer is not None and answer.short_answer.text == "décembre", answer.answer
