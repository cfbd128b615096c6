"""Vector files of the index: the searchable chunk index and the looked-up sentence table.

Chunk vectors are searched. Exact search (``IndexFlatIP``) costs time in proportion to the
number of chunks, about 0.1 ms per thousand 512-d vectors here, so past
``Settings.exact_search_max_chunks`` they go into an HNSW graph (``IndexHNSWFlat``), whose
recall against exact search ``rag bench`` measures (docs/benchmarks.md). Sentence vectors are
never searched, only looked up by id for the candidates of one question; :class:`VectorTable`
does that with one numpy product over a zero-copy view of FAISS's storage instead of one
``reconstruct`` call per id.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from tqdm.auto import tqdm

from rag.errors import IndexCorruptError
from rag.index.protocol import Vectors

REBUILD_HINT = "rebuild it with `rag index`"


def rebuild_hint(index_dir: Path, verb: str = "rebuild") -> str:
    """The command that (re)builds this index folder, with the folder named: a user who passed
    ``--index DIR`` would otherwise rebuild the default ``index/`` and meet the same error."""
    return f"{verb} it with `rag index --index {index_dir}`"


@contextmanager
def faiss_threads(n: int) -> Iterator[None]:
    """Run FAISS calls in the block on ``n`` OpenMP threads, then restore the previous count.

    Why: one question's search gains nothing from threads, but FAISS's OpenMP workers keep
    spinning after it and steal both cores from the encoder's BLAS threads: measured at 10k
    chunks, retrieval with query embedding went from 15.7 to 7.5 ms p50 on one thread.
    Building an HNSW graph, on the other hand, uses every core it gets.
    """
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(n)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _flat_storage(index: Any) -> Any:
    """The ``IndexFlat`` holding the raw vectors of a flat or HNSW index (inside its id map)."""
    inner = faiss.downcast_index(index.index)
    if isinstance(inner, faiss.IndexHNSW):
        inner = faiss.downcast_index(inner.storage)
    if not isinstance(inner, faiss.IndexFlat):
        raise IndexCorruptError(f"unexpected vector index type {type(inner).__name__}; {REBUILD_HINT}")
    return inner


def index_kind(index: Any) -> str:
    """'exact' or 'hnsw', for the manifest and the benchmark report."""
    return "hnsw" if isinstance(faiss.downcast_index(index.index), faiss.IndexHNSW) else "exact"


class VectorTable:
    """Stored vectors addressed by id, for exact cosines of a few ids against one query."""

    def __init__(self, index: Any) -> None:
        self.index = index
        ids = faiss.vector_to_array(index.id_map).astype(np.int64)
        self._order = np.argsort(ids, kind="stable")
        self._sorted = ids[self._order]
        flat = _flat_storage(index)
        self._keep = flat  # the view below borrows its memory
        n, d = flat.ntotal, flat.d
        self.matrix = faiss.rev_swig_ptr(flat.get_xb(), n * d).reshape(n, d) if n else np.zeros((0, d), np.float32)

    def ids(self) -> np.ndarray:
        """Every stored id, in storage order (the order of :attr:`matrix`)."""
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Positions of ``ids`` in :attr:`matrix`; an unknown id means a damaged index."""
        ids = np.asarray(ids, dtype=np.int64)
        where = np.searchsorted(self._sorted, ids)
        found = (where < len(self._sorted)) & (self._sorted[np.minimum(where, len(self._sorted) - 1)] == ids)
        if not found.all():
            raise IndexCorruptError(f"index vectors lack id {int(ids[~found][0])}; {REBUILD_HINT}")
        return self._order[where]

    def find(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of ``ids`` are stored (a boolean mask) and their vectors, in order: shape (found, d)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(self._sorted):
            return np.zeros(len(ids), bool), np.zeros((0, self.index.d), np.float32)
        where = np.searchsorted(self._sorted, ids)
        found = self._sorted[np.minimum(where, len(self._sorted) - 1)] == ids
        return found, self.matrix[self._order[where[found]]]

    def similarity(self, ids: list[int], query: np.ndarray) -> dict[int, float]:
        """Exact cosine between the query and the stored vectors of ``ids``."""
        if not ids:
            return {}
        scores = self.matrix[self.rows(np.asarray(ids))] @ query
        return dict(zip(ids, scores.tolist()))

    def pairwise(self, left: list[int], right: list[int]) -> np.ndarray:
        """Cosine of each stored vector of ``left`` with the one of ``right`` at the same position."""
        a = self.matrix[self.rows(np.asarray(left))]
        b = self.matrix[self.rows(np.asarray(right))]
        return np.einsum("ij,ij->i", a, b)

    def export(self, ids: np.ndarray) -> Vectors:
        """The stored vectors of ``ids`` (copied), to carry them into the next generation."""
        ids = np.asarray(ids, dtype=np.int64)
        return Vectors(ids, np.array(self.matrix[self.rows(ids)], dtype=np.float32).reshape(len(ids), self.index.d))


def _dense_index(dimension: int, n: int, exact_max: int, hnsw_m: int) -> Any:
    if n <= exact_max:
        return faiss.IndexFlatIP(dimension)
    return faiss.IndexHNSWFlat(dimension, hnsw_m, faiss.METRIC_INNER_PRODUCT)


def write_vectors(path: Path, vectors: Vectors, dimension: int, exact_max: int, hnsw_m: int = 32,
                  progress: bool = False, threads: int = 1) -> str:
    """Write vectors with their ids; exact search up to ``exact_max`` rows, an HNSW graph beyond.

    Returns the kind written ('exact' or 'hnsw'), for the manifest.
    """
    index = faiss.IndexIDMap2(_dense_index(dimension, len(vectors.ids), exact_max, hnsw_m))
    matrix = np.ascontiguousarray(vectors.matrix, dtype=np.float32)
    ids = vectors.ids.astype(np.int64)
    step = 20_000  # HNSW insertion takes seconds per 100k: show it moving
    with faiss_threads(threads), tqdm(total=len(ids), desc="Vector index", unit="vec",
                                      disable=not progress or len(ids) <= exact_max, leave=False) as bar:
        for start in range(0, len(ids), step):
            index.add_with_ids(matrix[start : start + step], ids[start : start + step])
            bar.update(min(step, len(ids) - start))
    faiss.write_index(index, str(path))
    return index_kind(index)


def read_vectors(path: Path, ef_search: int) -> Any:
    index = faiss.read_index(str(path))
    if not isinstance(index, faiss.IndexIDMap):  # write_vectors writes an IndexIDMap2 (a subclass)
        raise ValueError(f"{path.name} is not an index with ids")
    inner = faiss.downcast_index(index.index)
    if isinstance(inner, faiss.IndexHNSW):
        inner.hnsw.efSearch = ef_search
    return index
