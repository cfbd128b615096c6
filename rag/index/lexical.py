"""BM25 over chunk texts with bm25s (sparse matrices, saved as JSON + ``.npy``, no pickle)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

log = logging.getLogger(__name__)
# bm25s sets its logger to DEBUG when imported; let it inherit the application's configuration.
logging.getLogger("bm25s").setLevel(logging.NOTSET)

# ``np.load`` parses each ``.npy`` header with ``ast.literal_eval``. CPython 3.11 keeps the AST
# converter's recursion depth in state shared by all threads (python/cpython#106905), so two
# threads opening an index at once can fail with "SystemError: AST constructor recursion depth
# mismatch" (seen once in CI: readers refreshing to a new generation while the index was rebuilt).
_NPY_LOAD_LOCK = threading.Lock()


class LexicalIndex:
    """BM25 scores over chunks; row ``i`` is the chunk ``ids[i]``."""

    def __init__(self, bm25: bm25s.BM25 | None, ids: np.ndarray) -> None:
        self._bm25 = bm25
        self.ids = ids
        self._order = np.argsort(ids, kind="stable")
        self._sorted_ids = ids[self._order]

    @classmethod
    def build(cls, token_lists: list[list[str]], ids: np.ndarray) -> LexicalIndex:
        if not token_lists:
            return cls(None, ids)
        # an empty token list would make bm25s drop the row; a placeholder keeps rows aligned
        safe = [tokens or ["\x00"] for tokens in token_lists]
        bm25 = bm25s.BM25()
        bm25.index(safe, show_progress=False)
        return cls(bm25, ids)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "ids.npy", self.ids, allow_pickle=False)
        if self._bm25 is not None:
            self._bm25.save(str(folder), allow_pickle=False, show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        with _NPY_LOAD_LOCK:
            ids = np.load(folder / "ids.npy", allow_pickle=False)
            if len(ids) == 0:
                return cls(None, ids)
            bm25 = bm25s.BM25.load(str(folder), allow_pickle=False, mmap=False, show_progress=False)
        return cls(bm25, ids)

    def idf(self, terms: list[str]) -> dict[str, float]:
        """BM25 inverse document frequency of the terms the index knows (others can match nothing)."""
        if self._bm25 is None:
            return {}
        n = len(self.ids)
        doc_freq = np.diff(self._bm25.scores["indptr"])
        vocab = self._bm25.vocab_dict
        return {
            term: float(np.log(1 + (n - doc_freq[vocab[term]] + 0.5) / (doc_freq[vocab[term]] + 0.5)))
            for term in terms
            if term in vocab and vocab[term] < len(doc_freq)
        }

    def known(self, terms: Iterable[str]) -> frozenset[str]:
        """The terms the vocabulary holds (the others can match nothing)."""
        if self._bm25 is None:
            return frozenset()
        vocab = self._bm25.vocab_dict
        return frozenset(t for t in terms if t in vocab)

    def scores(self, tokens: list[str]) -> np.ndarray | None:
        """BM25 score of every row for the query, or None when no query term is in the vocabulary."""
        if self._bm25 is None:
            return None
        known = list(dict.fromkeys(t for t in tokens if t in self._bm25.vocab_dict))
        return self._bm25.get_scores(known) if known else None

    def scores_of(self, scores: np.ndarray, chunk_ids: list[int]) -> np.ndarray:
        """Pick the scores of given chunk ids out of a full score vector."""
        rows = self._order[np.searchsorted(self._sorted_ids, np.asarray(chunk_ids, dtype=np.int64))]
        return scores[rows]

    def top(self, scores: np.ndarray | None, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` chunk ids with a positive score, best first."""
        if scores is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return self.ids[top], scores[top].astype(np.float32)
