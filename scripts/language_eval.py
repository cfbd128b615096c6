"""Language identification accuracy on XQuAD (8 languages) and PIAF (French), before and after
rag.text identified all 15 languages of the multilingual USE v3 encoder.

"Before" is the previous rag.text rule: py3langid restricted to en fr es de it pt nl, and any text
with fewer than two ``\\w+`` words counted as English. "After" is :func:`rag.text.language_probabilities`.
Paragraphs are scored with ``detect_language`` (probability >= 0.5, else "en": what documents get);
questions with the most probable language (what retrieval uses), and with whether the true
language reaches ``language_match_probability`` (0.05), the floor above which
:func:`rag.answer.retrieval.fuse` treats a chunk as same-language and does not damp its BM25 score.

Usage: .venv/bin/python scripts/language_eval.py [--datasets ../shared/datasets] [--limit N]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from rag.settings import Settings
from rag.text import DEFAULT_LANGUAGE, WORD_RE, language_probabilities

OLD_LANGUAGES = ["en", "fr", "es", "de", "it", "pt", "nl"]  # rag.text before this change
XQUAD = ["en", "es", "de", "ar", "ru", "th", "tr", "zh"]

Probabilities = Callable[[str], dict[str, float]]


@cache
def _old_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(OLD_LANGUAGES)
    return ident


def old_probabilities(text: str) -> dict[str, float]:
    """rag.text.language_probabilities as it was (7 languages, "en" under two words)."""
    sample = text[:2000]
    if len(WORD_RE.findall(sample)) < 2:
        return {DEFAULT_LANGUAGE: 1.0}
    return {lang: float(p) for lang, p in _old_identifier().rank(sample)}


def load_squad(path: Path, limit: int | None) -> tuple[list[str], list[str]]:
    """Paragraph contexts and questions of a SQuAD-format file."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    paragraphs = [p for article in data for p in article["paragraphs"]]
    contexts = [p["context"] for p in paragraphs][:limit]
    questions = [q["question"] for p in paragraphs for q in p["qas"]][:limit]
    return contexts, questions


def shortest(questions: list[str], share: float = 0.1) -> list[str]:
    """The shortest ``share`` of the questions by characters (at least 20): the hard cases."""
    return sorted(questions, key=len)[: max(20, int(len(questions) * share))]


def scores(
    lang: str, contexts: list[str], questions: list[str], probabilities: Probabilities, floor: float
) -> tuple[float, float, float, float]:
    """Accuracy on paragraphs, on questions and on the shortest questions; share of questions
    whose language reaches ``floor``."""
    def detected(text: str) -> str:
        best, p = max(probabilities(text).items(), key=lambda item: item[1])
        return best if p >= 0.5 else DEFAULT_LANGUAGE

    para = sum(detected(t) == lang for t in contexts) / len(contexts)
    q_probs = [probabilities(q) for q in questions]
    top = sum(max(p, key=p.__getitem__) == lang for p in q_probs) / len(questions)
    kept = sum(p.get(lang, 0.0) >= floor for p in q_probs) / len(questions)
    short = shortest(questions)
    top_short = sum(max(p, key=p.__getitem__) == lang for p in map(probabilities, short)) / len(short)
    return para, top, top_short, kept


def cross_language(questions: list[str], index_lang: str, probabilities: Probabilities, floor: float) -> float:
    """Share of questions for which chunks in ``index_lang`` count as same-language (not damped)."""
    return sum(probabilities(q).get(index_lang, 0.0) >= floor for q in questions) / len(questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    parser.add_argument("--limit", type=int, default=None, help="at most N paragraphs and N questions per language")
    args = parser.parse_args()
    floor = Settings().language_match_probability
    sets = {lang: args.datasets / "xquad" / f"xquad.{lang}.json" for lang in XQUAD}
    sets["fr (PIAF)"] = args.datasets / "piaf" / "piaf-v1.1.json"
    print("| language | paragraphs / questions | paragraphs before | after | questions before | after "
          f"| shortest 10% questions before | after | P(lang) >= {floor} before | after |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    loaded = {}
    for name, path in sets.items():
        lang = name.split()[0]
        contexts, questions = loaded[name] = load_squad(path, args.limit)
        b, a = (scores(lang, contexts, questions, f, floor) for f in (old_probabilities, language_probabilities))
        cells = " | ".join(f"{before:.3f} | {after:.3f}" for before, after in zip(b, a))
        print(f"| {name} | {len(contexts)} / {len(questions)} | {cells} |")
    print(f"\nQuestions whose chunks in another language escape BM25 damping (P >= {floor}; lower is better):\n")
    print("| questions | index language | before | after |")
    print("|---|---|---|---|")
    for q_name, index_lang in [("en", "fr"), ("fr (PIAF)", "en"), ("de", "en"), ("zh", "en"), ("ru", "en")]:
        questions = loaded[q_name][1]
        b, a = (cross_language(questions, index_lang, f, floor) for f in (old_probabilities, language_probabilities))
        print(f"| {q_name} | {index_lang} | {b:.3f} | {a:.3f} |")
    print("\nShortest English questions, three most probable languages after (before):\n")
    for question in shortest(loaded["en"][1])[:8]:
        after, before = (", ".join(f"{k} {v:.2f}" for k, v in list(f(question).items())[:3])
                         for f in (language_probabilities, old_probabilities))
        print(f"- {question!r}: {after} ({before})")


if __name__ == "__main__":
    main()
