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


def _calibrate():  # noqa: ANN202 - the script, imported as a module
    import importlib.util

    spec = importlib.util.spec_from_file_location("calibrate", ROOT / "scripts" / "calibrate.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _rows(kind: str, labels: list[bool]) -> list[dict]:
    """Candidate rows of one question, as calibrate.py dumps them: the first is the strongest."""
    features = ("dense", "dense_gap", "neighbour_dense", "coverage", "context_coverage", "passage", "passage_dense",
                "type_match", "type_mismatch", "unit_match", "focus_coverage", "focus_dense", "context_dense",
                "word_match", "focus_word_match", "span_proximity", "passage_word_match", "reason_cue",
                "lead_word_match")
    return [{"dataset": "d", "qid": "q", "answerable": True, "label": label, "kind": kind, "doc": "a", "text": "",
             "all": dict.fromkeys(features, 0.0) | {"type_match": 1.0, "passage": 1.0 - i / 100}}
            for i, label in enumerate(labels)]


def test_calibration_counts_an_answer_right_when_what_it_shows_holds_the_answer() -> None:
    """A why answer quotes up to three sentences: it is right when the second one gives the
    reason. A count's short answer comes from the first sentence: a right second one is not enough."""
    calibrate = _calibrate()
    model = {"bias": 0.0, "coefficients": {"passage": 1.0}}  # ranks the rows in their order, all close
    right = lambda kind, how: calibrate.question_rows(model, {("d", "q"): _rows(kind, [False, True])}, how)[("d", "q")][2]  # noqa: E731
    assert right("reason", "quoted") is True
    assert right("number", "quoted") is False
    assert right("reason", "best") is False
