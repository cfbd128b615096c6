"""LangChain adapters: our hybrid retriever as a ``BaseRetriever``, our embedders as ``Embeddings``.

    from rag import Rag, Settings
    from rag.langchain import RagRetriever
    retriever = RagRetriever(rag=Rag.open(Settings.load()), k=5)
    docs = retriever.invoke("How many chips are in an UltraServer?")

Each LangChain ``Document`` carries what a citation needs in its metadata.
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from rag.embeddings import RagEmbeddings
from rag.pipeline import Rag


class _LangChainEmbeddings(Embeddings):
    def __init__(self, embedder: RagEmbeddings) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)


def as_langchain_embeddings(embedder: RagEmbeddings) -> Embeddings:
    """Our embedder (the default multilingual USE, offline) for LangChain vector stores and chains."""
    return _LangChainEmbeddings(embedder)


class RagRetriever(BaseRetriever):
    """Hybrid dense + BM25 retrieval over an opened index."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    rag: Rag
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [
            LCDocument(
                page_content=p.chunk.text,
                metadata={
                    "source": p.chunk.doc_id,
                    "title": p.chunk.title,
                    "date": p.chunk.date,
                    "lang": p.chunk.lang,
                    "start": p.chunk.start,
                    "end": p.chunk.end,
                    "chunk_id": p.chunk.chunk_id,
                    "score": p.score,
                },
            )
            for p in self.rag.retrieve(query, self.k).passages
        ]
