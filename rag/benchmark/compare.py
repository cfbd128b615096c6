"""A side-by-side section of two stores' `rag bench` measurements (the local store vs PostgreSQL).

Both runs use the same corpus builder, questions and code path, so the only difference is where
the index lives. Ratios are the other store's figure over this one's (``2.0x`` = twice as long);
percentiles, never single timings, because the machines these run on are shared and noisy.
"""

from __future__ import annotations

from typing import Any

from rag.benchmark.markdown import ms, table


def _times(theirs: float, ours: float) -> str:
    return f"{theirs / ours:.1f}x" if ours > 0 else "n/a"



def _pairs(results: dict[str, Any], other: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The sizes measured in both runs, smallest first, paired by the size asked for (``--sizes``):
    the chunk counts themselves may differ by a chunk or two (100,000 vs 100,001)."""
    theirs = {s.get("size", s["chunks"]): s for s in other["sizes"]}
    return [(s, theirs[key]) for s in results["sizes"] if (key := s.get("size", s["chunks"])) in theirs]


def _latency_rows(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[list[str]]:
    rows = []
    for ours, theirs in pairs:
        for key, label in (("retrieval_ms", "retrieval"), ("retrieval_with_embedding_ms", "incl. query embedding"),
                           ("ask_ms", "end-to-end `ask`")):
            a, b = ours["ours"][key], theirs["ours"][key]
            rows.append([f"{ours['chunks']:,}", label, ms(a), ms(b), _times(b["p95"], a["p95"])])
    return rows


def _work_rows(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[list[str]]:
    rows = []
    for ours, theirs in pairs:
        rows.append([f"{ours['chunks']:,}", "full build (s)", f"{ours['build_s']:.1f}", f"{theirs['build_s']:.1f}",
                     _times(theirs["build_s"], ours["build_s"])])
        rows.append([f"{ours['chunks']:,}", "build throughput (chunks/s)", f"{ours['chunks_per_s']:.0f}",
                     f"{theirs['chunks_per_s']:.0f}", _times(theirs["chunks_per_s"], ours["chunks_per_s"])])
        for key, label in (("in_process_s", "one-document update, in process (s)"),
                           ("cli_s", "one-document update, `rag index` (s)")):
            a, b = ours["update"][key], theirs["update"][key]
            rows.append([f"{ours['chunks']:,}", label, f"{a:.2f}", f"{b:.2f}", _times(b, a)])
    return rows


def _quality_rows(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[list[str]]:
    rows = []
    for ours, theirs in pairs:
        for dataset in sorted(ours["ours"]["hit@5"]):
            a, b = ours["ours"]["hit@5"][dataset], theirs["ours"]["hit@5"].get(dataset)
            rows.append([f"{ours['chunks']:,}", dataset, f"{a:.3f}",
                         "n/a" if b is None else f"{b:.3f}", "n/a" if b is None else f"{b - a:+.3f}"])
    return rows


def side_by_side(results: dict[str, Any], other: dict[str, Any], other_page: str) -> list[str]:
    """Markdown lines comparing ``results`` (this page's store) with ``other`` (measured by
    ``rag bench --store …`` and written to ``other_page``) at the sizes both measured; empty when
    they share none. Shapes: the dicts :func:`rag.benchmark.run.run_benchmark` returns."""
    pairs = _pairs(results, other)
    if not pairs:
        return []
    ours_name = results["meta"].get("store", "local")
    theirs_name = other["meta"].get("store", "local")
    head = ["chunks", "figure", ours_name, theirs_name, f"{theirs_name} / {ours_name}"]
    return [
        f"## Side by side: {ours_name} store and {theirs_name}",
        "",
        f"The same corpora, questions and code, the index in the {ours_name} store (this page, measured "
        f"{results['meta']['date']}) or in {theirs_name} (measured {other['meta']['date']} by "
        f"`{other['meta'].get('command', 'rag bench')}`; its own page: [{other_page}]({other_page})). "
        "Ratios are the second store's figure over the first's.",
        "",
        "Query latency (ms, p50 / p95):",
        "",
        *table(head, _latency_rows(pairs)),
        "",
        "Build and update:",
        "",
        *table(head, _work_rows(pairs)),
        "",
        "Retrieval quality (hit@5):",
        "",
        *table(["chunks", "questions", ours_name, theirs_name, "difference"], _quality_rows(pairs)),
        "",
    ]
