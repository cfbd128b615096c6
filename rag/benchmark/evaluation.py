"""Evaluation: our QA set (answers, evidence, abstention) and SQuAD-format passage retrieval.

The QA format is ``shared/eval/qa_dev.jsonl``: a passage supports an answer when it contains
one of the evidence substrings, compared after folding ’ to ' and whitespace runs to one space.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.answer.extractive import extractive_answer
from rag.answer.pipeline import Rag
from rag.errors import EvalFileError
from rag.index.embeddings import RagEmbeddings, make_embedder
from rag.index.indexer import index_documents
from rag.index.opening import index_location, open_writer
from rag.settings import Settings
from rag.text import detect_language
from rag.types import BANDS, Document


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def load_qa(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise EvalFileError(f"evaluation file not found: {path}")
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            item["question"], item["answerable"]  # noqa: B018 - required keys
        except (ValueError, KeyError, TypeError):
            raise EvalFileError(f"{path}:{number}: not a QA record (needs question, answerable, ...)") from None
        items.append(item)
    return items


def _rank_of_evidence(passages: list[dict], evidence: list[list[str]]) -> int | None:
    for rank, passage in enumerate(passages):
        text = _norm(passage["text"])
        if any(Path(passage["source"]).name == Path(src).name and _norm(snippet) in text for src, snippet in evidence):
            return rank
    return None


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0}
    return {"p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95))}


def evaluate_qa(rag: Rag, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Retrieval, answer, citation and abstention metrics, plus one row per question."""
    rows, latencies = [], []
    for item in items:
        answer = rag.ask(item["question"])
        result = answer.to_dict()
        latencies.append(answer.timings_ms["total_ms"])
        row = {"id": item.get("id"), "question": item["question"], "answerable": item["answerable"],
               "abstained": answer.abstained, "answer": answer.answer, "band": answer.band,
               "confidence": answer.confidence}
        if answer.confidence is not None:  # would the quote be right? (the answer it withheld, if it abstained)
            forced = answer if not answer.abstained else extractive_answer(rag.retrieve(item["question"]), 0.0)
            row["quote_right"] = item["answerable"] and all(re.search(p, forced.answer) for p in item["answer_patterns"])
        if item["answerable"]:
            rank = _rank_of_evidence(result["passages"], item.get("evidence", []))
            cited = _rank_of_evidence(
                [{"source": c["source"], "text": c["sentence"] + " " + c["text"]} for c in result["citations"]],
                item.get("evidence", []),
            )
            row |= {
                "evidence_rank": rank,
                "correct": not answer.abstained and all(re.search(p, answer.answer) for p in item["answer_patterns"]),
                "evidence_cited": cited is not None,
            }
        rows.append(row)
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    ranks = [r["evidence_rank"] for r in answerable]

    def share(values: Sequence[float]) -> float:  # bools count as 0 and 1
        return sum(values) / len(values) if values else 0.0

    return {
        "mode": "qa",
        "questions": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "hit@1": share([r is not None and r < 1 for r in ranks]),
        "hit@5": share([r is not None and r < 5 for r in ranks]),
        "mrr": share([1.0 / (r + 1) if r is not None else 0.0 for r in ranks]),
        "answer_accuracy": share([r["correct"] for r in answerable]),
        "evidence_cited": share([r["evidence_cited"] for r in answerable]),
        "abstention_accuracy": share([r["abstained"] for r in unanswerable]),
        "false_abstentions": sum(r["abstained"] for r in answerable),
        "false_abstention_rate": share([r["abstained"] for r in answerable]),
        "latency_ms": percentiles(latencies),
        "calibration": calibration([(r["confidence"], r["quote_right"]) for r in rows if "quote_right" in r]),
        "bands": {band: sum(r["band"] == band for r in rows) for band in BANDS},
        "rows": rows,
    }


def calibration(pairs: list[tuple[float, bool]], bins: int = 10) -> dict[str, Any]:
    """Reliability table and Brier score of the answerer's confidence.

    ``pairs``: (confidence, whether the quoted sentence answers the question right). The table
    has one row per confidence decile that holds questions: its range, count, mean confidence and
    the share that was right; a calibrated model's two columns agree. The Brier score is the mean
    of (confidence - outcome)^2 (Brier, 1950): 0 is perfect, 0.25 is what always saying 0.5 scores.
    """
    table = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in pairs if low <= p < high or (b == bins - 1 and p == 1.0)]
        if inside:
            table.append({"range": f"{low:.1f}-{high:.1f}", "n": len(inside),
                          "confidence": sum(p for p, _ in inside) / len(inside),
                          "right": sum(y for _, y in inside) / len(inside)})
    brier = sum((p - y) ** 2 for p, y in pairs) / len(pairs) if pairs else 0.0
    return {"brier": brier, "table": table}


def evaluate_qa_file(settings: Settings, path: Path) -> dict[str, Any]:
    items = load_qa(path)
    rag = Rag.open(settings)
    # latency figures are per question, not loading (encoder, language identifier, date names, given names)
    rag.ask("When and how many, warm-up?")
    rag.ask("Who warms up?")
    try:
        return evaluate_qa(rag, items) | {"file": str(path), "index": index_location(settings)}
    finally:
        rag.close()


