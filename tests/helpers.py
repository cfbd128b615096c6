"""Helpers shared by test modules (a test module never imports another test module)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any


def run(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m rag ARGS`` with the hashing embedder and no inherited ``RAG_*`` settings."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")} | {"RAG_EMBEDDER": "hashing"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "rag", *args], capture_output=True, text=True, env=full_env, input=stdin, timeout=120
    )


def on_both_stores() -> Any:
    """A ``settings`` fixture overriding conftest's, run once per store: the local folder, then a
    database of its own on the test PostgreSQL server (tests/postgres_server.py). A module opts in
    with ``settings = on_both_stores()`` and imports ``postgres_server, postgres_url`` from it."""
    import pytest
    from pydantic import SecretStr

    from rag.settings import Settings

    @pytest.fixture(params=["local", "postgres"], name="settings")
    def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
        if request.param == "local":
            return settings
        url = request.getfixturevalue("postgres_url")
        return settings.model_copy(update={"store": "postgres", "database_url": SecretStr(url)})

    return settings
