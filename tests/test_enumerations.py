"""A count the article gives as a list of names (rag.answer.enumerations)."""

from __future__ import annotations

from rag.answer.enumerations import asks_named_count, listed, with_count
from rag.answer.spans import pick_span

MINERS = "Des entreprises comme Core Scientific, CleanSpark et Bitfarms sont désormais perçues comme des fournisseurs."


def test_a_list_of_names_is_found_whole_with_its_length() -> None:
    start, end, n = listed(MINERS) or (0, 0, 0)
    assert (MINERS[start:end], n) == ("Core Scientific, CleanSpark et Bitfarms", 3)
    chips = "Sont d'abord nés, en 2018, Graviton et Inferentia, la première pour le cloud."
    assert listed(chips) is not None and listed(chips)[2] == 2  # type: ignore[index]
    assert listed("Paris, Lyon, Marseille sont grandes.") == (0, 22, 3)  # three joined by commas
    assert listed("Amazon a racheté Annapurna Labs en 2015.") is None  # two names, no list
    assert listed("Amazon, qui vend des puces, et Google.") is None  # a clause between them


def test_only_a_count_that_asks_for_the_names_too_is_answered_by_a_list() -> None:
    named = "How many former Bitcoin miners does the article name as service providers?"
    assert asks_named_count(named) and asks_named_count("Wie viele Prozessoren hat AWS 2018 herausgebracht und wie heißen sie?")
    assert not asks_named_count("How many chips are in an UltraServer?")
    span = pick_span(MINERS, "count", named)
    assert span is not None and with_count(span.text) == "3 (Core Scientific, CleanSpark et Bitfarms)"
    assert pick_span(MINERS, "count", "How many chips are in an UltraServer?") is None  # a list is no count of chips
    assert with_count("144") == "144"
