"""Years between two events the articles date: "How many years passed between Amazon buying
Annapurna Labs and the arrival of the first Trainium?" -> 5 (2015 to 2020), quoting both sentences.

No sentence states the answer; two sentences of one article state its ends ("… le rachat de la
start-up israélienne Annapurna Labs en 2015", "… avant l'arrivée du premier Trainium, en 2020"). Each
event of the question is matched to the retrieved sentence that holds a year and whose words are
closest to the event's (the encoder's word vectors, as ``word_match`` in
:mod:`rag.answer.evidence`), and to the year nearest those words in it. The confidence is the
weaker event's match (a mean best cosine, at most :data:`HIGHEST`), not a fitted probability:
below :data:`MATCHED` for either event the question is left to the sentences, which then rarely
answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rag.answer.entities import question_names
from rag.answer.phrases import phrase
from rag.answer.retrieval import Passage, Retrieval
from rag.index.wordvectors import content_words
from rag.text import fold
from rag.types import Answer, Citation, Claim, ShortAnswer

#: "how many years (passed) between A and B" and its kin, folded; groups "a" and "b" are the events.
_HOW_LONG = (r"\b(?:how many years|how long|combien d'annees|combien de temps|cuantos anos|cuanto tiempo|"
             r"wie viele jahre|wie lange|quanti anni|quanto tempo|quantos anos|hoeveel jaar)\b.*?")
_BETWEEN_RE = re.compile(
    _HOW_LONG + r"\b(?:between|entre|zwischen|tra|fra|tussen) (?P<a>.+?) (?:and|et|y|e|und|en) (?P<b>.+?)\s*[?？]?\s*$"
)
#: "combien d'années séparent A et B", else "… séparent A de B" ("de" also joins words inside A: "la fondation de Zorglub").
_SEPARATE_RES = tuple(re.compile(
    _HOW_LONG + rf"\b(?:separent|separan|separano) (?P<a>.+?) (?:{joins}) (?P<b>.+?)\s*[?？]?\s*$"
) for joins in ("et|y|e", "de|du|des|da|dal"))
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_WORD_RE = re.compile(r"[^\W\d_]+")
#: The weakest event match (mean best cosine of its words) an answer needs: translations of an
#: event's words score 0.75-0.96 (rag.index.wordvectors), unrelated words 0.3-0.5.
MATCHED = 0.6
#: Each word of an event other than a name must match this well: "buying"/"rachat" 0.62,
#: "arrival"/"arrivée" 0.79, "founding"/"rachat" 0.48 (the acquisition is no founding).
SAME_WORD = 0.55
SAME_NAME = 0.9  # a name is written alike (cosine 1.0) or it is another name
HIGHEST = 0.9  # an arithmetic answer from two matched sentences is never stated as certain


def asked_events(question: str) -> tuple[str, str] | None:
    """The two events of a "how many years between A and B" question (folded), or None."""
    folded = fold(question)
    found = next((m for pattern in (_BETWEEN_RE, *_SEPARATE_RES) if (m := pattern.search(folded))), None)
    return (found.group("a"), found.group("b")) if found else None


@dataclass(frozen=True)
class _Dated:
    passage: Passage
    start: int  # the sentence's offsets in the document
    end: int
    text: str
    year: int
    match: float


def _dated_sentences(passages: list[Passage]) -> list[tuple[Passage, int, int, str]]:
    """(passage, start, end, text) of each distinct sentence of ``passages`` that holds a year."""
    seen: set[int] = set()
    out = []
    for passage in passages:
        chunk = passage.chunk
        for (start, end), sid in zip(chunk.sentences, chunk.sentence_ids):
            text = chunk.text[start - chunk.start : end - chunk.start]
            if sid not in seen and _YEAR_RE.search(text):
                seen.add(sid)
                out.append((passage, start, end, text))
    return out


def _best(event: str, lang: str, names: frozenset[str], sentences: list[tuple[Passage, int, int, str]],
          vectors: Callable[[list[str]], np.ndarray]) -> _Dated | None:
    """The sentence whose words match the event's best (mean best cosine), and its year nearest the
    matched words. A sentence qualifies only when each of the event's other words than ``names``
    matches one of its words at :data:`SAME_WORD` or better ("founding" is not "rachat", 0.48), it
    names one of the event's names if there are any, and the same generation ("Trainium 2")."""
    asked = list(content_words(event, lang))
    if not asked or not sentences:
        return None
    plain = np.array([w not in names for w in asked])
    numbered = re.findall(r"([^\W\d_]+) (\d{1,2})\b", event)  # "trainium 2": not the first Trainium
    best: _Dated | None = None
    for passage, start, end, text in sentences:
        if not all(re.search(rf"\b{re.escape(name)}\s+{n}\b", fold(text)) for name, n in numbered):
            continue
        content = set(content_words(text, passage.chunk.lang))  # not "des", close to everything (0.58 to "founding")
        words = [(m.start(), w) for m in _WORD_RE.finditer(text) if (w := fold(m.group())) in content]
        if not words:
            continue
        table = vectors(asked + [w for _, w in words])
        cosines = table[: len(asked)] @ table[len(asked) :].T  # (event words, sentence words)
        each = cosines.max(axis=1)
        if (plain.any() and each[plain].min() < SAME_WORD) or (not plain.all() and each[~plain].max() < SAME_NAME):
            continue
        if best is not None and float(each.mean()) <= best.match:
            continue
        where = [words[int(j)][0] for j in cosines.argmax(axis=1)]
        years = [(m.start(), int(m.group())) for m in _YEAR_RE.finditer(text)]
        year = min(years, key=lambda y: sum(abs(y[0] - w) for w in where))[1]
        best = _Dated(passage, start, end, text, year, float(each.mean()))
    return best


