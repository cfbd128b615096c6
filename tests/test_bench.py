"""`rag bench` end to end on a small size (hashing embedder), and its corpus builder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.benchmark.corpus import make_corpus
from rag.chunking import sentence_spans

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
