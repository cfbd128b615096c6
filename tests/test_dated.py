"""Questions about when an article was published are answered from the article's date (rag.answer.dated)."""

from __future__ import annotations

import pytest

from rag import Rag, Settings
from rag.answer.dated import asks_publication_date


@pytest.mark.parametrize("question", [
    "On what date was the article about the Trainium 3 launch published?",
    "When was the article published?",
    "Quand l'article sur le Texas a-t-il été publié ?",
    "De quand date l'article sur Trainium 3 ?",
    "¿Cuándo se publicó el artículo sobre Texas?",
    "Wann wurde der Artikel über Texas veröffentlicht?",
    "What is the date of the article about Texas?",
])
def test_a_question_about_an_articles_publication_date_is_recognised(question: str) -> None:
    assert asks_publication_date(question)


@pytest.mark.parametrize("question", [
    "When was Trainium 3 launched?",
    "When did Amazon buy Annapurna Labs?",
    "Who published the article?",  # a person, not a date
    "Quand le Trainium 3 a-t-il été commercialisé ?",
])
def test_other_questions_are_not(question: str) -> None:
    assert not asks_publication_date(question)


def test_the_date_of_the_article_the_question_names_leads_the_answer(built: Settings) -> None:
    rag = Rag.open(built)
    answer = rag.ask("When was the article about Zorglub published?")
    assert answer.answer.startswith("2025-01-15 — The article “Les puces de Zorglub” is dated 2025-01-15. [1]")
    assert answer.short_answer is not None and answer.short_answer.text == "2025-01-15"
    assert answer.band == "answered" and answer.citations[0].source == "zorglub-2025-01-15.txt"
    assert answer.citations[0].sentence == "Les puces de Zorglub"  # the title stands for the sentence
    french = rag.ask("Quand l'article sur Zorglub a-t-il été publié ?")
    assert french.answer.startswith("2025-01-15 — L'article « Les puces de Zorglub » est daté du 2025-01-15.")
    rag.close()


def test_an_undated_article_is_not_given_another_articles_date(built: Settings) -> None:
    rag = Rag.open(built)
    answer = rag.ask("When was the article about Portvale published?")  # portvale.md has no date
    assert "2025-01-15" not in answer.answer
    rag.close()


def test_a_question_that_names_no_article_gets_a_tentative_answer(built: Settings) -> None:
    rag = Rag.open(built)
    answer = rag.ask("When was the article published?")  # two articles: which one is a guess
    assert answer.band in ("tentative", "abstained") and answer.confidence is not None and answer.confidence <= 0.5
    rag.close()
