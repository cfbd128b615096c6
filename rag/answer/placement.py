"""Where a span sits among the question's words in its sentence: the short answer is the span
next to what the question names, and how close it is tells the answerer how well the sentence
answers (``span_proximity``)."""

from __future__ import annotations

import re

from rag.answer.answer_types import without_type_words
from rag.answer.spans import pick_span
from rag.text import content_terms


def anchors(sentence: str, question: str, q_lang: str, s_lang: str) -> list[int]:
    """Offsets of the sentence's words that the question also holds (stemmed the sentence's way),
    but for the words that ask for the kind of answer: "cost" in "How much does a sourdough loaf
    cost?" sits next to every price ("… a box of six pastries costs £12"), not next to the loaf's."""
    asked = content_terms(without_type_words(question), q_lang, stem_lang=s_lang)
    return [m.start() for m in re.finditer(r"\w+", sentence) if content_terms(m.group(), s_lang) & asked]


def proximity(sentence: str, kind: str, question: str, where: list[int]) -> float:
    """How close the answer span is to the question's words in the sentence: 1 / (1 + d / 20),
    d in characters from the span's middle to the nearest of ``where``; 0 without a span or words.

    Answers sit next to what the question names: "… le rachat de la start-up israélienne
    Annapurna Labs en 2015" for "When did Amazon acquire Annapurna Labs?", not a month at the
    far end of a sentence about the Austin lab.
    """
    span = pick_span(sentence, kind, question, where)
    if span is None or not where:
        return 0.0
    distance = min(abs(a - (span.start + span.end) / 2) for a in where)
    return 1.0 / (1.0 + distance / 20.0)
