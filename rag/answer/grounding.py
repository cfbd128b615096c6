"""Checking a generated answer against the passages it was given (citations as a protocol).

* A ``[n]`` that names no given passage is removed, while streaming already.
* Each sentence is checked against the passages it cites: its embedding must be close to one of
  their sentences (the multilingual encoder makes this work across languages) or most of its
  words must appear in them, and every number it states must appear in them (or the question).
  Every sentence becomes a :class:`rag.types.Claim`; those that fail, or cite nothing, are
  unsupported and marked in the UI.
* Each citation points at the exact sentence of its passage that best supports the claim, so a
  user can check it like an extractive one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from rag.answer.llm import NO_ANSWER
from rag.answer.retrieval import Passage
from rag.index.embeddings import RagEmbeddings
from rag.index.protocol import IndexReader
from rag.text import tokenize
from rag.types import CITATION_MARKER as _MARKER_RE
from rag.types import Citation, Claim, without_markers

_LEADING_MARKERS_RE = re.compile(r"^(?:\s*\[\d{1,3}\])+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…。])\s+")
_NUMBER_RE = re.compile(r"\d+(?:[.,\u202f\u00a0 ]\d+)*")


def valid_markers(text: str, n_passages: int) -> str:
    """``text`` without the ``[n]`` markers that name no passage given."""
    return _MARKER_RE.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= n_passages else "", text)


class CitationStream:
    """Filters streamed text: drops ``[n]`` markers that name no passage, hides the no-answer sentinel."""

    def __init__(self, n_passages: int) -> None:
        self.n_passages = n_passages
        self._pending = ""
        self._started = False

    def feed(self, piece: str) -> str:
        """Text safe to show now; an open ``[`` or a possible sentinel prefix is held back."""
        text = self._pending + piece
        if not self._started:
            stripped = text.lstrip()
            if NO_ANSWER.startswith(stripped) or stripped.startswith(NO_ANSWER):
                self._pending = text
                return ""
            self._started = True
        cut = text.rfind("[")
        if cut != -1 and "]" not in text[cut:] and len(text) - cut <= 5:
            text, self._pending = text[:cut], text[cut:]
        else:
            self._pending = ""
        return valid_markers(text, self.n_passages)

    def flush(self) -> str:
        rest, self._pending = self._pending, ""
        if rest.strip().startswith(NO_ANSWER):
            return ""
        return valid_markers(rest, self.n_passages)


@dataclass
class Grounded:
    """A checked generated answer."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    abstained: bool = False


def is_no_answer(reply: str) -> bool:
    return NO_ANSWER in reply


def claims(text: str) -> list[tuple[str, list[int]]]:
    """Sentences with the passage numbers they cite (markers after the full stop count too)."""
    parts = [p for p in _SENTENCE_END_RE.split(text.strip()) if p.strip()]
    out: list[tuple[str, list[int]]] = []
    for part in parts:
        lead = _LEADING_MARKERS_RE.match(part)
        if lead and out:
            prev, cited = out[-1]
            out[-1] = (f"{prev} {lead.group(0).strip()}", cited + [int(n) for n in _MARKER_RE.findall(lead.group(0))])
            part = part[lead.end():]
        if part.strip():
            out.append((part.strip(), [int(n) for n in _MARKER_RE.findall(part)]))
    return out


def _numbers(text: str) -> set[str]:
    return {re.sub(r"\D", "", m) for m in _NUMBER_RE.findall(text)}


class Checker:
    """Support checks against one retrieval's passages and the stored sentence vectors."""

    def __init__(self, store: IndexReader, embedder: RagEmbeddings, passages: list[Passage], question: str,
                 lang: str, threshold: float) -> None:
        self.store, self.embedder, self.passages = store, embedder, passages
        self.question_numbers = _numbers(question)
        self.lang, self.threshold = lang, threshold

    def best_sentence(self, passage: Passage, vector: np.ndarray) -> tuple[int, int, float]:
        chunk = passage.chunk
        sims = self.store.sentence_similarity(list(chunk.sentence_ids), vector)
        best = max(range(len(chunk.sentence_ids)), key=lambda i: sims.get(chunk.sentence_ids[i], -1.0))
        start, end = chunk.sentences[best]
        return start, end, float(sims.get(chunk.sentence_ids[best], 0.0))

    def supported(self, claim: str, cited: list[Passage], best_similarity: float) -> bool:
        """``best_similarity``: the claim's highest cosine with a sentence of the cited passages."""
        texts = " ".join(p.chunk.text for p in cited)
        if not _numbers(claim) <= _numbers(texts) | self.question_numbers:
            return False  # a number the passages do not state is the commonest hallucination
        if best_similarity >= self.threshold:
            return True
        words = set(tokenize(claim, self.lang))
        known = {t for p in cited for t in tokenize(p.chunk.text, p.chunk.lang)}
        return bool(words) and len(words & known) / len(words) >= 0.6


def ground(reply: str, checker: Checker) -> Grounded:
    """Remove invalid citations, check each sentence, and point citations at exact sentences."""
    if is_no_answer(reply):
        return Grounded("", abstained=True)
    text = valid_markers(reply, len(checker.passages))
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
    found = claims(text)
    vectors = checker.embedder.encode([without_markers(c) for c, _ in found]) if found else np.zeros((0, 1))
    checked: list[Claim] = []
    citations: dict[int, Citation] = {}
    for (claim, cited_n), vector in zip(found, vectors):
        numbers = list(dict.fromkeys(cited_n))
        cited = [checker.passages[i - 1] for i in numbers]
        best = [checker.best_sentence(p, vector) for p in cited]  # (start, end, cosine) per cited passage
        plain = without_markers(claim)
        if not cited or not checker.supported(plain, cited, max(score for *_, score in best)):
            # "Yes." needs no citation
            checked.append(Claim(claim, tuple(numbers), supported=len(tokenize(plain, checker.lang)) < 2))
            continue
        for i, passage, (start, end, score) in zip(numbers, cited, best):
            citations.setdefault(i, _citation(i, passage, start, end, score))
        checked.append(Claim(claim, tuple(numbers), True, citations[numbers[0]].sentence))
    return Grounded(text, [citations[i] for i in sorted(citations)], checked)


def _citation(n: int, passage: Passage, start: int, end: int, score: float) -> Citation:
    c = passage.chunk
    sentence = c.text[start - c.start : end - c.start]
    return Citation(n=n, source=c.doc_id, title=c.title, date=c.date, text=c.text, passage_start=c.start,
                    sentence=sentence, start=start, end=end, score=round(score, 4))
