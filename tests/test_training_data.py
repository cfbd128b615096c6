"""The user-style training questions (data/answer_training/*/) say what their articles say.

``scripts/calibrate.py --written`` fits on them and measures the answerer with them; a pattern
that its sentence does not hold, or an evidence quote not in its article, would teach the
answer model that a right sentence is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.benchmark.evaluation import load_qa

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "data" / "answer_training").glob("*/questions.jsonl"))


def test_there_are_written_training_sets() -> None:
    assert len(SETS) >= 2


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.parent.name)
def test_each_answer_is_in_its_evidence_sentence_and_each_question_is_labelled(path: Path) -> None:
    items = load_qa(path)
    articles = {f.name: f.read_text(encoding="utf-8") for f in (path.parent / "corpus").iterdir()}
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        if not item["answerable"]:
            assert item["answer_patterns"] == [] and item["evidence"] == [], item["id"]
            continue
        assert item["answer_patterns"] and item["evidence"], item["id"]
        for name, quote in item["evidence"]:
            text = articles[name]
            assert quote in text, (item["id"], quote)
            line = next(line for line in text.splitlines() if quote in line)
            assert all(re.search(p, line) for p in item["answer_patterns"]), item["id"]
    languages = {item["lang"] for item in items}
    unanswerable = sum(not item["answerable"] for item in items)
    assert len(languages) >= 6 and unanswerable >= len(items) // 4
