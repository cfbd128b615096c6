"""Fit the extractive answerer's support model and abstention threshold on held-out QA data.

Data (read from ../shared/datasets, never copied): PIAF (French questions, French paragraphs)
and XQuAD (English questions, Spanish paragraphs). For each, half of the paragraphs are
indexed; questions on indexed paragraphs are answerable, questions on the held-out half are
not (same articles, same topics, the fact is simply absent: the hard kind of "not in the
sources"). A logistic model learns which retrieved sentence holds the gold answer; the
threshold on its best probability is chosen to maximise balanced accuracy of answer/abstain.

    python scripts/calibrate.py            # prints figures, writes rag/answer_model.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from rag.answer import FEATURES, score_candidates
from rag.documents import Document
from rag.embeddings import make_embedder
from rag.evaluation import load_squad
from rag.indexer import index_documents
from rag.pipeline import Rag
from rag.settings import Settings
from rag.text import detect_language, fold

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"


def answers_by_id(path: Path) -> dict[str, list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return {
        qa["id"]: [a["text"] for a in qa["answers"]]
        for article in data
        for para in article["paragraphs"]
        for qa in para["qas"]
    }


def collect(name: str, passages: Path, questions: Path, n_paragraphs: int, n_questions: int, seed: int) -> list[dict]:
    """Candidate sentences with features and labels for one dataset."""
    contexts, passage_qs = load_squad(passages)
    gold = answers_by_id(passages)  # answers in the passage language locate the sentence
    _, asked = load_squad(questions)
    para_of = {qid: para for qid, _, para in passage_qs}
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(contexts)), min(n_paragraphs, len(contexts))))
    indexed, held_out = set(chosen[: len(chosen) // 2]), set(chosen[len(chosen) // 2 :])
    pool = [(qid, q, para_of[qid]) for qid, q, _ in asked if qid in para_of and para_of[qid] in indexed | held_out]
    sample = rng.sample(pool, min(n_questions, len(pool)))
    settings = Settings.load()
    embedder = make_embedder(settings)
    lang = detect_language(" ".join(contexts[:20]))
    docs = [Document(f"p{i:05d}.txt", f"paragraph {i}", None, lang, contexts[i], str(i)) for i in sorted(indexed)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        s = settings.model_copy(update={"index_dir": Path(tmp)})
        index_documents(s, docs, embedder=embedder, progress=True)
        rag = Rag.open(s, embedder)
        for qid, question, para in sample:
            retrieval = rag.retrieve(question)
            for cand in score_candidates(retrieval):
                in_gold = cand.passage.chunk.doc_id == f"p{para:05d}.txt"
                label = in_gold and any(fold(a) in fold(cand.text) for a in gold[qid])
                rows.append({"dataset": name, "qid": qid, "answerable": para in indexed, "label": bool(label),
                             "features": [cand.features[f] for f in FEATURES]})
        rag.close()
    return rows


def best_per_question(model: LogisticRegression, rows: list[dict]) -> list[tuple[float, bool, bool]]:
    """(best probability, answerable, best sentence holds the answer) for each question."""
    best: dict[str, tuple[float, bool, bool]] = {}
    probs = model.predict_proba(np.array([r["features"] for r in rows]))[:, 1]
    for r, p in zip(rows, probs):
        if r["qid"] not in best or p > best[r["qid"]][0]:
            best[r["qid"]] = (float(p), r["answerable"], r["label"])
    return list(best.values())


def balanced_accuracy(best: list[tuple[float, bool, bool]], t: float) -> float:
    answered = [p >= t for p, a, _ in best if a]
    abstained = [p < t for p, a, _ in best if not a]
    return (sum(answered) / max(len(answered), 1) + sum(abstained) / max(len(abstained), 1)) / 2


def fit(rows: list[dict]) -> tuple[LogisticRegression, float]:
    """Sentence model on answerable questions; threshold maximising balanced answer/abstain accuracy."""
    train = [r for r in rows if r["answerable"]]
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(
        np.array([r["features"] for r in train]), np.array([r["label"] for r in train])
    )
    best = best_per_question(model, rows)
    threshold = max(sorted({p for p, _, _ in best}), key=lambda t: balanced_accuracy(best, t))
    return model, threshold


def report(model: LogisticRegression, threshold: float, rows: list[dict]) -> dict[str, float]:
    best = best_per_question(model, rows)
    answerable = [b for b in best if b[1]]
    answered = [b for b in answerable if b[0] >= threshold]
    return {
        "questions": len(best),
        "balanced_accuracy": round(balanced_accuracy(best, threshold), 3),
        "answered_when_answerable": round(len(answered) / max(len(answerable), 1), 3),
        "abstained_when_unanswerable": round(
            sum(p < threshold for p, a, _ in best if not a) / max(sum(not a for _, a, _ in best), 1), 3
        ),
        "best_sentence_holds_answer_when_answered": round(sum(l for _, _, l in answered) / max(len(answered), 1), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=400, help="questions per dataset")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    rows = collect("piaf fr-fr", DATA / "piaf/piaf-v1.1.json", DATA / "piaf/piaf-v1.1.json", 400, args.questions, args.seed)
    rows += collect("xquad en-es", DATA / "xquad/xquad.es.json", DATA / "xquad/xquad.en.json", 240, args.questions, args.seed)
    model, threshold = fit(rows)
    coefficients = {"bias": float(model.intercept_[0])} | {f: float(c) for f, c in zip(FEATURES, model.coef_[0])}
    stats = {"all": report(model, threshold, rows)} | {
        name: report(model, threshold, [r for r in rows if r["dataset"] == name]) for name in ("piaf fr-fr", "xquad en-es")
    }
    result = {"coefficients": coefficients, "threshold": threshold, "fit": stats,
              "data": {"questions_per_dataset": args.questions, "seed": args.seed, "candidates": len(rows)}}
    print(json.dumps(result, indent=2))
    if args.write:
        (ROOT / "rag" / "answer_model.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print("wrote rag/answer_model.json", file=sys.stderr)


if __name__ == "__main__":
    main()
