"""Helpers shared by test modules (a test module never imports another test module)."""

from __future__ import annotations

import os
import subprocess
import sys


def run(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m rag ARGS`` with the hashing embedder and no inherited ``RAG_*`` settings."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {"RAG_EMBEDDER": "hashing"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "rag", *args], capture_output=True, text=True, env=full_env, input=stdin, timeout=120
    )
