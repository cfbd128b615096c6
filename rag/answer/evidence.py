"""Evidence for the extractive answerer: candidate sentences and the features that judge them.

All features work across languages: stored sentence embeddings, IDF-weighted term coverage
with both sides stemmed the same way, word-level matches through the encoder's word vectors (in
the sentence, around it, and in its whole passage), the strength of the sentence's passage,
whether the sentence holds the kind of answer asked for (an amount for "what price", a duration
for "how long", a date for "when", a number for "how many"), and, for a "why", whether it gives
a reason or a purpose (:mod:`rag.answer.reasons`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from rag.answer.answer_types import (
    answer_type,
    asks_since_when,
    wants_a_person,
    wants_a_role,
    without_type_words,
    yes_no_framed,
)
from rag.answer.asked import of_another_year, prices_something_else
from rag.answer.entities import about_another_name, names_what_the_passage_lacks, owners, written_words
from rag.answer.events import misses_the_event
from rag.answer.phrases import negative
from rag.answer.placement import anchors, proximity
from rag.answer.reasons import gives_reason
from rag.answer.retrieval import Passage, Retrieval
from rag.answer.roles import holds_another_role, states_a_role
from rag.answer.spans import NUMBER_WORDS, pick_span, words_after_counts
from rag.index.wordvectors import content_words, word_match
from rag.ingest.antecedents import leans_back
from rag.ingest.chunking import title_id
from rag.text import content_terms, fold
from rag.types import StoredChunk

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r")s?\b")
_ENDS_SENTENCE_RE = re.compile(r"[.!?…。！？»\"”)\]]\s*$")
_QUESTION_RE = re.compile(r"[?？؟][\s\"'»”’)\]]*$")  # "Risques de bulle ?": it asks; it states nothing
_UNIT_RE = re.compile(r"(\d+(?:[ .,]\d{3})*(?:[.,]\d+)?)\s*(?:%\s*)?(?:de |d'|of )?([^\W\d_]{3,})")


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, its features and (once scored) its support probability."""

    passage_rank: int
    passage: Passage
    start: int
    end: int
    text: str
    features: dict[str, float]
    probability: float = 0.0


#: The span kind (:data:`rag.answer.spans.KINDS`) that answers each answer type.
SPAN_KIND = {"number": "count", "money": "money", "percent": "percent", "date": "date", "duration": "duration",
             "person": "person", "name": "name", "contact": "contact", "address": "address", "role": "role"}


def has_answer_of_type(sentence: str, kind: str, question: str = "") -> bool | None:
    """Whether the sentence holds an answer of that kind that the question did not already contain.

    None when it cannot tell: names in a script without capitals (Chinese, Arabic, Thai, ...).
    """
    if kind in ("person", "name", "role") and not any(ch.isupper() for ch in sentence):
        return None
    found = pick_span(sentence, SPAN_KIND.get(kind, "count"), question) is not None
    found = found or kind == "date" and asks_since_when(question) and pick_span(sentence, "duration", question) is not None
    if kind == "person" and not found and not wants_a_person(question):
        return None  # "who" may be answered by a body ("le conseil communautaire"), not only by a full name
    if kind == "role" and not found and not wants_a_role(question):
        return None  # "Who is X?" may be answered by what X did, not only by a role
    return found


def unit_match(question: str, q_lang: str, sentence: str, s_lang: str) -> float:
    """1 when a number of the sentence is followed by a word of the question: "Combien de livres"
    and "85 000 livres", "how many stations" and "12 stations" (a count of the asked thing, not
    of something else: "dix ans"). Compared stemmed, in the sentence's language."""
    asked = content_terms(question, q_lang, stem_lang=s_lang)
    numbers = {m.group() for m in _NUMBER_RE.finditer(fold(question))}
    for match in _UNIT_RE.finditer(fold(sentence)):
        if match.group(1) not in numbers and content_terms(match.group(2), s_lang) & asked:
            return 1.0
    return 0.0


_COUNTED_RE = re.compile(
    r"\b(?:how many|combien d(?:e\s|')|cuant[oa]s|wie viele|quant[ie]|quantos|quantas|hoeveel|сколько)\s*"
    r"((?:[^\W\d_]+\s+){0,1}[^\W\d_]+)"
)