def years_between_answer(retrieval: Retrieval, band_of: Callable[[float], str],
                         retrieve: Callable[[str], Retrieval] | None = None) -> Answer | None:
    """The answer to a "how many years between A and B" question (see the module's docstring), or
    None when the question asks something else or the articles do not date both events apart.
    ``band_of``: a confidence's band (:func:`rag.answer.extractive.band` with the caller's threshold);
    ``retrieve``: passages for one event alone (the question's passages may all be about the other)."""
    events = asked_events(retrieval.text)
    if events is None or retrieval.words is None:
        return None
    more = [p for event in events for p in retrieve(event).passages] if retrieve else []
    sentences = _dated_sentences(retrieval.passages + more)
    names = frozenset(question_names(retrieval.text))
    pairs = []  # both events dated in one article: a year of another article is no end of this interval
    for doc in dict.fromkeys(passage.chunk.doc_id for passage, *_ in sentences):
        own = [sentence for sentence in sentences if sentence[0].chunk.doc_id == doc]
        first, then = (_best(event, retrieval.lang, names, own, retrieval.words.vectors) for event in events)
        if first is not None and then is not None and first.year != then.year and min(first.match, then.match) >= MATCHED:
            pairs.append((first, then))
    if not pairs:
        return None
    first, then = max(pairs, key=lambda pair: min(pair[0].match, pair[1].match))
    confidence = round(min(first.match, then.match, HIGHEST), 4)
    band = band_of(confidence)
    cites = [Citation(n=i + 1, source=d.passage.chunk.doc_id, title=d.passage.chunk.title, date=d.passage.chunk.date,
                      text=d.passage.chunk.text, passage_start=d.passage.chunk.start, sentence=d.text, start=d.start,
                      end=d.end, score=round(d.match, 4))
             for i, d in enumerate({(d.passage.chunk.doc_id, d.start): d for d in (first, then)}.values())]
    lang = retrieval.reply_lang
    low, high = sorted((first.year, then.year))
    quotes = " ".join(f"“{c.sentence}” [{c.n}]" for c in cites)
    text = f"{high - low} ({low}–{high}) — {quotes}"
    if band == "tentative":
        text = f"{phrase('tentative', lang)} {text}"
    return Answer(retrieval.question, text, False, cites, retrieval.passages, lang,
                  claims=[Claim(f"“{c.sentence}” [{c.n}]", (c.n,), True, c.sentence) for c in cites],
                  short_answer=ShortAnswer(f"{high - low} ({low}–{high})", cites[-1].n, cites[-1].start, cites[-1].end),
                  confidence=confidence, band=band)