def load_squad(path: Path) -> tuple[list[str], list[tuple[str, str, int]]]:
    """Paragraph texts, and (question id, question, paragraph number) triples, in file order."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvalFileError(f"{path}: not a SQuAD-format file ({exc})") from None
    contexts: list[str] = []
    questions: list[tuple[str, str, int]] = []
    for article in data:
        for para in article["paragraphs"]:
            for qa in para["qas"]:
                questions.append((qa["id"], qa["question"], len(contexts)))
            contexts.append(para["context"])
    return contexts, questions


def _paragraph_store(settings: Settings, tmp: Path) -> Settings:
    """Where the paragraphs are indexed: a temporary folder for the local store; for PostgreSQL, the
    configured database, only while it holds no index (an evaluation never replaces the articles' index)."""
    if settings.store != "postgres":
        return settings.model_copy(update={"index_dir": tmp})
    manifest, reason = open_writer(settings).published()
    if manifest is not None or reason != "no index yet":
        raise EvalFileError(f"rag eval --passages indexes the paragraphs into the database, which already holds an "
                            f"index ({index_location(settings)}); point --database-url at an empty database")
    return settings


def evaluate_squad(
    settings: Settings,
    passages_path: Path,
    questions_path: Path,
    limit: int = 300,
    seed: int = 0,
    embedder: RagEmbeddings | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Index every paragraph of one file, ask sampled questions of another (same ids), score passages."""
    contexts, passage_questions = load_squad(passages_path)
    by_id = {qid: para for qid, _, para in passage_questions}
    _, questions = load_squad(questions_path)
    questions = [(qid, q, by_id[qid]) for qid, q, _ in questions if qid in by_id]
    if not questions:
        raise EvalFileError(f"no question ids of {questions_path} appear in {passages_path}")
    sample = random.Random(seed).sample(questions, min(limit, len(questions)))
    lang = detect_language(" ".join(contexts[:20]))
    docs = [Document(f"p{i:05d}.txt", f"paragraph {i}", None, lang, text, str(i)) for i, text in enumerate(contexts)]
    embedder = embedder or make_embedder(settings)
    with tempfile.TemporaryDirectory(prefix="rag-eval-") as tmp:
        eval_settings = _paragraph_store(settings, Path(tmp))
        began = time.perf_counter()
        index_documents(eval_settings, docs, embedder=embedder, progress=progress)
        build_s = time.perf_counter() - began
        rag = Rag.open(eval_settings, embedder)
        ranks, latencies = [], []
        for _, question, para in sample:
            retrieval = rag.retrieve(question, k=max(settings.top_k, 5))
            latencies.append(sum(retrieval.timings_ms.values()))
            found = [int(p.chunk.doc_id[1:6]) for p in retrieval.passages]
            paragraphs = list(dict.fromkeys(found))
            ranks.append(paragraphs.index(para) if para in paragraphs else None)
        rag.close()
    return {
        "mode": "squad",
        "passages_file": str(passages_path),
        "questions_file": str(questions_path),
        "paragraphs": len(contexts),
        "questions": len(sample),
        "hit@1": sum(r is not None and r < 1 for r in ranks) / len(ranks),
        "hit@5": sum(r is not None and r < 5 for r in ranks) / len(ranks),
        "mrr": sum(1.0 / (r + 1) for r in ranks if r is not None) / len(ranks),
        "index_build_s": build_s,
        "latency_ms": percentiles(latencies),
    }


def format_report(report: dict[str, Any]) -> str:
    lines = []
    if report["mode"] == "qa":
        for row in report["rows"]:
            rank = row.get("evidence_rank")
            where = "evidence not retrieved" if rank is None else f"evidence in passage {rank + 1}"  # 1 = first shown
            status = row["band"] + (  # answered, tentative or abstained: a tentative answer is no plain one
                "" if not row["answerable"] else f", {'correct' if row['correct'] else 'WRONG'}, {where}"
            )
            lines.append(f"{row['id']}: {status}  ({row['question']})")
        lines.append("")
        keys = ["questions", "hit@1", "hit@5", "mrr", "answer_accuracy", "evidence_cited", "abstention_accuracy",
                "false_abstentions", "false_abstention_rate"]
    else:
        keys = ["paragraphs", "questions", "hit@1", "hit@5", "mrr", "index_build_s"]
    for key in keys:
        value = report[key]
        lines.append(f"{key:>20}: {value:.3f}" if isinstance(value, float) else f"{key:>20}: {value}")
    lat = report["latency_ms"]
    lines.append(f"{'latency p50/p95':>20}: {lat['p50']:.1f} / {lat['p95']:.1f} ms")
    if report.get("calibration"):
        lines += _calibration_lines(report["calibration"], report["bands"])
    return "\n".join(lines)


def _calibration_lines(calibration: dict[str, Any], bands: dict[str, int]) -> list[str]:
    lines = ["", f"{'bands':>20}: " + ", ".join(f"{n} {band}" for band, n in bands.items()),
             f"{'Brier score':>20}: {calibration['brier']:.3f}",
             "  confidence  questions  mean confidence  quote right"]
    for row in calibration["table"]:
        lines.append(f"  {row['range']:>10}  {row['n']:>9}  {row['confidence']:>15.2f}  {row['right']:>11.2f}")
    return lines