#: A number and the next three words: what it counts ("144 Trainium chips", "144 exemplaires du Trainium").
_COUNT_UNIT_RE = re.compile(rf"(?:{_NUMBER_RE.pattern})\s*((?:[^\W\d_]+['\s]*){{1,3}})")


@lru_cache(maxsize=1024)
def _counted(question: str, q_lang: str, s_lang: str) -> frozenset[str]:
    """What a "how many" question counts, stemmed the sentence's way; empty for other questions."""
    asked = _COUNTED_RE.search(fold(question))
    if asked is None or answer_type(question) != "number":
        return frozenset()
    return frozenset(content_terms(asked.group(1), q_lang, stem_lang=s_lang))


def counts_something_else(question: str, q_lang: str, sentence: str, s_lang: str) -> bool:
    """Whether the thing a "how many" question counts is in the sentence, but no number of the
    sentence counts it: "Combien d'UltraServers Amazon a-t-il livrés ?" is not answered by "les
    UltraServers, serveurs équipés chacun de 144 exemplaires du Trainium 3" (144 counts chips). False when the
    counted thing is not in the sentence in the same words: "How many chips …?" may be answered in
    French by "144 exemplaires", which only the rest of the evidence can tell.
    """
    counted = _counted(question, q_lang, s_lang)
    if not counted or not counted & content_terms(sentence, s_lang):
        return False
    after = [m.group(1) for m in _COUNT_UNIT_RE.finditer(fold(sentence))] + words_after_counts(sentence)
    units = set().union(*(content_terms(words, s_lang) for words in after))
    return not counted & units


_DATED_KINDS = frozenset({"number", "money", "percent"})  # kinds of answer that hold for a time: a count, an amount, a share


#: Kinds of answer that belong to one of an article's names and to one time: a figure, a date, a span of time.
_TIMED_KINDS = _DATED_KINDS | {"date", "duration"}


def _answers_something_else(retrieval: Retrieval, chunk: StoredChunk, position: int, text: str, typed: bool) -> bool:
    """Whether the sentence ``text`` (at ``position`` in ``chunk``) answers another question than the
    one asked, whatever else it matches: a span of the wanted kind (``typed``) that counts or prices
    something else; or, for a question wanting a span, another event than the one asked about
    ("Qui a fondé …" and a takeover), someone in another role, or a figure or date of the title's other name."""
    question, asked = retrieval.text, answer_type(retrieval.text)
    before = _sentences(chunk, (position - 1,))[0] if position else ""
    if typed and (counts_something_else(question, retrieval.lang, text, chunk.lang)
                  or prices_something_else(question, retrieval.lang, text, before, chunk.lang, chunk.title)):
        return True
    if asked not in SPAN_KIND:
        return False
    return misses_the_event(question, text, before, chunk.lang) or (
        asked == "person" and holds_another_role(question, text, retrieval.words.vectors if retrieval.words else None)) or (
        asked == "person" and wants_a_person(question) and not states_a_role(text)) or (
        asked in _TIMED_KINDS and about_another_name(question, text, chunk.title, before))


def type_feature(question: str, sentence: str, lang: str = "") -> float:
    """+1 when the sentence holds the kind of answer asked for, -1 when it does not, 0 when unknown.

    0, not -1, for a negative sentence (in ``lang``) when the question opens as a yes/no one: "Amazon
    a-t-il annoncé quand sortira le Trainium 4 ?" is settled by "… dont la date de lancement n'a
    pas encore été révélée", which holds no date."""
    kind = answer_type(question)
    if kind is None or kind not in SPAN_KIND:
        return 0.0
    found = has_answer_of_type(sentence, kind, question)
    if found is False and yes_no_framed(question) and negative(sentence, lang):
        return 0.0
    return 0.0 if found is None else 1.0 if found else -1.0


