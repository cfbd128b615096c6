from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest
from helpers import on_both_stores
from postgres_server import postgres_server, postgres_url  # noqa: F401 - fixtures

from rag import Rag, Settings, build_index
from rag.answer.evidence import Candidate, _lead, answer_type, counts_something_else, coverage, type_feature
from rag.answer.extractive import _adds_to, _typed_first, _with_items, _with_reason, choose, quoted
from rag.answer.phrases import phrase
from rag.answer.reasons import gives_reason
from rag.answer.retrieval import Passage
from rag.index.store import StoredChunk

settings = on_both_stores()  # the tests that build an index run on the local store and on PostgreSQL


def test_answer_types_are_recognised_in_english_and_french() -> None:
    assert answer_type("How many chips are in an UltraServer?") == "number"
    assert answer_type("Combien de puces ?") == "number"
    assert answer_type("En quelle année le premier Trainium est-il arrivé ?") == "date"
    assert answer_type("When did Amazon acquire Annapurna Labs?") == "date"
    assert answer_type("Which companies serve hyperscalers?") == "name"
    assert answer_type("Quelle sera la performance du Trainium 4 ?") is None  # "quelle sera" asks no name
    assert answer_type("Which company will build it?") == "name"
    assert answer_type("What does the Lyra lamp cost?") == "money"
    assert answer_type("Qui dirige la médiathèque ?") == "person" and answer_type("Кто директор музея?") == "person"
    assert answer_type("Quelle est l'adresse du cabinet ?") == "address"
    assert answer_type("青石镇图书馆哪天闭馆？") == "date" and answer_type("图书馆扩建由谁设计？") == "person"


def test_a_sentence_must_hold_a_new_number_or_date() -> None:
    q = "How much faster does Trainium 3 train models?"
    assert type_feature(q, "la vitesse d'entraînement par quatre") == 1.0
    assert type_feature(q, "Le Trainium 3 est disponible.") == -1.0  # only the number the question gave
    when = "When did Amazon acquire Annapurna Labs?"
    assert type_feature(when, "le rachat d'Annapurna Labs en 2015") == 1.0
    assert type_feature(when, "Annapurna Labs teste le Trainium 3 à Austin") == -1.0
    assert type_feature("Which companies?", "anything 42") == 0.0
    price = "What is the retail price of a single Trainium 3 chip?"
    assert answer_type(price) == "money"
    assert type_feature(price, "Le Trainium 4 aura six fois la performance du Trainium 3.") == -1.0
    assert type_feature(price, "un contrat de 9,7 milliards de dollars") == 1.0
    assert answer_type("By how much can Trainium reduce the cost of a model?") == "number"
    cut = "How much can Trainium cut the cost of training a model?"  # a change, not a price
    assert answer_type(cut) == "number" and answer_type("Wie viel kann Trainium die Kosten senken?") == "number"
    assert type_feature(cut, "Trainium réduit les coûts de 30 à 40 %.") == 1.0
    assert answer_type("How much does it cost to reduce emissions?") == "money"
    assert answer_type("How much money will AWS save?") == "money"
    long = "Combien de temps a pris la mise au point du premier Trainium ?"
    assert answer_type(long) == "duration" and answer_type("How long did it take?") == "duration"
    assert type_feature(long, "La première version a mis 15 à 18 mois.") == 1.0
    assert type_feature(long, "Sont d'abord nés, en 2018, Graviton et Inferentia.") == -1.0


def test_a_time_of_day_question_wants_a_time_not_a_day() -> None:
    """"À quelle heure commence la conférence ?" is not answered by "le samedi 16 mai" (a newcomer's trial)."""
    q = "À quelle heure commence la conférence de la Nuit des musées ?"
    assert type_feature(q, "La Nuit des musées aura lieu le samedi 16 mai.") == -1.0
    assert type_feature(q, "20 h 30 : conférence sur les lanternes magiques") == 1.0
    assert type_feature("At what time does the market open?", "The market opens at 8 am on Saturdays.") == 1.0
    assert type_feature("Quand a lieu la Nuit des musées ?", "La Nuit des musées aura lieu le samedi 16 mai.") == 1.0


