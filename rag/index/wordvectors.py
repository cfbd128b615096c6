"""Single words through the sentence encoder: cross-language word matching without a dictionary.

The multilingual encoder places a word near its translations (measured with USE v3 on the
bundled corpus: engineering/ingénierie 0.83, opened/ouvert 0.87, delivered/livrés 0.88,
founded/fondée 0.78), near related words less (bought/rachat 0.58, founded/rachat 0.45) and
unrelated words far (engineering/vacarme 0.36). The answerer uses that to ask whether each word
of a question is matched in a sentence or its neighbours: a question about a founding is not
answered by a sentence about an acquisition. Vectors are cached per process, so a corpus's
vocabulary is encoded once, about 1 ms a word on 2 CPU cores.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

import numpy as np

from rag.index.embeddings import RagEmbeddings
from rag.ingest.chunking import stable_id
from rag.text import surface_words
from rag.types import Document


@lru_cache(maxsize=65_536)
def content_words(text: str, lang: str) -> tuple[str, ...]:
    """The distinct folded words of a text that are not stopwords of ``lang`` (order kept).

    Scripts without spaces (Chinese, Japanese, Thai) are cut into words by ICU
    (:func:`rag.text.surface_words`). Cached: a corpus's sentences come back question after
    question.
    """
    return _content_words(text, lang)


def _content_words(text: str, lang: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(surface_words(text, lang)))


@lru_cache(maxsize=65_536)
def word_id(word: str) -> int:
    """Id of a folded word among an index's word vectors (one per word, shared by all documents)."""
    return stable_id("", -2, -2, word)


def document_words(doc: Document) -> tuple[str, ...]:
    """Every word a sentence of ``doc``, its headings or its title can bring to the answerer."""
    return _content_words(f"{doc.title}\n{doc.text}", doc.lang)


class StoredWords(Protocol):
    """What :class:`WordVectors` needs from an index: the stored vectors of the words it has."""

    def word_vectors(self, word_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...


class WordVectors:
    """Unit vectors of single words: the index's stored ones (every word of its documents,
    embedded by ``rag index``), else from ``embedder``, kept in a least-recently-used cache.

    ``vectors(words)`` returns an array of shape (len(words), dimension), encoding the missing
    words in one batch: at question time that is mostly the question's own words. Thread-safe;
    ``size`` bounds the cache (512 float32 a word: 10,000 words take 20 MB).
    """

    def __init__(self, embedder: RagEmbeddings, stored: StoredWords | None = None, size: int = 10_000) -> None:
        self.embedder = embedder
        self.stored = stored
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, words: Iterable[str]) -> np.ndarray:
        words = list(words)
        unique = list(dict.fromkeys(words))
        found: dict[str, np.ndarray] = {}
        if self.stored is not None and unique:
            mask, matrix = self.stored.word_vectors(np.array([word_id(w) for w in unique], dtype=np.int64))
            found = {w: matrix[i] for i, w in enumerate(w for w, m in zip(unique, mask) if m)}
        with self._lock:
            missing = [w for w in unique if w not in found and w not in self._cache]
        if missing:
            encoded = np.asarray(self.embedder.encode(missing), np.float32)
            with self._lock:
                for word, vector in zip(missing, encoded):
                    self._cache[word] = vector
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        with self._lock:
            out = []
            for w in words:
                if w in found:
                    out.append(found[w])
                else:
                    self._cache.move_to_end(w)
                    out.append(self._cache[w])
        return np.stack(out) if out else np.zeros((0, 1), np.float32)


def word_match(question_vectors: np.ndarray, sentence_vectors: np.ndarray) -> np.ndarray:
    """For each question word, its best cosine with the words of a sentence: shape (question words,).

    Zeros when the sentence has no words. Both inputs are unit vectors, (n, d) and (m, d).
    """
    if len(question_vectors) == 0 or len(sentence_vectors) == 0:
        return np.zeros(len(question_vectors), np.float32)
    return (question_vectors @ sentence_vectors.T).max(axis=1)
