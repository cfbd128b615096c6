"""Years between two dated events (rag.answer.intervals)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Rag, Settings, build_index
from rag.answer.intervals import asked_events


@pytest.mark.parametrize(("question", "events"), [
    ("How many years passed between Amazon buying Annapurna Labs and the arrival of the first Trainium?",
     ("amazon buying annapurna labs", "the arrival of the first trainium")),
    ("Combien d'années séparent le rachat d'Annapurna Labs de l'arrivée du premier Trainium ?",
     ("le rachat d'annapurna labs", "l'arrivee du premier trainium")),
    ("¿Cuántos años pasaron entre la compra de Annapurna Labs y el halving del Bitcoin?",
     ("la compra de annapurna labs", "el halving del bitcoin")),
    ("Wie viele Jahre liegen zwischen dem Kauf und dem Start?", ("dem kauf", "dem start")),
])
def test_the_two_events_of_a_years_between_question(question: str, events: tuple[str, str]) -> None:
    assert asked_events(question) == events


def test_other_questions_have_no_events() -> None:
    assert asked_events("How many chips are in an UltraServer?") is None
    assert asked_events("When did Amazon buy Annapurna Labs?") is None


@pytest.fixture
def usine(tmp_path: Path) -> Settings:
    corpus = tmp_path / "usine"
    corpus.mkdir()
    (corpus / "zorglub.txt").write_text(
        "La fondation de Zorglub date de 2010 à Grenoble.\n\nLe climat était rude.\n\n"
        "L'ouverture de l'usine de Lyon a eu lieu en 2016, six ans plus tard.\n\n"
        "La sortie de la première Krypton date de 2014.\n\nLa sortie de la Krypton 2 date de 2019.\n", encoding="utf-8")
    (corpus / "brest.txt").write_text("La rénovation de la mairie de Brest a commencé en 2021.\n", encoding="utf-8")
    settings = Settings.load(corpus_dir=corpus, index_dir=tmp_path / "idx", embedder="hashing")
    build_index(settings)
    return settings


def test_the_years_between_two_dated_events_lead_the_answer_with_both_sentences_cited(usine: Settings) -> None:
    rag = Rag.open(usine)
    answer = rag.ask("Combien d'années séparent la fondation de Zorglub et l'ouverture de l'usine de Lyon ?")
    assert answer.answer.startswith("6 (2010–2016) — “La fondation de Zorglub date de 2010 à Grenoble.” [1]"), answer.answer
    assert [c.sentence for c in answer.citations] == [
        "La fondation de Zorglub date de 2010 à Grenoble.", "L'ouverture de l'usine de Lyon a eu lieu en 2016, six ans plus tard."]
    assert answer.short_answer is not None and answer.short_answer.text == "6 (2010–2016)"
    assert answer.confidence is not None and answer.confidence <= 0.9  # never stated as certain
    rag.close()


def test_an_event_the_articles_do_not_date_gets_no_difference(usine: Settings) -> None:
    rag = Rag.open(usine)
    answer = rag.ask("Combien d'années séparent la fondation de Zorglub et la faillite de Krypton ?")
    assert not answer.answer.startswith("6 ("), answer.answer
    rag.close()


def test_an_event_of_a_numbered_generation_is_dated_by_that_generation(usine: Settings) -> None:
    """ "… tra l'arrivo di Graviton e quello del Trainium 2?" (blind set 5) was dated by the first
    Trainium's year."""
    rag = Rag.open(usine)
    answer = rag.ask("Combien d'années séparent la fondation de Zorglub et la sortie de la Krypton 2 ?")
    assert answer.answer.startswith("9 (2010–2019)"), answer.answer
    rag.close()


def test_the_two_ends_of_an_interval_come_from_one_article(usine: Settings) -> None:
    """A newcomer's "How many years passed between the inauguration of the lace museum and the
    start of its renovation?" (the renovation is not dated) was answered "6 (2009–2015)" with the
    year of an unrelated article."""
    rag = Rag.open(usine)
    answer = rag.ask("Combien d'années séparent la fondation de Zorglub et la rénovation de la mairie ?")
    assert not answer.answer.startswith("11 ("), answer.answer
    rag.close()