def test_a_yes_no_question_about_a_fact_is_settled_by_a_sentence_saying_it_is_not_known() -> None:
    """"Has Amazon announced when Trainium 4 comes out?" wants a date or a no: the sentence saying
    the date is not yet revealed may answer it; one that neither dates nor denies still cannot."""
    asked = "Amazon a-t-il déjà annoncé quand sortira le Trainium 4 ?"
    unrevealed = "Le Trainium 4, dont la date de lancement n'a pas encore été révélée, aura six fois la performance."
    assert answer_type(asked) == "date"
    assert type_feature(asked, unrevealed, "fr") == 0.0
    assert type_feature("Quand sortira le Trainium 4 ?", unrevealed, "fr") == -1.0  # a wh-question wants the date
    assert type_feature(asked, "Le Trainium 4 aura six fois la performance du Trainium 3.", "fr") == -1.0
    assert type_feature("Has Amazon said when Trainium 4 ships?", unrevealed, "fr") == 0.0
    assert type_feature("¿Se sabe cuándo saldrá Trainium 4?", unrevealed, "fr") == 0.0
    aws = "À la différence des grands noms des puces IA, AWS ne vend pas ses puces."
    assert type_feature("AmazonはAnthropicにいくら出資していますか？", aws, "fr") == -1.0  # ますか closes wh-questions too


def test_coverage_matches_across_languages_on_names() -> None:
    assert coverage("Where is Annapurna Labs?", "en", "Annapurna Labs à Austin", "fr") > 0.5
    assert coverage("Where is Annapurna Labs?", "en", "Le Texas est grand", "fr") == 0.0


def _cand(p: float, doc: str) -> Candidate:
    chunk = StoredChunk(1, doc, 0, 10, "0123456789", ((0, 10),), (7,), doc, None, "en")
    return Candidate(0, Passage(chunk, 1.0), 0, 10, "0123456789", {}, p)


def test_a_sentence_naming_someone_goes_first_for_a_who_question() -> None:
    untyped = replace(_cand(0.99, "a"), features={"type_match": 0.0})
    named = replace(_cand(0.86, "a"), features={"type_match": 1.0})
    far = replace(_cand(0.80, "a"), features={"type_match": 1.0})
    assert _typed_first([untyped, named], "person") == [named, untyped]
    assert _typed_first([untyped, far], "person") == [untyped, far]  # more than PREFER_TYPED weaker
    assert _typed_first([untyped, named], None) == [untyped, named]  # "why": nothing to name
    fits = _adds_to("person")
    assert choose([named, untyped], confident=True, fits=fits) == [named]  # the second names nobody
    assert _adds_to("reason") is None


def test_a_sentence_naming_someone_in_the_asked_role_goes_first_however_strong_the_untyped_one() -> None:
    """ "who runs amazons chip testing lab in austin" (blind set 5) quoted the lab's sentence (0.99),
    which names nobody who runs it, before King's role sentence (0.42)."""
    lab = replace(_cand(0.99, "a"), text="Dans un laboratoire de sa filiale à Austin, on teste les processeurs.",
                  features={"type_match": 0.0})
    king = replace(_cand(0.42, "a"), text="« Elle peut réduire le coût », explique Kristopher King, responsable du "
                   "laboratoire d'Austin.", features={"type_match": 1.0})
    weak = replace(king, probability=0.2)
    question = "who runs amazons chip testing lab in austin"
    assert _typed_first([lab, king], "person", question) == [king, lab]
    assert _typed_first([lab, weak], "person", question) == [lab, weak]  # under ROLE_SUPPORT
    assert _typed_first([lab, king], "person", "who runs the chip testing lab in cupertino") == [lab, king]


def test_a_why_question_quotes_up_to_three_close_reasons_and_a_count_only_sentences_with_one() -> None:
    reasons = [_cand(0.95, "a"), _cand(0.93, "a"), _cand(0.9, "b"), _cand(0.89, "b")]
    assert quoted(reasons, "reason") == reasons[:3]
    counted = [replace(_cand(p, "a"), features={"type_match": t}) for p, t in ((0.9, 1.0), (0.89, 0.0), (0.85, 1.0))]
    assert quoted(counted, "number") == [counted[0], counted[2]]  # the second holds no number


def test_not_confident_means_abstain() -> None:
    assert choose([_cand(0.9, "a")], confident=False) == []


