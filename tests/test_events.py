"""What the question asks about, beyond the kind of answer: the event (an acquisition is no
founding) and, for a count, whether people are counted (chips are no staff)."""

from __future__ import annotations

import pytest

from rag.answer.events import misses_the_event
from rag.answer.spans import pick_span

RACHAT = ("Après avoir longtemps acheté ses puces à des fournisseurs, AWS s'est lancé dans la conception de ses "
          "propres processeurs avec le rachat de la start-up israélienne Annapurna Labs en 2015.")
IREN = ("La société IREN, autrefois dédiée au minage de Bitcoin, a connu une forte hausse après avoir signé un "
        "contrat de 9,7 milliards de dollars avec Microsoft.")


@pytest.mark.parametrize("question", [
    "In what year was Annapurna Labs founded?", "Qui a fondé Annapurna Labs ?", "Wann wurde Annapurna Labs gegründet?",
    "¿En qué año se fundó Annapurna Labs?",
])
def test_an_acquisition_does_not_answer_a_founding(question: str) -> None:
    assert misses_the_event(question, RACHAT)


@pytest.mark.parametrize("question", [
    "When did Amazon buy Annapurna Labs?", "¿Cuándo compró Amazon Annapurna Labs?", "Quand Amazon a-t-il racheté Annapurna Labs ?",
    "Wann hat Amazon Annapurna Labs übernommen?", "When did AWS start designing its own processors?",
])
def test_the_same_event_or_none_asked_is_left_to_the_evidence(question: str) -> None:
    assert not misses_the_event(question, RACHAT)


def test_a_founding_needs_a_sentence_that_reports_one() -> None:
    """ "Sont d'abord nés …" is about other chips; the founding may be in the sentence before."""
    born = "Sont d'abord nés, en 2018, Graviton et Inferentia, la première pour le cloud en général."
    assert misses_the_event("In what year was Annapurna Labs founded?", born)
    assert misses_the_event("Qui a fondé Annapurna Labs ?", born)
    assert not misses_the_event("When was the bakery founded?", "La boulangerie, créée en 1987, emploie dix personnes.")
    assert not misses_the_event("When was the bakery founded?", "C'était en 1987.", before="La boulangerie a ouvert ses portes rue Haute.")


def test_a_contract_is_no_loan() -> None:
    assert misses_the_event("Quelle somme les mineurs de bitcoin ont-ils empruntée ?", IREN)
    assert not misses_the_event("What is the IREN contract with Microsoft worth?", IREN)


def test_a_count_of_things_does_not_answer_how_many_people() -> None:
    chips = '"Le développement de l\'IA requiert des centaines de milliers de puces", décrit Mark Carroll.'
    assert pick_span(chips, "count", "Combien de personnes travaillent dans le laboratoire ?") is None
    assert pick_span(chips, "count", "How many chips does AI need?") is not None
    staff = "Le laboratoire emploie 380 salariés et fait tourner 12 robots."
    span = pick_span(staff, "count", "How many employees does the lab have?")
    assert span is not None and span.text == "380"
    span = pick_span("Ils sont 380 à travailler ici.", "count", "Wie viele Menschen arbeiten dort?")
    assert span is not None and span.text == "380"
