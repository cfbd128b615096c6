"""Short answers: the typed span a user reads first, cut exactly from the article's sentence."""

from __future__ import annotations

import pytest

from rag.evidence import answer_type, has_answer_of_type
from rag.spans import find_spans, pick_span

ULTRASERVER = ("Non loin de là, ce sont les UltraServers, serveurs équipés chacun de 144 exemplaires du "
               "Trainium 3, qui sont mis à l'épreuve avant d'être livrés.")
CARROLL = ('"Le développement de l\'IA requiert des centaines de milliers de puces", décrit Mark Carroll, '
           "en charge de l'ingénierie chez Annapurna Labs.")


def test_a_count_is_the_number_not_the_model_number_of_a_product() -> None:
    span = pick_span(ULTRASERVER, "count", "How many chips are in an UltraServer?")
    assert span is not None and span.text == "144" and ULTRASERVER[span.start:span.end] == "144"


def test_a_person_is_a_full_name_the_question_does_not_hold() -> None:
    span = pick_span(CARROLL, "person", "Who is in charge of engineering at Annapurna Labs?")
    assert span is not None and span.text == "Mark Carroll"
    assert pick_span("Les équipes travaillent à Cupertino (Californie).", "person", "Qui dirige ?") is None


@pytest.mark.parametrize(("sentence", "kind", "expected"), [
    ("La rénovation a coûté 1,5 million d'euros, soit 12 % de plus.", "money", "1,5 million d'euros"),
    ("La rénovation a coûté 1,5 million d'euros, soit 12 % de plus.", "percent", "12 %"),
    ("Реконструкция стоила 480 млн рублей.", "money", "480 млн рублей"),
    ("La première a mis 15 à 18 mois.", "duration", "15 à 18 mois"),
    ("Elle ouvrira le 3 mars 2026.", "date", "3 mars 2026"),
    ("Il est en vente depuis décembre.", "date", "décembre"),
    ("Das Labor wurde im Oktober eröffnet.", "date", "Oktober"),
    ("Il laboratorio ha aperto a ottobre.", "date", "ottobre"),
    ("図書館は2025年9月30日に閉館した。", "date", "2025年9月30日"),
    ("Des centaines de milliers de puces tournent.", "count", "centaines de milliers"),
])
def test_spans_of_every_kind_keep_the_articles_spelling(sentence: str, kind: str, expected: str) -> None:
    assert [s.text for s in find_spans(sentence, kind)][:1] == [expected]


def test_words_that_only_look_like_dates_are_not_dates() -> None:
    assert find_spans("La date n'a pas encore été révélée; you may go.", "date") == ()


def test_a_count_is_no_price_and_an_answer_the_question_holds_is_none() -> None:
    assert answer_type("How much does one UltraServer cost?") == "money"
    assert has_answer_of_type(ULTRASERVER, "money", "How much does one UltraServer cost?") is False
    assert has_answer_of_type("Amazon a racheté Annapurna Labs en 2015.", "date", "Was it bought in 2015?") is False


@pytest.mark.parametrize(("question", "kind"), [
    ("Why did AWS design its own chips?", "reason"),
    ("Pourquoi le Texas ?", "reason"),
    ("Is a Trainium chip bigger than a credit card?", "yesno"),
    ("Consomme-t-il autant que le précédent ?", "yesno"),
    ("Czy Trainium jest tańszy?", "yesno"),
    ("Quel pourcentage du marché détient Google ?", "percent"),
])
def test_reason_yes_no_and_percentage_questions_are_recognised(question: str, kind: str) -> None:
    assert answer_type(question) == kind
