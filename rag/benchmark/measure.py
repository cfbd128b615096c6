"""Measurements at one corpus size, run in a fresh process so its memory peaks are its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from rag.answer.pipeline import Rag
from rag.benchmark.baseline import LangChainPipeline, QueryVectors
from rag.benchmark.corpus import BenchCorpus, BenchQuery, make_corpus, write_corpus
from rag.benchmark.evaluation import percentiles
from rag.index.embeddings import RagEmbeddings, make_embedder
from rag.index.indexer import build_index
from rag.index.protocol import IndexReader
from rag.index.search_study import search_study
from rag.settings import Settings

K = 5
WARM_UP = 10


def _status_kb(field: str) -> int:
    """A VmRSS/VmHWM figure of this process, in kB (0 where /proc is not there)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: VmHWM starts again from VmRSS
    except OSError:
        pass


def _timed(queries: list[BenchQuery], run: Callable[[BenchQuery], list[str]]) -> tuple[list[float], dict[str, float]]:
    """Latencies (ms) of ``run`` per query after a warm-up, and hit@5 per dataset."""
    for query in queries[:WARM_UP]:
        run(query)
    latencies: list[float] = []
    hits: dict[str, list[bool]] = {}
    for query in queries:
        began = time.perf_counter()
        docs = run(query)
        latencies.append((time.perf_counter() - began) * 1000)
        hits.setdefault(query.dataset, []).append(query.gold in list(dict.fromkeys(docs))[:K])
    return latencies, {name: float(np.mean(values)) for name, values in hits.items()}


def _ours(rag: Rag, queries: list[BenchQuery], vectors: dict[str, np.ndarray]) -> dict[str, Any]:
    excluded, hits = _timed(queries, lambda q: [p.chunk.doc_id for p in rag.retrieve(q.question, K, vectors[q.question]).passages])
    included, _ = _timed(queries, lambda q: [p.chunk.doc_id for p in rag.retrieve(q.question, K).passages])
    asked, _ = _timed(queries, lambda q: [c.source for c in rag.ask(q.question, K).citations])
    return {"retrieval_ms": percentiles(excluded), "retrieval_with_embedding_ms": percentiles(included),
            "ask_ms": percentiles(asked), "hit@5": hits}


def _langchain(store: IndexReader, embedder: RagEmbeddings, queries: list[BenchQuery],
               vectors: dict[str, np.ndarray]) -> dict[str, Any]:
    ids, matrix = store.all_chunk_vectors()
    records = store.chunks(ids)
    began = time.perf_counter()
    pipeline = LangChainPipeline([records[i].text for i in ids], [records[i].doc_id for i in ids], matrix,
                                 QueryVectors(embedder, vectors), K)
    build_s = time.perf_counter() - began
    excluded, hits = _timed(queries, lambda q: pipeline.top_documents(q.question, K))
    pipeline.use_embeddings(embedder)
    included, _ = _timed(queries, lambda q: pipeline.top_documents(q.question, K))
    return {"build_s": build_s, "retrieval_ms": percentiles(excluded),
            "retrieval_with_embedding_ms": percentiles(included), "hit@5": hits}


def store_env(settings: Settings) -> dict[str, str]:
    """The ``RAG_*`` variables that point a `rag` subprocess at the same store (the URL passes by
    environment only, never on a command line that `ps` shows)."""
    env: dict[str, str] = {"RAG_STORE": str(settings.store)}
    if settings.database_url is not None:
        env["RAG_DATABASE_URL"] = settings.database_url.get_secret_value()
    if settings.database_read_url is not None:
        env["RAG_DATABASE_READ_URL"] = settings.database_read_url.get_secret_value()
    return env


def _update(settings: Settings, embedder: RagEmbeddings, corpus: BenchCorpus) -> dict[str, float]:
    """One changed document: in-process (models loaded) and as a one-shot `rag index` run."""
    real = next(name for name in corpus.files if not name.startswith("filler-"))
    path = settings.corpus_dir / real
    path.write_text(path.read_text(encoding="utf-8") + " Une phrase ajoutée pour le test.", encoding="utf-8")
    began = time.perf_counter()
    report = build_index(settings, embedder)
    in_process = time.perf_counter() - began
    path.write_text(corpus.files[real], encoding="utf-8")
    env = os.environ | {"RAG_CORPUS_DIR": str(settings.corpus_dir), "RAG_INDEX_DIR": str(settings.index_dir),
                        "RAG_EMBEDDER": settings.embedder,
                        "RAG_EXACT_SEARCH_MAX_CHUNKS": str(settings.exact_search_max_chunks)} | store_env(settings)
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rag", "index"], env=env, check=True, capture_output=True)
    cli = time.perf_counter() - began
    return {"in_process_s": in_process, "cli_s": cli, "updated": len(report.updated)}


def measure_size(settings: Settings, datasets: Path, n_chunks: int, queries_per_set: int, seed: int,
                 workdir: Path, progress: bool) -> dict[str, Any]:
    """Everything the benchmark reports for one corpus size."""
    corpus = make_corpus(datasets, n_chunks, settings.chunk_size, settings.chunk_overlap_sentences, queries_per_set, seed)
    write_corpus(corpus, workdir / "corpus")
    settings = settings.model_copy(update={"corpus_dir": workdir / "corpus", "index_dir": workdir / "index"})
    embedder = make_embedder(settings)
    embedder.encode(["warm-up"])  # model loading is start-up, not indexing
    _reset_peak()
    began = time.perf_counter()
    # a database may hold the previous size's index: built from scratch all the same
    report = build_index(settings, embedder, progress=progress, full=settings.store != "local")
    build_s = time.perf_counter() - began
    peak_kb = _status_kb("VmHWM")
    published = settings.index_dir / report.version  # the local store's generation folder (none for a database)
    disk = sum(p.stat().st_size for p in published.rglob("*") if p.is_file()) if published.is_dir() else 0
    rss = _status_kb("VmRSS")
    rag = Rag.open(settings, embedder)
    memory_kb = _status_kb("VmRSS") - rss
    questions = list(dict.fromkeys(q.question for q in corpus.queries))
    vectors = dict(zip(questions, embedder.encode(questions)))
    result: dict[str, Any] = {
        "size": n_chunks, "chunks": report.chunks, "documents": report.documents, "real_documents": corpus.real_docs,
        "filler_documents": corpus.filler_docs, "queries": len(corpus.queries),
        "vector_index": rag.store.vector_index,
        "build_s": build_s, "chunks_per_s": report.chunks / build_s, "texts_embedded": report.embedded,
        "build_peak_rss_mb": peak_kb / 1024, "disk_mb": disk / 2**20, "disk_bytes_per_chunk": disk / report.chunks,
        "memory_mb": memory_kb / 1024, "memory_bytes_per_chunk": memory_kb * 1024 / report.chunks,
    }
    result["ours"] = _ours(rag, corpus.queries, vectors)
    result["langchain"] = _langchain(rag.store, embedder, corpus.queries, vectors)
    query_matrix = np.stack([vectors[q] for q in questions])
    result["search"] = search_study(rag.store.all_chunk_vectors()[1], query_matrix, settings.hnsw_ef_search,
                                    settings.candidates, percentiles)
    rag.close()
    result["update"] = _update(settings, embedder, corpus)
    return result
