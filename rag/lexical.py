"""BM25 over chunk texts with bm25s (sparse matrices, saved as JSON + ``.npy``, no pickle)."""

from __future__ import annotations

import logging
from pathlib import Path

import bm25s
import numpy as np

log = logging.getLogger(__name__)


class LexicalIndex:
    """BM25 scores over chunks; row ``i`` is the chunk ``ids[i]``."""

    def __init__(self, bm25: bm25s.BM25 | None, ids: np.ndarray) -> None:
        self._bm25 = bm25
        self.ids = ids

    @classmethod
    def build(cls, token_lists: list[list[str]], ids: np.ndarray) -> "LexicalIndex":
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
    def load(cls, folder: Path) -> "LexicalIndex":
        ids = np.load(folder / "ids.npy", allow_pickle=False)
        if len(ids) == 0:
            return cls(None, ids)
        bm25 = bm25s.BM25.load(str(folder), allow_pickle=False, mmap=False, show_progress=False)
        return cls(bm25, ids)

    def search(self, tokens: list[str], n: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` chunk ids with a positive score, best first."""
        if self._bm25 is None or not tokens:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        known = [t for t in tokens if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self._bm25.get_scores(known)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return self.ids[top], scores[top].astype(np.float32)
