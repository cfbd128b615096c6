"""LangChain adapters: our hybrid retriever as a ``BaseRetriever``, our embedders as ``Embeddings``.

    from rag import Rag, Settings
    from rag.answer.langchain import RagRetriever
    retriever = RagRetriever(rag=Rag.open(Settings.load()), k=5)
    docs = retriever.invoke("How many chips are in an UltraServer?")
    top = retriever.invoke("How many chips are in an UltraServer?", k=1)  # k per call

Each LangChain ``Document`` carries what a citation needs in its metadata. Both adapters pass
LangChain's standard tests (``langchain-tests``: tests/test_langchain_standard.py).
"""

from __future__ import annotations

from typing import Protocol

from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict, Field

from rag.answer.pipeline import Rag


class TextEmbedder(Protocol):
    """What the adapter needs: LangChain's two method names (every :class:`rag.index.embeddings.RagEmbeddings` has them)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class LangChainEmbeddings(Embeddings):
    """A real ``langchain_core`` ``Embeddings`` around one of ours (or anything with the two methods)."""

    def __init__(self, embedder: TextEmbedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)


def as_langchain_embeddings(embedder: TextEmbedder) -> Embeddings:
    """Our embedder (the default multilingual USE, offline) for LangChain vector stores and chains."""
    return LangChainEmbeddings(embedder)


class RagRetriever(BaseRetriever):
    """Hybrid dense + BM25 retrieval over an opened index."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    rag: Rag
    k: int = Field(5, ge=1)  # passages per query; ``invoke(query, k=n)`` overrides it for one call

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[LCDocument]:
        return self._documents(query, self.k if k is None else k)

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[LCDocument]:
        return await run_in_executor(None, self._documents, query, self.k if k is None else k)

    def _documents(self, query: str, k: int) -> list[LCDocument]:
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        return [
            LCDocument(
                page_content=p.chunk.text,
                metadata={k: v for k, v in p.to_dict().items() if k != "text"}
                | {"lang": p.chunk.lang, "chunk_id": p.chunk.chunk_id},
            )
            for p in self.rag.retrieve(query, k).passages
        ]
