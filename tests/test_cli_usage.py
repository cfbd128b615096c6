"""The installed `rag` command against a new user's mistakes (issue 14).

Every run goes through the console script pip installed next to this Python (`.venv/bin/rag`), in a
subprocess, so the CLI framework's own error handling is what is tested, whatever copy of click it
ships. The convention under test (README, `rag --help`): exit 2 for usage errors (unknown option or
command, missing or bad value, invalid setting, bare `rag`), 1 for everything else; a short stderr
(the usage line, a hint and the error: at most six lines), never a traceback.

All runs use the hashing embedder and ``tmp_path`` as working directory (the conftest fixtures put
the test corpus in ``tmp_path/corpus``), so they are fast and never see the real ``index/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rag import Settings

RAG = shutil.which("rag", path=str(Path(sys.executable).parent))


def rag(args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    assert RAG, f"no `rag` console script next to {sys.executable}: run `make install`"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {"RAG_EMBEDDER": "hashing"} | (env or {})
    return subprocess.run([RAG, *args], cwd=cwd, capture_output=True, text=True, env=full_env, input=stdin, timeout=120)


def assert_short_error(proc: subprocess.CompletedProcess, code: int, fragment: str) -> None:
    lines = proc.stderr.splitlines()
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert 1 <= len(lines) <= 6, proc.stderr
    assert lines[-1].startswith("Error:") and fragment in lines[-1], proc.stderr


USAGE_MISTAKES = {
    "bad flag": (["ask", "--bogus", "x"], "No such option: --bogus"),
    "bad value": (["ask", "-k", "abc", "x"], "Invalid value for '-k'"),
    "out-of-range value": (["ask", "-k", "0", "x"], "Invalid value for '-k'"),
    "unknown command": (["askk", "x"], "Did you mean 'ask'?"),
    "missing question": (["ask"], "Missing argument 'QUESTION'"),
}


@pytest.mark.parametrize("mistake", USAGE_MISTAKES)
def test_usage_mistakes_exit_2_with_the_usage_line(mistake: str, tmp_path: Path) -> None:
    args, fragment = USAGE_MISTAKES[mistake]
    proc = rag(args, tmp_path)
    assert_short_error(proc, 2, fragment)
    assert proc.stderr.startswith("Usage: rag"), proc.stderr
    assert proc.stdout == ""


def test_invalid_setting_from_the_environment_is_a_usage_error(tmp_path: Path) -> None:
    assert_short_error(rag(["ask", "x"], tmp_path, env={"RAG_TOP_K": "lots"}), 2, "top_k")


def test_bare_rag_prints_the_help_and_exits_2(tmp_path: Path) -> None:
    proc = rag([], tmp_path)
    assert_short_error(proc, 2, "Missing command")
    assert proc.stdout.startswith("Usage: rag [OPTIONS] COMMAND") and "Exit codes:" in proc.stdout


def test_missing_index_that_cannot_be_built_exits_1(tmp_path: Path) -> None:
    """A missing index alone is no longer an error: `rag ask` builds it on first use. It stays one when
    there is nothing to build it from: here the articles folder does not exist."""
    proc = rag(["ask", "hello?", "--index", str(tmp_path / "none"), "--corpus", str(tmp_path / "nope")], tmp_path)
    assert_short_error(proc, 1, "no index in")
    assert "corpus folder not found" in proc.stderr and not (tmp_path / "none" / "CURRENT").exists()


@pytest.mark.parametrize("command", [["ask", "How much?"], ["index"]])
def test_an_index_inside_the_articles_folder_is_refused(corpus_dir: Path, tmp_path: Path, command: list[str]) -> None:
    """Its files would be written among the articles and read back as ones ("rag ask --index corpus")."""
    for index in (corpus_dir, corpus_dir / "idx"):
        proc = rag([*command, "--index", str(index)], tmp_path)
        assert_short_error(proc, 2, "give --index a folder outside it")
    assert sorted(p.name for p in corpus_dir.iterdir()) == ["portvale.md", "zorglub-2025-01-15.txt"]  # nothing written


def test_empty_question_exits_1_before_any_work(tmp_path: Path) -> None:
    proc = rag(["ask", "   ", "--index", str(tmp_path / "none")], tmp_path)
    assert_short_error(proc, 1, "the question is empty")
    assert not (tmp_path / "none").exists()


def test_ask_builds_the_index_on_first_use(corpus_dir: Path, tmp_path: Path) -> None:
    assert corpus_dir == tmp_path / "corpus" and not (tmp_path / "index").exists()
    proc = rag(["ask", "How many ships a day can the terminal handle?"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "No index in index/ yet: building it from corpus/ (first use)." in proc.stderr
    assert "40" in proc.stdout.splitlines()[0] and "portvale.md" in proc.stdout
    assert (tmp_path / "index" / "CURRENT").is_file()
    again = rag(["ask", "How many ships a day can the terminal handle?"], tmp_path)
    assert again.returncode == 0 and "building" not in again.stderr and again.stdout == proc.stdout


@pytest.mark.parametrize("conversation", [False, True])
def test_batch_mode_gives_one_line_per_input_line(built: Settings, tmp_path: Path, conversation: bool) -> None:
    questions = ["ships?", "", "   ", "Krypton?", "And the first generation?"]
    args = ["ask", "--json", "--index", str(built.index_dir)] + (["--conversation"] if conversation else [])
    proc = rag(args, tmp_path, stdin="\n".join(questions) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == len(questions)
    for number, (question, body) in enumerate(zip(questions, out, strict=True), 1):
        if question.strip():
            assert body["question"] == question and "error" not in body and body["answer"]
        else:
            assert body == {"question": "", "error": "empty question", "line": number}


@pytest.mark.parametrize("extra", [["One question?"], []])
def test_conversation_outside_batch_mode_is_a_usage_error(tmp_path: Path, extra: list[str]) -> None:
    """--conversation links the lines of stdin; with a QUESTION, or without --json, it would be ignored."""
    proc = rag(["ask", "--conversation", *extra, "--index", str(tmp_path / "none")], tmp_path)
    assert_short_error(proc, 2, "--conversation reads one conversation from stdin")
    assert not (tmp_path / "none").exists()


def _option_help(help_text: str) -> dict[str, str]:
    """`rag ask --help`'s Options section as {option: its whole help, wrapped lines joined}."""
    options: dict[str, str] = {}
    current = None
    for line in help_text.split("Options:", 1)[1].splitlines():
        if line.startswith("  -"):
            current, _, rest = line.strip().partition("  ")
            options[current] = rest.strip()
        elif current and line.strip():
            options[current] += " " + line.strip()
    return options


def test_ask_help_shows_every_default_and_no_bool(tmp_path: Path) -> None:
    proc = rag(["ask", "--help"], tmp_path, env={"COLUMNS": "80"})
    assert proc.returncode == 0 and proc.stderr == ""
    assert "<bool>" not in proc.stdout
    options = _option_help(proc.stdout)
    takes_value = {name: text for name, text in options.items() if " " in name}  # "--index <path>", "-k <int range>"
    assert {name.split()[0] for name in takes_value} >= {"--index", "--corpus", "-k", "--llm-provider", "--llm-model",
                                                          "--llm-base-url", "--llm-timeout"}
    for name, text in takes_value.items():
        assert "[default: " in text, f"{name}: {text}"
    assert "[default: 5 or RAG_TOP_K]" in options["-k <int range>"]
    assert "[default: index/ or RAG_INDEX_DIR]" in options["--index <path>"]


def test_main_help_lists_the_exit_codes(tmp_path: Path) -> None:
    proc = rag(["--help"], tmp_path)
    assert proc.returncode == 0
    codes = proc.stdout.split("Exit codes:", 1)[1]
    assert [line.split()[0] for line in codes.splitlines() if line[:7].strip().isdigit()] == ["0", "1", "2", "130"]
