"""The linters are part of the test command: ruff and mypy with pyproject.toml's settings.

ruff: the rule families the code's ``noqa`` comments assume ([tool.ruff]). mypy: ``rag/``, strict for
the domain types, settings, errors and the store ([tool.mypy]). Both run from the project's venv, as
``make test`` does in CI; a finding fails the test with the linter's own report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "--no-cache", ".", timeout=120)
    assert done.returncode == 0, f"ruff check found problems:\n{done.stdout}{done.stderr}"


def test_mypy_finds_nothing() -> None:
    # the first run (empty .mypy_cache, as in CI) takes about a minute; later ones a few seconds
    done = _run("mypy", timeout=600)
    assert done.returncode == 0, f"mypy found problems:\n{done.stdout}{done.stderr}"
