"""`rag bench` end to end on a small size (hashing embedder), and its corpus builder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.benchmark.corpus import make_corpus
from rag.ingest.chunking import sentence_spans

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
needs_data = pytest.mark.skipif(not (DATASETS / "piaf").is_dir(), reason=f"shared datasets not present: {DATASETS}")


@needs_data
def test_corpus_has_the_asked_size_and_filler_never_repeats_a_gold_sentence() -> None:
    corpus = make_corpus(DATASETS, 3000, chunk_size=1000, overlap=1, queries_per_set=30, seed=0)
    assert corpus.chunks == 3000 and corpus.filler_docs > 0
    assert len(set(corpus.files.values())) == len(corpus.files)  # no copies: `rag index` would skip them
    golds = {q.gold for q in corpus.queries}
    assert golds <= set(corpus.files)
    gold_sentences = {
        corpus.files[g][a:b] for g in golds for group in sentence_spans(corpus.files[g], "fr", 1000) for a, b in group
    }
    filler = " ".join(text for name, text in corpus.files.items() if name.startswith("filler-"))
    assert not [s for s in gold_sentences if len(s) > 40 and s in filler]


@needs_data
@pytest.mark.slow
def test_bench_command_measures_both_pipelines_and_writes_the_report(tmp_path: Path) -> None:
    output = tmp_path / "docs" / "benchmarks.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {"RAG_EMBEDDER": "hashing"}
    done = subprocess.run(
        [sys.executable, "-m", "rag", "bench", "--sizes", "400,800", "--queries", "10", "--datasets", str(DATASETS),
         "--output", str(output), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert [s["chunks"] for s in results["sizes"]] == [400, 800]
    for size in results["sizes"]:
        for system in ("ours", "langchain"):
            assert set(size[system]["hit@5"]) == {"piaf", "xquad en->es"}
            assert all(0 <= v <= 1 for v in size[system]["hit@5"].values())
            assert size[system]["retrieval_ms"]["p95"] >= size[system]["retrieval_ms"]["p50"] > 0
        assert size["update"]["updated"] == 1 and size["update"]["in_process_s"] > 0
        assert size["build_peak_rss_mb"] > 0 and size["disk_bytes_per_chunk"] > 0
        assert size["search"]["recall@10"] > 0.5
    assert len(results["cold_start"]["runs_s"]) == 5
    page = output.read_text(encoding="utf-8")
    assert "| 800 |" in page and "benchmarks-latency.png" in page and "Cold start" in page
    assert (output.parent / "benchmarks-latency.png").stat().st_size > 10_000
    assert json.loads(output.with_suffix(".json").read_text())["sizes"][0]["chunks"] == 400


def test_bad_sizes_get_a_one_line_error() -> None:
    done = subprocess.run([sys.executable, "-m", "rag", "bench", "--sizes", "lots"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Error: --sizes 'lots'" in done.stderr and "Traceback" not in done.stderr


def _size(chunks: int, ours_p95: float, theirs_p95: float) -> dict:
    lat = {"p50": ours_p95 / 2, "p95": ours_p95}
    their = {"p50": theirs_p95 / 2, "p95": theirs_p95}
    return {
        "chunks": chunks, "real_documents": 10, "filler_documents": chunks - 10, "build_s": 2.0, "chunks_per_s": chunks / 2,
        "build_peak_rss_mb": 300.0, "disk_mb": 1.0, "disk_bytes_per_chunk": 4096.0, "memory_bytes_per_chunk": 8192.0,
        "vector_index": "exact",
        "ours": {"retrieval_ms": lat, "retrieval_with_embedding_ms": lat, "ask_ms": lat, "hit@5": {"piaf": 0.9}},
        "langchain": {"retrieval_ms": their, "retrieval_with_embedding_ms": their, "hit@5": {"piaf": 0.8}},
        "search": {"exact_ms": lat, "hnsw_ms": lat, "recall@10": 0.99, "recall@100": 0.97, "hnsw_build_s": 0.1,
                   "exact_curve": [{"chunks": 5000, "p50": 0.4, "p95": 0.5}]},
        "update": {"in_process_s": 0.5, "cli_s": 1.5, "updated": 1},
    }


def test_report_can_be_rendered_again_from_saved_measurements(tmp_path: Path) -> None:
    saved = tmp_path / "old.json"
    saved.write_text(json.dumps({
        "meta": {"date": "2026-11-23", "machine": "2 CPU cores", "embedder": "use", "versions": {"faiss-cpu": "1"},
                 "queries_per_set": 200, "candidates": 100, "hnsw_ef_search": 256, "exact_search_max_chunks": 20000},
        "sizes": [_size(1000, 2.0, 1.0), _size(100_000, 10.0, 250.0)],
        "cold_start": {"question": "q?", "runs_s": [1.2, 1.3, 1.1, 1.4, 1.2], "median_s": 1.2},
    }))
    output = tmp_path / "docs" / "benchmarks.md"
    done = subprocess.run([sys.executable, "-m", "rag", "bench", "--from-json", str(saved), "--output", str(output)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page = output.read_text(encoding="utf-8")
    assert "At 100,000 chunks, hybrid retrieval takes **10.0 ms p95**" in page
    assert "**25.0x faster** at p95" in page and "piaf 0.900 vs 0.800" in page
    assert "| 1,000 | 1.0 / 2.0 | 0.5 / 1.0 | **0.5x** |" in page  # slower at small sizes: shown, not hidden
    assert (output.parent / "benchmarks-latency.png").is_file()


def test_report_shows_another_store_side_by_side(tmp_path: Path) -> None:
    meta = {"date": "2026-12-01", "machine": "2 CPU cores", "embedder": "use", "versions": {"faiss-cpu": "1"},
            "queries_per_set": 200, "candidates": 100, "hnsw_ef_search": 256, "exact_search_max_chunks": 20000}
    cold = {"question": "q?", "runs_s": [1.2, 1.3, 1.1, 1.4, 1.2], "median_s": 1.2}
    local = tmp_path / "local.json"
    local.write_text(json.dumps({"meta": meta, "sizes": [_size(1000, 2.0, 1.0), _size(10_000, 4.0, 50.0)],
                                 "cold_start": cold}))
    postgres = tmp_path / "docs" / "benchmarks-postgres.json"
    postgres.parent.mkdir()
    slower = _size(10_000, 12.0, 50.0)
    slower["ours"]["hit@5"]["piaf"] = 0.850
    slower |= {"size": 10_000, "chunks": 10_001}  # paired by the size asked for, not the exact chunk count
    postgres.write_text(json.dumps({"meta": meta | {"store": "postgres", "command": "rag bench --store postgres"},
                                    "sizes": [slower], "cold_start": cold}))
    output = tmp_path / "docs" / "benchmarks.md"
    done = subprocess.run([sys.executable, "-m", "rag", "bench", "--from-json", str(local), "--output", str(output),
                           "--against", str(postgres)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page = output.read_text(encoding="utf-8")
    assert "## Side by side: local store and postgres" in page
    assert "[benchmarks-postgres.md](benchmarks-postgres.md)" in page  # a link that works from docs/
    assert "| 10,000 | retrieval | 2.0 / 4.0 | 6.0 / 12.0 | 3.0x |" in page  # only the size both measured
    assert "| 1,000 | retrieval |" not in page
    assert "| 10,000 | piaf | 0.900 | 0.850 | -0.050 |" in page

    broken = subprocess.run([sys.executable, "-m", "rag", "bench", "--from-json", str(local), "--output", str(output),
                             "--against", str(tmp_path / "missing.json")], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert broken.returncode != 0 and "not measurements written by `rag bench`" in broken.stderr
    assert "Traceback" not in broken.stderr
