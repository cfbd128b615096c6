"""The default answerer: no LLM, it quotes the sentence(s) of the passages that answer.

Two small logistic models, fitted by ``scripts/calibrate.py`` on held-out QA data and shipped
as ``answer_model.json``: the first scores each candidate sentence (see :mod:`rag.evidence`);
the second looks at the question as a whole (how strong and how clear-cut the best sentence
is) and gives the probability that the quoted answer is right. Below the calibrated threshold
the answerer says the articles do not say, and still shows the closest passages.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rag.evidence import Candidate, candidates
from rag.retrieval import Passage, Retrieval

#: Inputs of the sentence model and of the answer/abstain model, in the order calibrate.py fits them.
FEATURES = (
    "dense", "dense_gap", "neighbour_dense", "coverage", "context_coverage", "passage", "passage_dense", "type_match",
    "type_mismatch", "unit_match", "focus_coverage", "focus_dense", "context_dense",
)
QUESTION_FEATURES = (
    "best", "margin", "dense", "coverage", "context_coverage", "focus_coverage", "focus_dense", "context_dense", "type_match", "type_mismatch", "max_passage_dense",
    "max_dense",
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
    passage_start: int  # offset of the passage in the document text
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
    mode: str = "extractive"  # "llm" when a configured LLM wrote it
    note: str | None = None  # why the LLM's answer is not shown (unreachable, timed out, ungrounded)
    unsupported: list[str] = field(default_factory=list)  # generated sentences their citations do not support

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "mode": self.mode,
            "note": self.note,
            "unsupported": list(self.unsupported),
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


@lru_cache(maxsize=1)
def answer_model() -> dict:
    """Coefficients and threshold fitted by scripts/calibrate.py, shipped as package data."""
    return json.loads(Path(__file__).with_name("answer_model.json").read_text(encoding="utf-8"))


def logistic(model: dict, features: dict[str, float]) -> float:
    z = model["bias"] + sum(weight * features[name] for name, weight in model["coefficients"].items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def score_candidates(retrieval: Retrieval, model: dict | None = None) -> list[Candidate]:
    """Candidates with their support probability, best first."""
    sentence_model = (model or answer_model())["sentence"]
    scored = [
        Candidate(c.passage_rank, c.passage, c.start, c.end, c.text, c.features, logistic(sentence_model, c.features))
        for c in candidates(retrieval)
    ]
    return sorted(scored, key=lambda c: -c.probability)


def question_features(scored: list[Candidate]) -> dict[str, float]:
    """How strong and how clear-cut the best sentence is, for the answer/abstain decision."""
    best = scored[0]
    return {
        "best": best.probability,
        "margin": best.probability - (scored[1].probability if len(scored) > 1 else 0.0),
        "dense": best.features["dense"],
        "coverage": best.features["coverage"],
        "context_coverage": best.features["context_coverage"],
        "focus_coverage": best.features["focus_coverage"],
        "focus_dense": best.features["focus_dense"],
        "context_dense": best.features["context_dense"],
        "type_match": best.features["type_match"],
        "type_mismatch": best.features["type_mismatch"],
        "max_passage_dense": max(c.features["passage_dense"] for c in scored),
        "max_dense": max(c.features["dense"] for c in scored),
    }


def confidence(scored: list[Candidate], model: dict | None = None) -> float:
    """Probability that quoting the best sentence answers the question; 0 with no candidate."""
    if not scored:
        return 0.0
    return logistic((model or answer_model())["answerable"], question_features(scored))


def _support(best: list[Candidate]) -> list[Citation]:
    return [
        Citation(
            n=i + 1,
            source=c.passage.chunk.doc_id,
            title=c.passage.chunk.title,
            date=c.passage.chunk.date,
            text=c.passage.chunk.text,
            passage_start=c.passage.chunk.start,
            sentence=c.text,
            start=c.start,
            end=c.end,
            score=round(c.probability, 4),
        )
        for i, c in enumerate(best)
    ]


def choose(
    scored: list[Candidate], confident: bool, max_sentences: int = 2, margin: float = 0.1, corroboration: float = 0.15
) -> list[Candidate]:
    """The best sentence, plus one nearly as strong: within ``margin`` anywhere, or within the
    wider ``corroboration`` margin when another article says it (two sources agreeing is worth
    showing). Whether to answer at all is the confidence model's call, made before."""
    if not scored or not confident:
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
    chosen = choose(scored, confidence(scored) >= threshold)
    lang = retrieval.lang if retrieval.lang in ABSTAIN_TEXT else "en"
    if not chosen:
        return Answer(retrieval.question, ABSTAIN_TEXT[lang], True, [], retrieval.passages, lang)
    citations = _support(chosen)
    quotes = " ".join(f"“{c.sentence}” [{c.n}]" for c in citations)
    return Answer(retrieval.question, f"{_LEAD_IN[lang]} {quotes}", False, citations, retrieval.passages, lang)