def test_a_corroborating_sentence_from_another_document_is_added() -> None:
    chosen = choose([_cand(0.9, "a"), _cand(0.78, "a"), _cand(0.77, "b"), _cand(0.3, "c")], confident=True)
    assert [c.passage.chunk.doc_id for c in chosen] == ["a", "b"]


def test_a_close_second_sentence_of_the_same_article_is_added() -> None:
    chosen = choose([_cand(0.9, "a"), _cand(0.85, "a"), _cand(0.3, "b")], confident=True)
    assert len(chosen) == 2


def test_at_most_two_sentences_and_a_weak_second_one_is_left_out() -> None:
    assert len(choose([_cand(0.9, "a"), _cand(0.89, "b"), _cand(0.88, "c")], confident=True)) == 2
    assert len(choose([_cand(0.9, "a"), _cand(0.7, "a")], confident=True)) == 1
    assert len(choose([_cand(0.55, "a"), _cand(0.5, "b")], confident=True)) == 2


def test_citations_point_at_the_exact_sentence(built: Settings) -> None:
    rag = Rag.open(built.model_copy(update={"abstain_threshold": 0.0}))
    answer = rag.ask("How many ships can the Portvale terminal handle a day?")
    assert not answer.abstained and answer.citations
    cite = answer.citations[0]
    assert cite.source == "portvale.md"
    assert cite.sentence in cite.text
    assert "[1]" in answer.answer and "40 ships" in answer.answer
    assert rag.store.document_text("portvale.md")[cite.start : cite.end] == cite.sentence
    # every answerer states its claims: a quote is its own support, citing the sentence it quotes
    assert [(c.cited, c.supported, c.sentence) for c in answer.claims][0] == ((1,), True, cite.sentence)
    assert answer.unsupported == []
    rag.close()


def test_abstention_still_shows_the_closest_passages(built: Settings) -> None:
    rag = Rag.open(built.model_copy(update={"abstain_threshold": 1.0}))
    answer = rag.ask("What is the price of a Krypton chip?")
    assert answer.abstained and answer.citations == []
    assert answer.answer == phrase("abstain", "en")
    assert answer.passages
    payload = answer.to_dict()
    assert set(payload) == {"question", "answer", "short_answer", "abstained", "confidence", "band", "read_as", "mode",
                            "note", "unsupported", "claims", "citations", "passages", "timings_ms"}
    assert payload["band"] == "abstained" and payload["short_answer"] is None
    rag.close()


def test_json_citation_fields(built: Settings) -> None:
    rag = Rag.open(built.model_copy(update={"abstain_threshold": 0.0}))
    payload = rag.ask("Combien de puces dans un serveur Krypton ?").to_dict()
    assert {"n", "source", "title", "date", "text", "start", "end", "score"} <= set(payload["citations"][0])
    scores = [p["score"] for p in payload["passages"]]
    assert scores == sorted(scores, reverse=True)
    assert np.isfinite(payload["timings_ms"]["total_ms"])
    rag.close()


def test_the_web_chat_shows_the_short_answer_in_bold_and_a_tentative_answer_as_such() -> None:
    from rag.answer.extractive import Answer, ShortAnswer
    from rag.serve.render import render_answer

    sure = Answer("How many?", "144 — “… 144 puces …” [1]", False, [], [], short_answer=ShortAnswer("144", 1, 10, 13),
                  confidence=0.9, band="answered")
    html = render_answer(sure, "t1")
    assert '<b class="short-answer">144</b> — ' in html and "tentative" not in html
    maybe = Answer("How many?", "The articles may answer this: 144 — “… 144 puces …” [1]", False, [], [],
                   short_answer=ShortAnswer("144", 1, 10, 13), confidence=0.4, band="tentative")
    html = render_answer(maybe, "t2")
    assert 'class="answer tentative"' in html and '<b class="short-answer">144</b>' in html


