"""The default answerer: no LLM, it quotes the sentence(s) of the passages that answer.

Every candidate sentence gets a support probability from a small logistic model over
cross-lingual features (embedding similarity, stored at index time; query-term coverage, retrieval rank, and
whether the sentence has the kind of answer asked for, e.g. a number for "how many").
The coefficients and the abstention threshold are fitted on held-out QA data by
``scripts/calibrate.py``; below the threshold the answerer says the articles do not say.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rag.retrieval import Passage, Retrieval
from rag.text import content_terms, fold

#: Inputs of the support model, in the order scripts/calibrate.py fits them.
FEATURES = ("dense", "dense_gap", "coverage", "passage", "type")

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

ABSTAIN_TEXT = {
    "en": "The articles do not say. The closest passages are shown below.",
    "fr": "Les articles ne le disent pas. Les passages les plus proches sont affichés ci-dessous.",
    "es": "Los artículos no lo dicen. Debajo se muestran los pasajes más cercanos.",
    "de": "Die Artikel sagen dazu nichts. Die nächstliegenden Passagen stehen unten.",
}
_LEAD_IN = {"en": "The articles say:", "fr": "D'après les articles :", "es": "Según los artículos:", "de": "Laut den Artikeln:"}


@dataclass(frozen=True)
class Citation:
    """One numbered citation: the passage, and the exact supporting sentence inside its document."""

    n: int
    source: str
    title: str
    date: str | None
    text: str  # the whole passage
    sentence: str
    start: int  # offsets of `sentence` in the document text
    end: int
    score: float


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    passages: list[Passage]
    lang: str = "en"
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [vars(c) for c in self.citations],
            "passages": [
                {
                    "source": p.chunk.doc_id,
                    "title": p.chunk.title,
                    "date": p.chunk.date,
                    "text": p.chunk.text,
                    "start": p.chunk.start,
                    "end": p.chunk.end,
                    "score": round(p.score, 6),
                }
                for p in self.passages
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


@dataclass(frozen=True)
class Candidate:
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
    match across languages); rare terms ("hyperscalers") count more than ubiquitous ones.
    """
    s_terms = content_terms(sentence, s_lang)
    best = 0.0
    for lang in dict.fromkeys((q_lang, s_lang)):
        q_terms = content_terms(question, q_lang, stem_lang=lang)
        if not q_terms:
            continue
        weight = {t: (idf or {}).get(t, 1.0) for t in q_terms}
        total = sum(weight.values())
        if total > 0:
            best = max(best, sum(w for t, w in weight.items() if t in s_terms) / total)
    return best


def candidates(retrieval: Retrieval) -> list[Candidate]:
    """Every distinct sentence of the retrieved passages, with its features."""
    seen: set[int] = set()
    found: list[Candidate] = []
    top_score = max((p.score for p in retrieval.passages), default=0.0)
    for rank, passage in enumerate(retrieval.passages):
        chunk = passage.chunk
        for (start, end), sid in zip(chunk.sentences, chunk.sentence_ids):
            if sid in seen:
                continue
            seen.add(sid)
            text = chunk.text[start - chunk.start : end - chunk.start]
            features = {
                "dense": retrieval.sentence_similarity.get(sid, 0.0),
                "coverage": coverage(retrieval.question, retrieval.lang, text, chunk.lang, retrieval.term_idf),
                "passage": passage.score / top_score if top_score > 0 else 0.0,
                "type": type_feature(retrieval.question, text),
            }
            found.append(Candidate(rank, passage, start, end, text, features))
    best_dense = max((c.features["dense"] for c in found), default=0.0)
    for cand in found:
        cand.features["dense_gap"] = best_dense - cand.features["dense"]
    return found


@lru_cache(maxsize=1)
def answer_model() -> dict:
    """Coefficients and threshold fitted by scripts/calibrate.py, shipped as package data."""
    return json.loads(Path(__file__).with_name("answer_model.json").read_text(encoding="utf-8"))


def probability(features: dict[str, float]) -> float:
    coefficients = answer_model()["coefficients"]
    z = coefficients["bias"] + sum(coefficients[name] * features[name] for name in FEATURES)
    return 1.0 / (1.0 + math.exp(-z))


def score_candidates(retrieval: Retrieval) -> list[Candidate]:
    """Candidates with their support probability, best first."""
    scored = [
        Candidate(c.passage_rank, c.passage, c.start, c.end, c.text, c.features, probability(c.features))
        for c in candidates(retrieval)
    ]
    return sorted(scored, key=lambda c: -c.probability)


def _support(best: list[Candidate]) -> list[Citation]:
    return [
        Citation(
            n=i + 1,
            source=c.passage.chunk.doc_id,
            title=c.passage.chunk.title,
            date=c.passage.chunk.date,
            text=c.passage.chunk.text,
            sentence=c.text,
            start=c.start,
            end=c.end,
            score=round(c.probability, 4),
        )
        for i, c in enumerate(best)
    ]


def choose(
    scored: list[Candidate], threshold: float, max_sentences: int = 2, margin: float = 0.1, corroboration: float = 0.15
) -> list[Candidate]:
    """The best sentence if it clears the threshold, plus one nearly as strong: within ``margin``
    anywhere, or within the wider ``corroboration`` margin when another article says it (two
    sources agreeing is worth showing). The threshold decides whether to answer; the margins
    decide how complete the answer is."""
    if not scored or scored[0].probability < threshold:
        return []
    chosen = [scored[0]]
    for cand in scored[1:]:
        if len(chosen) == max_sentences:
            break
        other_doc = all(cand.passage.chunk.doc_id != c.passage.chunk.doc_id for c in chosen)
        if cand.probability >= scored[0].probability - (corroboration if other_doc else margin):
            chosen.append(cand)
    return chosen


def extractive_answer(retrieval: Retrieval, threshold: float | None = None) -> Answer:
    """Quote the supporting sentence(s) with ``[n]`` markers, or abstain below ``threshold``."""
    threshold = answer_model()["threshold"] if threshold is None else threshold
    scored = score_candidates(retrieval)
    chosen = choose(scored, threshold)
    lang = retrieval.lang if retrieval.lang in ABSTAIN_TEXT else "en"
    if not chosen:
        return Answer(retrieval.question, ABSTAIN_TEXT[lang], True, [], retrieval.passages, lang)
    citations = _support(chosen)
    quotes = " ".join(f"“{c.sentence}” [{c.n}]" for c in citations)
    return Answer(retrieval.question, f"{_LEAD_IN[lang]} {quotes}", False, citations, retrieval.passages, lang)
