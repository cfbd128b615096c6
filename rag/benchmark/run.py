"""`rag bench`: every corpus size in its own process, then the cold start of `rag ask`."""

from __future__ import annotations

import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Any

from rag.benchmark.measure import store_env
from rag.errors import CorpusError
from rag.settings import Settings

COLD_START_QUESTION = "How many chips are in an UltraServer?"


def _rag_command() -> list[str]:
    """The installed `rag` script next to this interpreter (what a user runs), else `python -m rag`."""
    script = Path(sys.executable).with_name("rag")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "rag"]


def cold_start(settings: Settings, corpus_dir: Path, runs: int) -> dict[str, Any]:
    """Wall time of one-shot `rag ask` processes on an index of ``corpus_dir`` (built first, not timed)."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder {corpus_dir}/ not found; the cold start is measured on the bundled articles")
    with tempfile.TemporaryDirectory(prefix="rag-bench-cold-") as tmp:
        env = os.environ | {"RAG_CORPUS_DIR": str(corpus_dir.resolve()), "RAG_INDEX_DIR": str(Path(tmp) / "index"),
                            "RAG_EMBEDDER": settings.embedder, "RAG_LLM_PROVIDER": "none"} | store_env(settings)
        subprocess.run(_rag_command() + ["index"], env=env, check=True, capture_output=True)
        walls = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(_rag_command() + ["ask", COLD_START_QUESTION], env=env, check=True, capture_output=True)
            walls.append(time.perf_counter() - began)
    return {"question": COLD_START_QUESTION, "runs_s": walls, "median_s": statistics.median(walls)}


def _meta(settings: Settings, sizes: list[int], queries_per_set: int) -> dict[str, Any]:
    return {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} CPU cores, {platform.machine()}, Python {platform.python_version()}",
        "embedder": settings.embedder if settings.embedder != "sentence-transformers" else settings.embedding_model,
        "versions": {pkg: version(pkg) for pkg in ("faiss-cpu", "bm25s", "langchain-community", "rank-bm25")},
        "sizes": sizes, "queries_per_set": queries_per_set, "candidates": settings.candidates,
        "exact_search_max_chunks": settings.exact_search_max_chunks, "hnsw_ef_search": settings.hnsw_ef_search,
        "chunk_size": settings.chunk_size, "store": settings.store,
    }


def run_benchmark(
    settings: Settings, sizes: list[int], datasets: Path, queries_per_set: int = 200, seed: int = 0,
    cold_runs: int = 5, progress: bool = True,
) -> dict[str, Any]:
    """All measurements, as one JSON-ready dict (docs/benchmarks.md is rendered from it)."""
    from rag.benchmark.measure import measure_size

    if not (datasets / "piaf").is_dir() or not (datasets / "xquad").is_dir():
        raise CorpusError(f"no PIAF/XQuAD data in {datasets}/; pass --datasets (e.g. ../shared/datasets)")
    results: dict[str, Any] = {"meta": _meta(settings, sizes, queries_per_set), "sizes": []}
    spawn = multiprocessing.get_context("spawn")  # a fresh process per size: its own memory peak
    for size in sizes:
        workdir = Path(tempfile.mkdtemp(prefix=f"rag-bench-{size}-"))
        try:
            with ProcessPoolExecutor(1, mp_context=spawn) as pool:
                results["sizes"].append(
                    pool.submit(measure_size, settings, datasets, size, queries_per_set, seed, workdir, progress).result()
                )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if progress:
            print(f"[bench] {size} chunks done", file=sys.stderr)
    results["cold_start"] = cold_start(settings, settings.corpus_dir, cold_runs)
    return results
