"""Measure sentence segmentation before (rag.ingest.chunking.sentence_spans) and after (rag.ingest.sentences).

There are no gold sentence boundaries in XQuAD or PIAF, so three proxies, per language:

1. answer integrity: share of gold answer spans that lie inside one sentence (over-splitting at
   "5,6", "U.S.", "Dr." or at a space inside a Thai name breaks answers);
2. under-splitting: share of paragraphs whose sentences are all at most 400 characters, and the
   mean number of sentences per paragraph (one "sentence" per Thai or Chinese paragraph is useless
   for citations);
3. exact segmentation accuracy on the hand-labelled ``tests/data/sentences_gold.jsonl``.

Data is read from ../shared/datasets (XQuAD en/es/de/ar/ru/th/tr/zh, PIAF fr), never copied.

    .venv/bin/python scripts/segmentation_eval.py            # prints tables, writes docs/segmentation.md
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from rag.ingest.chunking import sentence_spans
from rag.ingest.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
GOLD = ROOT / "tests" / "data" / "sentences_gold.jsonl"
OUT = ROOT / "docs" / "segmentation.md"
LONG = 400  # characters: a "sentence" longer than this is a paragraph left unsplit

Span = tuple[int, int]
Segmenter = Callable[[str, str], list[Span]]


def before(text: str, lang: str) -> list[Span]:
    """Today's behaviour: pysbd (English rules outside en/fr/es/de/it/nl), flattened, no length cap."""
    return [span for paragraph in sentence_spans(text, lang, 10**9) for span in paragraph]


SEGMENTERS: dict[str, Segmenter] = {"before": before, "after": split_sentences}


def squad_files(datasets: Path) -> dict[str, Path]:
    files = {lang: datasets / "xquad" / f"xquad.{lang}.json" for lang in ("en", "es", "de", "ar", "ru", "th", "tr", "zh")}
    files["fr"] = datasets / "piaf" / "piaf-v1.1.json"
    return {lang: path for lang, path in files.items() if path.exists()}


