"""Real models on real data: the bundled corpus indexed once per session with the default encoder."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Rag, Settings, build_index

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(corpus_dir=ROOT / "corpus", index_dir=tmp_path_factory.mktemp("real") / "index")
    build_index(settings)
    return settings


@pytest.fixture(scope="session")
def real_rag(real_settings: Settings) -> Rag:
    rag = Rag.open(real_settings)
    yield rag
    rag.close()


def shared(path: str) -> Path:
    full = SHARED / path
    if not full.exists():
        pytest.skip(f"shared data not present: {full}")
    return full