def coverage(
    question: str, q_lang: str, sentence: str, s_lang: str, idf: dict[str, float] | None = None, given: str = ""
) -> float:
    """IDF-weighted share of the question's terms found in the sentence.

    The question is stemmed both its own way and the sentence's way (names and numbers are what
    match across languages); rare terms ("hyperscalers") count more than ubiquitous ones. With
    ``idf``, only terms the index knows count: a word no document has cannot tell sentences apart.
    With ``given`` (the document's title or section), only the question's terms that it does not
    already hold count: its focus. "Qui dirige la médiathèque ?" under the title "La médiathèque
    fête ses dix ans" is about "dirige"; a sentence that only names the médiathèque adds nothing.
    When ``given`` holds every term, the plain coverage is returned.
    """
    best = 0.0
    for lang in dict.fromkeys((q_lang, s_lang)):  # both sides through the same stemmer each time
        q_terms = content_terms(question, q_lang, stem_lang=lang)
        focus = q_terms - content_terms(given, s_lang, stem_lang=lang) if given else q_terms
        q_terms = focus or q_terms
        s_terms = content_terms(sentence, s_lang, stem_lang=lang)
        weight = {t: idf[t] for t in q_terms if t in idf} if idf is not None else dict.fromkeys(q_terms, 1.0)
        total = sum(weight.values())
        if total > 0:
            best = max(best, sum(w for t, w in weight.items() if t in s_terms) / total)
    return best


def _neighbour(similarity: list[float], position: int) -> float:
    """Best similarity of the sentences right before and after: context a lone sentence lacks."""
    return max(similarity[max(position - 1, 0) : position] + similarity[position + 1 : position + 2], default=0.0)


def _title_cosines(retrieval: Retrieval, chunk: StoredChunk, sid: int) -> tuple[float, float]:
    """The sentence's cosine with the question once the title's direction is taken out of both,
    and its cosine read together with its title; both the plain cosine without a title.

    With q, s and t unit vectors (question, sentence, title): the cosine of q - (q.t)t and
    s - (s.t)t is (q.s - (q.t)(s.t)) / sqrt((1 - (q.t)^2)(1 - (s.t)^2)), what the sentence says
    about the question beyond the topic everyone in the document shares ("Who runs the
    Jean-Rostand media library?" leans to "Elle est dirigée par ..." rather than to the sentence
    that only names the library); cos(q, s + t) = (q.s + q.t) / sqrt(2 + 2 s.t), the sentence
    read under its title ("Elle est dirigée par Thomas Le Gall." says nothing about the
    médiathèque on its own). From stored vectors only: nothing is embedded again.
    """
    qs = retrieval.sentence_similarity.get(sid, 0.0)
    st = retrieval.topic_similarity.get(sid)
    if st is None:
        return qs, qs
    qt = retrieval.sentence_similarity.get(title_id(chunk.doc_id, chunk.topic), 0.0)
    focus = (qs - qt * st) / math.sqrt(max(1e-6, (1 - qt * qt) * (1 - st * st)))
    return max(-1.0, min(1.0, focus)), (qs + qt) / math.sqrt(max(1e-6, 2 + 2 * st))


def _sentences(chunk: StoredChunk, positions: tuple[int, ...]) -> list[str]:
    """The texts of the chunk's sentences at ``positions`` that exist, in that order."""
    return [chunk.text[start - chunk.start : end - chunk.start]
            for start, end in (chunk.sentences[i] for i in positions if 0 <= i < len(chunk.sentences))]


def _context(chunk: StoredChunk, position: int) -> str:
    """What a sentence leans on: the document's title, its section's headings and the sentences
    around it.

    "Elle est dirigée par Thomas Le Gall." names its subject only in the previous sentence;
    "Du lundi au vendredi, 9 h - 18 h." only in its heading ("Horaires") and the page's title;
    a letterhead line only in the letter that follows it.
    """
    parts = [chunk.title, chunk.section] if chunk.section else [chunk.title]
    return "\n".join(parts + _sentences(chunk, (position - 1, position + 1)))


def _lead(chunk: StoredChunk, position: int) -> str:
    """What a sentence's pronouns can point back to: its section's headings and the sentence
    before it ("Elle est dirigée par …" after "La médiathèque Jean-Rostand …").

    Not the sentence after: anaphora looks back, and the opening sentence would borrow the facts
    of the one that follows. Nor the document's title, which every sentence shares and which
    restates the opening sentence; but a sentence under a heading leans on both: on a page
    "Maison France Services de Guichen", "Du lundi au vendredi, 9 h - 17 h 30." answers the
    opening hours of the Maison only through "## Horaires" and the title. A line of its own that ends without a full stop (a
    letterhead, a heading, a label) leans on the sentence that follows it: "Cabinet Marchetti &
    Associés" on the letter it heads. (Any unpunctuated sentence, line or not, cost 0.010 and
    0.019 of end-to-end accuracy on PIAF and XQuAD en→es: scripts/calibrate.py, 2026-12-01.)
    """
    parts = [chunk.title, chunk.section] if chunk.section else []
    end = chunk.sentences[position][1] - chunk.start
    label = chunk.text[end : end + 1] in ("\n", "") and not _ENDS_SENTENCE_RE.search(_sentences(chunk, (position,))[0])
    parts += _sentences(chunk, _list_intro(chunk, position))
    back = [position - 1]
    while len(back) < 3 and back[-1] > 0 and leans_back(_sentences(chunk, (back[-1],))[0], chunk.lang):
        back.append(back[-1] - 1)  # "Today it is run by …" after "It opened in 1887 …" after "The Library is …"
    return "\n".join(parts + _sentences(chunk, (*back, position + 1) if label else tuple(back)))


