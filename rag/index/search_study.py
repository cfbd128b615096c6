"""Exact search against an HNSW graph on the same chunk vectors: latency, build time, recall.

The local store's own study for ``rag bench`` (docs/benchmarks.md): it builds FAISS indexes from
the vectors it is given, so the benchmark never imports FAISS itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import faiss
import numpy as np

from rag.index.vectors import faiss_threads

Summary = Callable[[list[float]], dict[str, float]]  # latencies (ms) -> the figures reported


def _search_ms(index: Any, queries: np.ndarray, candidates: int) -> list[float]:
    latencies = []
    with faiss_threads(1):  # as in retrieval
        for row in queries:
            began = time.perf_counter()
            index.search(row.reshape(1, -1), candidates)
            latencies.append((time.perf_counter() - began) * 1000)
    return latencies


def _exact_curve(matrix: np.ndarray, queries: np.ndarray, candidates: int, percentiles: Summary) -> list[dict[str, Any]]:
    """Exact search latency on the first n vectors, for the sizes in between the measured ones."""
    curve = []
    for n in (5_000, 10_000, 20_000, 30_000, 50_000, 100_000):
        if n <= len(matrix):
            flat = faiss.IndexFlatIP(matrix.shape[1])
            flat.add(matrix[:n])
            curve.append({"chunks": n} | percentiles(_search_ms(flat, queries, candidates)))
    return curve


def search_study(matrix: np.ndarray, queries: np.ndarray, ef_search: int, candidates: int,
                 percentiles: Summary) -> dict[str, Any]:
    """Exact search vs an HNSW graph on the same vectors: latency, build time, recall."""
    flat = faiss.IndexFlatIP(matrix.shape[1])
    flat.add(matrix)
    began = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(matrix.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.add(matrix)
    hnsw_build = time.perf_counter() - began
    hnsw.hnsw.efSearch = ef_search
    out: dict[str, Any] = {"hnsw_build_s": hnsw_build, "ef_search": ef_search}
    found = {}
    for name, index in (("exact", flat), ("hnsw", hnsw)):
        out[f"{name}_ms"] = percentiles(_search_ms(index, queries, candidates))
        found[name] = index.search(queries, candidates)[1]
    for depth in (10, candidates):
        out[f"recall@{depth}"] = float(np.mean([
            len(set(a[:depth]) & set(b[:depth])) / depth for a, b in zip(found["exact"], found["hnsw"])
        ]))
    out["exact_curve"] = _exact_curve(matrix, queries, candidates, percentiles)
    return out
