"""Markdown pieces shared by the benchmark pages (:mod:`rag.benchmark.report`, :mod:`rag.benchmark.compare`)."""

from __future__ import annotations


def ms(figures: dict[str, float]) -> str:
    """``{"p50": 4.84, "p95": 5.37}`` (milliseconds) as "4.8 / 5.4"."""
    return f"{figures['p50']:.1f} / {figures['p95']:.1f}"


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, one line per row."""
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows]
