"""LangChain's standard embeddings tests against the adapter around the real multilingual encoder."""

from __future__ import annotations

from typing import Any

from langchain_tests.integration_tests import EmbeddingsIntegrationTests

from rag.answer.langchain import LangChainEmbeddings
from rag.index.embeddings import UseEmbeddings


class TestUseLangChainEmbeddingsStandard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[LangChainEmbeddings]:
        return LangChainEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"embedder": UseEmbeddings(threads=1)}