def own_line(chunk: StoredChunk, position: int) -> bool:
    """Whether the chunk's sentence at ``position`` is a line of its own (a list item, a table row, a label)."""
    start, end = (offset - chunk.start for offset in chunk.sentences[position])
    return chunk.text[start - 1 : start] in ("\n", "") and chunk.text[end : end + 1] in ("\n", "")


def _list_intro(chunk: StoredChunk, position: int) -> tuple[int, ...]:
    """Positions of what introduces the list a sentence is an item of: the line ending with a
    colon above the items and the sentence before it ("La fête du cidre de Pleudihen … Au
    programme :" above "21 h : bal folk …"), as a table row carries its header. Empty for a
    sentence that is not a line of its own below such a colon."""
    if not own_line(chunk, position):
        return ()
    for j in range(position - 1, -1, -1):
        if _sentences(chunk, (j,))[0].rstrip().endswith(":"):
            return (j - 1, j)
        if not own_line(chunk, j):
            return ()
    return ()


def _proximity(retrieval: Retrieval, cand: Candidate) -> float:
    """:func:`rag.answer.placement.proximity` of the wanted span to the question's words (matched by stem) in the sentence."""
    kind = SPAN_KIND[answer_type(retrieval.text) or ""]
    where = anchors(cand.text, retrieval.text, retrieval.lang, cand.passage.chunk.lang)
    return proximity(cand.text, kind, retrieval.text, where)


def _word_features(
    retrieval: Retrieval, found: list[Candidate], contexts: list[str], leads: list[str]
) -> list[dict[str, float]]:
    """``word_match``: the mean, over the question's content words, of each word's best cosine
    with a word of the sentence; ``focus_word_match``: the weakest question word's best cosine in
    the sentence or its context (heading, neighbours); ``lead_word_match``: the mean of each
    word's best cosine in the sentence or what it leans on (:func:`_lead`), so that "Elle est
    dirigée depuis 2022 par Thomas Le Gall." matches "Who runs the Jean-Rostand media library?"
    through the sentence before it. "In what year was Annapurna Labs founded?"
    finds "Annapurna", "Labs" and a year in "… le rachat de la start-up israélienne Annapurna
    Labs en 2015", but "founded" only as far as "rachat" (0.45), not as "fondée" (0.78).
    ``span_proximity`` (typed questions): see :func:`_proximity`. ``passage_word_match``: the
    mean best cosine of the question's words in the sentence's whole passage and title: a
    sentence on a cost in an article about another firm does not answer what "le déménagement
    de l'usine Hartmann" costs. One dict per candidate, in order."""
    asked = content_words(without_type_words(retrieval.text), retrieval.lang)
    typed = (answer_type(retrieval.text) or "") in SPAN_KIND
    extra = [{"span_proximity": _proximity(retrieval, c) if typed and c.features["type_match"] else 0.0,
              "word_match": 0.0, "focus_word_match": 0.0, "passage_word_match": 0.0, "lead_word_match": 0.0}
             for c in found]
    if retrieval.words is None or not asked:
        return extra
    own = [content_words(c.text, c.passage.chunk.lang) for c in found]
    around = [content_words(text, c.passage.chunk.lang) for c, text in zip(found, contexts)]
    behind = [content_words(text, c.passage.chunk.lang) for c, text in zip(found, leads)]
    passages = {c.passage.chunk.chunk_id: content_words(f"{c.passage.chunk.title}\n{c.passage.chunk.text}",
                                                        c.passage.chunk.lang) for c in found}
    vocabulary = list(dict.fromkeys(w for words in own + around + behind + list(passages.values()) for w in words))
    vectors = retrieval.words.vectors(list(asked) + vocabulary)
    q, table = vectors[: len(asked)], vectors[len(asked):]
    row = {w: i for i, w in enumerate(vocabulary)}

    def match(words: tuple[str, ...]) -> np.ndarray:
        return word_match(q, table[[row[w] for w in words]]) if words else np.zeros(len(asked))

    whole = {cid: float(match(words).mean()) for cid, words in passages.items()}
    for features, words, near, back, cand in zip(extra, own, around, behind, found):
        inside, context = match(words), match(near)
        features["lead_word_match"] = float(np.maximum(inside, match(back)).mean())
        features["passage_word_match"] = whole[cand.passage.chunk.chunk_id]
        features["word_match"] = float(inside.mean())
        features["focus_word_match"] = float(np.maximum(inside, context).min())
        features["weakest_word_match"] = float(inside.min())  # not a model input: what a "yes" needs
    return extra


