"""Fit the extractive answerer's support model and abstention threshold on held-out QA data.

Data (read from ../shared/datasets, never copied): PIAF (French questions, French articles)
and XQuAD (English questions, Spanish articles). Each article becomes one document, as in the
product, made of half of its paragraphs; questions on those are answerable, questions on the
held-out half are not (same article, same topic, the fact is simply absent: the hard kind of
"not in the sources"). A logistic model learns which retrieved sentence holds the gold answer; the
threshold on its best probability maximises end-to-end accuracy: a correct sentence quoted
for an answerable question, an abstention for an unanswerable one (classes weighted equally).

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


def load_articles(path: Path) -> list[list[dict]]:
    """Articles as lists of paragraphs (context + questions), in file order."""
    return [article["paragraphs"] for article in json.loads(path.read_text(encoding="utf-8"))["data"]]


def split_articles(
    articles: list[list[dict]], rng: random.Random, absent_share: float = 0.2
) -> tuple[list[Document], list[tuple[str, str, bool, list[str]]]]:
    """Documents made of each article's kept paragraphs, and questions with their answerability.

    Users ask both kinds of unanswerable question: about a topic the articles lack entirely
    (``absent_share`` of the articles are left out whole) and about a fact missing from an
    article they do have (half of each other article's paragraphs are held out). A question whose
    answer string survives elsewhere in its article is dropped as ambiguous.
    """
    docs, questions = [], []
    for a, paragraphs in enumerate(articles):
        order = list(range(len(paragraphs)))
        rng.shuffle(order)
        kept = set() if rng.random() < absent_share else set(order[: max(1, len(order) // 2)])
        text = "\n\n".join(paragraphs[i]["context"] for i in sorted(kept))
        doc_id = f"a{a:04d}.txt"
        if kept:
            docs.append(Document(doc_id, f"article {a}", None, "", text, str(a)))
        for i, para in enumerate(paragraphs):
            for qa in para["qas"]:
                answers = [x["text"] for x in qa["answers"]]
                if i not in kept and any(fold(x) in fold(text) for x in answers):
                    continue
                questions.append((qa["id"], doc_id, i in kept, answers))
    return docs, questions


def collect(name: str, passages: Path, questions: Path, n_articles: int, n_questions: int, seed: int) -> list[dict]:
    """Candidate sentences with features and labels for one dataset."""
    rng = random.Random(seed)
    articles = load_articles(passages)
    articles = [articles[i] for i in sorted(rng.sample(range(len(articles)), min(n_articles, len(articles))))]
    docs, asked = split_articles(articles, rng)
    lang = detect_language(" ".join(d.text[:500] for d in docs[:10]))
    docs = [Document(d.doc_id, d.title, None, lang, d.text, d.content_hash) for d in docs]
    _, question_file = load_squad(questions)
    text_of = {qid: q for qid, q, _ in question_file}  # questions may be in another language (same ids)
    pool = [q for q in asked if q[0] in text_of]
    sample = rng.sample(pool, min(n_questions, len(pool)))
    settings = Settings.load()
    embedder = make_embedder(settings)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        s = settings.model_copy(update={"index_dir": Path(tmp)})
        index_documents(s, docs, embedder=embedder, progress=True)
        rag = Rag.open(s, embedder)
        for qid, doc_id, answerable, answers in sample:
            for cand in score_candidates(rag.retrieve(text_of[qid])):
                label = cand.passage.chunk.doc_id == doc_id and any(fold(x) in fold(cand.text) for x in answers)
                rows.append({"dataset": name, "qid": qid, "answerable": answerable, "label": bool(label),
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


def end_to_end_accuracy(best: list[tuple[float, bool, bool]], t: float) -> float:
    """What a user gets right: a correct quoted sentence, or an abstention when the answer is absent.

    A wrong sentence and a needless abstention both count as failures; answerable and
    unanswerable questions weigh equally (each class averaged on its own).
    """
    right = [p >= t and label for p, a, label in best if a]
    abstained = [p < t for p, a, _ in best if not a]
    return (sum(right) / max(len(right), 1) + sum(abstained) / max(len(abstained), 1)) / 2


def fit(rows: list[dict]) -> tuple[LogisticRegression, float]:
    """Sentence model on answerable questions; threshold maximising end-to-end accuracy."""
    train = [r for r in rows if r["answerable"]]
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(
        np.array([r["features"] for r in train]), np.array([r["label"] for r in train])
    )
    best = best_per_question(model, rows)
    threshold = max(sorted({p for p, _, _ in best}), key=lambda t: end_to_end_accuracy(best, t))
    return model, threshold


def report(model: LogisticRegression, threshold: float, rows: list[dict]) -> dict[str, float]:
    best = best_per_question(model, rows)
    answerable = [b for b in best if b[1]]
    answered = [b for b in answerable if b[0] >= threshold]
    return {
        "questions": len(best),
        "end_to_end_accuracy": round(end_to_end_accuracy(best, threshold), 3),
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
    rows = collect("piaf fr-fr", DATA / "piaf/piaf-v1.1.json", DATA / "piaf/piaf-v1.1.json", 60, args.questions, args.seed)
    rows += collect("xquad en-es", DATA / "xquad/xquad.es.json", DATA / "xquad/xquad.en.json", 48, args.questions, args.seed)
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
