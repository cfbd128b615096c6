"""Evidence for the extractive answerer: candidate sentences and the features that judge them.

All features work across languages: stored sentence embeddings, IDF-weighted term coverage
with both sides stemmed the same way, the strength of the sentence's passage, and whether the
sentence holds the kind of answer asked for (an amount for "what price", a duration for "how
long", a date for "when", a number for "how many").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.retrieval import Passage, Retrieval
from rag.text import content_terms, fold

_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand million billion "
    "deux trois quatre cinq six sept huit neuf dix onze douze vingt trente quarante cinquante cent mille milliard "
    "dos tres cuatro cinco seis siete ocho nueve diez cien mil millon "
    "zwei drei vier funf sechs sieben acht neun zehn hundert tausend milliarde"
).split()
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?|\b(?:" + "|".join(_NUMBER_WORDS) + r")s?\b")
_MONTHS = (
    "january february march april may june july august september october november december "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "januar februar marz juni juli oktober dezember"
).split()
_DATE_RE = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b|\b(?:" + "|".join(_MONTHS) + r")\b")
_WANTS_DATE_RE = re.compile(
    r"\b(when|what year|which year|since when|quand|depuis quand|en quelle annee|quelle annee|a quelle date|"
    r"cuando|en que ano|wann|in welchem jahr|seit wann)\b"
)
_WANTS_MONEY_RE = re.compile(
    r"\b(price|prices|priced|prix|precio|preis|tarif|how much (does|do|did|is|are|was|were)\b.*\bcost|"
    r"combien coute|combien coutent|cuanto cuesta|was kostet)\b"
)
_MONEY_RE = re.compile(r"[$€£¥]|\b(dollars?|euros?|usd|eur|livres? sterling|yens?|francs?|dolares)\b")
_TIME_UNITS = (
    "seconds? minutes? hours? days? weeks? months? years? decades? "
    "secondes? heures? jours? semaines? mois ans annees? decennies? "
    "segundos? minutos? horas? dias? semanas? meses? anos? "
    "sekunden minuten stunden tage[n]? wochen monate[n]? jahre[n]?"
).split()
_WANTS_DURATION_RE = re.compile(
    r"\b(how long|for how long|how many (seconds|minutes|hours|days|weeks|months|years)|combien de temps|"
    r"pendant combien|en combien de temps|depuis combien de temps|cuanto tiempo|wie lange)\b"
)
_DURATION_RE = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s+(?:" + "|".join(_TIME_UNITS) + r")\b"
)
_WANTS_NUMBER_RE = re.compile(
    r"\b(how (many|much|long|old|fast|far|often)|by how much|what (percentage|share|proportion|amount|number|price|value)|"
    r"combien|de combien|quel(le)? (est le |est la )?(nombre|montant|prix|pourcentage|valeur)|cuant[oa]s?|"
    r"wie (viele?|lange|hoch))\b"
)

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


def answer_type(question: str) -> str | None:
    """"money", "duration", "date", "number" or None: what kind of answer the question asks for."""
    folded = fold(question)
    if _WANTS_MONEY_RE.search(folded):
        return "money"
    if _WANTS_DURATION_RE.search(folded):
        return "duration"
    if _WANTS_DATE_RE.search(folded):
        return "date"
    if _WANTS_NUMBER_RE.search(folded):
        return "number"
    return None


def has_answer_of_type(sentence: str, kind: str, question: str = "") -> bool:
    """Whether the sentence holds a number (date, amount) that the question did not already contain."""
    pattern = {"date": _DATE_RE, "money": _MONEY_RE, "duration": _DURATION_RE}.get(kind, _NUMBER_RE)
    asked = set(pattern.findall(fold(question)))
    return any(found not in asked for found in pattern.findall(fold(sentence)))


def type_feature(question: str, sentence: str) -> float:
    kind = answer_type(question)
    if kind is None:
        return 0.0
    return 1.0 if has_answer_of_type(sentence, kind, question) else -1.0


def coverage(question: str, q_lang: str, sentence: str, s_lang: str, idf: dict[str, float] | None = None) -> float:
    """IDF-weighted share of the question's terms found in the sentence.

    The question is stemmed both its own way and the sentence's way (names and numbers are what
    match across languages); rare terms ("hyperscalers") count more than ubiquitous ones. With
    ``idf``, only terms the index knows count: a word no document has cannot tell sentences apart.
    """
    best = 0.0
    for lang in dict.fromkeys((q_lang, s_lang)):  # both sides through the same stemmer each time
        q_terms = content_terms(question, q_lang, stem_lang=lang)
        s_terms = content_terms(sentence, s_lang, stem_lang=lang)
        weight = {t: idf[t] for t in q_terms if t in idf} if idf is not None else dict.fromkeys(q_terms, 1.0)
        total = sum(weight.values())
        if total > 0:
            best = max(best, sum(w for t, w in weight.items() if t in s_terms) / total)
    return best


def _neighbour(similarity: list[float], position: int) -> float:
    """Best similarity of the sentences right before and after: context a lone sentence lacks."""
    return max(similarity[max(position - 1, 0) : position] + similarity[position + 1 : position + 2], default=0.0)


def candidates(retrieval: Retrieval) -> list[Candidate]:
    """Every distinct sentence of the retrieved passages, with its features."""
    seen: set[int] = set()
    found: list[Candidate] = []
    top_score = max((p.score for p in retrieval.passages), default=0.0)
    for rank, passage in enumerate(retrieval.passages):
        chunk = passage.chunk
        similarity = [retrieval.sentence_similarity.get(i, 0.0) for i in chunk.sentence_ids]
        for position, ((start, end), sid) in enumerate(zip(chunk.sentences, chunk.sentence_ids)):
            if sid in seen:
                continue
            seen.add(sid)
            text = chunk.text[start - chunk.start : end - chunk.start]
            kind = type_feature(retrieval.question, text)
            features = {
                "dense": retrieval.sentence_similarity.get(sid, 0.0),
                "coverage": coverage(retrieval.question, retrieval.lang, text, chunk.lang, retrieval.term_idf),
                "passage": passage.score / top_score if top_score > 0 else 0.0,
                "passage_dense": passage.dense_score or 0.0,
                "neighbour_dense": _neighbour(similarity, position),
                "type_match": float(kind > 0),
                "type_mismatch": float(kind < 0),
            }
            found.append(Candidate(rank, passage, start, end, text, features))
    best_dense = max((c.features["dense"] for c in found), default=0.0)
    for cand in found:
        cand.features["dense_gap"] = best_dense - cand.features["dense"]
    return found


