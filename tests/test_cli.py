"""The CLI contract: one-line errors, non-zero exits, JSON shape, batch mode."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from rag import Settings
from tests.helpers import run


def assert_one_line_error(proc: subprocess.CompletedProcess, fragment: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and fragment in lines[0], proc.stderr


def test_help_lists_the_commands() -> None:
    proc = run(["--help"])
    assert proc.returncode == 0
    for command in ("index", "ask", "eval"):
        assert command in proc.stdout


def test_ask_without_index_and_without_corpus(tmp_path: Path) -> None:
    proc = run(["ask", "hello?", "--index", str(tmp_path / "none"), "--corpus", str(tmp_path / "nope")])
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (error,) = proc.stderr.splitlines()  # a missing index is built on first use, from a corpus: there is none
    assert error.startswith(f"Error: no index in {tmp_path / 'none'}/") and "corpus folder not found" in error
    assert not (tmp_path / "none").exists()  # no index folder with a stray lock file left behind


def test_index_with_missing_corpus(tmp_path: Path) -> None:
    assert_one_line_error(run(["index", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i")]), "corpus folder not found")
    assert not (tmp_path / "i").exists()


def test_an_index_path_that_is_a_file_is_a_user_error(settings: Settings, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not an index", encoding="utf-8")
    args = ["--index", str(a_file), "--corpus", str(settings.corpus_dir)]
    assert_one_line_error(run(["index", *args]), "is a file; give a folder")
    assert_one_line_error(run(["ask", "ships?", *args]), "is a file; give a folder")  # not "building it" first
    assert a_file.read_text(encoding="utf-8") == "not an index"


def test_bad_setting_from_environment(tmp_path: Path) -> None:
    assert_one_line_error(run(["ask", "x", "--index", str(tmp_path)], env={"RAG_TOP_K": "lots"}), "top_k")


def test_changed_settings_refuse_the_index(built: Settings) -> None:
    proc = run(["ask", "ships?", "--index", str(built.index_dir)], env={"RAG_CHUNK_SIZE": "300"})
    assert_one_line_error(proc, f"rebuild it with `rag index --index {built.index_dir}`")  # the folder the user named


def test_index_then_ask_json(settings: Settings) -> None:
    proc = run(["index", "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)])
    assert proc.returncode == 0, proc.stderr
    assert "2 document(s)" in proc.stdout
    proc = run(["ask", "How many ships a day can the terminal handle?", "--index", str(settings.index_dir), "--json", "-k", "3"])
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert set(payload) == {"question", "answer", "short_answer", "abstained", "confidence", "band", "read_as", "mode",
                            "note", "unsupported", "claims", "citations", "passages", "timings_ms"}
    assert len(payload["passages"]) <= 3 and payload["passages"][0]["source"] == "portvale.md"


def test_batch_mode_reads_one_question_per_line(built: Settings) -> None:
    proc = run(["ask", "--json", "--index", str(built.index_dir)], stdin="ships?\n\nKrypton?\n")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.strip().splitlines()]
    assert [line["question"] for line in lines] == ["ships?", "", "Krypton?"]  # one line out per line in
    assert lines[1] == {"question": "", "error": "empty question", "line": 2}


def test_empty_question_is_a_user_error(built: Settings) -> None:
    assert_one_line_error(run(["ask", "   ", "--index", str(built.index_dir)]), "empty")
