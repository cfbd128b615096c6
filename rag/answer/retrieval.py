"""Hybrid retrieval: dense (FAISS) + BM25, fused by score, language-aware, overlap de-duplicated.

Keyword matching is strong within a language and nearly blind across languages (only names
and numbers match), so the BM25 term is damped for passages in another language than the
question's; see :func:`fuse` and the measurements in the README.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from rag.index.embeddings import RagEmbeddings
from rag.index.protocol import IndexReader
from rag.index.wordvectors import WordVectors
from rag.ingest.chunking import title_id
from rag.normalise import normalise_question
from rag.settings import Settings
from rag.text import language_probabilities, question_language_probabilities, tokenize
from rag.types import Passage, StoredChunk


@dataclass(frozen=True)
class Retrieval:
    """Passages best first, plus what the answerer reuses (query vector and language)."""

    question: str
    lang: str
    query_vector: np.ndarray
    passages: list[Passage]
    sentence_similarity: dict[int, float] = field(default_factory=dict)  # sentence id -> cosine to the question
    term_idf: dict[str, float] = field(default_factory=dict)  # the question's terms, stemmed every index way
    timings_ms: dict[str, float] = field(default_factory=dict)
    query: str = ""  # the question spelled as the index spells it (rag.normalise); what models see
    topic_similarity: dict[int, float] = field(default_factory=dict)  # sentence id -> cosine to its title
    words: WordVectors | None = None  # the encoder's word vectors, for word-level matching across languages
    answer_lang: str = ""  # the language to answer in, when not the query's: a follow-up read with its topic

    @property
    def reply_lang(self) -> str:
        """The language the answer's wording is in: the user's, even when the query glues on a topic in another."""
        return self.answer_lang or self.lang

    @property
    def text(self) -> str:
        """What the encoder and the answer model read: the normalised question."""
        return self.query or self.question


def fuse(
    dense: dict[int, float],
    lexical: dict[int, float],
    same_language: dict[int, bool],
    settings: Settings,
) -> dict[int, float]:
    """Weighted cosine plus weighted, max-normalised BM25; BM25 counts less across languages.

    Chosen on PIAF (fr->fr) and XQuAD (en->es) against RRF, min-max and z-score mixes and
    confidence weighting; see README "Measurements".
    """
    scores = {cid: settings.dense_weight * value for cid, value in dense.items()}
    top = max(lexical.values(), default=0.0)
    if top <= 0:
        return scores
    for cid, value in lexical.items():
        factor = 1.0 if same_language.get(cid, True) else settings.bm25_cross_lingual_factor
        scores[cid] = scores.get(cid, 0.0) + settings.bm25_weight * factor * value / top
    return scores


def query_terms(question: str, lang: str, index_languages: list[str]) -> list[str]:
    """The question's terms stemmed by its own language and by each language of the index.

    Across languages only names and numbers match, and stemmers disagree even on names
    (English "Annapurna" -> annapurna, French -> annapurn), so each document language gets
    the question stemmed its way.
    """
    terms = tokenize(question, lang)
    for other in index_languages:
        if other != lang:
            terms += tokenize(question, lang, stem_lang=other)
    return list(dict.fromkeys(terms))


def overlaps(a: StoredChunk, b: StoredChunk, ratio: float = 0.5) -> bool:
    """Two chunks of one document sharing at least ``ratio`` of the shorter one."""
    if a.doc_id != b.doc_id:
        return False
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and shared >= ratio * min(a.end - a.start, b.end - b.start)


def deduplicate(ranked: list[Passage], k: int) -> list[Passage]:
    kept: list[Passage] = []
    for passage in ranked:
        if not any(overlaps(passage.chunk, other.chunk) for other in kept):
            kept.append(passage)
        if len(kept) == k:
            break
    return kept


class HybridRetriever:
    """Dense + BM25 retrieval over one index (:class:`rag.index.protocol.IndexReader`)."""

    def __init__(self, store: IndexReader, embedder: RagEmbeddings, settings: Settings) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.words = WordVectors(embedder, store)

    def _complete(
        self, query: np.ndarray, dense: dict[int, float], lexical: dict[int, float], terms: list[str]
    ) -> None:
        """Give every candidate both scores: a top-N cut-off is not evidence of a zero score."""
        only_lexical = [cid for cid in lexical if cid not in dense]
        dense.update(self.store.dense_scores(only_lexical, query))
        only_dense = [cid for cid in dense if cid not in lexical]
        values = self.store.keyword_scores(terms, only_dense)
        lexical.update((cid, v) for cid, v in values.items() if v > 0)

    def _sentence_level(self, query: np.ndarray, dense: dict[int, float], records: dict[int, StoredChunk]) -> dict[int, float]:
        """Mix each chunk's cosine with its best sentence's, in place; return every sentence's cosine
        (and each document title's: the topic the sentences lean on)."""
        sentence_ids = list(dict.fromkeys(sid for rec in records.values() for sid in rec.sentence_ids))
        titles = list(dict.fromkeys(title_id(rec.doc_id, rec.topic) for rec in records.values() if rec.topic))
        similarity = self.store.sentence_similarity(sentence_ids + titles, query)
        w = self.settings.sentence_weight
        for cid, rec in records.items():
            best = max((similarity[sid] for sid in rec.sentence_ids), default=dense.get(cid, 0.0))
            dense[cid] = (1 - w) * dense.get(cid, 0.0) + w * best
        return similarity

    def _topic_similarity(self, passages: list[Passage]) -> dict[int, float]:
        """Cosine of each sentence of the passages with its document's title (sentence id -> cosine)."""
        pairs = [(sid, title_id(p.chunk.doc_id, p.chunk.topic)) for p in passages if p.chunk.topic
                 for sid in p.chunk.sentence_ids]
        if not pairs:
            return {}
        sentences, titles = zip(*pairs)
        return dict(zip(sentences, self.store.sentence_pairs(list(sentences), list(titles))))

    def retrieve(self, question: str, k: int | None = None, vector: np.ndarray | None = None) -> Retrieval:
        """Best passages for the question; ``vector``: its embedding when the caller already has it."""
        k = k or self.settings.top_k
        timings: dict[str, float] = {}
        began = time.perf_counter()
        query = normalise_question(question, self.store.surface_forms)
        probabilities = language_probabilities(query)  # for damping keywords across languages
        asked_in = question_language_probabilities(query)  # the question's language: stemming, wording
        lang = max(asked_in, key=asked_in.__getitem__)
        vector = self.embedder.encode([query]) if vector is None else np.asarray(vector, np.float32).reshape(1, -1)
        timings["embed_ms"] = (time.perf_counter() - began) * 1000

        began = time.perf_counter()
        dense = self.store.dense_top(vector[0], self.settings.candidates)
        terms = query_terms(query, lang, self.store.languages)
        lexical = self.store.keyword_top(terms, self.settings.candidates)
        self._complete(vector[0], dense, lexical, terms)
        records = self.store.chunks(list(dense.keys() | lexical.keys()))
        sentence_similarity = self._sentence_level(vector[0], dense, records)
        floor = self.settings.language_match_probability
        same = {cid: probabilities.get(rec.lang, 0.0) >= floor for cid, rec in records.items()}
        fused = fuse(dense, lexical, same, self.settings)
        ranked = [
            Passage(records[cid], score, dense.get(cid), lexical.get(cid))
            for cid, score in sorted(fused.items(), key=lambda item: -item[1])
            if cid in records
        ]
        passages = deduplicate(ranked, k)
        topic = self._topic_similarity(passages)
        timings["retrieve_ms"] = (time.perf_counter() - began) * 1000
        idf = self.store.idf(terms)
        return Retrieval(question, lang, vector[0], passages, sentence_similarity, idf, timings, query, topic, self.words)
