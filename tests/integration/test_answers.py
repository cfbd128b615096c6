"""The default answerer on the bundled articles: the short answer first, in three calibrated bands."""

from __future__ import annotations

from pathlib import Path

from rag import Rag, Settings, build_index
from rag.benchmark.evaluation import evaluate_qa, load_qa

from .conftest import ROOT


def test_the_users_example_leads_with_the_count(real_rag: Rag) -> None:
    answer = real_rag.ask("How many chips are in an UltraServer?")
    assert answer.answer.startswith("144 — “") and answer.band == "answered"
    short = answer.short_answer
    assert short is not None and short.text == "144" and short.n == 1
    assert real_rag.store.document_text(answer.citations[0].source)[short.start : short.end] == "144"
    assert answer.to_dict()["short_answer"]["text"] == "144"


def test_who_is_in_charge_of_engineering_names_mark_carroll_from_his_sentence(real_rag: Rag) -> None:
    answer = real_rag.ask("Who is in charge of engineering at Annapurna Labs?")
    assert not answer.abstained and answer.answer.startswith("Mark Carroll")
    assert "ingénierie chez Annapurna Labs" in answer.citations[0].sentence


def test_a_who_question_names_the_person_the_article_names(real_rag: Rag) -> None:
    """The sentence that names someone goes before a slightly stronger one that names nobody; a
    further citation must name someone too (the newcomer's web trial, 2026-12-01)."""
    answer = real_rag.ask("Who runs the Austin lab?")
    assert not answer.abstained and answer.short_answer is not None
    assert answer.short_answer.text == "Kristopher King" and "laboratoire d'Austin" in answer.citations[0].sentence
    assert len(answer.citations) == 1


def test_a_number_that_counts_chips_does_not_count_servers(real_rag: Rag) -> None:
    answer = real_rag.ask("Combien d'UltraServers Amazon a-t-il déjà livrés à ses clients ?")
    assert answer.abstained


def test_a_count_is_no_price(real_rag: Rag) -> None:
    answer = real_rag.ask("How much does one UltraServer cost?")
    assert answer.abstained and answer.band == "abstained" and answer.citations == []


def test_a_date_question_leads_with_the_month_as_the_article_writes_it(real_rag: Rag) -> None:
    answer = real_rag.ask("Since when has Trainium 3 been on sale?")
    assert answer.short_answer is not None and answer.short_answer.text == "décembre"


def test_every_language_gets_its_own_words(real_rag: Rag) -> None:
    answer = real_rag.ask("Сколько стоит один UltraServer?")
    assert answer.abstained and answer.answer.startswith("В статьях об этом не сказано")


def test_eval_reports_calibration(real_rag: Rag) -> None:
    report = evaluate_qa(real_rag, load_qa(ROOT / "tests" / "data" / "qa_heldout_answers.jsonl"))
    calibration = report["calibration"]
    assert sum(row["n"] for row in calibration["table"]) == report["questions"]
    assert 0.0 <= calibration["brier"] <= 0.25
    assert sum(report["bands"].values()) == report["questions"]


def test_a_short_question_is_answered_in_its_own_language(real_rag: Rag) -> None:
    """ "Qui dirige Annapurna Labs ?" is French (py3langid alone says Italian): no "Secondo gli articoli"."""
    answer = real_rag.ask("Qui dirige Annapurna Labs ?")
    assert answer.lang == "fr"
    assert "Secondo" not in answer.answer


def test_yes_only_when_the_sentence_itself_says_it(tmp_path: Path) -> None:
    """"Is the bakery open on Monday?" was answered "Yes" from "The bakery is closed on Mondays."
    (its neighbour says "open"); a sentence that says it in so many words still gets "Yes"."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bakery.md").write_text(
        "---\ntitle: Harbour Bakery opening hours\n---\n# Harbour Bakery\n\nThe Harbour Bakery is open from Tuesday to "
        "Sunday, 7 am to 6 pm. The bakery is closed on Mondays.\n\nThe bakery accepts cash and cards.\n",
        encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(settings)
    rag = Rag.open(settings)
    try:
        assert not rag.ask("Is the bakery open on Monday?").answer.startswith("Yes")
        assert rag.ask("Is the bakery closed on Mondays?").answer.startswith("Yes — “The bakery is closed on Mondays.”")
    finally:
        rag.close()


def test_yes_needs_the_day_the_question_names(tmp_path: Path) -> None:
    """"Mondays" is not "Tuesday to Sunday", however near the words' vectors: a newcomer got "Yes" at 0.99."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "museum.md").write_text(
        "# Harbor City Museum reopens\n\nThe Harbor City Museum reopened on 18 April after a two-year renovation. "
        "The museum is open Tuesday to Sunday. It is not open on Mondays.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(settings)
    rag = Rag.open(settings)
    try:
        assert not rag.ask("Is the museum open on Mondays?").answer.startswith("Yes")
    finally:
        rag.close()
