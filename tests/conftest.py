"""Shared fixtures: a small bilingual corpus indexed with the deterministic hashing embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Settings, build_index

ARTICLE_FR = """---
title: "Les puces de Zorglub"
date: 2025-01-15
language: fr
---
Zorglub Industries a présenté sa nouvelle puce Krypton 7 lors d'une conférence à Lyon.

Chaque serveur Krypton embarque 96 puces reliées par un réseau optique. La société affirme que la consommation d'énergie baisse de moitié.

La première génération de Krypton était sortie en 2019. Elle avait été conçue par une petite équipe de Grenoble.

Laisser un commentaire

Your email address will not be published.

À NE PAS MANQUER
"""

ARTICLE_EN = """# Harbour news

The city of Portvale opened a new harbour terminal in March. The terminal can handle 40 ships a day.

The mayor said the project cost 120 million euros and created 800 jobs.
"""


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "zorglub-2025-01-15.txt").write_text(ARTICLE_FR, encoding="utf-8")
    (corpus / "portvale.md").write_text(ARTICLE_EN, encoding="utf-8")
    return corpus


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    return Settings.load(corpus_dir=corpus_dir, index_dir=tmp_path / "index", embedder="hashing")


@pytest.fixture
def built(settings: Settings) -> Settings:
    build_index(settings)
    return settings


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never let a developer's RAG_* variables or the real index/ leak into a test."""
    import os

    for key in list(os.environ):
        if key.startswith("RAG_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an asyncio loop running in the main
    thread for the rest of the session, and async tests (LangChain's standard tests) cannot start
    their own loop after it."""
    items.sort(key=lambda item: "tests/e2e/" in item.nodeid or "e2e" in item.keywords)
