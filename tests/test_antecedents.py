"""A sentence that names its subject by a pronoun is embedded with its antecedent's subject (issue 12)."""

from __future__ import annotations

from rag.ingest.antecedents import read_with_antecedents, sentence_texts, subject_phrase
from rag.types import Chunk


def test_the_subject_phrase_is_the_opening_noun_phrase_with_its_name() -> None:
    assert subject_phrase("La médiathèque Jean-Rostand de Saint-Brieuc fête cette année ses dix ans.", "fr") == (
        "La médiathèque Jean-Rostand de Saint-Brieuc")
    assert subject_phrase("The Library of Congress opened in 1800.", "en") == "The Library of Congress"
    assert subject_phrase("Kristopher King explique le test.", "fr") == "Kristopher King"
    assert subject_phrase("L'entreprise Amazon Web Services vend des puces.", "fr") == "L'entreprise Amazon Web Services"


def test_a_sentence_that_opens_otherwise_has_no_subject_phrase() -> None:
    assert subject_phrase("En 2015, Amazon a racheté Annapurna Labs.", "fr") is None  # a preposition
    assert subject_phrase("Pourtant, cette réorientation s'accompagne de risques.", "fr") is None  # an adverb
    assert subject_phrase("这家图书馆有十年历史。", "zh") is None  # no determiners listed: left as it is


def test_pronoun_sentences_are_read_after_their_antecedent_and_others_as_written() -> None:
    sentences = ["La médiathèque Jean-Rostand de Saint-Brieuc fête ses dix ans.",
                 "Elle est dirigée depuis 2022 par Thomas Le Gall.", "Son fonds compte 85 000 livres.",
                 "Le maire a salué le travail des bibliothécaires."]
    assert read_with_antecedents(sentences, "fr") == [
        sentences[0],
        "La médiathèque Jean-Rostand de Saint-Brieuc. Elle est dirigée depuis 2022 par Thomas Le Gall.",
        "La médiathèque Jean-Rostand de Saint-Brieuc. Son fonds compte 85 000 livres.",  # past another pronoun
        sentences[3],
    ]


def test_sentence_texts_follow_document_order_across_overlapping_chunks() -> None:
    text = "The Harbour Museum opened in 1887. It holds 4,000 maps. Its café closes at six."
    spans = [(0, 34), (35, 55), (56, 80)]
    chunks = [Chunk(1, "m.txt", 0, 55, text[:55], tuple(spans[:2]), (11, 12)),
              Chunk(2, "m.txt", 35, 80, text[35:80], tuple(spans[1:]), (12, 13))]
    assert sentence_texts(chunks, {"m.txt": "en"}) == {
        11: "The Harbour Museum opened in 1887.",
        12: "The Harbour Museum. It holds 4,000 maps.",
        13: "The Harbour Museum. Its café closes at six.",
    }