def paragraphs(path: Path, limit: int | None) -> Iterator[tuple[str, list[Span]]]:
    """(context, answer spans) per paragraph; answers trimmed of surrounding whitespace."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    count = 0
    for article in data:
        for para in article["paragraphs"]:
            if limit is not None and count >= limit:
                return
            count += 1
            context = para["context"]
            answers: set[Span] = set()
            for qa in para["qas"]:
                for answer in qa["answers"]:
                    text = answer["text"]
                    start = answer["answer_start"] + len(text) - len(text.lstrip())
                    end = answer["answer_start"] + len(text.rstrip())
                    if end > start and context[start:end] == text.strip():
                        answers.add((start, end))
            yield context, sorted(answers)


def dataset_scores(segment: Segmenter, lang: str, path: Path, limit: int | None) -> dict[str, float]:
    """Answer integrity, share of paragraphs without an over-long sentence, sentences per paragraph."""
    kept = answers = short = n_paragraphs = n_sentences = 0
    for context, spans in paragraphs(path, limit):
        sentences = segment(context, lang)
        n_paragraphs += 1
        n_sentences += len(sentences)
        short += all(end - start <= LONG for start, end in sentences)
        for a_start, a_end in spans:
            answers += 1
            kept += any(s <= a_start and a_end <= e for s, e in sentences)
    return {
        "integrity": kept / max(answers, 1),
        "answers": answers,
        "short": short / max(n_paragraphs, 1),
        "per_paragraph": n_sentences / max(n_paragraphs, 1),
        "paragraphs": n_paragraphs,
    }


def gold_scores(segment: Segmenter, gold: Path) -> dict[str, tuple[int, int, list[str]]]:
    """Per language: (exactly segmented texts, texts, the texts it got wrong)."""
    scores: dict[str, tuple[int, int, list[str]]] = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        lang, text = item["lang"], item["text"]
        got = [text[s:e] for s, e in segment(text, lang)]
        right, total, wrong = scores.get(lang, (0, 0, []))
        ok = got == item["sentences"]
        scores[lang] = (right + ok, total + 1, wrong if ok else [*wrong, " | ".join(got)])
    return scores


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def dataset_tables(datasets: Path, limit: int | None) -> tuple[str, str]:
    """Markdown tables for measures 1 and 2."""
    integrity_rows: list[list[str]] = []
    split_rows: list[list[str]] = []
    for lang, path in squad_files(datasets).items():
        res = {name: dataset_scores(seg, lang, path, limit) for name, seg in SEGMENTERS.items()}
        b, a = res["before"], res["after"]
        source = "PIAF" if lang == "fr" else "XQuAD"
        integrity_rows.append([lang, source, str(a["answers"]), f"{b['integrity']:.3f}", f"{a['integrity']:.3f}"])
        split_rows.append(
            [
                lang,
                str(a["paragraphs"]),
                f"{b['short']:.3f}",
                f"{a['short']:.3f}",
                f"{b['per_paragraph']:.1f}",
                f"{a['per_paragraph']:.1f}",
            ]
        )
    integrity = table(["lang", "data", "answers", "before", "after"], integrity_rows)
    header = ["lang", "paragraphs", f"no sentence > {LONG} before", "after", "sentences/paragraph before", "after"]
    return integrity, table(header, split_rows)


def gold_table(gold: Path) -> tuple[str, dict[str, list[str]]]:
    """Markdown table for measure 3, and the texts "after" still gets wrong."""
    res = {name: gold_scores(seg, gold) for name, seg in SEGMENTERS.items()}
    rows = []
    for lang, (right, total, _) in res["after"].items():
        b_right = res["before"][lang][0]
        rows.append([lang, str(total), f"{b_right / total:.2f}", f"{right / total:.2f}"])
    right_b = sum(v[0] for v in res["before"].values())
    right_a = sum(v[0] for v in res["after"].values())
    total = sum(v[1] for v in res["after"].values())
    rows.append(["**all**", str(total), f"{right_b / total:.2f}", f"{right_a / total:.2f}"])
    return table(["lang", "texts", "before", "after"], rows), {k: v[2] for k, v in res["after"].items() if v[2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--limit", type=int, default=None, help="paragraphs per dataset (default: all)")
    parser.add_argument("--out", type=Path, default=OUT, help="markdown report ('-' to skip writing)")
    parser.add_argument("--show-errors", action="store_true", help="print the gold texts 'after' gets wrong")
    args = parser.parse_args()

    integrity, splitting = dataset_tables(args.datasets, args.limit)
    gold, errors = gold_table(GOLD)
    sections = [
        "## Answer integrity (share of gold answers inside one sentence; higher is better)\n\n" + integrity,
        "## Under-splitting (paragraphs without an over-long sentence; sentences per paragraph)\n\n" + splitting,
        "## Hand-labelled set (`tests/data/sentences_gold.jsonl`, exact segmentation accuracy)\n\n" + gold,
    ]
    report = "\n\n".join(sections)
    print(report)
    if args.show_errors:
        for lang, wrong in errors.items():
            for text in wrong:
                print(f"{lang}: {text}")
    if str(args.out) != "-":
        write_report(args.out, report)


def write_report(path: Path, tables: str) -> None:
    """Write the tables under a fixed introduction (regenerate with this script)."""
    intro = (
        "# Sentence segmentation, before and after\n\n"
        "*Before*: `rag.ingest.chunking.sentence_spans` (pysbd; English rules outside en/fr/es/de/it/nl). "
        "*After*: `rag.ingest.sentences.split_sentences` (pysbd for en/fr/es/de/it/nl, ICU with CLDR "
        "abbreviation suppressions for the others, a punctuation rule for Chinese/Japanese, the whitespace "
        "rule for Thai, and shared abbreviation repairs). XQuAD and PIAF have no gold sentence boundaries, "
        "so the first two measures are proxies; the third uses ten or so hand-labelled tricky texts per "
        "language of the default encoder.\n\n"
        "Regenerate with `.venv/bin/python scripts/segmentation_eval.py`.\n\n"
    )
    path.write_text(intro + tables + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
