from __future__ import annotations

import pytest

from rag.answer.phrases import NEGATIONS, PHRASES, phrase
from rag.text import LANGUAGES

KEYS = ("abstain", "lead_in", "tentative", "yes", "no", "closest", "dated")


def test_every_phrase_is_written_in_every_encoder_language() -> None:
    assert set(PHRASES) == set(KEYS)
    for key, texts in PHRASES.items():
        assert set(texts) == set(LANGUAGES), key
        for lang, text in texts.items():
            assert text.strip() == text and text, (key, lang)
            assert phrase(key, lang) == text


def test_unknown_language_falls_back_to_english_and_unknown_key_raises() -> None:
    assert phrase("abstain", "xx") == PHRASES["abstain"]["en"]
    assert phrase("closest", "") == "Closest passages:"
    with pytest.raises(KeyError):
        phrase("no-such-phrase", "en")


def test_existing_answer_wording_is_kept() -> None:
    """The en/fr/es/de wording rag.answer.extractive printed before this module existed (its ABSTAIN_TEXT and _LEAD_IN)."""
    abstain = {
        "en": "The articles do not say. The closest passages are shown below.",
        "fr": "Les articles ne le disent pas. Les passages les plus proches sont affichés ci-dessous.",
        "es": "Los artículos no lo dicen. Debajo se muestran los pasajes más cercanos.",
        "de": "Die Artikel sagen dazu nichts. Die nächstliegenden Passagen stehen unten.",
    }
    lead_in = {"en": "The articles say:", "fr": "D'après les articles :", "es": "Según los artículos:", "de": "Laut den Artikeln:"}
    for lang in ("en", "fr", "es", "de"):
        assert phrase("abstain", lang) == abstain[lang]
        assert phrase("lead_in", lang) == lead_in[lang]
    assert phrase("tentative", "en") == "The articles may answer this:"
    assert (phrase("yes", "en"), phrase("no", "en")) == ("Yes", "No")


def test_punctuation_follows_each_language() -> None:
    for key in ("lead_in", "tentative", "closest"):
        assert phrase(key, "fr").endswith(" :"), key
        assert phrase(key, "zh").endswith("："), key
        assert phrase(key, "ja").endswith("："), key
        assert phrase(key, "en").endswith(":") and not phrase(key, "en").endswith(" :"), key


def test_negations_cover_every_language_in_lower_case() -> None:
    assert set(NEGATIONS) == set(LANGUAGES)
    for lang, words in NEGATIONS.items():
        assert words and len(set(words)) == len(words), lang
        for word in words:
            assert word and word == word.lower() and word.strip() == word, (lang, word)
    assert {"ne", "n'", "pas", "jamais", "aucun"} <= set(NEGATIONS["fr"])
    assert {"not", "n't", "no", "never"} <= set(NEGATIONS["en"])
    assert {"nicht", "kein", "keine", "nie"} <= set(NEGATIONS["de"])
    assert {"не", "нет"} <= set(NEGATIONS["ru"]) and {"不", "没", "未"} <= set(NEGATIONS["zh"])
    assert {"ない", "ません"} <= set(NEGATIONS["ja"])
