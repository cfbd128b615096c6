"""LangChain's own standard tests (the ``langchain-tests`` package) against our adapters.

``RagRetriever`` runs over a small index built with the hashing embedder in ``tmp_path``; the
embeddings adapter wraps the hashing embedder (the real encoder runs through the same tests in
tests/integration/test_langchain_standard.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_tests.integration_tests import (
    EmbeddingsIntegrationTests,
    RetrieversIntegrationTests,
)

from rag import Rag, Settings, build_index
from rag.answer.langchain import LangChainEmbeddings, RagRetriever
from rag.index.embeddings import HashingEmbeddings

ARTICLES = {
    "harbour-2026-03-01.md": "# Harbour\n\nThe city of Portvale opened a harbour terminal in March. "
                             "It can handle 40 ships a day.",
    "budget-2026-03-02.txt": "The harbour project cost 120 million euros and created 800 jobs in Portvale.",
    "bridge-2026-03-03.txt": "A new bridge over the river Vale links the harbour to the old town.",
    "tram-2026-03-04.txt": "The tram line B reaches the harbour terminal every ten minutes.",
    "ferry-2026-03-05.txt": "Ferries leave the harbour of Portvale for the islands twice a day.",
    "fish-2026-03-06.txt": "The fish market by the harbour opens at dawn on weekdays.",
}


@pytest.fixture
def standard_index(tmp_path: Path) -> Iterator[Rag]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings.load(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing")
    build_index(settings)
    rag = Rag.open(settings)
    yield rag
    rag.close()


class TestRagRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _open_index(self, standard_index: Rag) -> None:
        self.rag = standard_index

    @property
    def retriever_constructor(self) -> type[RagRetriever]:
        return RagRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"rag": self.rag, "k": 5}

    @property
    def retriever_query_example(self) -> str:
        return "How many ships can the harbour terminal handle?"


class TestLangChainEmbeddingsStandard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[LangChainEmbeddings]:
        return LangChainEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"embedder": HashingEmbeddings()}


def test_the_number_of_passages_is_set_per_call_and_checked(standard_index: Rag) -> None:
    retriever = RagRetriever(rag=standard_index, k=2)
    assert len(retriever.invoke("harbour")) == 2
    assert len(retriever.invoke("harbour", k=4)) == 4
    assert len(retriever.invoke("harbour")) == 2  # the call's k does not stick
    with pytest.raises(ValueError, match="k must be at least 1"):
        retriever.invoke("harbour", k=0)