def test_no_only_when_the_negation_is_about_what_was_asked() -> None:
    """A "not" in another clause ("pour ne pas compter sur Nvidia") or "Non loin de là" is no answer
    to "Does AWS sell its chips?"; "AWS ne vend pas ses processeurs" is."""
    from rag.answer.extractive import _negates_asked
    from rag.answer.placement import anchors

    question = "Does AWS sell its Trainium chips to other companies?"
    says_no = "Amazon Web Services (AWS) ne vend pas ses processeurs Trainium à des tiers."
    elsewhere = "AWS et son Trainium permettent de diversifier les achats, pour ne pas compter sur Nvidia."
    assert _negates_asked(says_no, "fr", anchors(says_no, question, "en", "fr"))
    assert not _negates_asked(elsewhere, "fr", anchors(elsewhere, question, "en", "fr"))
    far = "Non loin de là, les UltraServers accueillent 144 Trainium 3."
    assert not _negates_asked(far, "fr", anchors(far, "Are there Trainium 3 in the UltraServers?", "en", "fr"))


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("\"Nous avons décidé de fabriquer nos propres puces pour avoir une architecture intégrée\"", "fr", True),
    ("Sont d'abord nés, en 2018, Graviton et Inferentia, la première pour le cloud en général.", "fr", False),
    ("Ces entreprises sont bien placées, car elles possèdent déjà de grands centres de données.", "fr", True),
    ("Das Labor wurde gebaut, um die Chips unter Last zu testen.", "de", True),
    ("Lo hicieron porque la demanda crecía.", "es", True),
    ("The lab opened in Austin in 2019.", "en", False),
    ("Amazon builds its own chips because they cost less.", "en", True),
    ("Они построили лабораторию, чтобы тестировать чипы.", "ru", True),
    ("为了降低成本，亚马逊自研芯片。", "zh", True),
])
def test_a_why_question_looks_for_a_sentence_that_gives_a_reason(sentence: str, lang: str, expected: bool) -> None:
    assert gives_reason(sentence, lang) is expected


def test_a_number_that_counts_something_else_does_not_answer_how_many() -> None:
    """"How many UltraServers …?" is not answered by the number of chips in each UltraServer, even
    though the sentence names UltraServers; a sentence that does not name the counted thing in the
    question's words ("How many chips …?" against "144 exemplaires") is left to the rest of the evidence."""
    servers = ("Ce sont les UltraServers, serveurs équipés chacun de 144 exemplaires du Trainium 3, "
               "qui sont mis à l'épreuve avant d'être livrés.")
    assert counts_something_else("Combien d'UltraServers Amazon a-t-il livrés ?", "fr", servers, "fr")
    assert counts_something_else("How many UltraServers has Amazon shipped?", "en", servers, "fr")
    assert not counts_something_else("How many chips are in an UltraServer?", "en", servers, "fr")
    assert not counts_something_else("How many chips are in an UltraServer?", "en", "It holds 144 Trainium chips.", "en")
    assert not counts_something_else("Combien de livres compte-t-elle ?", "fr", "Son fonds compte 85 000 livres.", "fr")
    # a count written in words counts what follows it too (a newcomer's trial abstained at 0.06)
    carroll = "\"Le développement de l'IA requiert des centaines de milliers de puces\", décrit Mark Carroll."
    assert not counts_something_else("Combien de puces faut-il selon Mark Carroll ?", "fr", carroll, "fr")


def _chunk(text: str, section: str = "", lang: str = "fr") -> StoredChunk:
    spans, start = [], 0
    for part in re.split(r"(?<=\.) |\n\n", text):
        start = text.index(part, start)
        spans.append((start, start + len(part)))
        start += len(part)
    return StoredChunk(1, "fete.md", 0, len(text), text, tuple(spans), tuple(range(len(spans))), "Fête du cidre", None,
                       lang, section)


def test_a_list_item_leans_on_the_sentence_that_introduces_its_list() -> None:
    """"21 h : bal folk …" says when the folk ball of the Pleudihen cider festival starts only
    through "La fête du cidre de Pleudihen … Au programme :" above the list."""
    chunk = _chunk("La fête du cidre de Pleudihen aura lieu le 12 avril. Au programme :\n\n"
                   "10 h : ouverture du marché\n\n14 h : concours de pressage\n\n21 h : bal folk")
    assert "La fête du cidre de Pleudihen" in _lead(chunk, 4)
    assert "La fête du cidre de Pleudihen" in _lead(chunk, 2)
    prose = _chunk("La fête du cidre de Pleudihen aura lieu le 12 avril. Le bal folk commence à 21 h. Il est gratuit.")
    assert "Pleudihen" not in _lead(prose, 2)  # prose leans on the sentence before it only


