"""What a user sees with the default offline encoder on the bundled French articles."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from rag import Rag, Settings
from rag.benchmark.evaluation import evaluate_qa, load_qa

from .conftest import shared


def test_ultraserver_question_answers_144_with_a_citation_that_says_so(real_rag: Rag) -> None:
    answer = real_rag.ask("How many chips are in an UltraServer?")
    assert not answer.abstained
    assert "144" in answer.answer and "[1]" in answer.answer
    cite = answer.citations[0]
    assert "144" in cite.sentence and cite.sentence in cite.text
    assert real_rag.store.document_text(cite.source)[cite.start : cite.end] == cite.sentence
    assert cite.title and cite.date


def test_french_question_gets_the_same_fact(real_rag: Rag) -> None:
    answer = real_rag.ask("Combien de puces compte un UltraServer ?")
    assert not answer.abstained and "144" in answer.answer


def test_question_outside_the_articles_abstains_but_shows_passages(real_rag: Rag) -> None:
    answer = real_rag.ask("What is the retail price of a single Trainium 3 chip?")
    assert answer.abstained and answer.answer.startswith("The articles do not say")
    assert len(answer.passages) == 5


def test_furniture_never_comes_back_as_evidence(real_rag: Rag) -> None:
    for question in ("Leave a comment", "Laisser un commentaire", "Your email address will not be published"):
        for passage in real_rag.ask(question).passages:
            for furniture in ("Laisser un commentaire", "will not be published", "NE PAS MANQUER", "Dernières nouvelles"):
                assert furniture not in passage.chunk.text


def test_dev_set_meets_the_bar(real_rag: Rag) -> None:
    report = evaluate_qa(real_rag, load_qa(shared("eval/qa_dev.jsonl")))
    assert report["hit@5"] >= 0.95, report
    assert report["answer_accuracy"] >= 0.85, report
    assert report["abstention_accuracy"] == 1.0, report


def test_cli_ask_on_a_real_index(real_settings: Settings) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    proc = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "How many chips are in an UltraServer?", "--json", "--index", str(real_settings.index_dir)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert "144" in payload["answer"] and payload["citations"][0]["source"].endswith(".txt")


def test_nothing_to_index_exits_1_while_the_encoder_loads(tmp_path) -> None:  # noqa: ANN001
    """The real encoder loads on a thread while files are read; an error before it has loaded must still
    exit 1 with its one line (it had aborted with "terminate called without an active exception", exit 134)."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "page.pdf").write_text("<html><body>not a PDF</body></html>", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    proc = subprocess.run(
        [sys.executable, "-m", "rag", "index", "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("Error: nothing to index") and "terminate" not in proc.stderr


def test_sentence_transformers_backend_loads_the_bundled_model() -> None:
    from rag.index.embeddings import SentenceTransformerEmbeddings

    embedder = SentenceTransformerEmbeddings("all-MiniLM-L6-v2", threads=2)
    vectors = embedder.encode(["harbour ships", "ships in the harbour", "tax law reform"])
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
