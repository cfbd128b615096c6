"""docs/benchmarks.md and its plot, rendered from the JSON that `rag bench` measures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rag.benchmark.compare import side_by_side
from rag.benchmark.markdown import ms, table
from rag.errors import EvalFileError


def _ratio(theirs: dict[str, float], ours: dict[str, float]) -> str:
    return f"{theirs['p95'] / ours['p95']:.1f}x"



def _build_rows(sizes: list[dict[str, Any]]) -> list[list[str]]:
    return [[
        f"{s['chunks']:,}", f"{s['real_documents']:,} + {s['filler_documents']:,}", f"{s['build_s']:.1f}",
        f"{s['chunks_per_s']:.0f}", f"{s['build_peak_rss_mb']:.0f}", f"{s['disk_mb']:.1f}",
        f"{s['disk_bytes_per_chunk'] / 1024:.1f}", f"{s['memory_bytes_per_chunk'] / 1024:.1f}", s["vector_index"],
    ] for s in sizes]


def _latency_rows(sizes: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for s in sizes:
        ours, theirs = s["ours"], s["langchain"]
        rows.append([
            f"{s['chunks']:,}", ms(ours["retrieval_ms"]), ms(theirs["retrieval_ms"]),
            f"**{_ratio(theirs['retrieval_ms'], ours['retrieval_ms'])}**", ms(ours["retrieval_with_embedding_ms"]),
            ms(theirs["retrieval_with_embedding_ms"]),
            _ratio(theirs["retrieval_with_embedding_ms"], ours["retrieval_with_embedding_ms"]), ms(ours["ask_ms"]),
        ])
    return rows


def _quality_rows(sizes: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for s in sizes:
        for dataset in sorted(s["ours"]["hit@5"]):
            ours, theirs = s["ours"]["hit@5"][dataset], s["langchain"]["hit@5"][dataset]
            rows.append([f"{s['chunks']:,}", dataset, f"{ours:.3f}", f"{theirs:.3f}", f"{ours - theirs:+.3f}"])
    return rows


def _search_rows(sizes: list[dict[str, Any]]) -> list[list[str]]:
    return [[
        f"{s['chunks']:,}", ms(s["search"]["exact_ms"]), ms(s["search"]["hnsw_ms"]), f"{s['search']['recall@10']:.3f}",
        f"{s['search']['recall@100']:.3f}", f"{s['search']['hnsw_build_s']:.1f}", s["vector_index"],
    ] for s in sizes]


def _update_rows(sizes: list[dict[str, Any]]) -> list[list[str]]:
    return [[f"{s['chunks']:,}", f"{s['update']['in_process_s']:.2f}", f"{s['update']['cli_s']:.2f}",
             f"{s['build_s'] / s['update']['in_process_s']:.0f}x"] for s in sizes]


def plot(results: dict[str, Any], path: Path) -> None:
    """p95 retrieval latency against corpus size, ours vs LangChain, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    chunks = [s["chunks"] for s in sizes]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for system, label, style in (("ours", "rag (hybrid)", "o-"), ("langchain", "LangChain FAISS+BM25+Ensemble", "s--")):
        for key, suffix, alpha in (("retrieval_ms", "", 1.0), ("retrieval_with_embedding_ms", ", query embedding incl.", 0.45)):
            ax.plot(chunks, [s[system][key]["p95"] for s in sizes], style, alpha=alpha, label=label + suffix)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunks in the index")
    ax.set_ylabel("retrieval latency p95 (ms)")
    ax.set_title("Hybrid retrieval latency vs corpus size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _summary(results: dict[str, Any]) -> list[str]:
    largest, cold = results["sizes"][-1], results["cold_start"]
    ours, theirs = largest["ours"], largest["langchain"]
    hits = "; ".join(
        f"{name} {ours['hit@5'][name]:.3f} vs {theirs['hit@5'][name]:.3f}" for name in sorted(ours["hit@5"])
    )
    return [
        "## Summary",
        "",
        f"- At {largest['chunks']:,} chunks, hybrid retrieval takes **{ours['retrieval_ms']['p95']:.1f} ms p95** with "
        f"query embedding excluded ({ours['retrieval_with_embedding_ms']['p95']:.1f} ms included); the stock LangChain "
        f"pipeline takes {theirs['retrieval_ms']['p95']:.1f} ms on the same chunks and questions: "
        f"**{theirs['retrieval_ms']['p95'] / ours['retrieval_ms']['p95']:.1f}x faster** at p95 "
        f"({theirs['retrieval_ms']['p50'] / ours['retrieval_ms']['p50']:.1f}x at p50).",
        f"- hit@5 at that size, ours vs LangChain: {hits}.",
        f"- `rag ask` cold start on the bundled corpus: **{cold['median_s']:.2f} s** median of {len(cold['runs_s'])}.",
        "",
    ]


def _corpora() -> list[str]:
    return [
        "## Corpora",
        "",
        "Each size is a folder of `.txt` files indexed by the real `rag index` code path. Real documents come first: "
        "every PIAF paragraph (French) and XQuAD paragraph (Spanish) a sampled question is about, then other PIAF, "
        "Spanish and German XQuAD paragraphs (German translations of the gold Spanish ones are left out: they would "
        "be a second right answer). The datasets hold about 2,000 chunks of distinct text, so **larger sizes are "
        "topped up with filler documents made of real sentences repeated in random combinations** (one language per "
        "document, one chunk each, never a sentence of a gold paragraph). The filler is same-domain distraction; it "
        "repeats sentences, which the indexer embeds once each, so build throughput at large sizes is higher than on "
        "a corpus of distinct text (compare the 1k row, which is all real text).",
        "",
    ]


def _build(sizes: list[dict[str, Any]]) -> list[str]:
    return [
        "## Build",
        "",
        *table(["chunks", "real + filler docs", "build (s)", "chunks/s", "peak RSS (MB)", "on disk (MB)",
                 "disk per chunk (KB)", "memory per chunk (KB)", "vector index"], _build_rows(sizes)),
        "",
        "Peak RSS is the indexing process's own (VmHWM, reset before the build; the embedder is included). "
        "Memory per chunk is the RSS growth from opening the index.",
        "",
    ]


def _latency(sizes: list[dict[str, Any]], plot_name: str) -> list[str]:
    return [
        "## Query latency (ms, p50 / p95)",
        "",
        *table(["chunks", "ours, retrieval", "LangChain, retrieval", "LangChain p95 / ours p95",
                 "ours, incl. query embedding", "LangChain, incl. query embedding", "ratio incl.",
                 "ours, end-to-end `ask`"], _latency_rows(sizes)),
        "",
        f"![latency vs corpus size]({plot_name})",
        "",
        "Retrieval means the question's top 5 passages: for us language detection, dense search, BM25, scoring every "
        "candidate both ways, sentence-level scores, fusion and overlap removal; for LangChain `EnsembleRetriever` "
        "(RRF, weights 0.5/0.5) over `FAISS` (its default flat L2 index, FAISS's default threads) and "
        "`BM25Retriever` (rank-bm25), both with k=5, built from the very same chunks and vectors. Query embedding "
        "excluded means both get the question's vector precomputed. End-to-end `ask` is retrieval with embedding "
        "plus the extractive answer. Each figure is over every question, after 10 warm-up questions.",
        "",
    ]


def _quality(sizes: list[dict[str, Any]]) -> list[str]:
    return [
        "## Retrieval quality (hit@5)",
        "",
        *table(["chunks", "questions", "ours", "LangChain", "difference"], _quality_rows(sizes)),
        "",
        "A hit is the question's gold paragraph among the first 5 passages. PIAF: French questions on French "
        "paragraphs; XQuAD en->es: English questions on the Spanish paragraphs.",
        "",
    ]


def _search(meta: dict[str, Any], sizes: list[dict[str, Any]]) -> list[str]:
    curve = sizes[-1]["search"].get("exact_curve", [])
    return [
        "## Exact search or HNSW",
        "",
        *table(["chunks", "exact p50 / p95 (ms)", "HNSW p50 / p95 (ms)", "HNSW recall@10", "HNSW recall@100",
                 "HNSW build (s)", "index used"], _search_rows(sizes)),
        "",
        f"Dense search for the {meta['candidates']} candidates of each question, on the chunk vectors of each size "
        f"(HNSW: M=32, efSearch={meta['hnsw_ef_search']}); recall is against exact search. The index switches to "
        f"HNSW above `RAG_EXACT_SEARCH_MAX_CHUNKS` = {meta['exact_search_max_chunks']:,} chunks.",
        "",
        "Exact search alone on the first n chunk vectors of the largest corpus (ms, p50 / p95): "
        + ", ".join(f"{c['chunks']:,}: {c['p50']:.2f} / {c['p95']:.2f}" for c in curve)
        + ". Its cost grows linearly with the corpus; up to the threshold it stays a small share of a retrieval "
        "and gives exact results, beyond it HNSW keeps dense search under a millisecond at the recall shown.",
        "",
    ]


def _updates(sizes: list[dict[str, Any]], cold: dict[str, Any]) -> list[str]:
    return [
        "## Updating one document",
        "",
        *table(["chunks", "in process, models loaded (s)", "one-shot `rag index` (s)", "vs full build"],
                _update_rows(sizes)),
        "",
        "## Cold start",
        "",
        f"`rag ask \"{cold['question']}\"` on the bundled corpus, a new process each time: median "
        f"**{cold['median_s']:.2f} s** wall over {len(cold['runs_s'])} runs "
        f"({', '.join(f'{t:.2f}' for t in cold['runs_s'])} s).",
        "",
    ]


def render(results: dict[str, Any], plot_name: str, against: tuple[dict[str, Any], str] | None = None) -> str:
    """The page: ``results`` as :func:`rag.benchmark.run.run_benchmark` returns them; ``against``,
    another store's results and the name of their own page, adds a side-by-side section."""
    meta, sizes = results["meta"], results["sizes"]
    head = [
        "# Benchmarks" + (" on PostgreSQL with pgvector" if meta.get("store", "local") != "local" else ""),
        "",
        f"Measured {meta['date']} on {meta['machine']} with the `{meta['embedder']}` embedder, "
        + (f"the index in the `{meta['store']}` store (on disk: n/a, the database's own), "
           if meta.get("store", "local") != "local" else "")
        + f"{meta['queries_per_set']} questions per dataset, by `{meta.get('command', 'rag bench')}` "
        "(this page, its plot and `benchmarks.json` are written by that command; do not edit by hand).",
        f"Versions: {', '.join(f'{k} {v}' for k, v in meta['versions'].items())}.",
        "",
    ]
    compared = side_by_side(results, *against) if against is not None else []
    sections = (_summary(results) + compared + _corpora() + _build(sizes) + _latency(sizes, plot_name)
                + _quality(sizes) + _search(meta, sizes) + _updates(sizes, results["cold_start"]))
    return "\n".join(head + sections)


def load_results(path: Path) -> dict[str, Any]:
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
        results["meta"], results["sizes"], results["cold_start"]  # noqa: B018 - required keys
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvalFileError(f"{path}: not measurements written by `rag bench` ({exc})") from None
    return results


def write_report(results: dict[str, Any], output: Path, against: Path | None = None) -> None:
    """Write ``output`` (Markdown), its plot and its JSON; ``against``: another store's saved
    measurements (:func:`load_results`) to show side by side. Raises EvalFileError on a bad ``against``."""
    other = None
    if against is not None:
        page = against.with_suffix(".md")
        try:
            link = page.resolve().relative_to(output.parent.resolve()).as_posix()
        except ValueError:
            link = page.as_posix()
        other = (load_results(against), link)
    output.parent.mkdir(parents=True, exist_ok=True)
    plot_path = output.with_name(output.stem + "-latency.png")
    plot(results, plot_path)
    output.write_text(render(results, plot_path.name, other), encoding="utf-8")
    output.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