def test_a_sentence_under_a_heading_leans_on_the_heading_and_the_title() -> None:
    chunk = _chunk("Horaires\n\nDu lundi au vendredi, 9 h - 17 h 30.", section="Horaires")
    assert _lead(chunk, 1).splitlines()[:2] == ["Fête du cidre", "Horaires"]


def test_a_line_that_announces_a_list_is_quoted_with_its_items() -> None:
    """"Quel est le programme de la Nuit des musées ?" quoted "Voici le programme de la soirée :"
    alone in a newcomer's trial; the items below it are the answer."""
    chunk = _chunk("La Nuit des musées aura lieu le 16 mai. Voici le programme :\n\n19 h : ouverture\n\n"
                   "22 h : spectacle\n\nLe musée remercie ses mécènes.")
    cands = [Candidate(0, Passage(chunk, 1.0), a, b, chunk.text[a:b], {}, 0.5) for a, b in chunk.sentences]
    shown = _with_items([cands[1]], cands)
    assert [c.text for c in shown] == ["Voici le programme :", "19 h : ouverture", "22 h : spectacle"]
    assert _with_items([cands[0]], cands) == [cands[0]]  # a sentence that announces nothing
    first, _ = chunk.sentences[2]  # the items are candidates of an overlapping passage ranked before
    other = replace(chunk, chunk_id=2, start=first, text=chunk.text[first:], sentences=chunk.sentences[2:])
    shared = [replace(c, passage=Passage(other, 1.0)) for c in cands[2:]]
    assert [c.text for c in _with_items([cands[1]], cands[:2] + shared)][1:] == ["19 h : ouverture", "22 h : spectacle"]


def test_a_pronoun_leans_through_a_chain_of_pronouns_to_the_subject() -> None:
    """"Today it is run by the city council." names the library only two sentences back, through
    "It opened in 1887." (a newcomer's trial: "Who runs the Northgate Harbor Library?")."""
    chain = _chunk("The Northgate Harbor Library is on the quay. It opened in 1887. Today it is run by the council.", lang="en")
    assert "Northgate" in _lead(chain, 2)
    plain = _chunk("The Northgate Harbor Library is on the quay. The festival opened in 1887. The council runs it.", lang="en")
    assert "Northgate" not in _lead(plain, 2)  # the sentence before names its own subject


def test_a_why_answer_without_a_reason_quotes_the_sentence_after_it() -> None:
    """"Pourquoi la bibliothèque a-t-elle fermé en 2019 ?" quoted only "The library closed … in
    2019." in a newcomer's trial; the reason is in the next sentence."""
    chunk = _chunk("The library closed in 2019. Engineers had found cracks in the sea wall. It reopened in 2021.", lang="en")
    cands = [Candidate(0, Passage(chunk, 1.0), a, b, chunk.text[a:b], {"reason_cue": 0.0}, 0.5) for a, b in chunk.sentences]
    assert [c.text for c in _with_reason([cands[0]], cands, "reason")] == [
        "The library closed in 2019.", "Engineers had found cracks in the sea wall."]
    assert _with_reason([cands[0]], cands, "date") == [cands[0]]  # only a why looks for a reason
    given = replace(cands[0], features={"reason_cue": 1.0})
    assert _with_reason([given], cands, "reason") == [given]  # the quote gives one already


def test_a_question_in_the_article_is_never_quoted_as_an_answer(tmp_path) -> None:  # noqa: ANN001
    """A sub-heading asked as a question ("Risques de bulle ?" in the bundled article) was the best
    sentence for a Spanish question about cooling; a question asks, it states nothing."""
    corpus = tmp_path / "harbour"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(
        "Portvale opened a new terminal in March.\n\nWhy did Portvale need a new terminal?\n\n"
        "The old quay could not take container ships.\n", encoding="utf-8")
    settings = Settings.load(corpus_dir=corpus, index_dir=tmp_path / "idx", embedder="hashing", abstain_threshold=0.0)
    build_index(settings)
    rag = Rag.open(settings)
    answer = rag.ask("Why did Portvale need a new terminal?")
    assert answer.citations and all(not c.sentence.endswith("?") for c in answer.citations), answer.answer
    rag.close()