def candidates(retrieval: Retrieval) -> list[Candidate]:
    """Every distinct sentence of the retrieved passages, with its features."""
    seen: set[int] = set()
    found: list[Candidate] = []
    contexts: list[str] = []
    leads: list[str] = []
    top_score = max((p.score for p in retrieval.passages), default=0.0)
    asked = answer_type(retrieval.text)
    why = asked == "reason"
    written = written_words([f"{p.chunk.title}\n{p.chunk.section}\n{p.chunk.text}" for p in retrieval.passages]
                            ) if owners(retrieval.text) else frozenset()  # only an owner is looked up in them
    for rank, passage in enumerate(retrieval.passages):
        chunk = passage.chunk
        similarity = [retrieval.sentence_similarity.get(i, 0.0) for i in chunk.sentence_ids]
        # properties of the passage, not of each sentence: its text, title and date name the question's year; it
        # names what the question names
        another_year = asked in _DATED_KINDS and of_another_year(retrieval.text, f"{chunk.title}\n{chunk.text}\n{chunk.date or ''}")
        lacks = names_what_the_passage_lacks(retrieval.text, retrieval.lang, f"{chunk.title}\n{chunk.section}\n{chunk.text}",
                                             chunk.lang, written)
        for position, ((start, end), sid) in enumerate(zip(chunk.sentences, chunk.sentence_ids)):
            if sid in seen:
                continue
            seen.add(sid)
            text = _sentences(chunk, (position,))[0]
            if chunk.section and text.strip() == chunk.section.rsplit(" › ", 1)[-1] or _QUESTION_RE.search(text):
                continue  # the heading that opens a section names it, a question asks: neither states anything
            kind = type_feature(retrieval.text, text, chunk.lang)
            if kind > 0 and another_year or lacks or _answers_something_else(retrieval, chunk, position, text, kind > 0):
                kind = -1.0
            context = _context(chunk, position)
            focus_dense, context_dense = _title_cosines(retrieval, chunk, sid)
            own = coverage(retrieval.text, retrieval.lang, text, chunk.lang, retrieval.term_idf)
            features = {
                "dense": retrieval.sentence_similarity.get(sid, 0.0),
                "coverage": own,
                "focus_dense": focus_dense,
                "context_dense": context_dense,
                "focus_coverage": coverage(retrieval.text, retrieval.lang, f"{chunk.section}\n{text}", chunk.lang,
                                           retrieval.term_idf, given=chunk.topic),
                "unit_match": unit_match(retrieval.text, retrieval.lang, text, chunk.lang) if kind > 0 else 0.0,
                "context_coverage": max(own, coverage(retrieval.text, retrieval.lang, f"{context}\n{text}",
                                                      chunk.lang, retrieval.term_idf)) if context else own,
                "passage": passage.score / top_score if top_score > 0 else 0.0,
                "passage_dense": passage.dense_score or 0.0,
                "neighbour_dense": _neighbour(similarity, position),
                "reason_cue": float(why and gives_reason(text, chunk.lang)),
                "type_match": float(kind > 0),
                "type_mismatch": float(kind < 0),
            }
            found.append(Candidate(rank, passage, start, end, text, features))
            contexts.append(context)
            leads.append(_lead(chunk, position))
    extra = _word_features(retrieval, found, contexts, leads)
    best_dense = max((c.features["dense"] for c in found), default=0.0)
    return [replace(c, features=c.features | e | {"dense_gap": best_dense - c.features["dense"]})
            for c, e in zip(found, extra)]


