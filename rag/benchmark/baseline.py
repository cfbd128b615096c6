"""The pipeline a user would otherwise assemble from stock LangChain parts, for comparison.

``FAISS`` vector store + ``BM25Retriever`` + ``EnsembleRetriever`` (reciprocal rank fusion),
each with its defaults except ``k``, fed the very chunks and vectors of our index, so only the
retrieval machinery differs. Needs the ``bench`` extra (langchain-community, rank-bm25).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from rag.answer.langchain import TextEmbedder, as_langchain_embeddings
from rag.errors import RagError


class QueryVectors:
    """LangChain ``Embeddings`` that answers known questions from precomputed vectors.

    Lets the stock pipeline be timed with query embedding excluded, exactly like ours; any
    other text goes to the real embedder.
    """

    def __init__(self, embedder: Any, known: dict[str, np.ndarray]) -> None:
        self._embedder = embedder
        self._known = known

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        if text in self._known:
            return self._known[text].tolist()
        return self._embedder.encode([text])[0].tolist()


def _imports() -> tuple[Any, Any, Any]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # langchain-community announces its sunset on import
            from langchain_classic.retrievers import EnsembleRetriever
            from langchain_community.retrievers import BM25Retriever
            from langchain_community.vectorstores import FAISS
    except ImportError as exc:
        raise RagError(
            f"the LangChain baseline needs the bench extra ({exc.name} is missing); run `pip install -e '.[bench]'`"
        ) from None
    return FAISS, BM25Retriever, EnsembleRetriever


class LangChainPipeline:
    """Stock LangChain hybrid retrieval over given chunks, with swappable query embeddings."""

    def __init__(self, texts: list[str], doc_ids: list[str], vectors: np.ndarray, embeddings: TextEmbedder, k: int) -> None:
        FAISS, BM25Retriever, EnsembleRetriever = _imports()  # noqa: N806 - classes, imported late (bench extra)
        metadatas = [{"doc_id": d} for d in doc_ids]
        self._store = FAISS.from_embeddings(list(zip(texts, list(vectors))), as_langchain_embeddings(embeddings), metadatas)
        self._bm25 = BM25Retriever.from_texts(texts, metadatas=metadatas, k=k)
        self._k = k
        self.retriever = self._ensemble(EnsembleRetriever)

    def _ensemble(self, ensemble: Any) -> Any:
        dense = self._store.as_retriever(search_kwargs={"k": self._k})
        return ensemble(retrievers=[self._bm25, dense], weights=[0.5, 0.5])

    def use_embeddings(self, embeddings: TextEmbedder) -> None:
        """Swap the query embedder (precomputed vs real) without rebuilding anything."""
        self._store.embedding_function = as_langchain_embeddings(embeddings)

    def top_documents(self, question: str, k: int) -> list[str]:
        """doc_ids of the first ``k`` fused results, best first."""
        return [doc.metadata["doc_id"] for doc in self.retriever.invoke(question)[:k]]
